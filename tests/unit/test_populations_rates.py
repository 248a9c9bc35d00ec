"""Rates, proportions and DSRs against scipy/statsmodels and worked examples."""
import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

from coprod_helpers.populations import rates

LEVELS = [0.95, 0.998]
COUNTS = np.array([0, 1, 2, 5, 9, 10, 11, 50, 100, 1_000, 123_456, 10_000_000])


def byar_by_hand(o, z):
    lo = 0.0 if o == 0 else o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    u = o + 1
    return lo, u * (1 - 1 / (9 * u) + z / (3 * math.sqrt(u))) ** 3


@pytest.mark.parametrize("level", LEVELS)
def test_exact_poisson_matches_statsmodels(level):
    lo, hi = rates.exact_poisson_limits(COUNTS, level)
    ref_lo, ref_hi = confint_poisson(COUNTS, 1.0, method="exact-c", alpha=1 - level)
    np.testing.assert_allclose(lo, np.nan_to_num(ref_lo), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(hi, ref_hi, rtol=1e-6)


@pytest.mark.parametrize("level", LEVELS)
def test_byar_matches_the_formula_worked_by_hand(level):
    z = stats.norm.ppf(0.5 + level / 2)
    lo, hi = rates.byar_limits(COUNTS, level)
    for o, a, b in zip(COUNTS, lo, hi):
        ref = byar_by_hand(float(o), z)
        assert a == pytest.approx(ref[0], rel=1e-9, abs=1e-12)
        assert b == pytest.approx(ref[1], rel=1e-9)


def test_byar_is_close_to_exact_for_large_counts():
    lo, hi = rates.byar_limits([1000, 123_456], 0.95)
    ex_lo, ex_hi = rates.exact_poisson_limits([1000, 123_456], 0.95)
    np.testing.assert_allclose(lo, ex_lo, rtol=1e-3)
    np.testing.assert_allclose(hi, ex_hi, rtol=1e-3)


@pytest.mark.parametrize("level", LEVELS)
def test_poisson_limits_switch_from_exact_to_byar_at_ten(level):
    lo, hi = rates.poisson_limits(COUNTS, level)
    ex = rates.exact_poisson_limits(COUNTS, level)
    by = rates.byar_limits(COUNTS, level)
    small = COUNTS < 10
    np.testing.assert_allclose(lo[small], ex[0][small])
    np.testing.assert_allclose(hi[~small], by[1][~small])
    # scalars in, scalars out
    s_lo, s_hi = rates.poisson_limits(5, level)
    assert np.ndim(s_lo) == 0 and s_hi == pytest.approx(float(ex[1][3]))


def test_crude_rate_worked_example_fingertips_style():
    # 5 events in 1,000 people: exact Poisson (under 10) gives 1.624 to 11.668 per 1,000
    r = rates.crude_rate(5, 1000, per=1000)
    assert float(r["rate"]) == 5.0
    assert float(r["lower"]) == pytest.approx(1.62348, abs=1e-4)
    assert float(r["upper"]) == pytest.approx(11.66833, abs=1e-5)
    # 100 events in 100,000 people, Byar: 81.36 to 121.63 per 100,000
    r = rates.crude_rate(100, 100_000)
    assert float(r["lower"]) == pytest.approx(81.36, abs=0.01)
    assert float(r["upper"]) == pytest.approx(121.63, abs=0.01)
    assert r["method"].tolist() == "byar"


def test_crude_rate_edge_cases_zero_events_denominator_one_and_huge_counts():
    r = rates.crude_rate([0, 1, 9_000_000], [1, 1, 56_000_000])
    assert r["rate"][0] == 0 and r["lower"][0] == 0
    assert r["upper"][0] == pytest.approx(stats.chi2.ppf(0.975, 2) / 2 * 100_000, rel=1e-9)
    assert r["rate"][1] == 100_000
    assert r["lower"][2] < r["rate"][2] < r["upper"][2]
    assert r["upper"][2] - r["lower"][2] == pytest.approx(2 * 1.96 * math.sqrt(9e6) / 56e6 * 1e5, rel=1e-3)


@pytest.mark.parametrize("bad", [([-1], [10]), ([1], [0]), ([np.nan], [10])])
def test_crude_rate_rejects_bad_counts(bad):
    with pytest.raises(ValueError):
        rates.crude_rate(*bad)


@pytest.mark.parametrize("level", LEVELS)
def test_wilson_matches_statsmodels(level):
    o = np.array([0, 1, 5, 10, 50, 99, 100, 1, 123_456])
    n = np.array([10, 1, 20, 10, 100, 100, 100, 1, 10_000_000])
    lo, hi = rates.wilson_limits(o, n, level)
    ref_lo, ref_hi = proportion_confint(o, n, alpha=1 - level, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, atol=1e-9)
    np.testing.assert_allclose(hi, ref_hi, atol=1e-9)


def test_proportion_worked_example_and_bad_input():
    r = rates.proportion(0, 10)
    assert float(r["upper"]) == pytest.approx(27.753, abs=1e-3)
    # Newcombe (1998) worked examples, Wilson score intervals given to 4 decimals
    for (o, n), (lo, hi) in {(81, 263): (0.2553, 0.3662), (15, 148): (0.0624, 0.1605), (0, 20): (0.0, 0.1611)}.items():
        r = rates.proportion(o, n, per=1)
        assert float(r["lower"]) == pytest.approx(lo, abs=5e-5)
        assert float(r["upper"]) == pytest.approx(hi, abs=5e-5)
    with pytest.raises(ValueError, match="numerator"):
        rates.proportion(11, 10)


def test_z_value_and_bad_level():
    assert rates.z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert rates.z_value(0.998) == pytest.approx(3.090232, abs=1e-6)
    with pytest.raises(ValueError):
        rates.z_value(95)


def test_esp2013_weights_sum_and_census_bands():
    assert sum(rates.ESP2013.values()) == 100_000
    w = rates.esp2013_weights(rates.CENSUS_AGE_BANDS)
    assert w.tolist() == [17100, 10400, 12500, 21000, 19500, 19500]
    assert rates.esp2013_weights(list(rates.ESP2013)).tolist() == list(rates.ESP2013.values())
    census_words = ["Aged 15 years and under", "Aged 16 to 24 years", "Aged 25 to 34 years", "Aged 35 to 49 years",
                    "Aged 50 to 64 years", "Aged 65 years and over"]
    assert rates.esp2013_weights(census_words).tolist() == w.tolist()
    assert rates.esp2013_weights(["18-64"]).sum() == pytest.approx(5500 * 2 / 5 + 6000 * 2 + 6500 + 7000 * 4 + 6500 + 6000)
    with pytest.raises(ValueError, match="overlaps"):
        rates.esp2013_weights(["0-20", "15-30"])
    with pytest.raises(ValueError, match="90"):
        rates.esp2013_weights(["80-94"])


def dobson_by_hand(o, n, w, level):
    dsr = sum(wi * oi / ni for oi, ni, wi in zip(o, n, w)) / sum(w)
    var = sum(wi**2 * oi / ni**2 for oi, ni, wi in zip(o, n, w)) / sum(w) ** 2
    total = sum(o)
    alpha = 1 - level
    if total < 10:
        lo_o = stats.chi2.ppf(alpha / 2, 2 * total) / 2 if total else 0.0
        hi_o = stats.chi2.ppf(1 - alpha / 2, 2 * total + 2) / 2
    else:
        lo_o, hi_o = byar_by_hand(total, stats.norm.ppf(1 - alpha / 2))
    k = math.sqrt(var / total)
    return dsr * 1e5, (dsr + k * (lo_o - total)) * 1e5, (dsr + k * (hi_o - total)) * 1e5


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("events", [[3, 1, 2, 0, 1, 1], [30, 45, 60, 80, 120, 300], [3000, 4500, 6000, 8000, 12000, 30000]])
def test_dsr_dobson_matches_a_loop_by_hand(level, events):
    pop = [20_000, 12_000, 15_000, 22_000, 18_000, 13_000]
    w = rates.esp2013_weights(rates.CENSUS_AGE_BANDS)
    r = rates.directly_standardised_rate(events, pop, w, level=level)
    ref = dobson_by_hand(events, pop, w, level)
    assert float(r["rate"]) == pytest.approx(ref[0], rel=1e-9)
    assert float(r["lower"]) == pytest.approx(ref[1], rel=1e-9)
    assert float(r["upper"]) == pytest.approx(ref[2], rel=1e-9)
    assert bool(r["reliable"]) == (sum(events) >= 10)


def test_dsr_properties_and_many_groups_at_once():
    w = rates.esp2013_weights(rates.CENSUS_AGE_BANDS)
    # the same rate in every band gives that rate
    pop = np.array([1000, 2000, 3000, 4000, 5000, 6000.0])
    r = rates.directly_standardised_rate(pop * 0.01, pop, w)
    assert float(r["rate"]) == pytest.approx(1000)
    # a population shaped like the standard gives the crude rate
    events = np.array([5, 8, 20, 40, 60, 120.0])
    r = rates.directly_standardised_rate(events, w, w)
    assert float(r["rate"]) == pytest.approx(events.sum() / w.sum() * 1e5)
    # 2-D: one row per group
    ev = np.array([[5, 8, 20, 40, 60, 120.0], [0, 0, 0, 0, 0, 0.0]])
    r = rates.directly_standardised_rate(ev, np.tile(pop, (2, 1)), w)
    assert r["rate"].shape == (2,) and r["rate"][1] == 0 and r["lower"][1] == 0
    assert r["upper"][1] == pytest.approx(stats.chi2.ppf(0.975, 2) / 2 / pop.sum() * 1e5)
    with pytest.raises(ValueError):
        rates.directly_standardised_rate([1, 2], [0, 10], [1, 1])
