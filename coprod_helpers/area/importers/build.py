"""Put a team's own files together into an :class:`~coprod_helpers.area.model.Area`.

:func:`build_area` imports each file, checks that they agree with the boundaries (same
codes, same LSOA vintage), and returns an area only when everything is right, so a
half-imported area never reaches the workbook.
"""
from __future__ import annotations

from ...errors import InputError, Problem
from ..model import Area, check_area
from .boundaries import import_boundaries
from .census import import_age_bands, import_ethnicity
from .common import LSOA_VINTAGE_FIX, MAX_ROW_PROBLEMS, file_name
from .deprivation import import_deprivation
from .postcodes import import_postcodes

#: Population tables for the same place may differ a little (ONS perturbs each table); more than this is a mistake.
TOTALS_TOLERANCE = 0.2


def build_area(*, boundaries, name: str, deprivation=None, ethnicity=None, ages=None, postcodes=None,
               code: str | None = None, attributions=None, make_valid: bool = False, crs=None) -> Area:
    """Build an area from the open files a team has, checking that they agree.

    Each file can be a path or a table already read with the matching ``import_*``
    function. Tables that cover more than the boundaries (for example the whole of
    England) are cut down to the boundaries' small areas; postcodes are kept where they
    fall inside a small area, and given its code.

    Parameters
    ----------
    boundaries : path or GeoDataFrame
        Small-area polygons (see :func:`import_boundaries`).
    name : str
        The area's name, for example "Newham".
    deprivation, ethnicity, ages, postcodes : path or DataFrame, optional
        IoD / IMD table, Census TS021 ethnic group table (small-area level), Census age
        bands, postcode centroids. A missing one gives an empty table.
    code : str, optional
        The local authority code; taken from the boundaries (e.g. ``LAD22CD``) when it has one.
    attributions : list of str, optional
        Extra lines to show with the data; the usual ONS/OS/OGL lines are added for you.
    make_valid, crs
        Passed to :func:`import_boundaries`.

    Returns
    -------
    Area

    Raises
    ------
    InputError
        Listing every problem found in every file (file, row, column, what to do).

    Examples
    --------
    >>> area = build_area(boundaries="newham_lsoa21.geojson", name="Newham",          # doctest: +SKIP
    ...                   deprivation="iod2025_lsoa21_newham.csv",
    ...                   ethnicity="ts021_ethnic_group_lsoa21_newham.csv",
    ...                   ages="age6_usual_residents_lsoa21_newham.csv",
    ...                   postcodes="newham_postcodes_codepoint_open_2025_4.csv")
    >>> save_area(area, "~/my-team/area")                                              # doctest: +SKIP
    """
    problems: list[Problem] = []
    bounds = _run(lambda: boundaries if _is_frame(boundaries) else
                  import_boundaries(boundaries, make_valid=make_valid, crs=crs), problems)
    tables = {}
    for label, value, importer in (("deprivation", deprivation, import_deprivation),
                                   ("ethnicity", ethnicity, import_ethnicity),
                                   ("ages", ages, import_age_bands),
                                   ("postcodes", postcodes, import_postcodes)):
        if value is not None:
            tables[label] = _run(lambda v=value, f=importer: v if _is_frame(v) else f(v), problems)
    if bounds is None:
        raise InputError(problems)
    codes = list(bounds["code"])
    for label in ("deprivation", "ethnicity", "ages"):
        table = tables.get(label)
        if table is not None:
            problems += check_codes_match(table, bounds)
    if problems:
        raise InputError(problems)
    kept = {label: tables[label][tables[label]["code"].isin(set(codes))] for label in ("deprivation", "ethnicity", "ages")
            if tables.get(label) is not None}
    if "ethnicity" in kept and "ages" in kept:
        problems += _check_totals_agree(kept["ethnicity"], kept["ages"], tables["ethnicity"], tables["ages"])
    located = None
    if tables.get("postcodes") is not None:
        located = locate_postcodes(tables["postcodes"], bounds)
        if located.empty:
            problems.append(Problem("None of the postcodes falls inside the boundaries.",
                                    fix="Check the postcode file is for this area, and that its coordinates are "
                                    "right (latitude/longitude, or eastings/northings).",
                                    source=file_name(tables["postcodes"])))
    if problems:
        raise InputError(problems)
    area = Area(name=name, code=code or bounds.attrs.get("district_code") or "", is_fictional=False,
                attributions=_attributions([bounds, *tables.values()], attributions),
                small_areas=bounds[["code", "name", "geometry"]].reset_index(drop=True),
                population_by_ethnicity=_ordered(kept.get("ethnicity"), codes, ("code", "ethnic_group", "population")),
                population_by_age=_ordered(kept.get("ages"), codes, ("code", "age_band", "population")),
                deprivation=_ordered(kept.get("deprivation"), codes, ("code", "imd_score", "imd_rank", "imd_decile")),
                postcodes=_empty_postcodes() if located is None else located,
                notes=_notes(bounds, tables))
    check_area(area, source=name)
    return area


def check_codes_match(table, bounds) -> list[Problem]:
    """Problems when ``table`` does not have a row for every small area in ``bounds``.

    Says when the two use different LSOA vintages (2011 and 2021) and how to fix it.
    """
    name = file_name(table)
    column = table.attrs.get("code_column", "code")
    if table.attrs.get("geography") == "local authority":
        return [Problem("This table is for whole local authorities, not small areas.",
                        fix="Use the small-area (LSOA) version of the table; the local-authority table gives "
                        "borough totals only.", source=name, field=column)]
    have = set(table["code"])
    wanted = list(bounds["code"])
    missing = [c for c in wanted if c not in have]
    if not missing:
        return []
    problems = []
    t_vintage, b_vintage = table.attrs.get("code_vintage"), bounds.attrs.get("code_vintage")
    example = ", ".join(missing[:3])
    if t_vintage and b_vintage and t_vintage != b_vintage:
        problems.append(Problem(f"This file uses LSOA {t_vintage} codes but the boundaries "
                                f"({file_name(bounds)}) use LSOA {b_vintage} codes, so {len(missing)} of the "
                                f"{len(wanted)} small areas have no row (e.g. {example}).", fix=LSOA_VINTAGE_FIX,
                                source=name, row=1, field=column))
        return problems
    problems.append(Problem(f"{len(missing)} of the {len(wanted)} small areas in the boundaries are missing from "
                            f"this file (e.g. {example}).",
                            fix="Check the file covers the same place and uses the same codes as the boundaries "
                            f"({file_name(bounds)}).", source=name, field=column))
    stray = table.loc[~table["code"].isin(set(wanted))].drop_duplicates("code")
    if len(stray) <= 5 * MAX_ROW_PROBLEMS:
        for row, code in list(zip(stray.index, stray["code"]))[:MAX_ROW_PROBLEMS]:
            problems.append(Problem(f"The code {code} is not in the boundaries.",
                                    fix="Correct the code. It may be an LSOA 2011 code (IMD 2019 and older tables use "
                                    "them) mixed in with 2021 codes. " + LSOA_VINTAGE_FIX, source=name,
                                    row=int(row), field=column))
    return problems


def locate_postcodes(postcodes, bounds):
    """Postcodes that fall inside a small area, with its ``code`` (point in polygon)."""
    import geopandas as gpd

    points = gpd.GeoDataFrame(postcodes[["postcode", "latitude", "longitude"]].reset_index(drop=True),
                              geometry=gpd.points_from_xy(postcodes["longitude"], postcodes["latitude"]),
                              crs="EPSG:4326")
    joined = gpd.sjoin(points, bounds[["code", "geometry"]].reset_index(drop=True), how="inner",
                       predicate="within")
    joined = joined.sort_index().drop_duplicates("postcode")
    return joined[["postcode", "latitude", "longitude", "code"]].sort_values("postcode", ignore_index=True)


def _check_totals_agree(eth, ages, eth_src, age_src) -> list[Problem]:
    a = eth.groupby("code")["population"].sum()
    b = ages.groupby("code")["population"].sum().reindex(a.index)
    far = (a - b).abs() > TOTALS_TOLERANCE * a.clip(lower=1)
    far &= (a - b).abs() > 50
    if not far.any():
        return []
    code = far[far].index[0]
    return [Problem(f"The ethnic group and age tables disagree on how many people live in {int(far.sum())} small "
                    f"area(s), e.g. {code}: {int(a[code])} against {int(b[code])}.",
                    fix="Check both tables are Census 2021 usual residents for the same areas.",
                    source=f"{file_name(eth_src)} / {file_name(age_src)}", field="population")]


def _run(step, problems):
    try:
        return step()
    except InputError as err:
        problems.extend(err.problems)
        return None


def _is_frame(value) -> bool:
    return hasattr(value, "columns") and hasattr(value, "attrs")


def _ordered(table, codes, columns):
    import pandas as pd

    if table is None:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("population", "imd_rank", "imd_decile")
                                          else float if c == "imd_score" else str) for c in columns})
    position = {c: i for i, c in enumerate(codes)}
    out = table.loc[:, list(columns)].copy()
    out["_p"] = out["code"].map(position)
    return out.sort_values("_p", kind="stable").drop(columns="_p").reset_index(drop=True)


def _empty_postcodes():
    import pandas as pd

    return pd.DataFrame({"postcode": pd.Series(dtype=str), "latitude": pd.Series(dtype=float),
                         "longitude": pd.Series(dtype=float), "code": pd.Series(dtype=str)})


def _attributions(frames, extra) -> list[str]:
    lines = []
    for frame in frames:
        for line in (frame.attrs.get("attribution") or []) if frame is not None else []:
            if line not in lines:
                lines.append(line)
    return lines + [x for x in (extra or []) if x not in lines]


def _notes(bounds, tables) -> list[str]:
    notes = [f"Boundaries from {file_name(bounds)}."]
    for label, table in tables.items():
        if table is not None:
            notes.append(f"{label.capitalize()} from {file_name(table)}.")
    return notes
