"""Entering and uploading measure data (CSV or Excel), checked before anything is saved.

A file has one row per point: ``date`` (or ``month``), either ``value`` or ``numerator`` and
``denominator``, and optionally ``group`` (a priority population; "All" if missing) and
``measure`` (when one file holds several). Every row is checked first; any problem (a
missing or non-numeric value, a date that cannot be read, dates out of order or repeated, a
zero denominator, a numerator above its denominator) is reported with its row and column,
and nothing is saved. Points are ``"measure_point"`` records on the store.
"""
from __future__ import annotations

from ..errors import InputError, Problem
from ..tables import read_table, require_columns, spreadsheet_row

POINT_KIND = "measure_point"
ALL_GROUPS = "All"
ALIASES = {"date": ["month", "period", "week", "when"], "numerator": ["events", "count"],
           "denominator": ["total", "out of"], "group": ["group name", "population group"]}
MAX_PROBLEMS = 50


def _parse_dates(column):
    import pandas as pd

    text = column.astype("string").str.strip()
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    uk = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    month = pd.to_datetime(text, format="%Y-%m", errors="coerce")
    return iso.fillna(uk).fillna(month)


def _numbers(column):
    import pandas as pd

    return pd.to_numeric(column.astype("string").str.strip().str.replace(",", "", regex=False), errors="coerce")


def read_measure_data(source, name: str | None = None, *, measure: str | None = None,
                      numerator_may_exceed_denominator: bool = False):
    """Read and check measure data; raise :class:`InputError` listing every problem.

    Parameters
    ----------
    source : path, bytes, file-like or DataFrame
        The CSV/XLSX file (or a table typed into a form).
    name : str, optional
        File name for messages.
    measure : str, optional
        Keep only this measure's rows when the file has a ``measure`` column.
    numerator_may_exceed_denominator : bool
        True for rates (events per person-time); False for proportions.

    Returns
    -------
    pandas.DataFrame
        Columns ``measure`` (if given), ``group``, ``date``, ``value``, ``numerator``,
        ``denominator`` and ``row`` (the spreadsheet row), sorted by group and date.

    Examples
    --------
    >>> import pandas as pd
    >>> df = read_measure_data(pd.DataFrame({"month": ["2024-01-01", "2024-02-01"], "value": ["3", "4.5"]}))
    >>> df["value"].tolist(), df["group"].tolist()
    ([3.0, 4.5], ['All', 'All'])
    """
    import numpy as np
    import pandas as pd

    raw = read_table(source, name)
    name = name or getattr(source, "name", None) or "measure data"
    df = require_columns(raw, ["date"], name, optional=["value", "numerator", "denominator", "group", "measure"],
                         aliases=ALIASES)
    df["row"] = [spreadsheet_row(i) for i in range(len(df))]
    if measure is not None and "measure" in df.columns:
        df = df[df["measure"].astype("string").str.strip() == measure]
        if df.empty:
            raise InputError(Problem(f"The file has no rows for the measure '{measure}'.", source=name, field="measure",
                                     fix="Check the spelling in the 'measure' column."))
    has_ratio = "numerator" in df.columns or "denominator" in df.columns
    if not has_ratio and "value" not in df.columns:
        raise InputError(Problem("The file has no 'value' column, and no 'numerator' and 'denominator' columns.",
                                 source=name, row=1, field="value",
                                 fix="Add a 'value' column, or 'numerator' and 'denominator' columns for a rate."))
    if has_ratio and not {"numerator", "denominator"} <= set(df.columns):
        missing = "denominator" if "numerator" in df.columns else "numerator"
        raise InputError(Problem(f"The column '{missing}' is missing.", source=name, row=1, field=missing,
                                 fix="A rate or proportion needs both a numerator and a denominator."))
    problems: list[Problem] = []

    def problem(message, fix, row, field):
        problems.append(Problem(message, fix=fix, source=name, row=int(row), field=field))

    out = df[["row"]].copy()
    if "measure" in df.columns:
        out["measure"] = df["measure"].astype("string").str.strip().fillna("")
    out["group"] = (df["group"].astype("string").str.strip().fillna("").replace("", ALL_GROUPS)
                    if "group" in df.columns else ALL_GROUPS)
    out["date"] = _parse_dates(df["date"])
    for r, text, d in zip(df["row"], df["date"], out["date"]):
        if pd.isna(text) or not str(text).strip():
            problem("The date is missing.", "Fill in the date (year-month-day).", r, "date")
        elif pd.isna(d):
            problem(f"'{text}' is not a date the workbook can read.", "Write dates as year-month-day, e.g. 2024-03-01.",
                    r, "date")
    columns = ["numerator", "denominator"] if has_ratio else ["value"]
    for col in columns:
        out[col] = _numbers(df[col])
        for r, text, v in zip(df["row"], df[col], out[col]):
            if pd.isna(text) or not str(text).strip():
                problem(f"The {col} is missing.", "Fill it in, or delete the row if there is no data for that date.",
                        r, col)
            elif pd.isna(v):
                problem(f"'{text}' is not a number.", "Type only digits (and a decimal point), with no words or units.",
                        r, col)
            elif has_ratio and v < 0:
                problem(f"The {col} is below zero.", "Counts cannot be negative; check the number.", r, col)
    if has_ratio:
        for r, num, den in zip(out["row"], out["numerator"], out["denominator"]):
            if pd.isna(num) or pd.isna(den):
                continue                                    # already reported as missing or not a number
            if den == 0:
                problem("The denominator is zero.", "Nothing can be divided by zero: check the count, or leave "
                        "this date out.", r, "denominator")
            elif not numerator_may_exceed_denominator and num > den:
                problem(f"The numerator ({num:g}) is bigger than the denominator ({den:g}).",
                        "For a proportion the part cannot be more than the whole; check the two numbers.", r, "numerator")
        with np.errstate(divide="ignore", invalid="ignore"):
            out["value"] = out["numerator"] / out["denominator"]
    else:
        out["numerator"] = out["denominator"] = np.nan
    keys = ["measure", "group"] if "measure" in out.columns else ["group"]
    for key, part in out.dropna(subset=["date"]).groupby(keys, sort=False):
        label = " / ".join(key) if isinstance(key, tuple) else key
        seen = {}
        previous = None
        for r, d in zip(part["row"], part["date"]):
            if d in seen:
                problem(f"The date {d:%Y-%m-%d} appears twice for '{label}' (also row {seen[d]}).",
                        "Keep one row per date for each group: add them up or delete one.", r, "date")
            elif previous is not None and d < previous:
                problem(f"The date {d:%Y-%m-%d} comes before the date in the row above for '{label}'.",
                        "Sort the rows by date (oldest first) and upload again.", r, "date")
            seen.setdefault(d, r)
            previous = d if previous is None else max(previous, d)
    if problems:
        raise InputError(problems[:MAX_PROBLEMS] + ([Problem(
            f"... and {len(problems) - MAX_PROBLEMS} more problems.", source=name)] if len(problems) > MAX_PROBLEMS else []))
    return out.sort_values(keys + ["date"], kind="stable").reset_index(drop=True)[
        [*keys, "date", "value", "numerator", "denominator", "row"]]


def save_measure_data(store, project_id: str, measure_id: str, data, *, by) -> list[str]:
    """Save checked points for a measure in one go: all of them or none.

    ``data`` is the result of :func:`read_measure_data`. Dates already saved for the same
    group are refused (so nothing is counted twice).
    """
    from .definitions import MEASURE_KIND

    record = store.get(measure_id)
    if record.kind != MEASURE_KIND or record.project_id != project_id:
        raise InputError("That measure is not in this project.", field="measure", fix="Pick a measure from the list.")
    existing = {(r.data["group"], r.data["date"]) for r in store.records(project_id, POINT_KIND)
                if r.data.get("measure_id") == measure_id}
    items, problems = [], []
    for row in data.itertuples(index=False):
        key = (row.group, row.date.date().isoformat())
        if key in existing:
            problems.append(Problem(f"There is already a value for '{row.group}' on {key[1]}.", row=int(row.row),
                                    field="date", fix="Leave this row out, or ask a reviewer to remove the old value."))
        items.append({"measure_id": measure_id, "group": row.group, "date": key[1],
                      "value": None if row.value != row.value else float(row.value),
                      "numerator": None if row.numerator != row.numerator else float(row.numerator),
                      "denominator": None if row.denominator != row.denominator else float(row.denominator)})
    if problems:
        raise InputError(problems)
    return store.add_many(project_id, POINT_KIND, items, by=by)


def load_measure_data(store, project_id: str, measure_id: str):
    """The saved points of a measure as a DataFrame (group, date, value, numerator, denominator)."""
    import pandas as pd

    rows = [r.data for r in store.records(project_id, POINT_KIND) if r.data.get("measure_id") == measure_id]
    df = pd.DataFrame(rows, columns=["group", "date", "value", "numerator", "denominator"])
    df["date"] = pd.to_datetime(df["date"])
    for col in ("value", "numerator", "denominator"):
        df[col] = pd.to_numeric(df[col])
    return df.sort_values(["group", "date"], kind="stable").reset_index(drop=True)


def load_demo_series(measure: str | None = None):
    """The demo area's measure series (``data/demo/measure_series.csv``), checked like an upload."""
    from ..config import DEMO_DIR

    return read_measure_data(DEMO_DIR / "measure_series.csv", measure=measure)
