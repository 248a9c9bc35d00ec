"""Gaps between groups: rate ratios, differences, excess events, benchmarks and ranking.

Methods
-------
* Rate ratio: log method, ``SE(log RR) = sqrt(1/O1 + 1/O2)`` for rates and
  ``sqrt(1/O1 - 1/n1 + 1/O2 - 1/n2)`` for proportions (Katz). Not defined when either
  group has 0 events (NaN is returned).
* Difference: MOVER (Newcombe / Zou & Donner), combining each group's own interval
  (exact Poisson/Byar for rates, Wilson for proportions), so it works with 0 events too.
* Excess events: ``O1 - n1 * r_ref``, how many fewer events the group would have at the
  reference rate; its interval is the difference interval times the group's denominator.
* Age-standardised (DSR) ratio: log-normal, ``SE(log R) = sqrt(V1/DSR1**2 + V2/DSR2**2)``
  with ``V = sum(w_i**2 * O_i / n_i**2)`` (:func:`~.rates.dsr_variance`); the DSR
  difference is ``D +/- z * sqrt(V1 + V2)``. The two groups are taken as independent.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .rates import crude_rate, proportion, z_value

#: Polarity words the team can choose.
POLARITIES = {
    "lower_is_better": "A lower value is better (for example detentions or restraint)",
    "higher_is_better": "A higher value is better (for example access or completed treatment)",
    "no_judgement": "Neither is better; just say higher or lower",
}


def _interval(events, denominator, kind, per, level):
    if kind == "rate":
        r = crude_rate(events, denominator, per=per, level=level)
        return r["rate"], r["lower"], r["upper"]
    if kind == "proportion":
        r = proportion(events, denominator, per=per, level=level)
        return r["value"], r["lower"], r["upper"]
    raise ValueError("kind must be 'rate' or 'proportion'.")


def rate_ratio(events, denominator, ref_events, ref_denominator, *, kind: str = "rate",
               level: float = 0.95) -> dict:
    """Ratio of a group's rate to a reference rate, with a log-method confidence interval.

    Examples
    --------
    >>> r = rate_ratio(50, 10_000, 100, 40_000)
    >>> round(float(r["ratio"]), 2), round(float(r["lower"]), 2), round(float(r["upper"]), 2)
    (2.0, 1.42, 2.81)
    """
    o1, n1 = np.asarray(events, float), np.asarray(denominator, float)
    o2, n2 = np.asarray(ref_events, float), np.asarray(ref_denominator, float)
    if np.any(n1 <= 0) or np.any(n2 <= 0):
        raise ValueError("Denominators must be more than zero.")
    z = z_value(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (o1 / n1) / (o2 / n2)
        var = 1 / o1 + 1 / o2
        if kind == "proportion":
            var = var - 1 / n1 - 1 / n2
        elif kind != "rate":
            raise ValueError("kind must be 'rate' or 'proportion'.")
        se = np.sqrt(var)
        ok = (o1 > 0) & (o2 > 0)
        lower = np.where(ok, np.exp(np.log(ratio) - z * se), np.nan)
        upper = np.where(ok, np.exp(np.log(ratio) + z * se), np.nan)
        ratio = np.where(o2 > 0, ratio, np.nan)
    return {"ratio": ratio, "lower": lower, "upper": upper}


def rate_difference(events, denominator, ref_events, ref_denominator, *, kind: str = "rate",
                    per: float = 100_000, level: float = 0.95) -> dict:
    """Group value minus reference value, with a MOVER (Newcombe) confidence interval.

    Examples
    --------
    >>> d = rate_difference(50, 10_000, 100, 40_000, per=1000)
    >>> round(float(d["difference"]), 2)
    2.5
    """
    r1, l1, u1 = _interval(events, denominator, kind, per, level)
    r2, l2, u2 = _interval(ref_events, ref_denominator, kind, per, level)
    d = r1 - r2
    lower = d - np.sqrt((r1 - l1) ** 2 + (u2 - r2) ** 2)
    upper = d + np.sqrt((u1 - r1) ** 2 + (r2 - l2) ** 2)
    return {"difference": d, "lower": lower, "upper": upper}


def excess_events(events, denominator, ref_events, ref_denominator, *, kind: str = "rate",
                  level: float = 0.95) -> dict:
    """Events above what the group would have at the reference rate (negative means fewer).

    This is the concrete number a SMART aim can use: "about 120 fewer detentions a year".

    Examples
    --------
    >>> round(float(excess_events(50, 10_000, 100, 40_000)["excess"]), 1)
    25.0
    """
    n1 = np.asarray(denominator, float)
    d = rate_difference(events, denominator, ref_events, ref_denominator, kind=kind, per=1.0, level=level)
    return {"excess": d["difference"] * n1, "lower": d["lower"] * n1, "upper": d["upper"] * n1}


def dsr_ratio(dsr, variance, ref_dsr, ref_variance, *, level: float = 0.95) -> dict:
    """Ratio of directly standardised rates, with the log-normal confidence interval.

    Parameters
    ----------
    dsr, variance : number or array
        Each group's DSR and its variance (same units squared, see :func:`~.rates.dsr_variance`).
    ref_dsr, ref_variance : number or array
        The reference group's DSR and variance.

    Returns
    -------
    dict of numpy arrays
        ``ratio``, ``lower``, ``upper``. With no events in the reference the ratio is NaN;
        with none in the group it is 0 and its limits are NaN (the log method needs events).

    Examples
    --------
    >>> r = dsr_ratio(200, 400, 100, 100)
    >>> round(float(r["ratio"]), 2), round(float(r["lower"]), 3), round(float(r["upper"]), 3)
    (2.0, 1.516, 2.639)
    """
    d1, v1 = np.asarray(dsr, float), np.asarray(variance, float)
    d2, v2 = np.asarray(ref_dsr, float), np.asarray(ref_variance, float)
    if np.any(d1 < 0) or np.any(d2 < 0) or np.any(v1 < 0) or np.any(v2 < 0):
        raise ValueError("Rates and variances cannot be negative.")
    z = z_value(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = d1 / d2
        se = np.sqrt(v1 / d1**2 + v2 / d2**2)
        ok = (d1 > 0) & (d2 > 0)
        lower = np.where(ok, np.exp(np.log(ratio) - z * se), np.nan)
        upper = np.where(ok, np.exp(np.log(ratio) + z * se), np.nan)
    ratio = np.where(d2 > 0, ratio, np.nan)
    return {"ratio": ratio, "lower": lower, "upper": upper}


def dsr_difference(dsr, variance, ref_dsr, ref_variance, *, level: float = 0.95) -> dict:
    """Group DSR minus reference DSR, with the normal interval ``D +/- z * sqrt(V1 + V2)``.

    Examples
    --------
    >>> d = dsr_difference(200, 400, 100, 100)
    >>> float(d["difference"]), round(float(d["lower"]), 1), round(float(d["upper"]), 1)
    (100.0, 56.2, 143.8)
    """
    d1, v1 = np.asarray(dsr, float), np.asarray(variance, float)
    d2, v2 = np.asarray(ref_dsr, float), np.asarray(ref_variance, float)
    diff = d1 - d2
    half = z_value(level) * np.sqrt(v1 + v2)
    return {"difference": diff, "lower": diff - half, "upper": diff + half}


def compare_standardised(table: pd.DataFrame, *, reference=None, level: float = 0.95,
                         polarity: str = "lower_is_better", group_col: str = "group") -> pd.DataFrame:
    """Ratios and differences of age-standardised rates for every group against a reference group.

    Parameters
    ----------
    table : DataFrame
        One row per group with ``value`` (DSR), ``variance``, ``lower``, ``upper``, ``events`` and
        ``population``, as from :func:`~coprod_helpers.populations.breakdowns.standardised_breakdown`.
    reference : str, optional
        A group in the table; by default the largest group.

    Returns
    -------
    DataFrame
        The input plus ratio (+CI), difference (+CI), ``compared`` (the group's own interval
        against the reference DSR, as in :func:`compare_groups`), ``reference``,
        ``reference_value``, ``level`` and ``gap_note`` (why a ratio or its range is missing).
        The reference row is exactly 1 (difference 0): a group is not uncertain against itself.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "events": [40, 90], "population": [1e4, 4e4],
    ...                   "value": [400.0, 225.0], "lower": [285.0, 180.0], "upper": [545.0, 277.0],
    ...                   "variance": [4000.0, 562.5]})
    >>> compare_standardised(t)[["group", "ratio", "reference"]].round(3).values.tolist()
    [['A', 1.778, 'B'], ['B', 1.0, 'B']]
    """
    t = table.reset_index(drop=True).copy()
    ref_name = choose_reference(t, reference, group_col=group_col)
    row = t.loc[t[group_col] == ref_name].iloc[0]
    ref_value, ref_var = float(row["value"]), float(row["variance"])
    value, var = t["value"].to_numpy(float), t["variance"].to_numpy(float)
    rr = dsr_ratio(value, var, ref_value, ref_var, level=level)
    diff = dsr_difference(value, var, ref_value, ref_var, level=level)
    is_ref = (t[group_col] == ref_name).to_numpy()
    for key in ("ratio", "lower", "upper"):
        rr[key] = np.where(is_ref, 1.0, rr[key])
    for key in ("difference", "lower", "upper"):
        diff[key] = np.where(is_ref, 0.0, diff[key])
    t["ratio"], t["ratio_lower"], t["ratio_upper"] = rr["ratio"], rr["lower"], rr["upper"]
    t["difference"], t["difference_lower"], t["difference_upper"] = diff["difference"], diff["lower"], diff["upper"]
    t["compared"] = compare_with_benchmark(value, t["lower"], t["upper"], ref_value, polarity=polarity)
    t["reference"], t["reference_value"], t["level"] = ref_name, ref_value, level
    no_ref = f"There were no events in the {ref_name} group, so we cannot say how many times as likely."
    none_here = "There were no events in this group, so we cannot say how sure we are about the ratio."
    t["gap_note"] = np.where(is_ref, "", np.where(ref_value <= 0, no_ref, np.where(value <= 0, none_here, "")))
    return t


def compare_with_benchmark(value, lower, upper, benchmark, *, polarity: str = "lower_is_better") -> np.ndarray:
    """Say whether each value is better, similar or worse than a benchmark.

    "similar" when the interval includes the benchmark. With ``polarity="no_judgement"``
    the words are "higher", "similar" and "lower". Missing values give "not compared".

    Examples
    --------
    >>> compare_with_benchmark([10, 20], [8, 18], [12, 22], 15).tolist()
    ['better', 'worse']
    """
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {', '.join(POLARITIES)}.")
    lo, hi = np.asarray(lower, float), np.asarray(upper, float)
    b = np.asarray(benchmark, float)
    above, below = lo > b, hi < b
    words = {"lower_is_better": ("worse", "better"), "higher_is_better": ("better", "worse"),
             "no_judgement": ("higher", "lower")}[polarity]
    out = np.where(above, words[0], np.where(below, words[1], "similar"))
    missing = np.isnan(lo) | np.isnan(hi) | np.isnan(b) | np.isnan(np.asarray(value, float))
    return np.where(missing, "not compared", out).astype(object)


def _typed_number(text, field: str, what: str):
    raw = "" if text is None else str(text).replace(",", "").strip()
    try:
        value = float(raw)
    except ValueError:
        return None, Problem(f"The {what} '{text}' is not a number.", field=field, fix="Type a number, e.g. 1250.")
    if not np.isfinite(value):
        return None, Problem(f"The {what} '{text}' is not a number.", field=field, fix="Type a number, e.g. 1250.")
    return value, None


def parse_comparator(events, population, *, kind: str = "rate") -> tuple[float, float]:
    """An outside comparator's ``(events, population)`` from typed text, checked.

    Raises :class:`InputError` naming the box to fix: events must be a whole number of zero or
    more, the population above zero (and, for a proportion, at least the events).

    Examples
    --------
    >>> parse_comparator("52,000", "56,490,048")
    (52000.0, 56490048.0)
    """
    problems = []
    o, bad = _typed_number(events, "comparator's events", "number of events")
    if bad:
        problems.append(bad)
    elif o < 0 or not float(o).is_integer():
        problems.append(Problem(f"The number of events {o:g} must be a whole number of zero or more.",
                                field="comparator's events", fix="Type how many times it happened, e.g. 52000."))
    n, bad = _typed_number(population, "comparator's population", "population")
    if bad:
        problems.append(bad)
    elif n <= 0:
        problems.append(Problem("The population must be more than zero.", field="comparator's population",
                                fix="Type how many people the comparator has, e.g. 56490048."))
    elif kind == "proportion" and not problems and o > n:
        problems.append(Problem(f"The number of events {o:g} is larger than the population {n:g}.",
                                field="comparator's events", fix="For a proportion the events must be part of the population."))
    if problems:
        raise InputError(problems)
    return o, n


def parse_benchmark(text) -> float | None:
    """A benchmark value from typed text: None when blank, else a number (InputError if not one)."""
    if text is None or not str(text).strip():
        return None
    value, bad = _typed_number(text, "benchmark", "benchmark")
    if bad:
        raise InputError(bad)
    return value


def choose_reference(table: pd.DataFrame, reference=None, *, group_col: str = "group",
                     denominator_col: str = "population") -> str:
    """The reference group: the one named, else the group with the largest denominator."""
    if reference is not None:
        if reference not in set(table[group_col]):
            raise ValueError(f"The reference group '{reference}' is not in the table.")
        return reference
    return str(table.loc[table[denominator_col].astype(float).idxmax(), group_col])


def compare_groups(table: pd.DataFrame, *, reference=None, reference_values: tuple | None = None,
                   kind: str = "rate", per: float = 100_000, level: float = 0.95,
                   polarity: str = "lower_is_better", group_col: str = "group",
                   events_col: str = "events", denominator_col: str = "population") -> pd.DataFrame:
    """Rates, ratios, differences and excess events for every group against a reference.

    Parameters
    ----------
    table : DataFrame
        One row per group with ``group``, ``events`` and ``population`` columns.
    reference : str, optional
        The reference group; by default the largest group.
    reference_values : (events, denominator), optional
        An outside comparator such as England, used instead of a group in the table.
    polarity : str
        One of :data:`POLARITIES`; used for the better/similar/worse column.

    Returns
    -------
    DataFrame
        The input columns plus value, lower, upper, ratio (+CI), difference (+CI), excess
        (+CI), ``compared`` (better/similar/worse against the reference value) and ``reference``.
    """
    t = table.reset_index(drop=True).copy()
    o, n = t[events_col].to_numpy(float), t[denominator_col].to_numpy(float)
    if reference_values is not None:
        ref_o, ref_n = (float(x) for x in reference_values)
        ref_name = reference or "comparator"
    else:
        ref_name = choose_reference(t, reference, group_col=group_col, denominator_col=denominator_col)
        row = t.loc[t[group_col] == ref_name].iloc[0]
        ref_o, ref_n = float(row[events_col]), float(row[denominator_col])
    value, lo, hi = _interval(o, n, kind, per, level)
    ref_value = ref_o / ref_n * per
    rr = rate_ratio(o, n, ref_o, ref_n, kind=kind, level=level)
    diff = rate_difference(o, n, ref_o, ref_n, kind=kind, per=per, level=level)
    exc = excess_events(o, n, ref_o, ref_n, kind=kind, level=level)
    t["value"], t["lower"], t["upper"] = value, lo, hi
    t["ratio"], t["ratio_lower"], t["ratio_upper"] = rr["ratio"], rr["lower"], rr["upper"]
    t["difference"], t["difference_lower"], t["difference_upper"] = diff["difference"], diff["lower"], diff["upper"]
    t["excess"], t["excess_lower"], t["excess_upper"] = exc["excess"], exc["lower"], exc["upper"]
    t["compared"] = compare_with_benchmark(value, lo, hi, ref_value, polarity=polarity)
    t["reference"] = ref_name
    t["reference_value"] = ref_value
    t["level"] = level
    return t


def rank_gaps(compared: pd.DataFrame, *, polarity: str = "lower_is_better") -> pd.DataFrame:
    """Order groups by the size and certainty of their gap, the biggest sure gap first.

    The score is the log of the ratio's CI limit nearest to 1 (0 when the interval
    includes 1), so a large gap we are unsure of ranks below a smaller gap we are sure of.
    With ``lower_is_better`` a high ratio is a gap; with ``higher_is_better`` a low one;
    with ``no_judgement`` either way. Ties are ordered by excess events (or, for
    age-standardised tables, by the difference).
    """
    t = compared.copy()
    lo, hi = np.log(t["ratio_lower"].astype(float)), np.log(t["ratio_upper"].astype(float))
    above = np.where(lo > 0, lo, 0.0)
    below = np.where(hi < 0, -hi, 0.0)
    score = {"lower_is_better": above, "higher_is_better": below,
             "no_judgement": np.maximum(above, below)}[polarity]
    t["gap_score"] = np.nan_to_num(score, nan=0.0)
    tie = "excess" if "excess" in t else "difference"  # age-standardised tables have no excess events
    t = t.sort_values(["gap_score", tie], ascending=[False, False], na_position="last")
    t["rank"] = np.arange(1, len(t) + 1)
    return t.reset_index(drop=True)
