"""Import small-area boundaries (ONS LSOA 2021 or 2011) from GeoJSON, GeoPackage or shapefile."""
from __future__ import annotations

from pathlib import Path

from ...errors import InputError, Problem
from .common import (CODE_ALIASES, MAX_ROW_PROBLEMS, ONS_ATTRIBUTION, OS_ATTRIBUTION, check_codes, code_vintage,
                     find_column, more_problems)

NAME_ALIASES = ("LSOA21NM", "lsoa21_name", "LSOA name (2021)", "LSOA11NM", "lsoa11_name", "LSOA name (2011)",
                "lsoa_name", "name")
_DISTRICT_PREFIXES = ("lad", "ltla", "utla")
_TEXT_SUFFIXES = (".geojson", ".json")


def import_boundaries(path, *, code_column: str | None = None, name_column: str | None = None,
                      crs=None, make_valid: bool = False):
    """Read small-area polygons and reproject them to WGS84.

    Parameters
    ----------
    path : path
        A GeoJSON, GeoPackage or shapefile (``.shp`` with its ``.dbf``, ``.shx`` and ``.prj``,
        or all of them in a ``.zip``), for example the ONS "LSOA (Dec 2021) Boundaries".
    code_column, name_column : str, optional
        Headings of the code and name columns when they are not the usual ``LSOA21CD`` /
        ``LSOA21NM`` (or ``LSOA11CD`` ...).
    crs : str, optional
        The coordinate system the file is in, when the file does not say or says it
        wrongly, for example ``"EPSG:27700"`` (British National Grid).
    make_valid : bool
        Repair invalid shapes (``shapely.make_valid``) instead of stopping.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code, name, geometry`` in EPSG:4326. The index is the feature number (from 1).

    Raises
    ------
    InputError
        Naming the file, the feature and the column, and saying what to do.
    """
    import shapely

    name = Path(path).name
    gdf = _read(path, name)
    code_col = _pick(gdf, code_column, CODE_ALIASES, "code", name)
    name_col = name_column or find_column(gdf.columns, NAME_ALIASES)
    gdf.index = range(1, len(gdf) + 1)
    problems = check_codes(gdf, code_col, name)
    gdf = _set_crs(gdf, crs, name)
    gdf, geo_problems = _check_geometry(gdf, code_col, name, make_valid)
    problems += geo_problems
    if problems:
        raise InputError(problems)
    out = gdf[[code_col]].rename(columns={code_col: "code"})
    out["code"] = out["code"].astype(str).str.strip()
    out["name"] = gdf[name_col].astype(str).str.strip() if name_col else out["code"]
    out = out.set_geometry(shapely.force_2d(gdf.geometry.values), crs=gdf.crs).to_crs(4326)
    swapped = _swapped(out.total_bounds)
    if swapped:
        raise InputError(Problem("After reading, the shapes sit far from the UK: longitude and latitude look swapped "
                                 f"(the first numbers are about {swapped}).",
                                 fix="Export the file again with longitude first (x) and latitude second (y), as "
                                 "GeoJSON requires.", source=name, field="geometry"))
    district = next((c for c in gdf.columns if c.lower().startswith(_DISTRICT_PREFIXES) and c.lower().endswith("cd")
                     and gdf[c].nunique() == 1), None)
    out.attrs.update(source=name, code_column=code_col, code_vintage=code_vintage(code_col),
                     attribution=[ONS_ATTRIBUTION, OS_ATTRIBUTION],
                     district_code=str(gdf[district].iloc[0]) if district else None)
    return out


def _read(path, name):
    import geopandas as gpd

    p = Path(path)
    if not p.exists():
        raise InputError(Problem("The file was not found.", fix=f"Check the path: {p}", source=name))
    if p.is_file() and p.stat().st_size == 0:
        raise InputError(Problem("The file is empty.", fix="Check you chose the right file; download it again.",
                                 source=name))
    if p.suffix.lower() in _TEXT_SUFFIXES:
        raw = p.read_bytes()
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise InputError(Problem("The file is not saved as UTF-8 text, so some letters cannot be read.",
                                     fix="Save it again as UTF-8 GeoJSON (in QGIS: Export ▸ Save Features As, "
                                     "encoding UTF-8).", source=name, row=raw[: err.start].count(b"\n") + 1)) from None
    if p.suffix.lower() == ".shp":
        missing = [s for s in (".dbf", ".shx") if not p.with_suffix(s).exists()]
        if missing:
            raise InputError(Problem(f"A shapefile comes as several files and the {missing[0]} file is missing.",
                                     fix="Put the .shp, .shx, .dbf, .prj (and .cpg) files in the same folder, "
                                     "or use the .zip they came in.", source=name))
    try:
        gdf = gpd.read_file(p)
    except Exception as err:  # pyogrio raises many kinds
        raise InputError(Problem(f"The file could not be read as boundaries ({type(err).__name__}: {err}).",
                                 fix="Use a GeoJSON, GeoPackage or zipped shapefile of the boundaries, as "
                                 "downloaded from the ONS Open Geography Portal.", source=name)) from None
    if len(gdf) == 0:
        raise InputError(Problem("The file holds no shapes.", fix="Check you chose the boundaries file.",
                                 source=name))
    if "geometry" not in gdf or gdf.geometry.isna().all():
        raise InputError(Problem("The file has no shapes, only a table.", fix="Use the boundaries file (GeoJSON, "
                                 "GeoPackage or shapefile), not a CSV of codes.", source=name))
    return gdf


def _pick(gdf, wanted, aliases, what, name):
    columns = [c for c in gdf.columns if c != "geometry"]
    if wanted:
        if wanted in columns:
            return wanted
        raise InputError(Problem(f"There is no column '{wanted}'.", fix=f"The columns are: {', '.join(columns)}.",
                                 source=name, row=1, field=wanted))
    found = find_column(columns, aliases)
    if found is None:
        raise InputError(Problem(f"No column holds the small-area {what}s (such as LSOA21CD).",
                                 fix=f"Rename the {what} column to 'LSOA21CD' (or 'code'), or pass "
                                 f"code_column=... . The columns are: {', '.join(columns)}.",
                                 source=name, row=1, field="LSOA21CD"))
    return found


def _set_crs(gdf, crs, name):
    bounds = gdf.total_bounds
    if crs is not None:
        return gdf.set_crs(crs, allow_override=True)
    looks = _looks_like(bounds)
    if gdf.crs is None:
        raise InputError(Problem(f"The file does not say which coordinate system it uses. {looks[0]}",
                                 fix=f"Import it with crs='{looks[1]}' if that is right, or save it again with "
                                 "its coordinate system (for a shapefile, the .prj file).", source=name,
                                 field="geometry"))
    if gdf.crs.is_geographic and (abs(bounds[[0, 2]]).max() > 180 or abs(bounds[[1, 3]]).max() > 90):
        raise InputError(Problem(f"The file says it holds longitude and latitude ({gdf.crs.name}), but the numbers "
                                 f"are too big for that. {looks[0]}",
                                 fix=f"Import it with crs='{looks[1]}', or export it again as WGS84 "
                                 "(EPSG:4326).", source=name, field="geometry"))
    return gdf


def _looks_like(bounds) -> tuple[str, str]:
    minx, miny, maxx, maxy = bounds
    if -10 <= minx and maxx <= 4 and 49 <= miny and maxy <= 62:
        return "The numbers look like longitude and latitude (WGS84).", "EPSG:4326"
    if 0 <= minx and maxx <= 700_000 and 0 <= miny and maxy <= 1_300_000:
        return (f"The numbers look like British National Grid eastings and northings (e.g. {minx:.0f}, "
                f"{miny:.0f}).", "EPSG:27700")
    return "The numbers do not look like longitude/latitude or British National Grid.", "EPSG:27700"


def _swapped(bounds):
    minx, miny, maxx, maxy = bounds
    if 49 <= minx and maxx <= 62 and -10 <= miny and maxy <= 4:
        return f"{minx:.2f}, {miny:.2f}"
    return None


def _check_geometry(gdf, code_col, name, make_valid):
    import shapely

    problems = []
    geoms = gdf.geometry.values
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    kinds = shapely.get_type_id(geoms)
    not_area = ~empty & ~((kinds == 3) | (kinds == 6))
    for row in list(gdf.index[empty])[:MAX_ROW_PROBLEMS]:
        problems.append(Problem(f"Small area {gdf.at[row, code_col]} has no shape.",
                                fix="Use a boundaries file where every row has a polygon.", source=name, row=int(row),
                                field="geometry"))
    for row in list(gdf.index[not_area])[:MAX_ROW_PROBLEMS]:
        problems.append(Problem(f"Small area {gdf.at[row, code_col]} is a {gdf.geometry[row].geom_type}, not a polygon.",
                                fix="Use boundaries (polygons), not points or lines.", source=name, row=int(row),
                                field="geometry"))
    ok = ~empty & ~not_area
    invalid = ok & ~shapely.is_valid(geoms)
    if invalid.any() and make_valid:
        fixed = shapely.make_valid(geoms[invalid])
        geoms = geoms.copy()
        geoms[invalid] = [_polygonal(g) for g in fixed]
        gdf = gdf.set_geometry(geoms, crs=gdf.crs)
    elif invalid.any():
        rows = list(gdf.index[invalid])
        for row in rows[:MAX_ROW_PROBLEMS]:
            reason = shapely.is_valid_reason(gdf.geometry[row])
            problems.append(Problem(f"The shape of small area {gdf.at[row, code_col]} is not valid ({reason}).",
                                    fix="Import again with make_valid=True to repair it automatically, or repair it "
                                    "in QGIS (Vector ▸ Geometry Tools ▸ Fix Geometries).", source=name, row=int(row),
                                    field="geometry"))
        problems += more_problems("an invalid shape", len(rows), MAX_ROW_PROBLEMS, name, "geometry")
    return gdf, problems


def _polygonal(geom):
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else geom
