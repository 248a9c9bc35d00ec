"""Checks shared by the area importers: codes, counts and numbers, with row-level messages.

Every importer returns a DataFrame whose index is the row number a person sees in a
spreadsheet (the header is row 1), so later checks can still point at the right row.
Facts about the file travel in ``DataFrame.attrs``: ``source`` (file name),
``code_column`` (its heading), ``code_vintage`` ("2011", "2021" or None) and
``attribution``.
"""
from __future__ import annotations

from pathlib import Path

from ...errors import Problem

#: Stop listing row problems after this many of one kind; the message says how many more.
MAX_ROW_PROBLEMS = 20

ONS_ATTRIBUTION = "Source: Office for National Statistics licensed under the Open Government Licence v3.0."
OS_ATTRIBUTION = "Contains OS data © Crown copyright and database right."
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
CODEPOINT_ATTRIBUTION = ("Contains OS data © Crown copyright and database right; Contains Royal Mail data "
                         "© Royal Mail copyright and database right; Contains National Statistics data "
                         "© Crown copyright and database right.")

#: Headings accepted for a small-area code column, best first.
CODE_ALIASES = ("LSOA21CD", "lsoa21_code", "LSOA code (2021)", "lsoa21", "LSOA11CD", "lsoa11_code",
                "LSOA code (2011)", "lsoa11", "lsoa_code", "LSOA code", "code", "geography code", "geo_code",
                "Lower layer Super Output Areas Code", "Lower Layer Super Output Areas Code", "mnemonic")

LSOA_VINTAGE_FIX = ("Use tables on the same codes as the boundaries: IoD 2025 and Census 2021 tables use LSOA 2021 "
                    "codes (use the LSOA 2021 boundaries); IMD 2019 uses LSOA 2011 codes (use the LSOA 2011 "
                    "boundaries with it). Or convert the codes with the ONS 'LSOA (2011) to LSOA (2021)' lookup "
                    "from the Open Geography Portal.")


def file_name(source) -> str:
    """The name shown in messages for a path or an already-read table."""
    if isinstance(source, (str, Path)):
        return Path(source).name
    attrs = getattr(source, "attrs", {}) or {}
    return attrs.get("source", "table")


def key(text) -> str:
    """A heading reduced to lower-case letters and digits, for matching."""
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


def find_column(columns, aliases, *, exclude=()) -> str | None:
    """The first heading in ``columns`` that matches one of ``aliases`` (ignoring case and punctuation)."""
    by_key = {}
    for col in columns:
        if not any(x in key(col) for x in exclude):
            by_key.setdefault(key(col), col)
    for alias in aliases:
        if key(alias) in by_key:
            return by_key[key(alias)]
    return None


def code_vintage(heading: str | None) -> str | None:
    """"2011" or "2021" when a heading says which LSOA codes it holds, else None."""
    k = key(heading or "")
    if "2011" in k or "lsoa11" in k or k.endswith("11cd"):
        return "2011"
    if "2021" in k or "lsoa21" in k or k.endswith("21cd"):
        return "2021"
    return None


def more_problems(kind: str, count: int, shown: int, name: str, field=None) -> list[Problem]:
    """A closing problem that says how many more rows had the same fault."""
    if count <= shown:
        return []
    return [Problem(f"... and {count - shown} more row(s) with {kind}.", fix="Fix the rows above first; the rest are "
                    "probably the same mistake.", source=name, field=field)]


def check_codes(frame, column: str, name: str) -> list[Problem]:
    """Problems for empty and repeated codes in ``frame[column]``, naming the rows."""
    problems = []
    codes = frame[column].astype("string").str.strip()
    empty = codes.isna() | (codes == "")
    for row in list(frame.index[empty])[:MAX_ROW_PROBLEMS]:
        problems.append(Problem("The code is empty.", fix="Fill in the small-area code, or delete the row.",
                                source=name, row=int(row), field=column))
    problems += more_problems("an empty code", int(empty.sum()), MAX_ROW_PROBLEMS, name, column)
    dup = codes.duplicated(keep=False) & ~empty
    seen = 0
    for code, rows in frame.index[dup].to_series().groupby(codes[dup].to_numpy()):
        if seen == MAX_ROW_PROBLEMS:
            problems.append(Problem("... and more repeated codes.", fix="Each code should appear once.",
                                    source=name, field=column))
            break
        listed = ", ".join(str(int(r)) for r in rows)
        problems.append(Problem(f"The code {code} appears more than once (rows {listed}).",
                                fix="Keep one row per small area and delete the others.", source=name,
                                row=int(rows.iloc[1]), field=column))
        seen += 1
    return problems


def to_numbers(frame, columns, name: str, *, integer=False, minimum=None, maximum=None, what="a number"):
    """Convert ``columns`` to numbers in place; return problems naming each bad row and column.

    Empty cells, text, decimals where a whole number is needed and values outside
    ``minimum``..``maximum`` are problems.
    """
    import numpy as np
    import pandas as pd

    problems = []
    for column in columns:
        raw = frame[column].astype("string").str.strip().str.replace(",", "", regex=False)
        values = pd.to_numeric(raw, errors="coerce")
        bad = values.isna() | ~np.isfinite(values.astype(float).fillna(0))
        if integer:
            bad |= values.notna() & (values % 1 != 0)
        if minimum is not None:
            bad |= values < minimum
        if maximum is not None:
            bad |= values > maximum
        rows = list(frame.index[bad])
        for row in rows[:MAX_ROW_PROBLEMS]:
            value = frame.at[row, column] if not isinstance(frame.at[row, column], pd.Series) else "?"
            problems.append(Problem(_number_message(value, what, minimum, maximum),
                                    fix=_number_fix(what, minimum, maximum), source=name, row=int(row), field=column))
        problems += more_problems(f"a value that is not {what}", len(rows), MAX_ROW_PROBLEMS, name, column)
        if not rows:
            frame[column] = values.astype("int64") if integer else values.astype(float)
    return problems


def _number_message(value, what, minimum, maximum) -> str:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
    if text == "" or str(value) in ("<NA>", "nan"):
        return f"The cell is empty; it should be {what}."
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return f"'{text}' is not {what}."
    if minimum is not None and number < minimum:
        return f"{text} is below {minimum}; it should be {what}."
    if maximum is not None and number > maximum:
        return f"{text} is above {maximum}; it should be {what}."
    return f"{text} is not {what}."


def _number_fix(what, minimum, maximum) -> str:
    if minimum == 0 and maximum is None:
        return "Type a count of 0 or more, with digits only (no words, dashes or symbols)."
    if minimum is not None and maximum is not None:
        return f"Type a whole number from {minimum} to {maximum}."
    return "Type a number, with digits only."
