"""The :class:`Area`: a place's small areas, who lives there, and its postcodes.

Every step of the workbook reads the same :class:`Area`, whether it is the fictional demo
borough or a team's own borough built from the real open files
(see :mod:`coprod_helpers.area.importers`). Heavy libraries are imported only when used.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InputError, Problem
from .groups import AGE_BANDS, ETHNIC_GROUPS

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import pandas

SMALL_AREA_COLUMNS = ("code", "name", "geometry")
ETHNICITY_COLUMNS = ("code", "ethnic_group", "population")
AGE_COLUMNS = ("code", "age_band", "population")
DEPRIVATION_COLUMNS = ("code", "imd_score", "imd_rank", "imd_decile")
POSTCODE_COLUMNS = ("postcode", "latitude", "longitude", "code")


@dataclass
class Area:
    """A place made of small areas (LSOAs or similar), with its people and postcodes.

    Attributes
    ----------
    name : str
        For example "Newham" or "Riverside Vale (fictional)".
    code : str
        The local authority code, for example "E09000025" (fictional areas start with "Z").
    is_fictional : bool
        True for made-up demo data, which must never be read as facts about a real place.
    attributions : list of str
        Lines to show wherever the data is shown (licences and sources).
    small_areas : geopandas.GeoDataFrame
        ``code, name, geometry`` in WGS84 (EPSG:4326), one row per small area.
    population_by_ethnicity : pandas.DataFrame
        Long table ``code, ethnic_group, population``; the 19 groups of
        :data:`~coprod_helpers.area.groups.ETHNIC_GROUPS` for every small area.
    population_by_age : pandas.DataFrame
        Long table ``code, age_band, population``; the 6 bands of
        :data:`~coprod_helpers.area.groups.AGE_BANDS`.
    deprivation : pandas.DataFrame
        ``code, imd_score, imd_rank, imd_decile``; rank 1 and decile 1 are the most deprived.
    postcodes : pandas.DataFrame
        ``postcode, latitude, longitude, code``: postcode centroids and the small area
        they fall in. Postcodes are written "AB1 2CD".
    """

    name: str
    code: str
    is_fictional: bool
    attributions: list[str]
    small_areas: "geopandas.GeoDataFrame"
    population_by_ethnicity: "pandas.DataFrame"
    population_by_age: "pandas.DataFrame"
    deprivation: "pandas.DataFrame"
    postcodes: "pandas.DataFrame"
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        kind = "fictional" if self.is_fictional else "real"
        return (f"Area({self.name!r}, code={self.code!r}, {kind}, {len(self.small_areas)} small areas, "
                f"{len(self.postcodes)} postcodes)")

    @property
    def codes(self) -> list[str]:
        """The small-area codes, in order."""
        return list(self.small_areas["code"])

    def population_totals(self) -> "pandas.DataFrame":
        """People per small area (``code, population``), summed over the ethnic groups.

        Falls back to the age bands when there is no ethnicity table.
        """
        table = self.population_by_ethnicity if len(self.population_by_ethnicity) else self.population_by_age
        totals = table.groupby("code", sort=False)["population"].sum()
        return totals.reindex(self.codes).fillna(0).astype("int64").rename_axis("code").reset_index()

    def copy(self) -> "Area":
        """A deep copy, so that changing it leaves the original (and any cache) alone."""
        return Area(self.name, self.code, self.is_fictional, list(self.attributions),
                    self.small_areas.copy(), self.population_by_ethnicity.copy(),
                    self.population_by_age.copy(), self.deprivation.copy(), self.postcodes.copy(),
                    list(self.notes))


def check_area(area: Area, source: str = "area") -> None:
    """Check that the parts of ``area`` agree with each other; raise :class:`InputError` if not.

    Every small area must have a name and a polygon, and (where the tables are not
    empty) every ethnic group, every age band and a deprivation row; every postcode must
    point at a known small area.
    """
    problems: list[Problem] = []
    sa = area.small_areas
    for part, columns, frame in (("small_areas", SMALL_AREA_COLUMNS, sa),
                                 ("population_by_ethnicity", ETHNICITY_COLUMNS, area.population_by_ethnicity),
                                 ("population_by_age", AGE_COLUMNS, area.population_by_age),
                                 ("deprivation", DEPRIVATION_COLUMNS, area.deprivation),
                                 ("postcodes", POSTCODE_COLUMNS, area.postcodes)):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            problems.append(Problem(f"The {part} table has no column(s) {', '.join(missing)}.",
                                    fix="Build the area with build_area() or load_area().", source=source,
                                    field=missing[0]))
    if problems:
        raise InputError(problems)
    codes = set(sa["code"])
    if len(codes) != len(sa):
        dup = sa.loc[sa["code"].duplicated(), "code"].iloc[0]
        problems.append(Problem(f"The small-area code {dup} appears more than once.",
                                fix="Each small area needs its own code.", source=source, field="code"))
    if sa.crs is None or sa.crs.to_epsg() != 4326:
        problems.append(Problem("The small areas are not in WGS84 (EPSG:4326).",
                                fix="Reproject them with .to_crs(4326).", source=source, field="geometry"))
    problems += _check_complete(area.population_by_ethnicity, "ethnic_group", ETHNIC_GROUPS, codes,
                                "population_by_ethnicity", source)
    problems += _check_complete(area.population_by_age, "age_band", AGE_BANDS, codes, "population_by_age", source)
    dep = area.deprivation
    if len(dep) and set(dep["code"]) != codes:
        problems.append(Problem("The deprivation table does not cover exactly the small areas.",
                                fix="Give one deprivation row per small area.", source=source, field="code"))
    stray = sorted(set(area.postcodes["code"]) - codes)
    if stray:
        problems.append(Problem(f"Some postcodes point at small areas that do not exist, e.g. {stray[0]}.",
                                fix="Assign postcodes with build_area().", source=source, field="code"))
    if problems:
        raise InputError(problems)


def _check_complete(frame, column, expected, codes, part, source) -> list[Problem]:
    if not len(frame):
        return []
    problems = []
    unknown = sorted(set(frame[column]) - set(expected))
    if unknown:
        problems.append(Problem(f"The {part} table has an unknown {column} '{unknown[0]}'.",
                                fix=f"Use one of: {', '.join(expected)}.", source=source, field=column))
    if set(frame["code"]) != codes or len(frame) != len(codes) * len(expected):
        problems.append(Problem(f"The {part} table does not have one row per small area and {column}.",
                                fix="Build the area with build_area().", source=source, field="code"))
    if (frame["population"] < 0).any():
        problems.append(Problem(f"The {part} table has a negative population.",
                                fix="Populations are counts of people: 0 or more.", source=source,
                                field="population"))
    return problems
