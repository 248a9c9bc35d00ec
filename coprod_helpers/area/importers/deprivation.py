"""Import the English Indices of Deprivation (IoD 2025 or IMD 2019) for small areas."""
from __future__ import annotations

from ...errors import InputError, Problem
from ...tables import read_table
from .common import CODE_ALIASES, OGL_ATTRIBUTION, check_codes, code_vintage, file_name, find_column, to_numbers

_ALIASES = {
    "code": CODE_ALIASES,
    "imd_score": ("imd_score", "IMDScore", "Index of Multiple Deprivation (IMD) Score", "IMD score"),
    "imd_rank": ("imd_rank", "IMD_Rank", "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
                 "Index of Multiple Deprivation (IMD) Rank", "IMD rank"),
    "imd_decile": ("imd_decile", "IMD_Decile",
                   "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
                   "Index of Multiple Deprivation (IMD) Decile", "IMD decile"),
}
ENGLAND_LSOAS_MAX = 40_000


def import_deprivation(path):
    """Read IMD score, rank and decile per small area.

    Accepts the IoD 2025 LSOA file (``lsoa21_code, IMD_score, IMD_rank, IMD_decile``), the
    IMD 2019 GIS table (``lsoa11cd, IMDScore, IMD_Rank, IMD_Decile``) and the official
    spreadsheets' headings (``LSOA code (2011)``, ``Index of Multiple Deprivation (IMD) Score``
    ...). Rank 1 and decile 1 are the most deprived.

    Parameters
    ----------
    path : path, bytes or pandas.DataFrame
        A CSV or Excel file (for the official workbook, save the IMD sheet as CSV first).

    Returns
    -------
    pandas.DataFrame
        ``code, imd_score, imd_rank, imd_decile``; the index is the spreadsheet row.
        ``attrs["code_vintage"]`` is "2011" or "2021" when the heading says so.
    """
    name = file_name(path)
    df = read_table(path, name)
    found = {canonical: find_column(df.columns, aliases) for canonical, aliases in _ALIASES.items()}
    missing = [c for c, col in found.items() if col is None]
    if missing:
        raise InputError([Problem(f"No column holds the {_describe(c)}.",
                                  fix=f"Name it '{_ALIASES[c][0]}' (or '{_ALIASES[c][1]}'). The columns are: "
                                  f"{', '.join(df.columns[:30])}.", source=name, row=1, field=_ALIASES[c][0])
                          for c in missing])
    df.index = range(2, len(df) + 2)
    out = df[[found[c] for c in _ALIASES]].copy()
    problems = check_codes(out, found["code"], name)
    problems += to_numbers(out, [found["imd_score"]], name, what="a number (the IMD score)")
    problems += to_numbers(out, [found["imd_rank"]], name, integer=True, minimum=1, maximum=ENGLAND_LSOAS_MAX,
                           what="a whole number from 1 (most deprived)")
    problems += to_numbers(out, [found["imd_decile"]], name, integer=True, minimum=1, maximum=10,
                           what="a whole number from 1 to 10")
    if problems:
        raise InputError(problems)
    out.columns = list(_ALIASES)
    out["code"] = out["code"].astype(str).str.strip()
    out.attrs.update(source=name, code_column=found["code"], code_vintage=code_vintage(found["code"]),
                     attribution=[OGL_ATTRIBUTION])
    return out


def _describe(canonical: str) -> str:
    return {"code": "small-area codes (such as lsoa21_code)", "imd_score": "IMD score",
            "imd_rank": "IMD rank", "imd_decile": "IMD decile"}[canonical]
