"""Safe tabular exports: CSV and Excel that cannot run formulas when opened.

Text that people typed may start with ``=``, ``+``, ``-``, ``@`` or a tab, which a
spreadsheet would run as a formula (CSV/formula injection). :func:`neutralise_formulas`
prefixes such cells with an apostrophe, as OWASP recommends; numbers are left as numbers.
"""
from __future__ import annotations

import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_cell(value):
    """Return ``value`` made safe for a spreadsheet cell.

    Examples
    --------
    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell(-3)
    -3
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_formulas(df):
    """A copy of ``df`` where every text cell (and header) is safe to open in a spreadsheet."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith(("string", "str")):
            out[col] = out[col].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def to_safe_csv(df, path=None, **kwargs) -> str | None:
    """Write ``df`` as UTF-8 CSV (with BOM, so Excel reads accents) after neutralising formulas."""
    safe = neutralise_formulas(df)
    if path is None:
        return safe.to_csv(index=False, **kwargs)
    safe.to_csv(path, index=False, encoding="utf-8-sig", **kwargs)
    return None


def to_safe_xlsx(sheets, path=None) -> bytes | None:
    """Write one or more DataFrames (``{sheet name: df}``) to .xlsx with formulas neutralised.

    Cells are written as text or numbers, never as formulas. Returns the bytes when
    ``path`` is None.
    """
    import pandas as pd

    if not isinstance(sheets, dict):
        sheets = {"Sheet1": sheets}
    buffer = io.BytesIO() if path is None else path
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, df in sheets.items():
            neutralise_formulas(df).to_excel(writer, sheet_name=str(name)[:31], index=False)
        for ws in writer.book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # openpyxl guesses formulas from a leading '='
                        cell.data_type = "s"
    return buffer.getvalue() if path is None else None
