"""SPC charts with the NHS "Making Data Count" rules, icons, trial limits, baselines and phases.

Limits come from :mod:`.spc_limits` (XmR, P, U, Laney P′/U′; formulas cited there). Rules,
from NHS England / NHS Improvement "Making Data Count: strengthening your decisions" (2019)
and the NHS-R package NHSRplotthedots:

1. a point beyond the process limits;
2. a shift: 7 or more points in a row on one side of the mean;
3. a trend: 7 or more points in a row all going up or all going down;
4. two out of three points in a row beyond 2 sigma on the same side.

Points on the mean neither break nor extend a shift; a repeated value neither breaks nor
extends a trend (see :mod:`.signal_rules`). Each signal is labelled improvement or concern
from the measure's direction. The variation icon reads the most recent point; the
assurance icon compares a target with the most recent limits (inside them: hit and miss).
Limits from fewer than 20 points are called trial limits (Making Data Count suggests 20).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, Problem
from . import signal_rules as sr
from .spc_limits import CHART_TYPES, attribute_limits, xmr_limits

MDC_SHIFT = 7
MDC_TREND = 7
MIN_POINTS_FOR_LIMITS = 20
LARGE_DENOMINATOR = 1000

VARIATION_TEXT = {
    "common_cause": "Common cause variation: no sign of real change",
    "improvement_high": "Special cause variation: improvement (higher)",
    "improvement_low": "Special cause variation: improvement (lower)",
    "concern_high": "Special cause variation: concern (higher)",
    "concern_low": "Special cause variation: concern (lower)",
    "neither_high": "Special cause variation (higher)",
    "neither_low": "Special cause variation (lower)",
}
ASSURANCE_TEXT = {
    "pass": "The process consistently passes the target",
    "fail": "The process consistently fails the target",
    "hit_and_miss": "Hit and miss: the target lies within the process limits, so it will sometimes be met "
                    "and sometimes not",
}


@dataclass
class SPCResult:
    """What an SPC chart shows.

    ``points`` has columns x, value, centre, lcl, ucl, lower2, upper2, phase, fitted and
    signal (per-point label); plus numerator and denominator for P and U charts. Values and
    limits are multiplied by ``multiplier`` (for example 100 for percentages).
    """

    points: "object"
    chart: str
    direction: str
    target: float | None
    multiplier: float
    phases: list
    signals: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    variation: str = "common_cause"
    assurance: str | None = None
    pdsa_marks: list = field(default_factory=list)

    @property
    def trial(self) -> bool:
        return any(p["trial"] for p in self.phases)

    @property
    def variation_text(self) -> str:
        return VARIATION_TEXT[self.variation]

    @property
    def assurance_text(self) -> str:
        return ASSURANCE_TEXT[self.assurance] if self.assurance else "No target set, so no assurance icon"

    @property
    def chart_name(self) -> str:
        return CHART_TYPES[self.chart]


def choose_chart(numerators=None, denominators=None) -> str:
    """XmR for plain values; P (or U if any numerator exceeds its denominator); Laney's version
    when the average denominator is :data:`LARGE_DENOMINATOR` or more."""
    if numerators is None:
        return "xmr"
    num, den = np.asarray(numerators, float), np.asarray(denominators, float)
    base = "u" if np.any(num > den) else "p"
    return base + "_prime" if den.mean() >= LARGE_DENOMINATOR else base


def _check_inputs(chart, values, numerators, denominators) -> None:
    problems = []
    if chart not in CHART_TYPES:
        raise InputError(f"'{chart}' is not a chart type.", field="chart",
                         fix="Choose one of: " + ", ".join(CHART_TYPES) + ", or 'auto'.")
    if chart == "xmr":
        v = np.asarray(values, float)
        if not np.all(np.isfinite(v)):
            problems.append(Problem("Some values are missing or not numbers.", fix="Fill them in or remove those rows.",
                                    field="value"))
    else:
        if numerators is None or denominators is None:
            raise InputError("P and U charts need a numerator and a denominator for each point.", field="denominator",
                             fix="Add both columns, or use an XmR chart for single values.")
        num, den = np.asarray(numerators, float), np.asarray(denominators, float)
        for i in np.flatnonzero(~(den > 0)):
            problems.append(Problem("The denominator is zero, negative or missing.", row=int(i) + 1, field="denominator",
                                    fix="A rate or proportion needs something to divide by; check this point."))
        for i in np.flatnonzero(~(num >= 0)):
            problems.append(Problem("The numerator is negative or missing.", row=int(i) + 1, field="numerator",
                                    fix="Counts cannot be below zero; check this point."))
        if chart.startswith("p"):
            for i in np.flatnonzero(num > den):
                problems.append(Problem("The numerator is bigger than the denominator.", row=int(i) + 1,
                                        field="numerator", fix="For a proportion the part cannot exceed the whole."))
    if problems:
        raise InputError(problems)


def _phase_starts(x, n, recalculate_at) -> list[int]:
    import pandas as pd

    starts = {0}
    for mark in recalculate_at or []:
        if isinstance(mark, (int, np.integer)) and not isinstance(mark, bool):
            pos = int(mark)
        else:
            xs = pd.to_datetime(pd.Series(x), errors="coerce")
            pos = int(np.searchsorted(xs.values, pd.Timestamp(mark).to_datetime64())) if xs.notna().all() else -1
        if not 0 < pos < n:
            raise InputError(f"The change point {mark!r} is not inside the series.", field="recalculate_at",
                             fix="Give a date after the first point and no later than the last.")
        starts.add(pos)
    return sorted(starts)


def variation_icon(signals, n: int) -> str:
    """The variation icon key from the signals touching the most recent point."""
    last = [s for s in signals if s.points and s.points[-1] == n - 1]
    if not last:
        return "common_cause"
    labels = {s.label for s in last}
    side = last[0].side
    label = "concern" if "concern" in labels else "improvement" if "improvement" in labels else "neither"
    side = next((s.side for s in last if s.label == label), side)
    return f"{label}_{'high' if side > 0 else 'low'}"


def assurance_icon(target, lcl: float, ucl: float, direction: str) -> str | None:
    """Pass, fail or hit-and-miss for ``target`` against the latest limits; None without a target."""
    if target is None or direction == "neither":
        return None
    if direction == "higher":
        return "pass" if lcl > target else "fail" if ucl < target else "hit_and_miss"
    return "pass" if ucl < target else "fail" if lcl > target else "hit_and_miss"


def make_spc_chart(values=None, x=None, *, numerators=None, denominators=None, chart: str = "auto",
                   direction: str = "neither", target: float | None = None, baseline: int | None = None,
                   recalculate_at=None, multiplier: float = 1.0, pdsa=None, shift_length: int = MDC_SHIFT,
                   trend_length: int = MDC_TREND, min_points: int = MIN_POINTS_FOR_LIMITS) -> SPCResult:
    """Work out an SPC chart: limits, Making Data Count signals and icons.

    Parameters
    ----------
    values : sequence of float, optional
        Single values per point (XmR chart).
    x : sequence, optional
        Dates or labels, in time order.
    numerators, denominators : sequence of float, optional
        For P/U charts: events (or people with the outcome) and the population or exposure.
    chart : {"auto", "xmr", "p", "u", "p_prime", "u_prime"}
    direction : {"higher", "lower", "neither"}
        Which way is better, to label signals improvement or concern.
    target : float, optional
        In the displayed units (after ``multiplier``); gives the assurance icon.
    baseline : int, optional
        Freeze the limits of the first phase on its first ``baseline`` points.
    recalculate_at : list, optional
        Positions or dates where a change was made: the limits are worked out again from there.
    multiplier : float
        Scale for display, for example 100 for a percentage or 1000 for a rate per 1,000.
    pdsa : list of (date, label), optional
        PDSA cycles to mark on the chart.

    Examples
    --------
    >>> r = make_spc_chart([10, 11, 9, 10, 12, 10, 11, 9, 10, 30], direction="lower", baseline=9)
    >>> r.signals[0].text, r.variation, r.trial
    ('Concern: a point above the upper process limit', 'concern_high', True)
    """
    import pandas as pd

    sr.check_direction(direction)
    if chart == "auto":
        chart = choose_chart(numerators, denominators)
    _check_inputs(chart, values, numerators, denominators)
    if chart == "xmr":
        v = np.asarray(values, float)
        num = den = None
    else:
        num, den = np.asarray(numerators, float), np.asarray(denominators, float)
        v = num / den
    n = len(v)
    if n < 2:
        raise InputError(f"Only {n} point(s): process limits need at least 2.", field="value",
                         fix=f"Add more data; with fewer than {min_points} points the limits are only trial limits.")
    x = list(range(n)) if x is None else list(x)
    starts = _phase_starts(x, n, recalculate_at)
    ends = starts[1:] + [n]
    cols = {k: np.full(n, np.nan) for k in ("centre", "lcl", "ucl", "lower2", "upper2")}
    phase_id, fitted = np.zeros(n, int), np.zeros(n, bool)
    phases, signals, notes = [], [], []
    for k, (a, b) in enumerate(zip(starts, ends)):
        fit = np.zeros(b - a, bool)
        fit[: (baseline if (baseline and k == 0) else b - a)] = True
        if fit.sum() < 2:
            raise InputError(f"Part {k + 1} of the chart has fewer than 2 points to set its limits.",
                             field="recalculate_at", fix="Move the change point, or wait for more data.")
        if chart == "xmr":
            lim = xmr_limits(v[a:b], fit)
        else:
            lim = attribute_limits(num[a:b], den[a:b], chart[0], laney=chart.endswith("prime"), fit=fit)
        for key in cols:
            cols[key][a:b] = lim[key]
        phase_id[a:b], fitted[a:b] = k, fit
        trial = int(fit.sum()) < min_points
        phases.append({"start": a, "end": b - 1, "fitted_points": int(fit.sum()), "trial": trial,
                       "mr_bar": lim.get("mr_bar"), "sigma_z": lim.get("sigma_z")})
        if trial:
            notes.append(f"{'These' if len(starts) == 1 else f'Part {k + 1}:'} trial limits, worked out from only "
                         f"{int(fit.sum())} points ({min_points} or more give settled limits). Read signals with care.")
        seg = v[a:b]
        found = (sr.find_beyond_limits(seg, cols["lcl"][a:b], cols["ucl"][a:b], direction=direction)
                 + sr.find_shifts(seg, cols["centre"][a:b], min_length=shift_length, direction=direction)
                 + sr.find_trends(seg, min_length=trend_length, direction=direction)
                 + sr.find_two_of_three(seg, cols["lower2"][a:b], cols["upper2"][a:b], direction=direction))
        signals += [sr.Signal(s.rule, tuple(i + a for i in s.points), s.side, s.label, s.length, s.detail)
                    for s in found]
    if chart.endswith("prime"):
        notes.append("Laney's adjusted limits are used because the denominators are large "
                     f"(sigma z = {phases[-1]['sigma_z']:.2f}; 1 would mean no adjustment).")
    signals.sort(key=lambda s: (s.points[0] if s.points else -1, s.rule))
    points = pd.DataFrame({"x": x, "value": v * multiplier, **{k: c * multiplier for k, c in cols.items()},
                           "phase": phase_id, "fitted": fitted, "signal": sr.point_labels(n, signals)})
    if num is not None:
        points["numerator"], points["denominator"] = num, den
    marks = [(pd.Timestamp(d) if not isinstance(d, (int, float)) else d, str(label)) for d, label in (pdsa or [])]
    return SPCResult(points=points, chart=chart, direction=direction, target=target, multiplier=multiplier,
                     phases=phases, signals=signals, notes=notes, variation=variation_icon(signals, n),
                     assurance=assurance_icon(target, points["lcl"].iloc[-1], points["ucl"].iloc[-1], direction),
                     pdsa_marks=marks)
