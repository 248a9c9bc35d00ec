"""SPC limits checked against the published formulas (worked by hand or written out in numpy)."""
import numpy as np
import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.measures.spc import choose_chart, make_spc_chart
from coprod_helpers.measures.spc_limits import attribute_limits, laney_sigma_z, xmr_limits


def test_xmr_limits_by_hand():
    # mean 2.6; moving ranges 2, 1, 2, 1 -> mR-bar 1.5; limits mean +/- 2.66 * 1.5
    lim = xmr_limits([1, 3, 2, 4, 3])
    assert lim["mr_bar"] == pytest.approx(1.5)
    assert lim["centre"][0] == pytest.approx(2.6)
    assert lim["ucl"][0] == pytest.approx(2.6 + 2.66 * 1.5)
    assert lim["lcl"][0] == pytest.approx(2.6 - 2.66 * 1.5)
    assert lim["upper2"][0] == pytest.approx(2.6 + 2 * 1.5 / 1.128)
    assert lim["lower2"][0] == pytest.approx(2.6 - 2 * 1.5 / 1.128)


def test_xmr_frozen_baseline_uses_only_the_baseline_points():
    values = [1, 3, 2, 4, 3, 50, 60]
    lim = xmr_limits(values, fit=[True] * 5 + [False] * 2)
    assert lim["centre"][-1] == pytest.approx(2.6)
    assert lim["ucl"][-1] == pytest.approx(2.6 + 2.66 * 1.5)


def test_p_chart_limits_vary_with_denominator_and_stay_within_0_and_1():
    num, den = np.array([5, 20, 1, 12]), np.array([50, 100, 10, 80])
    lim = attribute_limits(num, den, "p")
    p = num.sum() / den.sum()
    sigma = np.sqrt(p * (1 - p) / den)
    assert lim["centre"][0] == pytest.approx(p)
    np.testing.assert_allclose(lim["ucl"], np.clip(p + 3 * sigma, 0, 1))
    np.testing.assert_allclose(lim["lcl"], np.clip(p - 3 * sigma, 0, 1))
    assert lim["lcl"][2] == 0.0                       # small denominator: clipped at zero
    assert len(set(np.round(lim["ucl"], 9))) == 4     # one limit per denominator


def test_u_chart_limits_by_formula():
    num, den = np.array([3, 9, 4]), np.array([1.5, 2.0, 0.5])
    lim = attribute_limits(num, den, "u")
    u = 16 / 4.0
    np.testing.assert_allclose(lim["ucl"], u + 3 * np.sqrt(u / den))
    np.testing.assert_allclose(lim["lcl"], np.maximum(u - 3 * np.sqrt(u / den), 0))


def test_laney_p_prime_by_formula():
    rng = np.random.default_rng(1)
    den = rng.integers(5000, 9000, 24).astype(float)
    p_true = 0.2 + rng.normal(0, 0.02, 24)          # real month-to-month variation: over-dispersed
    num = np.round(den * p_true)
    lim = attribute_limits(num, den, "p", laney=True)
    p = num.sum() / den.sum()
    sigma = np.sqrt(p * (1 - p) / den)
    z = (num / den - p) / sigma
    sigma_z = np.abs(np.diff(z)).mean() / 1.128
    assert lim["sigma_z"] == pytest.approx(sigma_z)
    assert sigma_z > 1.5
    np.testing.assert_allclose(lim["ucl"], p + 3 * sigma * sigma_z)
    # Plain P limits would flag many points; Laney's do not.
    plain = attribute_limits(num, den, "p")
    assert ((num / den > plain["ucl"]) | (num / den < plain["lcl"])).sum() > 5
    assert ((num / den > lim["ucl"]) | (num / den < lim["lcl"])).sum() == 0


def test_laney_u_prime_sigma_z():
    num, den = np.array([30.0, 45, 28, 50, 33]), np.array([1000.0, 1100, 900, 1200, 1000])
    u = num.sum() / den.sum()
    z = (num / den - u) / np.sqrt(u / den)
    assert laney_sigma_z(num / den, den, "u", u) == pytest.approx(np.abs(np.diff(z)).mean() / 1.128)


def test_choose_chart():
    assert choose_chart() == "xmr"
    assert choose_chart([1, 2], [10, 10]) == "p"
    assert choose_chart([11, 2], [10, 10]) == "u"
    assert choose_chart([100, 200], [5000, 5000]) == "p_prime"


def test_short_series_gets_trial_limits_and_says_so():
    r = make_spc_chart([5, 6, 5, 7, 6, 5])
    assert r.trial
    assert "trial limits" in r.notes[0] and "6 points" in r.notes[0]
    long = make_spc_chart(list(np.tile([5, 6], 10)))
    assert not long.trial and not long.notes


@pytest.mark.parametrize("values", [[], [4]])
def test_too_few_points_for_limits(values):
    with pytest.raises(InputError, match="at least 2"):
        make_spc_chart(values)


def test_zero_denominator_and_numerator_above_denominator_are_named():
    with pytest.raises(InputError) as err:
        make_spc_chart(numerators=[1, 5, 2], denominators=[10, 0, 1], chart="p")
    text = str(err.value)
    assert "row 2" in text and "denominator is zero" in text
    assert "row 3" in text and "bigger than the denominator" in text


def test_recalculation_after_a_change_point_by_date():
    import pandas as pd

    x = pd.date_range("2024-01-01", periods=30, freq="MS")
    values = [10, 12] * 10 + [20, 22] * 5
    r = make_spc_chart(values, x, recalculate_at=["2025-09-01"])
    assert [p["start"] for p in r.phases] == [0, 20]
    assert r.points["centre"].iloc[0] == pytest.approx(11)
    assert r.points["centre"].iloc[-1] == pytest.approx(21)
    assert r.phases[1]["trial"] and not r.phases[0]["trial"]


def test_change_point_outside_the_series():
    with pytest.raises(InputError, match="not inside"):
        make_spc_chart([1, 2, 3, 4], recalculate_at=[9])


def test_multiplier_scales_values_limits_and_keeps_signals():
    r1 = make_spc_chart(numerators=[5, 6, 5, 40], denominators=[100] * 4, chart="p", baseline=3)
    r100 = make_spc_chart(numerators=[5, 6, 5, 40], denominators=[100] * 4, chart="p", baseline=3, multiplier=100)
    np.testing.assert_allclose(r100.points["ucl"], r1.points["ucl"] * 100)
    assert r100.points["value"].iloc[-1] == pytest.approx(40)
    assert [s.rule for s in r1.signals] == [s.rule for s in r100.signals]


def test_pdsa_marks_are_kept_for_the_chart():
    r = make_spc_chart([1, 2, 3, 2, 1], x=list(range(5)), pdsa=[("2024-03-01", "Cycle 1: text reminders")])
    assert r.pdsa_marks[0][1] == "Cycle 1: text reminders"
