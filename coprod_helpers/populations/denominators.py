"""Denominators: how many people are in each group, from Census tables or the area's data.

Census tables come at many levels (small area, local authority). :func:`aggregate_population`
adds them up to any level: England, a region, a list of areas, or any lookup you give it.
"""
from __future__ import annotations

import pandas as pd

from ..errors import InputError, Problem
from ..tables import read_table, require_columns

#: Group types that the area's own population tables can give denominators for.
AREA_GROUP_TYPES = ("ethnicity", "age_band", "imd_decile", "imd_quintile", "small_area", "all")


def read_census_ethnicity(source, name: str | None = None) -> pd.DataFrame:
    """Read an ONS Census 2021 TS021 long table (any geography) into ``code, name, ethnic_group, population``.

    The group labels are turned into the workbook's labels (see
    :func:`coprod_helpers.area.groups.match_ethnic_group`); "Does not apply" rows are dropped.
    """
    from ..area.groups import is_ignored_label, match_ethnic_group

    raw = read_table(source, name)
    code_col = next((c for c in raw.columns if c.lower().endswith(" code") and "ethnic" not in c.lower()), None)
    group_col = next((c for c in raw.columns if "ethnic" in c.lower() and not c.lower().endswith("code")), None)
    if code_col is None or group_col is None or "Observation" not in raw.columns:
        raise InputError(Problem("This does not look like a Census TS021 long table.",
                                 fix="It needs an area code column, an ethnic group column and 'Observation'.",
                                 source=name, row=1))
    name_col = next((c for c in raw.columns if c not in (code_col, group_col, "Observation")
                     and "ethnic" not in c.lower()), None)
    out = pd.DataFrame({"code": raw[code_col].str.strip(),
                        "name": raw[name_col].str.strip() if name_col else raw[code_col],
                        "label": raw[group_col].str.strip(),
                        "population": pd.to_numeric(raw["Observation"], errors="coerce")})
    out = out[~out["label"].map(is_ignored_label)]
    out["ethnic_group"] = out["label"].map(match_ethnic_group)
    unknown = out[out["ethnic_group"].isna()]
    if len(unknown):
        raise InputError(Problem(f"The ethnic group '{unknown['label'].iloc[0]}' is not a Census 2021 group.",
                                 fix="Use the ONS TS021 table with 20 categories.", source=name,
                                 row=int(unknown.index[0]) + 2, field=group_col))
    return out.drop(columns="label").reset_index(drop=True)


def aggregate_population(table: pd.DataFrame, *, to="all", by=("ethnic_group",), code_col: str = "code",
                         value_col: str = "population", level_name: str | None = None) -> pd.DataFrame:
    """Add up a population table to a higher level.

    Parameters
    ----------
    table : DataFrame
        Long table with ``code``, the ``by`` columns and ``population``.
    to : str, dict, DataFrame or list
        * ``"england"`` / ``"wales"``: areas whose code starts with E / W, as one area;
        * ``"all"``: every row as one area;
        * a dict ``{code: parent code}`` or a DataFrame with ``code, parent``: sum to each parent;
        * a list of codes: just those, as one area.
    by : tuple of str
        Columns to keep (the groups).

    Returns
    -------
    DataFrame
        ``code`` (the parent level), the ``by`` columns and ``population``.

    Examples
    --------
    >>> t = pd.DataFrame({"code": ["E1", "E2", "W1"], "ethnic_group": ["A", "A", "A"], "population": [1, 2, 4]})
    >>> aggregate_population(t, to="england")["population"].tolist()
    [3]
    """
    t = table.copy()
    t[value_col] = pd.to_numeric(t[value_col], errors="coerce")
    codes = t[code_col].astype(str)
    if isinstance(to, str):
        key = to.lower()
        prefixes = {"england": "E", "wales": "W", "scotland": "S", "northern ireland": "N"}
        if key in prefixes:
            t = t[codes.str.startswith(prefixes[key])]
            parent = pd.Series(level_name or to.title(), index=t.index)
        elif key == "all":
            parent = pd.Series(level_name or "All", index=t.index)
        else:
            raise ValueError("to must be 'england', 'wales', 'all', a lookup or a list of codes.")
    elif isinstance(to, pd.DataFrame):
        lookup = dict(zip(to["code"].astype(str), to["parent"].astype(str)))
        parent = codes.map(lookup)
    elif isinstance(to, dict):
        parent = codes.map({str(k): v for k, v in to.items()})
    else:
        wanted = {str(c) for c in to}
        t = t[codes.isin(wanted)]
        parent = pd.Series(level_name or "Selected areas", index=t.index)
    t = t.assign(**{code_col: parent}).dropna(subset=[code_col])
    return t.groupby([code_col, *by], as_index=False, sort=False)[value_col].sum()


def area_denominators(area, group_type: str) -> pd.DataFrame:
    """People in each group across the whole area: ``group, population``.

    ``group_type`` is one of :data:`AREA_GROUP_TYPES`. Deciles and quintiles come from the
    small areas' deprivation decile (1 = most deprived), adding up their people.
    """
    if group_type == "ethnicity":
        t = area.population_by_ethnicity.groupby("ethnic_group", as_index=False, sort=False)["population"].sum()
        return t.rename(columns={"ethnic_group": "group"})
    if group_type == "age_band":
        t = area.population_by_age.groupby("age_band", as_index=False, sort=False)["population"].sum()
        return t.rename(columns={"age_band": "group"})
    totals = area.population_totals()
    if group_type == "small_area":
        return totals.rename(columns={"code": "group"})[["group", "population"]]
    if group_type == "all":
        return pd.DataFrame({"group": ["All"], "population": [totals["population"].sum()]})
    if group_type in ("imd_decile", "imd_quintile"):
        t = totals.merge(area.deprivation[["code", "imd_decile"]], on="code")
        t["group"] = t["imd_decile"].astype(int)
        if group_type == "imd_quintile":
            t["group"] = (t["group"] + 1) // 2
        t = t.groupby("group", as_index=False)["population"].sum().sort_values("group")
        t["group"] = t["group"].astype(str)
        return t
    raise InputError(Problem(f"The area has no population by '{group_type}'.",
                             fix="Give the denominators in a 'population' column of your file instead.",
                             field="group_type"))


def read_denominators(source, name: str | None = None) -> pd.DataFrame:
    """Read a team's own denominators: a file with ``group, population`` columns."""
    t = require_columns(read_table(source, name), ["group", "population"], name or "denominators",
                        aliases={"population": ["denominator", "count", "people"]})
    t["population"] = pd.to_numeric(t["population"], errors="coerce")
    return t[["group", "population"]]
