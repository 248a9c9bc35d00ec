"""Run charts: a series against its median, with the run rules.

Two sets of rules are offered:

``rules="ihi"`` (the default), from Perla, Provost & Murray (2011) "The run chart: a simple
analytical tool for learning from variation in healthcare processes", BMJ Qual Saf 20:46-51:

- shift: 6 or more points in a row on one side of the median;
- trend: 5 or more points in a row all going up or all going down;
- too few or too many runs, where a run is a stretch of points on one side of the median.
  The limits come from the exact distribution of the number of runs (Swed & Eisenhart 1943,
  Ann Math Stat 14:66-87) for the points not on the median split evenly above and below,
  at 5% two-sided (2.5% in each tail). The published tables come from the same
  distribution; we compute it rather than copy a table. Needs at least 10 such points.

``rules="anhoej"``, from Anhøj & Olesen (2014) "Run charts revisited", PLoS ONE 9(11):e113825,
as used in the R package qicharts2, with ``n`` = points not on the median:

- unusually long run: longest run > ``round(log2(n) + 3)``;
- too few crossings: crossings < ``qbinom(0.05, n - 1, 0.5)``.

In both, points on the median neither break nor extend a run, and are not counted.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from . import signal_rules as sr

IHI_SHIFT = 6
IHI_TREND = 5
MIN_POINTS_FOR_RUNS_TEST = 10
MIN_POINTS_FOR_RUN_CHART = 10


@dataclass
class RunChartResult:
    """What a run chart shows.

    ``points`` has columns x, value, median, on_median, signal (per-point label).
    ``signals`` lists every pattern found; ``notes`` says in plain words what could not be
    judged (for example too few points).
    """

    points: "object"
    median: float
    rules: str
    direction: str
    useful_points: int
    runs: int
    crossings: int
    longest_run: int
    runs_limits: tuple | None
    anhoej_limits: dict | None
    signals: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    phases: list = field(default_factory=list)

    @property
    def has_signal(self) -> bool:
        return bool(self.signals)


def runs_distribution(n_above: int, n_below: int) -> dict[int, float]:
    """Exact probability of each number of runs in a random order (Swed & Eisenhart 1943).

    For ``r = 2k``: ``2 C(n1-1, k-1) C(n2-1, k-1) / C(n, n1)``; for ``r = 2k+1``:
    ``[C(n1-1, k-1) C(n2-1, k) + C(n1-1, k) C(n2-1, k-1)] / C(n, n1)``.
    """
    n1, n2 = n_above, n_below
    total = math.comb(n1 + n2, n1)
    out = {}
    for r in range(2, n1 + n2 + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k - 1)
        else:
            ways = math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k) + math.comb(n1 - 1, k) * math.comb(n2 - 1, k - 1)
        if ways:
            out[r] = ways / total
    return out


def runs_limits(n_useful: int, alpha: float = 0.05) -> tuple[int, int]:
    """Fewest and most runs that are not a signal, for ``n_useful`` points off the median.

    Examples
    --------
    >>> runs_limits(20)
    (7, 15)
    """
    dist = runs_distribution(n_useful // 2, n_useful - n_useful // 2)
    tail = alpha / 2
    low = next(r for r in sorted(dist) if sum(p for q, p in dist.items() if q <= r) > tail)
    high = next(r for r in sorted(dist, reverse=True) if sum(p for q, p in dist.items() if q >= r) > tail)
    return low, high


def anhoej_limits(n_useful: int) -> dict:
    """Anhøj's limits: the longest run allowed and the fewest crossings expected.

    Examples
    --------
    >>> anhoej_limits(24)
    {'longest_run_max': 8, 'crossings_min': 8}
    """
    from scipy.stats import binom

    return {"longest_run_max": int(round(math.log2(n_useful) + 3)),
            "crossings_min": int(binom.ppf(0.05, n_useful - 1, 0.5))}


def make_run_chart(values, x=None, *, direction: str = "neither", rules: str = "ihi", baseline: int | None = None,
                   recalculate_at=None, shift_length: int = IHI_SHIFT,
                   trend_length: int = IHI_TREND) -> RunChartResult:
    """Work out a run chart and its signals.

    Parameters
    ----------
    values : sequence of float
        The measure, in time order.
    x : sequence, optional
        Dates or labels for the points (positions by default).
    direction : {"higher", "lower", "neither"}
        Which way is better; labels each signal improvement or concern.
    rules : {"ihi", "anhoej"}
        Which run rules to use (see the module notes).
    baseline : int, optional
        Freeze the median on the first ``baseline`` points and extend it.
    recalculate_at : list, optional
        Positions or dates where a change was made: from each, a new median is worked out
        and the rules are applied to that part alone (as for SPC charts). The result's
        ``median``, ``runs`` and limits then describe the last part; ``phases`` lists each.

    Returns
    -------
    RunChartResult

    Examples
    --------
    >>> r = make_run_chart([3, 4, 3, 5, 4, 3, 4, 5, 3, 4, 9, 9, 9, 9, 9, 9], direction="higher")
    >>> [s.text for s in r.signals]
    ['Improvement: 6 points in a row above the centre line']
    """
    import pandas as pd

    sr.check_direction(direction)
    if rules not in ("ihi", "anhoej"):
        raise InputError(f"'{rules}' is not a set of run rules.", field="rules", fix="Choose 'ihi' or 'anhoej'.")
    v = np.asarray(values, dtype=float)
    x = list(range(len(v))) if x is None else list(x)
    if not recalculate_at:
        return _one_phase(v, x, direction, rules, baseline, shift_length, trend_length)
    from .spc import _phase_starts

    starts = _phase_starts(x, len(v), recalculate_at)
    parts = [_one_phase(v[a:b], x[a:b], direction, rules, baseline if k == 0 else None, shift_length, trend_length)
             for k, (a, b) in enumerate(zip(starts, starts[1:] + [len(v)]))]
    signals, notes, frames = [], [], []
    for k, (a, part) in enumerate(zip(starts, parts)):
        signals += [sr.Signal(s.rule, tuple(i + a for i in s.points), s.side, s.label, s.length, s.detail)
                    for s in part.signals]
        notes += [f"Part {k + 1}: {n}" for n in part.notes]
        frames.append(part.points.assign(phase=k))
    points = pd.concat(frames, ignore_index=True)
    points["signal"] = sr.point_labels(len(v), signals)
    last = parts[-1]
    phases = [{"start": a, "end": a + len(p.points) - 1, "median": p.median, "runs": p.runs,
               "useful_points": p.useful_points, "runs_limits": p.runs_limits} for a, p in zip(starts, parts)]
    return RunChartResult(points=points, median=last.median, rules=rules, direction=direction,
                          useful_points=last.useful_points, runs=last.runs, crossings=last.crossings,
                          longest_run=last.longest_run, runs_limits=last.runs_limits, anhoej_limits=last.anhoej_limits,
                          signals=signals, notes=notes, phases=phases)


def _one_phase(v, x, direction, rules, baseline, shift_length, trend_length) -> RunChartResult:
    """The run chart of one part of a series (one median)."""
    import pandas as pd

    if len(v) == 0 or not np.all(np.isfinite(v)):
        raise InputError("A run chart needs numbers for every point.", field="value",
                         fix="Fill in or remove the empty or non-numeric values.")
    fit = v if baseline is None else v[:baseline]
    if len(fit) < 1:
        raise InputError("The baseline has no points.", field="baseline", fix="Use a baseline of at least 10 points.")
    median = float(np.median(fit))
    notes = []
    if len(v) < MIN_POINTS_FOR_RUN_CHART:
        notes.append(f"Only {len(v)} points: a run chart is usually read from {MIN_POINTS_FOR_RUN_CHART} or more, "
                     "so treat any pattern with care.")
    runs = sr.runs_on_one_side(v, median)
    useful = sum(len(p) for _, p in runs)
    crossings = max(len(runs) - 1, 0)
    longest = max((len(p) for _, p in runs), default=0)
    signals: list[sr.Signal] = []
    r_limits = a_limits = None
    if rules == "ihi":
        signals += sr.find_shifts(v, median, min_length=shift_length, direction=direction)
        signals += sr.find_trends(v, min_length=trend_length, direction=direction)
        if useful >= MIN_POINTS_FOR_RUNS_TEST:
            r_limits = runs_limits(useful)
            if len(runs) < r_limits[0]:
                signals.append(sr.Signal("too_few_runs", (), 0, "neither", len(runs),
                                         f"only {len(runs)} runs (fewer than {r_limits[0]} is unusual)"))
            elif len(runs) > r_limits[1]:
                signals.append(sr.Signal("too_many_runs", (), 0, "neither", len(runs),
                                         f"{len(runs)} runs (more than {r_limits[1]} is unusual)"))
        else:
            notes.append(f"Too few points off the median ({useful}) to judge the number of runs; "
                         f"that needs {MIN_POINTS_FOR_RUNS_TEST}.")
    elif useful >= 2:
        a_limits = anhoej_limits(useful)
        for side, pos in runs:
            if len(pos) > a_limits["longest_run_max"]:
                where = "above" if side > 0 else "below"
                signals.append(sr.Signal("long_run", tuple(pos), side, sr.label_for(side, direction), len(pos),
                                         f"{len(pos)} points in a row {where} the median "
                                         f"(more than {a_limits['longest_run_max']} is unusual)"))
        if crossings < a_limits["crossings_min"]:
            signals.append(sr.Signal("few_crossings", (), 0, "neither", crossings,
                                     f"the line crosses the median only {crossings} times "
                                     f"(fewer than {a_limits['crossings_min']} is unusual)"))
    else:
        notes.append("Too few points off the median to use the Anhøj rules.")
    points = pd.DataFrame({"x": x, "value": v, "median": median, "on_median": v == median,
                           "signal": sr.point_labels(len(v), signals), "phase": 0})
    return RunChartResult(points=points, median=median, rules=rules, direction=direction, useful_points=useful,
                          runs=len(runs), crossings=crossings, longest_run=longest, runs_limits=r_limits,
                          anhoej_limits=a_limits, signals=signals, notes=notes,
                          phases=[{"start": 0, "end": len(v) - 1, "median": median, "runs": len(runs),
                                   "useful_points": useful, "runs_limits": r_limits}])
