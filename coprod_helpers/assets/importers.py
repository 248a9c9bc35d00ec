"""Bringing assets in from files: CSV or Excel, GeoJSON, and Open Referral UK / HSDS JSON.

Every row is checked first (:func:`check_asset_rows`); if any row has a problem, nothing is
saved and the :class:`~coprod_helpers.errors.InputError` lists every problem by row and
column. Only then are all rows saved in one go with ``store.add_many``. Likely duplicates
(in the file, or against assets already in the register) are reported for reviewers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem
from ..tables import read_table, require_columns, spreadsheet_row
from .model import validate_asset

#: Other column headings accepted for each field.
COLUMN_ALIASES = {
    "name": ["title", "asset", "asset name", "service name", "organisation name"],
    "categories": ["category", "type", "types", "kind"],
    "own_words": ["in our own words", "own words", "why it matters"],
    "latitude": ["lat", "y"],
    "longitude": ["lon", "lng", "long", "x"],
    "postcode": ["post code", "postal code", "postal_code", "zip"],
    "website": ["url", "web", "web site"],
    "phone": ["telephone", "tel", "phone number"],
    "external_id": ["source_id", "id"],
    "for_whom": ["for whom", "who it is for", "audience"],
    "last_checked": ["last checked", "checked", "date checked"],
    "hide_exact_location": ["hide exact location", "hide location"],
}
OPTIONAL_COLUMNS = ("categories", "description", "own_words", "organisation", "for_whom", "min_age", "max_age",
                    "languages", "cost", "referral_needed", "step_free", "hearing_loop", "quiet_space",
                    "interpreters", "opening_times", "opening_notes", "website", "phone", "email",
                    "contact_is_personal", "address", "postcode", "latitude", "longitude", "hide_exact_location",
                    "last_checked", "source", "licence", "external_id", "status")
MAX_ROWS = 100_000


@dataclass
class ImportReport:
    """What an import did."""

    source: str
    ids: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    duplicates: list = field(default_factory=list)   # DuplicatePair, ids of saved or existing assets

    @property
    def count(self) -> int:
        return len(self.rows)


def _decode_json(raw: bytes, name: str):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(Problem("The file is not saved as UTF-8 text.", fix="Save it again as UTF-8 and retry.",
                                 source=name, row=raw[: err.start].count(b"\n") + 1)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(Problem(f"The file is not valid JSON ({err.msg}).", fix="Check it was saved completely.",
                                 source=name, row=err.lineno)) from None


def _read_bytes(source, name):
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise InputError(Problem("The file was not found.", fix=f"Check the path: {path}", source=path.name))
        return path.read_bytes(), name or path.name
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "uploaded file"
    return source.read(), name or getattr(source, "name", "uploaded file")


def rows_from_geojson(doc, name: str) -> list[dict]:
    """Rows (properties plus ``latitude``/``longitude``) from a GeoJSON FeatureCollection."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise InputError(Problem("This is not a GeoJSON FeatureCollection.",
                                 fix="Export the layer as GeoJSON (a FeatureCollection of points).", source=name))
    crs = (((doc.get("crs") or {}).get("properties") or {}).get("name") or "")
    if crs and not crs.endswith(("CRS84", "4326")):
        raise InputError(Problem(f"The coordinates are in {crs}, not longitude/latitude.",
                                 fix="Export it again in WGS84 (EPSG:4326).", source=name))
    from shapely.geometry import shape

    rows = []
    for i, feature in enumerate(doc["features"]):
        props = dict((feature or {}).get("properties") or {})
        geom = (feature or {}).get("geometry")
        if geom:
            try:
                point = shape(geom)
                point = point if point.geom_type == "Point" else point.representative_point()
                props["latitude"], props["longitude"] = point.y, point.x
            except Exception:  # noqa: BLE001 - any broken geometry gets the same message
                raise InputError(Problem("The feature's geometry cannot be read.", fix="Fix or remove it.",
                                         source=name, row=i + 1, field="geometry")) from None
        props["_row"] = i + 1
        rows.append(props)
    return rows


def read_asset_rows(source, name: str | None = None) -> tuple[list[dict], str]:
    """Read a file of assets into plain rows (not yet checked).

    CSV/XLSX (by name or content), ``.geojson``, or ``.json`` holding GeoJSON or Open Referral
    (HSDS) data. Each row has ``_row``: the row as a person counts it (spreadsheet row, or
    feature/service number).
    """
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        df, name = source, name or "table"
    else:
        raw, name = _read_bytes(source, name)
        suffix = Path(name).suffix.lower()
        if suffix in (".geojson", ".json") or raw.lstrip()[:1] in (b"{", b"["):
            doc = _decode_json(raw, name)
            if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
                return rows_from_geojson(doc, name), name
            from .hsds import rows_from_hsds

            return rows_from_hsds(doc, name), name
        df = read_table(raw, name)
    df = require_columns(df, ["name"], name, optional=OPTIONAL_COLUMNS, aliases=COLUMN_ALIASES)
    has_place = "postcode" in df.columns or {"latitude", "longitude"} <= set(df.columns)
    if not has_place:
        raise InputError(Problem("There is no 'postcode' column and no 'latitude' and 'longitude' columns.",
                                 fix="Add a 'postcode' column, or both 'latitude' and 'longitude'.", source=name, row=1,
                                 field="postcode"))
    df = df.astype(object).where(df.notna(), None)
    rows = df.to_dict("records")
    for i, row in enumerate(rows):
        row["_row"] = spreadsheet_row(i)
    return rows, name


def check_asset_rows(rows: list[dict], *, categories, area=None, source: str = "file", category_map=None,
                     default_categories=None, fill_missing_names: str | None = None) -> list[dict]:
    """Check every row; return clean assets, or raise one InputError listing every problem.

    Parameters
    ----------
    category_map : dict, optional
        Values found in the file mapped to the project's category keys or labels, e.g.
        ``{"gp_practice": "NHS or council service"}``.
    default_categories : list of str, optional
        Categories for rows that have none (e.g. a file that is all places of worship).
    fill_missing_names : str, optional
        A template such as ``"Place of worship ({religion_fclass})"`` for rows with no name;
        without it, a row with no name is a problem.
    """
    if len(rows) > MAX_ROWS:
        raise InputError(Problem(f"The file has {len(rows)} rows; the most at once is {MAX_ROWS}.",
                                 fix="Split it into smaller files.", source=source))
    category_map = {str(k).strip().lower(): v for k, v in (category_map or {}).items()}
    clean, problems = [], []
    for row in rows:
        row = dict(row)
        number = row.pop("_row", None)
        row.pop("status", None)  # status is set by the register, never by a file
        cats = row.get("categories")
        if cats is None or str(cats).strip() == "":
            row["categories"] = list(default_categories or [])
        elif category_map:
            items = [c.strip() for c in str(cats).replace("|", ";").split(";") if c.strip()]
            row["categories"] = [category_map.get(c.lower(), c) for c in items]
        if fill_missing_names and not str(row.get("name") or "").strip():
            row["name"] = fill_missing_names.format_map({k: ("" if v is None else v) for k, v in row.items()})
        try:
            clean.append(validate_asset(row, categories=categories, area=area, source=source, row=number))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    return clean


def import_assets(store, project_id: str, source, name: str | None = None, *, by, area=None, categories=None,
                  category_map=None, default_categories=None, fill_missing_names=None,
                  publish_with=None) -> ImportReport:
    """Check a whole file of assets and, only if every row is fine, save them all as proposed
    (or published, given a reviewer key as ``publish_with``).

    Returns
    -------
    ImportReport
        The new ids, the clean rows and likely duplicates (flagged, not merged).

    Raises
    ------
    InputError
        With every problem by row and column; nothing has been saved.
    """
    from .duplicates import find_duplicates
    from .register import ASSET, list_assets, load_categories

    status = "proposed"
    if publish_with is not None:
        store.require_reviewer(project_id, publish_with)
        status = "published"
    categories = categories if categories is not None else load_categories(store, project_id)
    rows, name = read_asset_rows(source, name)
    clean = check_asset_rows(rows, categories=categories, area=area, source=name, category_map=category_map,
                             default_categories=default_categories, fill_missing_names=fill_missing_names)
    ids = store.add_many(project_id, ASSET, clean, by=by, status=status)
    new = [{**c, "id": i} for c, i in zip(clean, ids)]
    existing = list_assets(store, project_id, ["proposed", "published"])
    new_ids = set(ids)
    pairs = [p for p in find_duplicates(existing) if p.first in new_ids or p.second in new_ids]
    return ImportReport(source=name, ids=ids, rows=new, duplicates=pairs)


def import_demo_assets(store, project_id: str, *, by, area, publish_with=None) -> ImportReport:
    """The fictional demo places (``data/demo/assets.csv``), for trying the map out."""
    from ..config import DEMO_DIR

    return import_assets(store, project_id, DEMO_DIR / "assets.csv", by=by, area=area, publish_with=publish_with)
