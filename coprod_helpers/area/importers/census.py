"""Import Census 2021 population tables: ethnic group (TS021) and age bands.

Two layouts are read:

* wide, one row per area: a code column, one column per group and maybe a total
  (the GLA LSOA ethnic-group table; the ``age6`` LSOA file; Nomis bulk files);
* long, one row per area and group: the ONS "create a custom dataset" download
  (``... Code, ..., Ethnic group (20 categories) Code, Ethnic group (20 categories), Observation``).
"""
from __future__ import annotations

from ...errors import InputError, Problem
from ...tables import read_table
from ..groups import AGE_BANDS, ETHNIC_GROUPS, is_ignored_label, match_age_band, match_ethnic_group
from .common import (CODE_ALIASES, MAX_ROW_PROBLEMS, ONS_ATTRIBUTION, check_codes, code_vintage, file_name,
                     find_column, key, more_problems, to_numbers)

_TOTAL_KEYS = ("allusualresidents", "total", "allpersons", "allpeople")
_VALUE_ALIASES = ("Observation", "Count", "value", "population", "persons")
_LA_PREFIXES = ("E06", "E07", "E08", "E09", "W06")


def import_ethnicity(path):
    """Read Census 2021 population by ethnic group (TS021, 19 groups).

    Parameters
    ----------
    path : path, bytes or pandas.DataFrame
        The wide LSOA table (``lsoa21cd``, ``All usual residents``, ``White British`` ...) or
        the ONS long custom-dataset table (LSOA or local-authority level).

    Returns
    -------
    pandas.DataFrame
        Long: ``code, ethnic_group, population``; the index is the spreadsheet row.
        ``attrs["geography"]`` is "local authority" when the codes are local authorities
        (such a table gives borough totals, not small areas).

    Examples
    --------
    >>> eth = import_ethnicity("ts021_ethnic_group_lsoa21_newham.csv")     # doctest: +SKIP
    >>> eth.groupby("ethnic_group")["population"].sum()                    # doctest: +SKIP
    """
    return _import(path, "ethnic_group", ETHNIC_GROUPS, match_ethnic_group, "ethnic", "ethnic group")


def import_age_bands(path):
    """Read Census 2021 usual residents by the 6 age bands (0-15, 16-24, 25-34, 35-49, 50-64, 65+).

    Parameters
    ----------
    path : path, bytes or pandas.DataFrame
        The wide ``age6`` table (``lsoa21_code``, ``Aged 15 years and under`` ...) or the ONS
        long custom-dataset table with "Age (6 categories)".

    Returns
    -------
    pandas.DataFrame
        Long: ``code, age_band, population``; the index is the spreadsheet row.
    """
    return _import(path, "age_band", AGE_BANDS, match_age_band, "age", "age band")


def _import(path, column, labels, match, label_key, what):
    name = file_name(path)
    df = read_table(path, name)
    df.index = range(2, len(df) + 2)
    value_col = find_column(df.columns, _VALUE_ALIASES)
    label_col = next((c for c in df.columns if label_key in key(c) and not key(c).endswith("code")), None)
    if value_col is not None and label_col is not None:
        out, code_col = _from_long(df, name, column, labels, match, label_col, value_col, what)
    else:
        out, code_col = _from_wide(df, name, column, labels, match, what)
    codes = out["code"].drop_duplicates()
    is_la = "localauthorit" in key(code_col) or (len(codes) and codes.str[:3].isin(_LA_PREFIXES).all())
    out.attrs.update(source=name, code_column=code_col, code_vintage=code_vintage(code_col),
                     attribution=[ONS_ATTRIBUTION], geography="local authority" if is_la else "small area")
    return out


def _code_column(df, name, exclude=()):
    col = find_column(df.columns, CODE_ALIASES, exclude=exclude)
    if col is None:
        col = next((c for c in df.columns if key(c).endswith("code") and not any(x in key(c) for x in exclude)), None)
    if col is None:
        raise InputError(Problem("No column holds the area codes (such as lsoa21cd).",
                                 fix=f"Name the code column 'lsoa21cd'. The columns are: {', '.join(df.columns[:25])}.",
                                 source=name, row=1, field="lsoa21cd"))
    return col


def _from_wide(df, name, column, labels, match, what):
    code_col = _code_column(df, name)
    mapped, problems = {}, []
    for col in df.columns:
        label = match(col)
        if label is None:
            continue
        if label in mapped:
            problems.append(Problem(f"The columns '{mapped[label]}' and '{col}' are both the {what} '{label}'.",
                                    fix="Keep one of them.", source=name, row=1, field=col))
        mapped.setdefault(label, col)
    for label in labels:
        if label not in mapped:
            problems.append(Problem(f"No column holds the {what} '{label}'.",
                                    fix=f"Add a column headed '{label}' (Census spellings such as the GLA or ONS "
                                    "headings also work). Check the heading is spelled as in the Census table.",
                                    source=name, row=1, field=label))
    if problems:
        raise InputError(problems)
    problems = check_codes(df, code_col, name)
    group_cols = [mapped[label] for label in labels]
    problems += to_numbers(df, group_cols, name, integer=True, minimum=0, what="a count of people")
    total_col = next((c for c in df.columns if c not in group_cols and c != code_col
                      and any(key(c).endswith(t) for t in _TOTAL_KEYS)), None)
    if total_col and not problems:
        problems += to_numbers(df, [total_col], name, integer=True, minimum=0, what="a count of people")
        if not problems:
            problems += _check_totals(df, group_cols, total_col, name, what)
    if problems:
        raise InputError(problems)
    wide = df[[code_col, *group_cols]].copy()
    wide.columns = ["code", *labels]
    wide["code"] = wide["code"].astype(str).str.strip()
    out = wide.reset_index(names="_row").melt(id_vars=["_row", "code"], var_name=column, value_name="population")
    out["_order"] = out[column].map({label: i for i, label in enumerate(labels)})
    out = out.sort_values(["_row", "_order"]).set_index("_row").drop(columns="_order")
    out.index.name = None
    out["population"] = out["population"].astype("int64")
    return out, code_col


def _check_totals(df, group_cols, total_col, name, what):
    diff = df[group_cols].sum(axis=1) - df[total_col]
    rows = list(df.index[diff != 0])
    problems = [Problem(f"The {what} columns add up to {int(df.loc[r, group_cols].sum())}, but '{total_col}' says "
                        f"{int(df.at[r, total_col])}.", fix="Check this row's numbers against the original table.",
                        source=name, row=int(r), field=total_col) for r in rows[:MAX_ROW_PROBLEMS]]
    return problems + more_problems("totals that do not add up", len(rows), MAX_ROW_PROBLEMS, name, total_col)


def _from_long(df, name, column, labels, match, label_col, value_col, what):
    import pandas as pd

    code_col = _code_column(df, name, exclude=(key(label_col)[:6], "ethnic", "age"))
    problems = check_codes_long(df, code_col, name)
    label_text = df[label_col].astype(str).str.strip()
    mapped = label_text.map(match)
    ignored = mapped.isna() & label_text.map(is_ignored_label)
    unknown = mapped.isna() & ~ignored
    for row in list(df.index[unknown])[:MAX_ROW_PROBLEMS]:
        problems.append(Problem(f"'{label_text[row]}' is not a Census {what} the workbook knows.",
                                fix=f"Use one of: {', '.join(labels)}.", source=name, row=int(row), field=label_col))
    problems += more_problems(f"an unknown {what}", int(unknown.sum()), MAX_ROW_PROBLEMS, name, label_col)
    kept = df.loc[~ignored, [code_col, value_col]].copy()
    problems += to_numbers(kept, [value_col], name, integer=True, minimum=0, what="a count of people")
    if problems:
        raise InputError(problems)
    out = pd.DataFrame({"code": kept[code_col].astype(str).str.strip(), column: mapped[~ignored],
                        "population": kept[value_col].astype("int64")}, index=kept.index)
    dup = out.duplicated(["code", column], keep="first")
    for row in list(out.index[dup])[:MAX_ROW_PROBLEMS]:
        problems.append(Problem(f"Area {out.at[row, 'code']} has '{out.at[row, column]}' more than once.",
                                fix="Keep one row for each area and group.", source=name, row=int(row), field=label_col))
    counts = out.groupby("code", sort=False)[column].nunique()
    for code in list(counts.index[counts < len(labels)])[:MAX_ROW_PROBLEMS]:
        have = set(out.loc[out["code"] == code, column])
        gap = next(label for label in labels if label not in have)
        problems.append(Problem(f"Area {code} has no row for the {what} '{gap}'.",
                                fix="Download the table again with every category ticked.", source=name,
                                row=int(out.index[out["code"] == code][0]), field=label_col))
    if problems:
        raise InputError(problems)
    order = {label: i for i, label in enumerate(labels)}
    first = {c: i for i, c in enumerate(out["code"].drop_duplicates())}
    out = out.assign(_c=out["code"].map(first), _o=out[column].map(order)).sort_values(["_c", "_o"])
    return out.drop(columns=["_c", "_o"]), code_col


def check_codes_long(df, code_col, name):
    """Empty codes in a long table (codes repeat there, so only emptiness is checked)."""
    codes = df[code_col].astype("string").str.strip()
    empty = codes.isna() | (codes == "")
    problems = [Problem("The code is empty.", fix="Fill in the area code, or delete the row.", source=name,
                        row=int(r), field=code_col) for r in list(df.index[empty])[:MAX_ROW_PROBLEMS]]
    return problems + more_problems("an empty code", int(empty.sum()), MAX_ROW_PROBLEMS, name, code_col)
