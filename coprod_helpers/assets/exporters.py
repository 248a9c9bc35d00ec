"""Assets out: GeoJSON, GeoPackage, CSV, Excel and Open Referral UK / HSDS 3.0.

Every function here first keeps only published assets (``status == "published"``), so
proposed, declined and archived ones never go out even if ``list_assets(...)`` is passed,
then makes shareable copies (:func:`~.privacy.shareable_asset`): no contributor names,
hidden places approximate, private contacts dropped. Pass ``include_unpublished=True`` to
export every asset for internal use only. CSV and Excel go through
:mod:`coprod_helpers.exports`, so no cell can run as a formula.

Examples
--------
>>> from coprod_helpers.assets.register import published_assets, load_categories  # doctest: +SKIP
>>> assets = published_assets(store, pid)                                         # doctest: +SKIP
>>> export_assets(assets, "our_assets.gpkg", categories=load_categories(store, pid))  # doctest: +SKIP
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from ..errors import InputError
from .hsds import published_only
from .model import STARTER_CATEGORIES, format_opening_times
from .privacy import shareable_assets

#: Columns of the flat (tabular) export, in order.
FLAT_COLUMNS = ("id", "name", "categories", "description", "own_words", "organisation", "for_whom", "min_age",
                "max_age", "languages", "cost", "referral_needed", "step_free", "hearing_loop", "quiet_space",
                "interpreters", "opening_times", "opening_notes", "website", "phone", "email", "address",
                "postcode", "latitude", "longitude", "location_is_approximate", "small_area", "last_checked",
                "source", "licence", "external_id", "status")
FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv", ".xlsx": "xlsx",
           ".zip": "hsds"}


def _flat(asset: dict, labels: dict) -> dict:
    row = {c: asset.get(c) for c in FLAT_COLUMNS}
    row["categories"] = "; ".join(labels.get(k, k) for k in asset.get("categories") or [])
    row["languages"] = "; ".join(asset.get("languages") or [])
    row["opening_times"] = format_opening_times(asset.get("opening_times") or {})
    return row


def assets_table(assets, *, categories=STARTER_CATEGORIES, include_unpublished: bool = False):
    """A pandas DataFrame of shareable, published assets, one row each, lists written as ``"a; b"``.

    Only assets with ``status == "published"`` are kept unless ``include_unpublished=True``
    (internal use only).
    """
    import pandas as pd

    labels = {c.key: c.label for c in categories}
    kept = published_only(assets, include_unpublished=include_unpublished)
    return pd.DataFrame([_flat(a, labels) for a in shareable_assets(kept)], columns=list(FLAT_COLUMNS))


def assets_frame(assets, *, categories=STARTER_CATEGORIES, include_unpublished: bool = False):
    """A GeoDataFrame (EPSG:4326 points) of shareable, published assets; assets with no place are left out."""
    import geopandas as gpd

    table = assets_table(assets, categories=categories, include_unpublished=include_unpublished)
    table = table[table["latitude"].notna() & table["longitude"].notna()].reset_index(drop=True)
    geometry = gpd.points_from_xy(table["longitude"].astype(float), table["latitude"].astype(float))
    return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")


def to_geojson(assets, path=None, *, categories=STARTER_CATEGORIES,
               include_unpublished: bool = False) -> str | None:
    """GeoJSON FeatureCollection text (RFC 7946) of the published assets, or write it to ``path``."""
    table = assets_table(assets, categories=categories, include_unpublished=include_unpublished)
    features = []
    for row in table.to_dict("records"):
        if row["latitude"] is None or row["longitude"] is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}})
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str)
    if path is None:
        return text
    Path(path).write_text(text, encoding="utf-8")
    return None


def to_geopackage(assets, path, *, categories=STARTER_CATEGORIES, layer: str = "assets",
                  include_unpublished: bool = False) -> None:
    """Write a GeoPackage layer of the published assets (opens in QGIS or ArcGIS)."""
    frame = assets_frame(assets, categories=categories, include_unpublished=include_unpublished)
    for col in ("referral_needed", "step_free", "hearing_loop", "quiet_space", "interpreters"):
        frame[col] = frame[col].map({True: "yes", False: "no"}).astype(object)
    frame.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")


def to_csv(assets, path=None, *, categories=STARTER_CATEGORIES, include_unpublished: bool = False) -> str | None:
    """CSV of the published assets (UTF-8, formulas neutralised)."""
    from ..exports import to_safe_csv

    return to_safe_csv(assets_table(assets, categories=categories, include_unpublished=include_unpublished), path)


def to_xlsx(assets, path=None, *, categories=STARTER_CATEGORIES, about: dict | None = None,
            include_unpublished: bool = False) -> bytes | None:
    """Excel with an "Assets" sheet (published assets) and an "About" sheet (``about``: heading -> text)."""
    import pandas as pd

    from ..exports import to_safe_xlsx

    sheets = {"Assets": assets_table(assets, categories=categories, include_unpublished=include_unpublished)}
    if about:
        sheets["About"] = pd.DataFrame({"about": list(about), "details": [str(v) for v in about.values()]})
    return to_safe_xlsx(sheets, path)


def to_hsds(assets, *, categories=STARTER_CATEGORIES, include_unpublished: bool = False,
            **options) -> dict[str, list[dict]]:
    """Open Referral UK / HSDS 3.0 tables for the shareable, published assets (see :mod:`.hsds`).

    Only assets with ``status == "published"`` go out unless ``include_unpublished=True``
    (internal use only).
    """
    from .hsds import assets_to_hsds

    kept = published_only(assets, include_unpublished=include_unpublished)
    return assets_to_hsds(shareable_assets(kept), categories, include_unpublished=include_unpublished, **options)


def write_hsds(tables: dict[str, list[dict]], path) -> None:
    """Write HSDS tables to a .zip: one JSON file per table, ``services_full.json``
    (nested services, as the HSDS API gives them) and one CSV per table."""
    import pandas as pd

    from ..exports import to_safe_csv
    from .hsds import nest_services

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for table, items in tables.items():
            z.writestr(f"{table}.json", json.dumps(items, ensure_ascii=False, indent=1))
            z.writestr(f"{table}.csv", to_safe_csv(pd.DataFrame(items)) or "")
        z.writestr("services_full.json", json.dumps(nest_services(tables), ensure_ascii=False, indent=1))


def export_assets(assets, path, *, categories=STARTER_CATEGORIES, about: dict | None = None,
                  include_unpublished: bool = False) -> Path:
    """Export to the format named by the file ending: .geojson, .gpkg, .csv, .xlsx or .zip (HSDS).

    Only published assets (``status == "published"``) are written: proposed, declined and
    archived ones are left out even if passed. ``include_unpublished=True`` writes them all,
    for internal use only: never share that file.
    """
    options = {"categories": categories, "include_unpublished": include_unpublished}
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"'{path.suffix}' is not an export format.", field="path",
                         fix="End the file name with .geojson, .gpkg, .csv, .xlsx or .zip (Open Referral).")
    if kind == "geojson":
        to_geojson(assets, path, **options)
    elif kind == "gpkg":
        to_geopackage(assets, path, **options)
    elif kind == "csv":
        to_csv(assets, path, **options)
    elif kind == "xlsx":
        to_xlsx(assets, path, about=about, **options)
    else:
        write_hsds(to_hsds(assets, **options), path)
    return path


def export_bytes(assets, kind: str, *, categories=STARTER_CATEGORIES, include_unpublished: bool = False) -> bytes:
    """The export as bytes (for a download button): kind is geojson, gpkg, csv, xlsx or hsds.

    Only published assets (``status == "published"``) are included unless
    ``include_unpublished=True`` (internal use only: never share the result).
    """
    options = {"categories": categories, "include_unpublished": include_unpublished}
    if kind == "geojson":
        return to_geojson(assets, **options).encode("utf-8")
    if kind == "csv":
        return ("\ufeff" + to_csv(assets, **options)).encode("utf-8")
    if kind == "xlsx":
        return to_xlsx(assets, **options)
    if kind == "gpkg":  # GDAL writes GeoPackages to a file only, so go through a temporary one
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "assets.gpkg"
            to_geopackage(assets, path, **options)
            return path.read_bytes()
    if kind == "hsds":
        buffer = io.BytesIO()
        write_hsds(to_hsds(assets, **options), buffer)
        return buffer.getvalue()
    raise InputError(f"'{kind}' is not an export format.", fix="Use geojson, gpkg, csv, xlsx or hsds.", field="kind")
