"""Loading a team's service data: counts of an event by group, checked row by row.

The file (CSV, Excel or a DataFrame) has one row per group:

``measure, period, group_type, group, events, population``

``period`` and ``population`` may be left out; missing populations are taken from the area's
Census tables (or denominators you give). An optional ``age_band`` column splits each group's
counts by age band (for age-standardised rates); missing populations of such rows come from
the area's people by age band (for small areas, deprivation deciles/quintiles, age bands and "all"). ``kind`` may say ``rate`` or ``proportion`` per row.
Every row is checked before anything is saved, and every problem names its row and column.
"""
from __future__ import annotations

import uuid

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..tables import read_table, require_columns, spreadsheet_row
from .group_labels import KNOWN_GROUP_TYPES, match_group

COLUMNS = ("measure", "period", "group_type", "group", "events", "population", "kind", "age_band")
ALIASES = {
    "events": ["count", "counts", "numerator", "n", "number"],
    "population": ["denominator", "pop", "people"],
    "group_type": ["breakdown", "grouptype", "group type", "type"],
    "group": ["group label", "category", "label"],
    "measure": ["indicator", "event", "what"],
    "period": ["year", "time period", "date"],
    "age_band": ["age", "age group", "ageband"],
}
KINDS = ("rate", "proportion")
RECORD_KIND = "service_data"


def _number(text):
    try:
        value = float(str(text).replace(",", "").strip())
    except ValueError:
        return None
    return None if np.isnan(value) else value


def _age_band(text) -> str | None:
    """The age band label in the workbook's spelling ("16-24", "65+"), or None if it is not one."""
    from ..area.groups import match_age_band
    from .rates import parse_age_band

    known = match_age_band(str(text))
    if known:
        return known
    try:
        first, last = parse_age_band(str(text))
    except ValueError:
        return None
    if first > last:
        return None
    return f"{first}+" if last == 120 else f"{first}-{last}"


def load_service_data(source, name: str | None = None, *, kind: str = "rate", area=None,
                      denominators: dict | None = None, groups: dict | None = None) -> pd.DataFrame:
    """Read and check service counts; raise :class:`InputError` listing every bad row.

    Parameters
    ----------
    source : path, bytes, file-like or DataFrame
    name : str, optional
        File name for messages (needed for bytes from an upload).
    kind : {"rate", "proportion"}
        Default for rows without a ``kind`` column. For proportions the count cannot be
        larger than the population.
    area : Area, optional
        Fills missing populations from the area's Census tables.
    denominators : dict, optional
        ``{group_type: DataFrame(group, population)}`` to fill missing populations instead.
    groups : dict, optional
        ``{group_type: [labels]}``: the allowed labels for a PLUS group the team defines
        (and, if given, for any other type).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`; group labels in the workbook's spelling; ``events`` as int,
        ``population`` as float (NaN only for "Not stated" rows).
    """
    name = name or getattr(source, "name", None) or "service data"
    raw = read_table(source, name)
    raw = raw.astype(object).where(raw.notna(), None)
    t = require_columns(raw, ["measure", "group_type", "group", "events"], name,
                        optional=["period", "population", "kind", "age_band"], aliases=ALIASES)
    groups = {k: list(v) for k, v in (groups or {}).items()}
    problems: list[Problem] = []
    rows, seen = [], {}

    def bad(i, field, message, fix):
        problems.append(Problem(message, fix=fix, source=name, row=spreadsheet_row(i), field=field))

    for i, rec in enumerate(t.to_dict("records")):
        measure = str(rec.get("measure") or "").strip()
        gtype = str(rec.get("group_type") or "").strip().lower().replace(" ", "_")
        period = str(rec.get("period") or "").strip()
        row_kind = str(rec.get("kind") or kind).strip().lower()
        if not measure:
            bad(i, "measure", "The measure is blank.", "Say what was counted, e.g. 'Referrals'.")
        if not gtype:
            bad(i, "group_type", "The group type is blank.", "Use ethnicity, age_band, sex, imd_decile or your own group name.")
        if row_kind not in KINDS:
            bad(i, "kind", f"'{row_kind}' is not a kind of measure.", "Use 'rate' or 'proportion'.")
        label = match_group(gtype, rec.get("group"), allowed=groups.get(gtype))
        if label is None:
            allowed = groups.get(gtype)
            hint = (f"Use one of: {', '.join(allowed)}." if allowed else
                    "Check the spelling against the Census groups (or NHS ethnic category codes)."
                    if gtype == "ethnicity" else "Use 0-15, 16-24, 25-34, 35-49, 50-64 or 65+." if gtype == "age_band"
                    else "Use a whole number from 1 (most deprived)." if gtype.startswith("imd")
                    else "Type a group name.")
            bad(i, "group", f"The group '{rec.get('group')}' is not a known {gtype or 'group'} label.", hint)
        events = _number(rec.get("events")) if rec.get("events") is not None else None
        if events is None:
            bad(i, "events", f"The count '{rec.get('events') or ''}' is not a number.", "Type a whole number, e.g. 12.")
        elif events < 0:
            bad(i, "events", f"The count {events:g} is negative.", "Counts cannot be below zero.")
        elif not float(events).is_integer():
            bad(i, "events", f"The count {events:g} is not a whole number.", "Type the number of events, not a rate.")
        population = None
        if rec.get("population") not in (None, ""):
            population = _number(rec["population"])
            if population is None:
                bad(i, "population", f"The population '{rec['population']}' is not a number.", "Type a number or leave it blank.")
            elif population <= 0:
                bad(i, "population", "The population is zero or less, so no rate can be worked out.",
                    "Check the denominator, or leave it blank to use the area's Census figures.")
            elif row_kind == "proportion" and events is not None and events > population:
                bad(i, "events", f"The count {events:g} is larger than its denominator {population:g}.",
                    "For a proportion the count must be part of the denominator.")
        age = None
        if rec.get("age_band") not in (None, ""):
            age = _age_band(rec["age_band"])
            if age is None:
                bad(i, "age_band", f"'{rec['age_band']}' is not an age band.",
                    "Use a band like 16-24 or 65+, or leave the age band blank.")
        key = (measure, period, gtype, label, age)
        if label is not None and key in seen:
            also = f" and age band {age}" if age else ""
            bad(i, "group", f"The group '{label}' appears twice for this measure{also} and period (also row {seen[key]}).",
                "Keep one row per group, or add the counts together.")
        seen.setdefault(key, spreadsheet_row(i))
        rows.append({"measure": measure, "period": period, "group_type": gtype, "group": label,
                     "events": events, "population": population, "kind": row_kind, "age_band": age, "_row": spreadsheet_row(i)})
    if problems:
        raise InputError(problems)
    out = pd.DataFrame(rows)
    out = _fill_populations(out, name, area=area, denominators=denominators or {})
    out["events"] = out["events"].astype(int)
    out["population"] = out["population"].astype(float)
    return out[list(COLUMNS)].reset_index(drop=True)


def _fill_populations(t: pd.DataFrame, name, *, area, denominators) -> pd.DataFrame:
    from ..area.groups import NOT_STATED
    from .denominators import area_denominators

    problems, cache = [], {}
    for idx, row in t[t["population"].isna()].iterrows():
        if row["group"] == NOT_STATED:
            continue
        gtype = row["group_type"]
        if isinstance(row.get("age_band"), str):
            if ("age", gtype) not in cache:
                cache[("age", gtype)] = None if area is None else area_age_denominators(area, gtype)
            lookup = cache[("age", gtype)]
            value = None if lookup is None else lookup.get((str(row["group"]), row["age_band"]))
            if value is None or not value > 0:
                problems.append(Problem(f"No population is given for '{row['group']}' aged {row['age_band']} "
                                        "and none was found for it.",
                                        fix="Fill in the population column for this row.", source=name,
                                        row=int(row["_row"]), field="population"))
            else:
                t.loc[idx, "population"] = float(value)
            continue
        if gtype not in cache:
            table = denominators.get(gtype)
            if table is None and area is not None and gtype in KNOWN_GROUP_TYPES:
                try:
                    table = area_denominators(area, gtype)
                except InputError:
                    table = None
            cache[gtype] = None if table is None else dict(zip(table["group"].astype(str), table["population"]))
        lookup = cache[gtype]
        value = None if lookup is None else lookup.get(str(row["group"]))
        if value is None or not value > 0:
            problems.append(Problem(f"No population is given for '{row['group']}' and none was found for it.",
                                    fix="Fill in the population column for this row.", source=name,
                                    row=int(row["_row"]), field="population"))
        else:
            t.loc[idx, "population"] = float(value)
    if problems:
        raise InputError(problems)
    return t


def area_age_denominators(area, group_type: str) -> dict | None:
    """``{(group, age_band): people}`` from the area's people by age band, or None for this group type.

    Known for small areas, deprivation deciles and quintiles, age bands and "all"; the area has
    no people by age within other groups (such as ethnicity), so those must be given in the file.
    """
    ages = area.population_by_age[["code", "age_band", "population"]]
    if group_type == "small_area":
        t = ages.rename(columns={"code": "group"})
    elif group_type in ("imd_decile", "imd_quintile"):
        t = ages.merge(area.deprivation[["code", "imd_decile"]], on="code")
        decile = t["imd_decile"].astype(int)
        t["group"] = (decile if group_type == "imd_decile" else (decile + 1) // 2).astype(str)
    elif group_type == "all":
        t = ages.assign(group="All")
    elif group_type == "age_band":
        t = ages.assign(group=ages["age_band"])
    else:
        return None
    sums = t.groupby(["group", "age_band"])["population"].sum()
    return {(str(g), str(a)): float(v) for (g, a), v in sums.items()}


def save_service_data(store, project_id: str, data: pd.DataFrame, *, by, source_name: str = "") -> list[str]:
    """Save checked service data (from :func:`load_service_data`) as one record per row, all or nothing."""
    upload = uuid.uuid4().hex[:12]
    items = []
    for i, rec in enumerate(data.to_dict("records")):
        pop = rec.get("population")
        items.append({"measure": rec["measure"], "period": rec.get("period") or "", "group_type": rec["group_type"],
                      "group": rec["group"], "events": int(rec["events"]),
                      "population": None if pop is None or pd.isna(pop) else float(pop),
                      "kind": rec.get("kind", "rate"), "age_band": _text_or_none(rec.get("age_band")),
                      "upload": upload, "source_name": source_name, "row": i})
    return store.add_many(project_id, RECORD_KIND, items, by=by)


def _text_or_none(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or value == "" else str(value)


def saved_service_data(store, project_id: str) -> pd.DataFrame:
    """All service data saved in the project, as a DataFrame with :data:`COLUMNS` (plus ``upload``).

    When the same group was uploaded more than once, the latest upload wins.
    """
    recs = sorted(store.records(project_id, kind=RECORD_KIND), key=lambda r: (r.created_at, r.data.get("row", 0)))
    if not recs:
        return pd.DataFrame(columns=[*COLUMNS, "upload"])
    t = pd.DataFrame([r.data for r in recs]).reindex(columns=[*COLUMNS, "upload"])  # older records have no age_band
    t["population"] = t["population"].astype(float)
    t["age_band"] = t["age_band"].astype(object).where(t["age_band"].notna(), None)
    t = t.drop_duplicates(["measure", "period", "group_type", "group", "age_band"], keep="last")
    return t[[*COLUMNS, "upload"]].reset_index(drop=True)
