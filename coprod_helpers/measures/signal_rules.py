"""Rules that spot non-random patterns in a series: shifts, trends, two-of-three, points beyond limits.

Shared by run charts (:mod:`.run_chart`, centre line = median) and SPC charts (:mod:`.spc`,
centre line = mean). Each rule returns :class:`Signal` objects that say which points are
involved, on which side, and whether that is an improvement or a concern given which
direction is better for the measure.

Conventions, from the published rules:

- A point exactly on the centre line neither breaks nor extends a run on one side
  (Perla, Provost & Murray 2011, "The run chart", BMJ Qual Saf 20:46-51; Anhøj & Olesen 2014,
  "Run charts revisited", PLoS ONE 9(11):e113825).
- A point equal to the one before neither breaks nor extends a trend: only the first of
  equal values is counted (Perla et al. 2011).
- "Beyond" a limit means strictly beyond it; a point on a limit is not a signal.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Which direction is better for a measure.
DIRECTIONS = {"higher": "Higher is better", "lower": "Lower is better", "neither": "Neither direction is better"}

RULE_NAMES = {
    "beyond_limits": "a point beyond the process limits",
    "shift": "a run of points on one side of the centre line",
    "trend": "points going steadily up or down",
    "two_of_three": "two out of three points near a limit (beyond 2 sigma) on the same side",
    "long_run": "an unusually long run on one side of the median (Anhøj)",
    "few_crossings": "too few crossings of the median (Anhøj)",
    "too_few_runs": "too few runs",
    "too_many_runs": "too many runs",
}


@dataclass(frozen=True)
class Signal:
    """One non-random pattern.

    Attributes
    ----------
    rule : str
        A key of :data:`RULE_NAMES`.
    points : tuple of int
        Positions (0-based) of the points that make up the pattern.
    side : int
        +1 above the centre or going up, -1 below or going down, 0 for whole-series rules.
    label : str
        "improvement", "concern" or "neither", from the measure's direction.
    length : int
        How many points counted towards the rule.
    """

    rule: str
    points: tuple
    side: int
    label: str
    length: int = 0
    detail: str = field(default="", compare=False)

    @property
    def text(self) -> str:
        """The signal in plain words, for chart labels and screen readers."""
        words = {"improvement": "Improvement", "concern": "Concern", "neither": "Special cause"}[self.label]
        return f"{words}: {self.detail or RULE_NAMES[self.rule]}"


def check_direction(direction: str) -> str:
    from ..errors import InputError

    if direction not in DIRECTIONS:
        raise InputError(f"'{direction}' is not a direction the workbook knows.", field="direction",
                         fix="Choose 'higher', 'lower' or 'neither' (which way is better for this measure).")
    return direction


def label_for(side: int, direction: str) -> str:
    """Improvement or concern for a pattern on ``side`` (+1 up/high, -1 down/low)."""
    if direction == "neither" or side == 0:
        return "neither"
    good = 1 if direction == "higher" else -1
    return "improvement" if side == good else "concern"


def _sides(values, centre) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    centre = np.broadcast_to(np.asarray(centre, dtype=float), values.shape)
    return np.sign(values - centre).astype(int)


def runs_on_one_side(values, centre) -> list[tuple[int, list[int]]]:
    """Maximal runs of points on one side of ``centre``, skipping points exactly on it.

    Returns
    -------
    list of (side, positions)
        ``positions`` holds only the points off the centre line.
    """
    runs: list[tuple[int, list[int]]] = []
    for i, s in enumerate(_sides(values, centre)):
        if s == 0:
            continue
        if runs and runs[-1][0] == s:
            runs[-1][1].append(i)
        else:
            runs.append((int(s), [i]))
    return runs


def find_shifts(values, centre, *, min_length: int, direction: str, rule: str = "shift") -> list[Signal]:
    """Runs of ``min_length`` or more points on the same side of the centre line."""
    out = []
    for side, pos in runs_on_one_side(values, centre):
        if len(pos) >= min_length:
            where = "above" if side > 0 else "below"
            out.append(Signal(rule, tuple(pos), side, label_for(side, direction), len(pos),
                              f"{len(pos)} points in a row {where} the centre line"))
    return out


def monotone_runs(values) -> list[tuple[int, int, int, int]]:
    """Maximal runs going steadily up or down; a repeat of the previous value is skipped.

    Returns
    -------
    list of (side, first, last, counted)
        ``first`` and ``last`` are positions; ``counted`` is the number of points that
        count towards a trend (repeats are not counted).
    """
    v = np.asarray(values, dtype=float)
    runs: list[list[int]] = []
    side, first, last, counted = 0, 0, 0, 1
    for i in range(1, len(v)):
        d = int(np.sign(v[i] - v[i - 1]))
        if d == 0:
            continue
        if d == side:
            last, counted = i, counted + 1
        else:
            if side != 0:
                runs.append([side, first, last, counted])
            side, first, last, counted = d, i - 1, i, 2
    if side != 0:
        runs.append([side, first, last, counted])
    return [tuple(r) for r in runs]


def find_trends(values, *, min_length: int, direction: str) -> list[Signal]:
    """``min_length`` or more points each higher (or each lower) than the one before."""
    out = []
    for side, first, last, counted in monotone_runs(values):
        if counted >= min_length:
            where = "going up" if side > 0 else "going down"
            out.append(Signal("trend", tuple(range(first, last + 1)), side, label_for(side, direction), counted,
                              f"{counted} points in a row {where}"))
    return out


def find_beyond_limits(values, lower, upper, *, direction: str) -> list[Signal]:
    """Each point strictly above the upper limit or strictly below the lower one."""
    v = np.asarray(values, dtype=float)
    lo = np.broadcast_to(np.asarray(lower, dtype=float), v.shape)
    hi = np.broadcast_to(np.asarray(upper, dtype=float), v.shape)
    out = []
    for i in range(len(v)):
        side = 1 if v[i] > hi[i] else -1 if v[i] < lo[i] else 0
        if side:
            where = "above the upper" if side > 0 else "below the lower"
            out.append(Signal("beyond_limits", (i,), side, label_for(side, direction), 1,
                              f"a point {where} process limit"))
    return out


def find_two_of_three(values, lower2, upper2, *, direction: str) -> list[Signal]:
    """Two or three of any three points in a row beyond 2 sigma on the same side.

    Overlapping windows on the same side are merged into one signal.
    """
    v = np.asarray(values, dtype=float)
    lo = np.broadcast_to(np.asarray(lower2, dtype=float), v.shape)
    hi = np.broadcast_to(np.asarray(upper2, dtype=float), v.shape)
    out = []
    for side, beyond in ((1, v > hi), (-1, v < lo)):
        flagged: list[int] = []
        for start in range(len(v) - 2):
            window = [i for i in range(start, start + 3) if beyond[i]]
            if len(window) >= 2:
                flagged.extend(i for i in window if i not in flagged)
        if not flagged:
            continue
        flagged.sort()
        group = [flagged[0]]
        for i in flagged[1:] + [None]:
            if i is not None and i - group[-1] <= 2:
                group.append(i)
                continue
            where = "upper" if side > 0 else "lower"
            out.append(Signal("two_of_three", tuple(group), side, label_for(side, direction), len(group),
                              f"{len(group)} points close to the {where} limit"))
            if i is not None:
                group = [i]
    return out


def point_labels(n: int, signals: list[Signal]) -> list[str]:
    """One label per point: "", "improvement", "concern", "neither" or "mixed" (both kinds)."""
    labels: list[set] = [set() for _ in range(n)]
    for s in signals:
        for i in s.points:
            labels[i].add(s.label)
    out = []
    for found in labels:
        if not found:
            out.append("")
        elif len(found) == 1:
            out.append(next(iter(found)))
        elif found == {"improvement", "neither"} or found == {"concern", "neither"}:
            out.append((found - {"neither"}).pop())
        else:
            out.append("mixed")
    return out
