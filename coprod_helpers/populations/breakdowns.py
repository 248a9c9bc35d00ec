"""A whole breakdown in one call: rates, gaps, ranking, data quality and (if shared) suppression.

>>> from coprod_helpers.populations.breakdowns import make_breakdown   # doctest: +SKIP
>>> b = make_breakdown(data, "Mental Health Act detentions", "ethnicity")   # doctest: +SKIP
>>> b.table[["group", "value", "lower", "upper", "ratio", "compared"]]      # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError
from .data_quality import check_breakdown, is_unknown_label, unknown_share
from .deprivation import summarise_by_deprivation
from .disclosure import DEFAULT_THRESHOLD, suppress_breakdown
from .gaps import compare_groups, compare_standardised, compare_with_benchmark, rank_gaps
from .rates import directly_standardised_rate, esp2013_weights


@dataclass
class Breakdown:
    """One measure broken down by one kind of group, ready to show or share."""

    measure: str
    group_type: str
    period: str
    kind: str
    per: float
    level: float
    polarity: str
    table: pd.DataFrame
    quality: dict
    notes: list[str] = field(default_factory=list)
    inequality: dict | None = None
    shareable: bool = False

    @property
    def per_words(self) -> str:
        return "%" if self.kind == "proportion" else f"per {self.per:,.0f} people"


def make_breakdown(data: pd.DataFrame, measure: str, group_type: str, period: str | None = None, *,
                   kind: str | None = None, per: float | None = None, level: float = 0.95, reference=None,
                   reference_values=None, polarity: str = "lower_is_better", shareable: bool = False,
                   threshold: int = DEFAULT_THRESHOLD) -> Breakdown:
    """Rates with CIs, gaps against a reference, ranking and data quality for one breakdown.

    Parameters
    ----------
    data : DataFrame
        Checked service data (see :func:`~coprod_helpers.populations.service_data.load_service_data`).
    measure, group_type, period : str
        Which rows to use. ``period`` defaults to the latest.
    kind : {"rate", "proportion"}, optional
        Defaults to the rows' own ``kind``.
    per : float, optional
        100,000 for rates and 100 (a percentage) for proportions by default.
    reference, reference_values, polarity :
        See :func:`~coprod_helpers.populations.gaps.compare_groups`.
    shareable : bool
        Hide small counts (and what is worked out from them) for sharing. This covers the data
        quality line too: an unknown / not stated count under ``threshold`` is given only as
        "fewer than ``threshold``" (see :func:`~.data_quality.shareable_quality`).
    threshold : int
        Counts from 1 up to ``threshold - 1`` are hidden when ``shareable`` (default under 5).

    Returns
    -------
    Breakdown
        ``table`` is ranked by the size and certainty of each gap; ``quality`` gives the
        share with no group recorded; for deprivation deciles/quintiles ``inequality`` holds SII/RII.
    """
    rows, period = _rows_for(data, measure, group_type, period)
    rows = _without_age_bands(rows)
    kind = kind or str(rows["kind"].iloc[0]) if "kind" in rows else (kind or "rate")
    per = per or (100 if kind == "proportion" else 100_000)
    quality = unknown_share(rows, shareable=shareable, threshold=threshold)
    known = rows[~rows["group"].map(is_unknown_label)].copy()
    notes = check_breakdown(known)
    known = known[known["population"].astype(float) > 0]
    table = compare_groups(known[["group", "events", "population"]], reference=reference,
                           reference_values=reference_values, kind=kind, per=per, level=level, polarity=polarity)
    table = rank_gaps(table, polarity=polarity)
    inequality = None
    if group_type in ("imd_decile", "imd_quintile") and len(known) >= 3:
        inequality = summarise_by_deprivation(known, kind=kind, per=per, level=level)
    if shareable:
        table = suppress_breakdown(table, threshold=threshold, has_total=True)
    return Breakdown(measure, group_type, period, kind, per, level, polarity, table, quality, notes,
                     inequality, shareable)


def standardised_breakdown(table: pd.DataFrame, *, group_col: str = "group", age_col: str = "age_band",
                           events_col: str = "events", population_col: str = "population",
                           per: float = 100_000, level: float = 0.95) -> pd.DataFrame:
    """Age-standardised rates (ESP2013, Dobson CIs) for each group from counts by group and age band.

    Any age bands can be used (e.g. the six Census bands or 5-year bands); the ESP2013 weights
    are added up to match them.

    Returns
    -------
    DataFrame
        ``group, events, population, value, lower, upper, variance, reliable``; ``variance``
        is the DSR's (per ``per`` squared), which gaps between groups are worked out from.
    """
    wide_e = table.pivot_table(index=group_col, columns=age_col, values=events_col, aggfunc="sum", fill_value=0)
    wide_p = table.pivot_table(index=group_col, columns=age_col, values=population_col, aggfunc="sum")
    wide_p = wide_p[wide_e.columns]
    if wide_p.isna().any().any() or (wide_p <= 0).any().any():
        raise InputError("Every group needs a population above zero in every age band to standardise.",
                         field=population_col, fix="Combine small age bands, or use crude rates.")
    weights = esp2013_weights(list(wide_e.columns))
    r = directly_standardised_rate(wide_e.to_numpy(float), wide_p.to_numpy(float), weights, per=per, level=level)
    return pd.DataFrame({"group": wide_e.index, "events": r["events"], "population": wide_p.sum(axis=1).to_numpy(),
                         "value": r["rate"], "lower": r["lower"], "upper": r["upper"],
                         "variance": r["variance"], "reliable": np.asarray(r["reliable"], bool)}).reset_index(drop=True)


def _rows_for(data: pd.DataFrame, measure: str, group_type: str, period) -> tuple[pd.DataFrame, str]:
    rows = data[(data["measure"] == measure) & (data["group_type"] == group_type)]
    if rows.empty:
        raise InputError(f"There is no data for '{measure}' by {group_type}.", field="measure",
                         fix="Choose a measure and group type that are in the data.")
    periods = sorted(rows["period"].astype(str).unique())
    period = periods[-1] if period is None else str(period)
    rows = rows[rows["period"].astype(str) == period]
    if rows.empty:
        raise InputError(f"There is no data for '{measure}' in {period}.", field="period",
                         fix=f"Choose one of: {', '.join(periods)}.")
    return rows, period


def has_age_bands(rows: pd.DataFrame) -> bool:
    """Whether any of these service data rows are split by age band."""
    return "age_band" in rows and bool(rows["age_band"].map(lambda a: isinstance(a, str) and a != "").any())


def _without_age_bands(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per group: counts split by age band are added up (crude rates)."""
    if not has_age_bands(rows):
        return rows
    keys = [c for c in ("measure", "period", "group_type", "group", "kind") if c in rows]
    return (rows.groupby(keys, as_index=False, sort=False, dropna=False)
            .agg(events=("events", "sum"), population=("population", lambda p: p.sum(min_count=1))))


def standardised_rates(data: pd.DataFrame, measure: str, group_type: str, period: str | None = None, *,
                       level: float = 0.95, reference=None, polarity: str = "lower_is_better",
                       with_gaps: bool = True, shareable: bool = False,
                       threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Age-standardised rates per 100,000 (ESP2013, Dobson CIs) for each group of a measure.

    The saved service data must give counts by group and age band (the ``age_band`` column);
    unknown / not stated groups are left out. With ``with_gaps`` each group is compared with
    ``reference`` (a group in the data; by default the largest) by
    :func:`~coprod_helpers.populations.gaps.compare_standardised`; the rows stay in group order
    and ``rank`` orders the gaps as in :func:`make_breakdown`. With ``shareable`` small counts are hidden as in :func:`make_breakdown`
    (the gaps are worked out first, from every number).

    Examples
    --------
    >>> t = standardised_rates(data, "Referrals", "imd_decile", reference="10")  # doctest: +SKIP
    >>> t[["group", "value", "ratio", "ratio_lower", "ratio_upper"]]              # doctest: +SKIP
    """
    rows, _ = _rows_for(data, measure, group_type, period)
    rows = rows[~rows["group"].map(is_unknown_label)]
    rows = rows[rows["age_band"].map(lambda a: isinstance(a, str) and a != "")] if "age_band" in rows else rows[:0]
    if rows.empty:
        raise InputError(f"The data for '{measure}' by {group_type} has no counts by age band.", field="age_band",
                         fix="Add an age_band column to the file (one row per group and age band), "
                             "or untick age-standardised.")
    try:
        table = standardised_breakdown(rows, level=level)
    except ValueError as err:
        raise InputError(str(err), field="age_band", fix="Use age bands that do not overlap, such as 16-24 and 25-34.")
    if with_gaps:
        try:
            table = compare_standardised(table, reference=reference, level=level, polarity=polarity)
        except ValueError as err:
            raise InputError(str(err), field="reference", fix="Choose a group that is in the data by age band.")
        ranked = rank_gaps(table, polarity=polarity).set_index("group")
        table["gap_score"] = table["group"].map(ranked["gap_score"])
        table["rank"] = table["group"].map(ranked["rank"])  # rows stay in group order, like the rates
    if shareable:
        table = suppress_breakdown(table, threshold=threshold, has_total=True)
        if "gap_note" in table:  # a note could tell a hidden row had no events
            table["gap_note"] = table["gap_note"].where(~table["suppressed"], "")
    return table


def add_benchmark(table: pd.DataFrame, benchmark: float | None, *, polarity: str = "lower_is_better") -> pd.DataFrame:
    """A copy of ``table`` with ``benchmark`` and ``against_benchmark`` (better/similar/worse) columns.

    Rows whose value is hidden (shareable tables) or missing are "not compared".
    """
    t = table.copy()
    if benchmark is None:
        return t
    numbers = {c: pd.to_numeric(t[c], errors="coerce") for c in ("value", "lower", "upper")}
    t["benchmark"] = float(benchmark)
    t["against_benchmark"] = compare_with_benchmark(numbers["value"], numbers["lower"], numbers["upper"],
                                                    float(benchmark), polarity=polarity)
    return t
