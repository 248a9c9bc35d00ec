"""Every Making Data Count rule on series built to trigger it, and to just miss it.

A frozen baseline of 20 points alternating 11 and 9 (ending below the mean) gives mean 10, mR-bar 2, so the
process limits are 10 +/- 5.32 and the 2-sigma lines 10 +/- 3.546.
"""
import numpy as np
import pytest

from coprod_helpers.measures import signal_rules as sr
from coprod_helpers.measures.spc import assurance_icon, make_spc_chart

BASE = [11, 9] * 10


def spc(tail, direction="higher", **kw):
    return make_spc_chart(BASE + list(tail), direction=direction, baseline=20, **kw)


def rules(result):
    return sorted({s.rule for s in result.signals})


def test_baseline_is_common_cause():
    r = make_spc_chart(BASE, direction="higher")
    assert r.signals == [] and r.variation == "common_cause"
    assert r.points["ucl"].iloc[0] == pytest.approx(10 + 2.66 * 2)


# -- a point beyond the limits -------------------------------------------------------------------
def test_point_above_upper_limit_is_improvement_when_higher_is_better():
    r = spc([16])
    assert rules(r) == ["beyond_limits"]
    assert r.signals[0].label == "improvement" and r.variation == "improvement_high"


def test_point_exactly_on_the_limit_is_not_a_signal():
    r = spc([10 + 2.66 * 2])
    assert "beyond_limits" not in rules(r)


def test_point_below_lower_limit_is_concern_when_higher_is_better():
    r = spc([4])
    assert r.signals[0].label == "concern" and r.variation == "concern_low"
    assert r.signals[0].text == "Concern: a point below the lower process limit"


# -- shift: 7 on one side ------------------------------------------------------------------------
def test_seven_above_the_mean_is_a_shift_and_six_is_not():
    assert rules(spc([10.5] * 7)) == ["shift"]
    assert rules(spc([10.5] * 6)) == []


def test_point_on_the_mean_neither_breaks_nor_extends_a_shift():
    breaks = spc([10.5] * 3 + [10] + [10.5] * 4)          # 7 above with one on the mean between
    assert rules(breaks) == ["shift"]
    shift = breaks.signals[0]
    assert shift.length == 7 and 23 not in shift.points
    extends = spc([10.5] * 6 + [10])                       # 6 above then one on the mean
    assert rules(extends) == []


def test_shift_below_with_lower_better_is_improvement():
    r = spc([9.5] * 7, direction="lower")
    assert r.signals[0].label == "improvement" and r.signals[0].side == -1


# -- trend: 7 going up or down -------------------------------------------------------------------
def test_seven_rising_points_is_a_trend_and_six_is_not():
    # rising points around the mean so no shift forms; last from below upward
    rising = [8.0, 8.5, 9.0, 9.5, 10.5, 11.0, 11.5]
    assert "trend" in rules(spc([12] + rising))
    assert "trend" not in rules(spc([12] + rising[1:]))


def test_a_repeated_value_neither_breaks_nor_extends_a_trend():
    tie_inside = [12, 8.0, 8.5, 9.0, 9.0, 9.5, 10.5, 11.0, 11.5]   # 7 counted, one repeat
    r = spc(tie_inside)
    trend = next(s for s in r.signals if s.rule == "trend")
    assert trend.length == 7 and len(trend.points) == 8
    tie_only = [12, 8.5, 9.0, 9.0, 9.5, 10.5, 11.0, 11.5]         # 6 counted + a repeat: no trend
    assert "trend" not in rules(spc(tie_only))


def test_falling_trend_is_a_concern_when_higher_is_better():
    r = spc([8, 11.5, 11.0, 10.5, 9.5, 9.0, 8.5, 8.0])
    trend = next(s for s in r.signals if s.rule == "trend")
    assert trend.side == -1 and trend.label == "concern"


# -- two out of three beyond 2 sigma -------------------------------------------------------------
def test_two_of_three_beyond_two_sigma_same_side():
    r = spc([14, 10, 14])
    assert rules(r) == ["two_of_three"]
    assert r.signals[0].points == (20, 22)


def test_two_of_three_on_opposite_sides_or_on_the_line_is_not_a_signal():
    assert rules(spc([14, 10, 6])) == []
    on_line = 10 + 2 * 2 / 1.128
    assert rules(spc([on_line, 10, on_line])) == []
    assert rules(spc([14, 10, 10, 14])) == []               # one in each window of three


# -- labels and icons ----------------------------------------------------------------------------
def test_direction_neither_labels_signals_without_judgement():
    r = spc([16], direction="neither")
    assert r.signals[0].label == "neither" and r.variation == "neither_high"


def test_variation_icon_reads_the_latest_point():
    r = spc([16, 10, 11, 9])
    assert rules(r) == ["beyond_limits"] and r.variation == "common_cause"


@pytest.mark.parametrize("direction,target,expected", [
    ("higher", 4, "pass"), ("higher", 16, "fail"), ("higher", 10, "hit_and_miss"),
    ("lower", 16, "pass"), ("lower", 4, "fail"), ("lower", 10, "hit_and_miss"),
    ("neither", 10, None), ("higher", None, None)])
def test_assurance_icon(direction, target, expected):
    r = make_spc_chart(BASE, direction=direction, target=target)
    assert r.assurance == expected


def test_assurance_on_the_limit_is_hit_and_miss():
    assert assurance_icon(4.68, 4.68, 15.32, "higher") == "hit_and_miss"


def test_rules_work_within_each_phase_after_recalculation():
    values = BASE + [20, 22] * 10
    whole = make_spc_chart(values, direction="higher")
    assert "shift" in rules(whole)
    split = make_spc_chart(values, direction="higher", recalculate_at=[20])
    assert rules(split) == []


def test_p_chart_signal_with_varying_limits():
    den = [100, 200, 100, 200] * 6
    num = [10, 20, 10, 20] * 6
    num[-1] = 60                                            # 30% against a 10% centre
    r = make_spc_chart(numerators=num, denominators=den, chart="p", direction="lower", multiplier=100)
    beyond = [s for s in r.signals if s.rule == "beyond_limits"]
    assert beyond and beyond[-1].points == (23,) and beyond[-1].label == "concern"
    assert r.points["ucl"].nunique() == 2


# -- the rule functions on their own --------------------------------------------------------------
def test_runs_on_one_side_skip_points_on_the_centre():
    assert sr.runs_on_one_side([1, 0, 1, -1, 0, -1], 0) == [(1, [0, 2]), (-1, [3, 5])]


def test_monotone_runs_count_ties_once():
    assert sr.monotone_runs([1, 2, 2, 3, 2]) == [(1, 0, 3, 3), (-1, 3, 4, 2)]
    assert sr.monotone_runs([5, 5, 5]) == []


def test_point_labels_mark_mixed_signals():
    a = sr.Signal("shift", (0, 1), 1, "improvement")
    b = sr.Signal("trend", (1, 2), -1, "concern")
    assert sr.point_labels(4, [a, b]) == ["improvement", "mixed", "concern", ""]


def test_bad_direction_is_explained():
    from coprod_helpers.errors import InputError

    with pytest.raises(InputError, match="higher"):
        make_spc_chart([1, 2, 3], direction="up")
