"""Finding where an asset is, offline: postcodes from the area's own table, and checks on
coordinates (outside the area, latitude and longitude swapped).

Nothing here uses the network; postcodes come from ``area.postcodes``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError, Problem

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
#: How far outside the area's edge (in degrees, about 300 m) a place may still be accepted.
EDGE_TOLERANCE_DEG = 0.003
LOCATION_SOURCES = ("postcode", "map", "coordinates", "import")


def normalise_postcode(text) -> str | None:
    """``"e15 3lt" -> "E15 3LT"``; None when it is not shaped like a UK postcode.

    Examples
    --------
    >>> normalise_postcode(" e153lt ")
    'E15 3LT'
    >>> normalise_postcode("not one") is None
    True
    """
    if text is None:
        return None
    match = _POSTCODE.match(re.sub(r"\s+", " ", str(text).strip().upper()))
    return f"{match.group(1)} {match.group(2)}" if match else None


@dataclass
class AreaIndex:
    """Lookups on one area, built once: postcodes, the outline, small areas."""

    postcodes: dict
    outline: object            # shapely geometry (buffered union of the small areas)
    small_areas: object        # GeoDataFrame
    tree: object               # shapely STRtree of small-area polygons

    def small_area_at(self, lat: float, lon: float) -> str | None:
        from shapely import Point

        hits = self.tree.query(Point(lon, lat), predicate="intersects")
        return str(self.small_areas["code"].iloc[int(hits[0])]) if len(hits) else None

    def contains(self, lat: float, lon: float) -> bool:
        from shapely import Point

        return bool(self.outline.contains(Point(lon, lat)))


_CACHE: dict[int, tuple[object, AreaIndex]] = {}


def area_index(area) -> AreaIndex:
    """The (cached) :class:`AreaIndex` of ``area``."""
    import shapely
    from shapely import STRtree

    hit = _CACHE.get(id(area))
    if hit is not None and hit[0] is area:
        return hit[1]
    table = {}
    pcs = area.postcodes
    for pc, lat, lon, code in zip(pcs["postcode"], pcs["latitude"], pcs["longitude"], pcs["code"]):
        norm = normalise_postcode(pc)
        if norm:
            table[norm] = (float(lat), float(lon), None if code is None else str(code))
    geoms = list(area.small_areas.geometry)
    outline = shapely.union_all(geoms).buffer(EDGE_TOLERANCE_DEG)
    shapely.prepare(outline)
    index = AreaIndex(table, outline, area.small_areas.reset_index(drop=True), STRtree(geoms))
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(area)] = (area, index)
    return index


def geocode_postcode(postcode, area) -> tuple[float, float, str | None]:
    """``(latitude, longitude, small-area code)`` of a postcode, from the area's table.

    Raises
    ------
    InputError
        When the postcode is not shaped like one (field ``postcode``) or is not in the area.
    """
    norm = normalise_postcode(postcode)
    if norm is None:
        raise InputError(f"'{postcode}' is not written like a UK postcode.",
                         fix="Write it like E15 3LT (letters and numbers, a space before the last three).",
                         field="postcode")
    found = area_index(area).postcodes.get(norm)
    if found is None:
        raise InputError(f"The postcode {norm} is not in {area.name}'s postcode list.",
                         fix="Check it for typing mistakes, or click the place on the map instead. "
                             "Postcodes outside the area, or very new ones, are not in the list.",
                         field="postcode")
    return found


def check_point(lat: float, lon: float, area=None) -> list[Problem]:
    """Problems with a point: out of range, outside ``area``, or latitude/longitude swapped."""
    problems = []
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            return [Problem(f"Latitude {lat:g} and longitude {lon:g} look swapped.",
                            fix="Latitude is the first number (about 51.5 in London); swap the two.",
                            field="latitude")]
        return [Problem(f"({lat:g}, {lon:g}) is not a place on Earth.",
                        fix="Latitude is between -90 and 90, longitude between -180 and 180.", field="latitude")]
    if area is None:
        return problems
    index = area_index(area)
    if index.contains(lat, lon):
        return problems
    if index.contains(lon, lat):
        return [Problem(f"Latitude {lat:g} and longitude {lon:g} look swapped: swapped round, "
                        f"the place is inside {area.name}.",
                        fix="Put the latitude first and the longitude second.", field="latitude")]
    return [Problem(f"The place ({lat:.5f}, {lon:.5f}) is outside {area.name}.",
                    fix="Check the numbers, or use the postcode or a click on the map.", field="latitude")]


def resolve_location(raw: dict, area=None) -> tuple[dict, list[Problem]]:
    """Work out an asset's place from coordinates or a postcode.

    Coordinates win when both are given (they are more exact); the postcode is then only
    checked for shape. Returns ``(fields, problems)`` where ``fields`` has ``postcode,
    latitude, longitude, small_area, location_source``.
    """
    fields = {"postcode": None, "latitude": None, "longitude": None, "small_area": None,
              "location_source": None}
    problems: list[Problem] = []
    postcode = str(raw.get("postcode") or "").strip()
    lat_text, lon_text = raw.get("latitude"), raw.get("longitude")
    has_lat = lat_text is not None and str(lat_text).strip() != ""
    has_lon = lon_text is not None and str(lon_text).strip() != ""
    if postcode:
        fields["postcode"] = normalise_postcode(postcode)
    if has_lat != has_lon:
        field = "longitude" if has_lat else "latitude"
        return fields, [Problem(f"Only one of latitude and longitude was given; {field} is missing.",
                                fix="Give both numbers, or leave both empty and give a postcode.", field=field)]
    if has_lat:
        try:
            lat, lon = float(str(lat_text).strip()), float(str(lon_text).strip())
        except ValueError:
            return fields, [Problem(f"'{lat_text}, {lon_text}' are not numbers.",
                                    fix="Write coordinates as decimal degrees, e.g. 51.5381, 0.0112.",
                                    field="latitude")]
        if lat != lat or lon != lon:
            return fields, [Problem("The coordinates are not numbers.", fix="Give decimal degrees.", field="latitude")]
        problems += check_point(lat, lon, area)
        if postcode and fields["postcode"] is None:
            problems.append(Problem(f"'{postcode}' is not written like a UK postcode.",
                                    fix="Write it like E15 3LT, or leave it empty.", field="postcode"))
        if not problems:
            fields.update(latitude=round(lat, 6), longitude=round(lon, 6),
                          small_area=area_index(area).small_area_at(lat, lon) if area is not None else None)
            source = raw.get("location_source")
            fields["location_source"] = source if source in LOCATION_SOURCES else "coordinates"
        return fields, problems
    if not postcode:
        return fields, [Problem("There is no postcode and no place on the map.",
                                fix="Type the postcode, or click the place on the map, or give coordinates.",
                                field="postcode")]
    if area is None:
        if fields["postcode"] is None:
            return fields, [Problem(f"'{postcode}' is not written like a UK postcode.",
                                    fix="Write it like E15 3LT.", field="postcode")]
        return fields, [Problem("Postcodes can only be looked up with an area's postcode table.",
                                fix="Give the area (load_area(...)) or coordinates.", field="postcode")]
    try:
        lat, lon, code = geocode_postcode(postcode, area)
    except InputError as err:
        return fields, list(err.problems)
    fields.update(latitude=round(lat, 6), longitude=round(lon, 6), small_area=code, location_source="postcode")
    return fields, problems
