"""Gaps between groups, benchmarks, ranking and SII/RII."""
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.rates import confint_poisson_2indep

from coprod_helpers.populations import deprivation, gaps


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_rate_ratio_matches_statsmodels_wald_log(level):
    o1, n1, o2, n2 = np.array([50, 3, 1200]), np.array([10_000, 500, 2e6]), np.array([100, 7, 900]), np.array([40_000, 2_000, 3e6])
    r = gaps.rate_ratio(o1, n1, o2, n2, level=level)
    for i in range(3):
        lo, hi = confint_poisson_2indep(o1[i], n1[i], o2[i], n2[i], method="wald-log", compare="ratio", alpha=1 - level)
        assert r["lower"][i] == pytest.approx(lo, rel=1e-6)
        assert r["upper"][i] == pytest.approx(hi, rel=1e-6)
    np.testing.assert_allclose(r["ratio"], (o1 / n1) / (o2 / n2))


def test_rate_ratio_zero_events_and_proportions():
    r = gaps.rate_ratio([0, 5], [100, 100], [10, 0], [100, 100])
    assert np.isnan(r["lower"][0]) and r["ratio"][0] == 0
    assert np.isnan(r["ratio"][1])
    # Katz log method for a risk ratio: 20/100 vs 10/100
    p = gaps.rate_ratio(20, 100, 10, 100, kind="proportion")
    se = np.sqrt(1 / 20 - 1 / 100 + 1 / 10 - 1 / 100)
    assert float(p["lower"]) == pytest.approx(2 * np.exp(-1.959964 * se), rel=1e-6)


def test_rate_difference_matches_statsmodels_mover_with_exact_intervals():
    # under 10 events both groups use the exact interval, as statsmodels' "exact-c"
    o1, n1, o2, n2 = 7, 1_000.0, 2, 1_500.0
    d = gaps.rate_difference(o1, n1, o2, n2, per=1)
    lo, hi = confint_poisson_2indep(o1, n1, o2, n2, method="mover", compare="diff", method_mover="exact-c")
    assert float(d["lower"]) == pytest.approx(lo, rel=1e-6)
    assert float(d["upper"]) == pytest.approx(hi, rel=1e-6)
    zero = gaps.rate_difference(0, 1000, 0, 1000)
    assert float(zero["difference"]) == 0 and float(zero["lower"]) < 0 < float(zero["upper"])


def test_excess_events_is_a_concrete_number():
    e = gaps.excess_events(50, 10_000, 100, 40_000)
    assert float(e["excess"]) == pytest.approx(25.0)
    assert float(e["lower"]) < 25 < float(e["upper"])
    assert float(gaps.excess_events(10, 10_000, 100, 40_000)["excess"]) == pytest.approx(-15.0)


@pytest.mark.parametrize("polarity,words", [("lower_is_better", ["better", "similar", "worse"]),
                                            ("higher_is_better", ["worse", "similar", "better"]),
                                            ("no_judgement", ["lower", "similar", "higher"])])
def test_benchmark_comparison_with_polarity(polarity, words):
    out = gaps.compare_with_benchmark([10, 15, 20], [8, 13, 18], [12, 17, 22], 15, polarity=polarity)
    assert out.tolist() == words
    assert gaps.compare_with_benchmark([np.nan], [np.nan], [np.nan], 1).tolist() == ["not compared"]
    with pytest.raises(ValueError):
        gaps.compare_with_benchmark([1], [1], [1], 1, polarity="up")


def breakdown():
    return pd.DataFrame({"group": ["White: British", "Black: African", "Black: Caribbean", "Asian: Indian", "Other: Arab"],
                         "events": [300, 90, 40, 30, 0], "population": [200_000, 30_000, 12_000, 25_000, 3_000]})


def test_compare_groups_defaults_to_largest_group_and_ranks_sure_gaps_first():
    t = gaps.compare_groups(breakdown())
    assert set(t["reference"]) == {"White: British"}
    ref = t.set_index("group").loc["White: British"]
    assert ref["ratio"] == 1 and ref["compared"] == "similar"
    caribbean = t.set_index("group").loc["Black: Caribbean"]
    assert caribbean["ratio"] == pytest.approx((40 / 12_000) / (300 / 200_000))
    assert caribbean["compared"] == "worse"
    ranked = gaps.rank_gaps(t)
    assert ranked["group"].iloc[0] in {"Black: African", "Black: Caribbean"}
    assert ranked["rank"].tolist() == [1, 2, 3, 4, 5]
    assert ranked.set_index("group").loc["Other: Arab", "gap_score"] == 0


def test_compare_groups_with_an_outside_comparator_and_named_reference():
    t = gaps.compare_groups(breakdown(), reference_values=(50_000, 56_000_000), reference="England")
    assert set(t["reference"]) == {"England"}
    assert t["reference_value"].iloc[0] == pytest.approx(50_000 / 56e6 * 1e5)
    t = gaps.compare_groups(breakdown(), reference="Asian: Indian")
    assert t.set_index("group").loc["Asian: Indian", "ratio"] == 1
    with pytest.raises(ValueError):
        gaps.compare_groups(breakdown(), reference="Nobody")


def test_sii_analytic_matches_statsmodels_wls():
    events = np.array([150, 120, 100, 90, 70, 60, 55, 40, 35, 30])
    pop = np.array([10_000, 11_000, 9_000, 10_500, 10_000, 9_500, 10_000, 10_200, 9_800, 10_000])
    r = deprivation.slope_index_of_inequality(events, pop, per=1000, method="analytic")
    x = deprivation.rank_midpoints(pop)
    y = events / pop * 1000
    fit = sm.WLS(y, sm.add_constant(x), weights=pop).fit()
    assert r["sii"] == pytest.approx(-fit.params[1], rel=1e-9)
    assert r["rii"] == pytest.approx(fit.params[0] / (fit.params[0] + fit.params[1]), rel=1e-9)
    assert r["sii_upper"] - r["sii"] == pytest.approx(1.959964 * fit.bse[1], rel=1e-6)


def test_sii_simulation_is_seeded_sorted_by_decile_and_brackets_the_estimate():
    events = [30, 35, 40, 55, 60, 70, 90, 100, 120, 150]
    pop = [10_000] * 10
    deciles = list(range(10, 0, -1))  # given least deprived first
    r1 = deprivation.slope_index_of_inequality(events, pop, order=deciles, per=1000)
    r2 = deprivation.slope_index_of_inequality(events, pop, order=deciles, per=1000)
    assert r1 == r2
    assert r1["sii"] > 0 and r1["rii"] > 1  # higher where more deprived
    assert r1["sii_lower"] < r1["sii"] < r1["sii_upper"]
    assert r1["rii_lower"] < r1["rii"] < r1["rii_upper"]
    r99 = deprivation.slope_index_of_inequality(events, pop, order=deciles, per=1000, level=0.998)
    assert r99["sii_upper"] - r99["sii_lower"] > r1["sii_upper"] - r1["sii_lower"]


def test_sii_from_a_decile_table_and_quintiles():
    t = pd.DataFrame({"group": [str(d) for d in range(1, 11)], "events": [150, 120, 100, 90, 70, 60, 55, 40, 35, 30],
                      "population": [10_000] * 10})
    d = deprivation.summarise_by_deprivation(t, per=1000)
    q = deprivation.summarise_by_deprivation(t, per=1000, to_quintiles=True)
    assert d["sii"] > 0 and q["sii"] > 0
    assert q["sii"] == pytest.approx(d["sii"], rel=0.1)
    with pytest.raises(ValueError):
        deprivation.slope_index_of_inequality([1, 2], [10, 10])
