"""Gap results the team chose to keep, so later steps can use them.

Step 4 finds the gaps; step 7 (the aim) and step 6 (colouring the asset map) read the
latest saved result instead of asking people to retype numbers. Each save is one record
(kind ``population_gaps``), so earlier results stay in the history.

Examples
--------
>>> import pandas as pd                                           # doctest: +SKIP
>>> from coprod_helpers.populations.gaps import compare_groups
>>> table = compare_groups(pd.DataFrame({"group": ["A", "B"], "events": [30, 12],
...                                      "population": [100_000, 20_000]}))
>>> save_gap_results(store, project_id, table, measure="detentions", split_by="ethnicity", by=person)
>>> latest_gap_results(store, project_id)["rows"][1]["ratio"]
2.0
"""
from __future__ import annotations

import math

import pandas as pd

from ..errors import InputError

RECORD_KIND = "population_gaps"
#: Columns of :func:`~coprod_helpers.populations.gaps.compare_groups` that are kept.
KEPT = ("group", "events", "population", "value", "lower", "upper", "ratio", "ratio_lower", "ratio_upper",
        "difference", "difference_lower", "difference_upper", "excess", "excess_lower", "excess_upper",
        "compared", "reference", "reference_value", "level")


def _plain(value):
    """A JSON-safe value: numbers as float/int, missing as None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number


def gap_rows(table: pd.DataFrame) -> list[dict]:
    """The rows of a gap table as plain dictionaries (the columns in :data:`KEPT` it has)."""
    missing = [c for c in ("group", "ratio", "reference") if c not in table.columns]
    if missing:
        raise InputError(f"This is not a table of gaps: it has no {missing[0]} column.", field=missing[0],
                         fix="Use the result of populations.gaps.compare_groups().")
    columns = [c for c in KEPT if c in table.columns]
    return [{c: _plain(v) for c, v in row.items()} for row in table[columns].to_dict("records")]


def save_gap_results(store, project_id: str, table: pd.DataFrame, *, measure: str, split_by: str, by,
                     per: float = 100_000, polarity: str = "lower_is_better") -> str:
    """Keep a gap table (from ``compare_groups``) for the later steps; returns the record id."""
    if not str(measure or "").strip():
        raise InputError("Say what was counted (for example 'detentions').", field="measure")
    data = {"measure": str(measure), "split_by": str(split_by or ""), "per": per, "polarity": polarity,
            "rows": gap_rows(table)}
    return store.add(project_id, RECORD_KIND, data, by=by).id


def latest_gap_results(store, project_id: str, *, measure: str | None = None) -> dict | None:
    """The most recently saved gap result (for ``measure`` if given), or None when there is none.

    The dict has ``measure``, ``split_by``, ``per``, ``polarity``, ``rows`` and ``saved_at``.
    """
    records = [r for r in store.records(project_id, kind=RECORD_KIND)
               if measure is None or r.data.get("measure") == measure]
    if not records:
        return None
    latest = max(records, key=lambda r: r.updated_at)
    return {**latest.data, "saved_at": latest.updated_at, "saved_by": latest.updated_by}


def gap_table(result: dict) -> pd.DataFrame:
    """A saved result's rows as a DataFrame, biggest ratio first (as ``suggest_aim_from_gap`` takes)."""
    table = pd.DataFrame(result.get("rows") or [])
    if table.empty:
        return table
    return table.sort_values("ratio", ascending=False, na_position="last").reset_index(drop=True)
