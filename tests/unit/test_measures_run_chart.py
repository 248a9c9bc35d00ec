"""Run chart rules (Perla et al. 2011; Anhøj & Olesen 2014) on series built to trigger and miss each."""
import itertools
import math

import numpy as np
import pytest
from scipy.stats import binom

from coprod_helpers.errors import InputError
from coprod_helpers.measures.run_chart import anhoej_limits, make_run_chart, runs_distribution, runs_limits

# 10 points whose median is 5 and which wander enough to show no pattern
CALM = [4, 6, 4, 6, 5, 6, 4, 6, 4, 5]   # ends below the median, then on it


def rules(r):
    return sorted({s.rule for s in r.signals})


def test_median_and_points_on_it():
    r = make_run_chart(CALM)
    assert r.median == 5 and int(r.points["on_median"].sum()) == 2
    assert r.useful_points == 8 and rules(r) == []


def test_six_on_one_side_is_a_shift_five_is_not():
    six = make_run_chart(CALM + [7, 8, 7, 8, 7, 8], direction="higher", baseline=10)
    assert "shift" in rules(six) and six.signals[0].label == "improvement"
    assert "shift" not in rules(make_run_chart(CALM + [7, 8, 7, 8, 7, 3], baseline=10))


def test_point_on_the_median_does_not_break_or_extend_a_shift():
    # median frozen at 5; three above, one on the median, three above
    r = make_run_chart(CALM + [7, 8, 7, 5, 8, 7, 8], baseline=10)
    assert r.median == 5
    shift = next(s for s in r.signals if s.rule == "shift")
    assert shift.length == 6 and 13 not in shift.points
    r2 = make_run_chart(CALM + [7, 8, 7, 8, 7, 5], baseline=10)   # five above then one on it
    assert "shift" not in rules(r2)


def test_five_going_up_is_a_trend_four_is_not_and_ties_are_skipped():
    assert "trend" in rules(make_run_chart(CALM + [1, 2, 3, 4, 5]))
    assert "trend" not in rules(make_run_chart(CALM + [9, 2, 3, 4, 5]))
    tied = make_run_chart(CALM + [9, 1, 2, 2, 3, 4])     # 1,2,(2),3,4: four counted
    assert "trend" not in rules(tied)
    tied5 = make_run_chart(CALM + [1, 2, 2, 3, 4, 5])    # 1,2,(2),3,4,5: five counted
    assert next(s for s in tied5.signals if s.rule == "trend").length == 5


def test_runs_distribution_matches_counting_every_arrangement():
    for n1, n2 in [(3, 3), (4, 5), (5, 5)]:
        counts = {}
        for above in itertools.combinations(range(n1 + n2), n1):
            seq = [i in above for i in range(n1 + n2)]
            r = 1 + sum(a != b for a, b in zip(seq, seq[1:]))
            counts[r] = counts.get(r, 0) + 1
        total = math.comb(n1 + n2, n1)
        dist = runs_distribution(n1, n2)
        assert dist == pytest.approx({r: c / total for r, c in counts.items()})


def test_runs_limits_are_within_the_distribution():
    for n in range(10, 40):
        low, high = runs_limits(n)
        dist = runs_distribution(n // 2, n - n // 2)
        assert sum(p for r, p in dist.items() if r < low) <= 0.025
        assert sum(p for r, p in dist.items() if r > high) <= 0.025
        assert sum(p for r, p in dist.items() if r <= low) > 0.025


def test_too_few_and_too_many_runs():
    few = make_run_chart([1] * 10 + [9] * 10)
    assert "too_few_runs" in rules(few) and few.runs == 2
    many = make_run_chart([1, 9] * 10)
    assert "too_many_runs" in rules(many) and many.runs == 20
    assert rules(make_run_chart([1, 9, 9, 1, 1, 9, 1, 9, 9, 1, 9, 1, 1, 9, 1, 9, 9, 1, 9, 1])) == []


def test_runs_test_needs_ten_points_off_the_median_and_says_so():
    r = make_run_chart([1, 9, 1, 9, 5, 1, 9])
    assert r.runs_limits is None
    assert any("judge the number of runs" in n for n in r.notes)
    assert any("Only 7 points" in n for n in r.notes)


@pytest.mark.parametrize("n,longest,crossings", [(10, 6, 2), (20, 7, 6), (24, 8, 8), (30, 8, 10)])
def test_anhoej_limits_match_the_published_formulas(n, longest, crossings):
    limits = anhoej_limits(n)
    assert limits == {"longest_run_max": longest, "crossings_min": crossings}
    assert limits["longest_run_max"] == round(math.log2(n) + 3)
    assert limits["crossings_min"] == binom.ppf(0.05, n - 1, 0.5)


def test_anhoej_long_run_triggers_above_limit_only():
    base = [9, 1] * 6                      # median frozen at 5, many crossings, ends below
    eight = make_run_chart(base + [9] * 8, rules="anhoej", direction="lower", baseline=12)   # n=20, max 7
    assert "long_run" in rules(eight)
    assert next(s for s in eight.signals if s.rule == "long_run").label == "concern"
    seven = make_run_chart(base + [9] * 7 + [1], rules="anhoej", baseline=12)    # 20 points; run of 7
    assert "long_run" not in rules(seven)


def test_anhoej_too_few_crossings():
    r = make_run_chart([1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9], rules="anhoej")
    assert r.crossings == 3 and "few_crossings" in rules(r)


def test_frozen_median():
    r = make_run_chart([1, 2, 3, 4, 5, 50, 60], baseline=5)
    assert r.median == 3


def test_bad_input():
    with pytest.raises(InputError):
        make_run_chart([1, float("nan"), 2])
    with pytest.raises(InputError):
        make_run_chart([1, 2], rules="western")
