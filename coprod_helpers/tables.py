"""Reading people's spreadsheets (CSV or Excel) with errors they can act on.

Every importer in the workbook reads files through :func:`read_table` and checks columns
with :func:`require_columns`, so a bad file always gets the same kind of message: which
file, which row, which column, and what to do.
"""
from __future__ import annotations

import difflib
import io
import math
import os
from pathlib import Path

from .errors import InputError, Problem

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt"}


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(Problem(
            "The file is not saved as UTF-8 text, so some letters cannot be read.",
            fix="In Excel use 'Save As' and choose 'CSV UTF-8 (Comma delimited)', then upload it again.",
            source=name, row=line)) from None


def read_table(source, name: str | None = None, *, sheet=0, dtype=str):
    """Read a CSV or Excel file into a DataFrame of text, with clear errors.

    Parameters
    ----------
    source : path, bytes, file-like or pandas.DataFrame
        The file. Bytes (from an upload) need ``name`` to tell CSV from Excel.
    name : str, optional
        The file name shown in messages.
    sheet : int or str
        The Excel sheet to read.
    dtype : type
        Column type; text by default so that codes such as ``E01000001`` and
        postcodes are kept as typed.

    Returns
    -------
    pandas.DataFrame
        With column names stripped of spaces. An empty file raises :class:`InputError`.
    """
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        df = source.copy()
        df.columns = [str(c).strip() for c in df.columns]
        return df
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = name or path.name
        if not path.exists():
            raise InputError(Problem("The file was not found.", fix=f"Check the path: {path}", source=name))
        raw = path.read_bytes()
    elif isinstance(source, (bytes, bytearray, memoryview)):
        raw = bytes(source)
        name = name or "uploaded file"
    else:
        raw = source.read()
        name = name or getattr(source, "name", "uploaded file")
    suffix = Path(name).suffix.lower()
    if not raw.strip():
        raise InputError(Problem("The file is empty.", fix="Check you chose the right file, and that it was saved with its rows.",
                                 source=name))
    if suffix in EXCEL_SUFFIXES or raw[:4] == b"PK\x03\x04":
        try:
            df = pd.read_excel(io.BytesIO(raw), sheet_name=sheet, dtype=dtype)
        except Exception as err:  # openpyxl raises many kinds
            raise InputError(Problem(f"The Excel file could not be read ({type(err).__name__}).",
                                     fix="Open it in Excel, save it again as .xlsx, and upload it again.",
                                     source=name)) from None
    else:
        text = _decode(raw, name)
        try:
            df = pd.read_csv(io.StringIO(text), dtype=dtype, keep_default_na=False, na_values=[""],
                             skipinitialspace=True)
        except pd.errors.EmptyDataError:
            raise InputError(Problem("The file has no rows or columns.", fix="Check you chose the right file.",
                                     source=name)) from None
        except pd.errors.ParserError as err:
            raise InputError(Problem(f"The file is not a well-formed CSV table ({err}).",
                                     fix="Check that every row has the same number of commas, and that text with commas is in quotes.",
                                     source=name)) from None
    df.columns = [str(c).strip() for c in df.columns]
    if df.empty:
        raise InputError(Problem("The file has a header row but no data rows.", fix="Add the data under the headings.",
                                 source=name))
    return df


def _key(col: str) -> str:
    return "".join(ch for ch in col.lower() if ch.isalnum())


def require_columns(df, required, name: str, *, optional=(), aliases: dict | None = None):
    """Check that ``df`` has the ``required`` columns and rename close matches to them.

    Matching ignores case, spaces and punctuation, and accepts ``aliases`` (a mapping of
    canonical name to other accepted names). Missing columns raise one
    :class:`InputError` naming each, with the nearest heading found as a hint.

    Returns
    -------
    pandas.DataFrame
        A copy with canonical column names.
    """
    aliases = aliases or {}
    by_key = {_key(c): c for c in df.columns}
    rename, problems = {}, []
    for canonical in list(required) + list(optional):
        candidates = [canonical, *aliases.get(canonical, [])]
        found = next((by_key[_key(c)] for c in candidates if _key(c) in by_key), None)
        if found is not None:
            rename[found] = canonical
        elif canonical in required:
            close = difflib.get_close_matches(canonical, list(df.columns), n=1, cutoff=0.5)
            hint = f" The nearest heading is '{close[0]}'; rename it to '{canonical}'." if close else ""
            problems.append(Problem(f"The column '{canonical}' is missing.",
                                    fix=f"Add a column headed '{canonical}'.{hint}", source=name, row=1,
                                    field=canonical))
    if problems:
        raise InputError(problems)
    return df.rename(columns=rename)


def spreadsheet_row(index: int) -> int:
    """The row number a person sees in a spreadsheet for a 0-based data row (header is row 1)."""
    return int(index) + 2


def finite_number(value) -> float | None:
    """``value`` as a float, or None when it is missing, not a number, NaN or infinite."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
