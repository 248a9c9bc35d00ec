"""Reading and writing an area folder.

An area folder holds plain files a person can open:

``area.json``
    name, code, whether it is fictional, attributions, notes.
``small_areas.geojson``
    polygons (WGS84) with ``code`` and ``name``, one feature per line.
``population_by_ethnicity.csv`` / ``population_by_age.csv``
    wide tables: ``code`` then one column per group, in the Census order.
``deprivation.csv``
    ``code, imd_score, imd_rank, imd_decile``.
``postcodes.csv``
    ``postcode, latitude, longitude, code``.

The files are written the same way every time (sorted, fixed number formats), so
a folder can be compared byte for byte.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from ..errors import InputError, Problem
from .groups import AGE_BANDS, ETHNIC_GROUPS
from .model import Area, check_area

FORMAT_VERSION = 1
AREA_FILES = ("area.json", "small_areas.geojson", "population_by_ethnicity.csv", "population_by_age.csv",
              "deprivation.csv", "postcodes.csv")


def load_area(where="demo") -> Area:
    """Open an area: the fictional demo borough, or a folder written by :func:`save_area`.

    Parameters
    ----------
    where : "demo" or path
        ``"demo"`` (the default) opens the fictional borough in ``data/demo``.

    Returns
    -------
    Area
        A fresh copy each time; changing it does not change what the next call returns.

    Examples
    --------
    >>> area = load_area("demo")
    >>> area.is_fictional, len(area.small_areas) > 100
    (True, True)
    """
    if isinstance(where, str) and where == "demo":
        from ..config import DEMO_DIR
        folder = DEMO_DIR
    else:
        folder = Path(where)
    folder = folder.resolve()
    missing = [f for f in AREA_FILES if not (folder / f).is_file()]
    if missing:
        fix = ("Run 'python -m coprod_helpers.area.demo' to make the demo files again."
               if folder.name == "demo" else "Choose a folder written by save_area(), or build the area "
               "from your files with build_area().")
        raise InputError(Problem(f"The area folder has no {missing[0]}.", fix=fix, source=str(folder)))
    stamp = tuple((folder / f).stat().st_mtime_ns for f in AREA_FILES)
    return _load_cached(str(folder), stamp).copy()


@lru_cache(maxsize=8)
def _load_cached(folder: str, stamp: tuple) -> Area:
    import pandas as pd

    root = Path(folder)
    meta = json.loads((root / "area.json").read_text(encoding="utf-8"))
    small_areas = read_small_areas(root / "small_areas.geojson")
    ethnicity = _read_wide(root / "population_by_ethnicity.csv", "ethnic_group", ETHNIC_GROUPS)
    ages = _read_wide(root / "population_by_age.csv", "age_band", AGE_BANDS)
    deprivation = pd.read_csv(root / "deprivation.csv", dtype={"code": str, "imd_score": float,
                                                                "imd_rank": "int64", "imd_decile": "int64"})
    postcodes = pd.read_csv(root / "postcodes.csv", dtype={"postcode": str, "latitude": float,
                                                           "longitude": float, "code": str})
    area = Area(name=meta["name"], code=meta["code"], is_fictional=bool(meta["is_fictional"]),
                attributions=list(meta.get("attributions", [])), small_areas=small_areas,
                population_by_ethnicity=ethnicity, population_by_age=ages, deprivation=deprivation,
                postcodes=postcodes, notes=list(meta.get("notes", [])))
    check_area(area, source=str(root))
    return area


def save_area(area: Area, folder, *, decimals: int = 6) -> Path:
    """Write ``area`` to ``folder`` so :func:`load_area` can open it again.

    Keep a real area in your team's own folder, outside the workbook's git tree.

    Parameters
    ----------
    area : Area
    folder : path
        Created if needed. Files already there are replaced.
    decimals : int
        Decimal places kept for coordinates (6 is about 10 cm).

    Returns
    -------
    pathlib.Path
        The folder.
    """
    check_area(area, source=area.name)
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    meta = {"format_version": FORMAT_VERSION, "name": area.name, "code": area.code,
            "is_fictional": area.is_fictional, "attributions": list(area.attributions),
            "notes": list(area.notes)}
    _write_text(root / "area.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    write_small_areas(area.small_areas, root / "small_areas.geojson", decimals=decimals)
    _write_wide(area.population_by_ethnicity, "ethnic_group", ETHNIC_GROUPS, area.codes,
                root / "population_by_ethnicity.csv")
    _write_wide(area.population_by_age, "age_band", AGE_BANDS, area.codes, root / "population_by_age.csv")
    dep = area.deprivation.set_index("code").reindex(area.codes) if len(area.deprivation) else area.deprivation
    lines = ["code,imd_score,imd_rank,imd_decile"]
    if len(dep):
        lines += [f"{c},{s:.3f},{int(r)},{int(d)}" for c, s, r, d in
                  zip(dep.index, dep["imd_score"], dep["imd_rank"], dep["imd_decile"])]
    _write_text(root / "deprivation.csv", "\n".join(lines) + "\n")
    pcs = area.postcodes.sort_values("postcode")
    lines = ["postcode,latitude,longitude,code"]
    lines += [f"{p},{lat:.{decimals}f},{lon:.{decimals}f},{c}" for p, lat, lon, c in
              zip(pcs["postcode"], pcs["latitude"], pcs["longitude"], pcs["code"])]
    _write_text(root / "postcodes.csv", "\n".join(lines) + "\n")
    return root


def write_small_areas(gdf, path, *, decimals: int = 6) -> None:
    """Write polygons as GeoJSON (RFC 7946: WGS84, outer rings anticlockwise), one feature per line."""
    import shapely
    from shapely.geometry import mapping

    geoms = shapely.set_precision(gdf.geometry.to_crs(4326).values, 10.0 ** -decimals)
    geoms = shapely.orient_polygons(geoms)
    lines = []
    for code, name, geom in zip(gdf["code"], gdf["name"], geoms):
        coords = _round(mapping(geom)["coordinates"], decimals)
        feature = {"type": "Feature", "properties": {"code": str(code), "name": str(name)},
                   "geometry": {"type": geom.geom_type, "coordinates": coords}}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    _write_text(path, text)


def read_small_areas(path):
    """Read a GeoJSON written by :func:`write_small_areas` into a GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd
    from shapely.geometry import shape

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    feats = data["features"]
    return gpd.GeoDataFrame({"code": [f["properties"]["code"] for f in feats],
                             "name": [f["properties"]["name"] for f in feats]},
                            geometry=[shape(f["geometry"]) for f in feats], crs="EPSG:4326")


def _round(coords, decimals):
    if isinstance(coords[0], (int, float)):
        return [round(float(v), decimals) for v in coords]
    return [_round(c, decimals) for c in coords]


def _read_wide(path, column, labels):
    import pandas as pd

    wide = pd.read_csv(path, dtype={"code": str})
    if len(wide) == 0:
        return pd.DataFrame({"code": pd.Series(dtype=str), column: pd.Series(dtype=str),
                             "population": pd.Series(dtype="int64")})
    long = wide.melt(id_vars="code", value_vars=list(labels), var_name=column, value_name="population")
    order = {label: i for i, label in enumerate(labels)}
    long["_o"] = long[column].map(order)
    codes = {c: i for i, c in enumerate(wide["code"])}
    long["_c"] = long["code"].map(codes)
    long = long.sort_values(["_c", "_o"]).drop(columns=["_c", "_o"]).reset_index(drop=True)
    long["population"] = long["population"].astype("int64")
    return long


def _write_wide(long, column, labels, codes, path):
    header = "code," + ",".join(_csv_cell(x) for x in labels)
    lines = [header]
    if len(long):
        wide = long.pivot(index="code", columns=column, values="population").reindex(index=codes,
                                                                                    columns=list(labels))
        for code, row in zip(wide.index, wide.to_numpy()):
            lines.append(code + "," + ",".join(str(int(v)) for v in row))
    _write_text(path, "\n".join(lines) + "\n")


def _csv_cell(text: str) -> str:
    return f'"{text}"' if ("," in text or '"' in text) else text


def _write_text(path, text: str) -> None:
    tmp = Path(path).with_suffix(Path(path).suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)
