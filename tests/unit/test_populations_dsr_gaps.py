"""Gaps between age-standardised rates (DSR ratio and difference) and how app 02 shows them."""
import math
from datetime import datetime, timezone
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from coprod_helpers.populations import breakdowns, plain_words, service_data
from coprod_helpers.populations.gaps import compare_standardised, dsr_difference, dsr_ratio
from coprod_helpers.populations.rates import directly_standardised_rate, dsr_variance, esp2013_weights
from coprod_helpers.widgets.population_gaps import OUTSIDE, PopulationGapPanel, ServiceDataUploadForm

AGES = ("0-15", "16-24", "25-34", "35-49", "50-64", "65+")
W = esp2013_weights(AGES)


def hand_dsr(events, population, weights, per=100_000):
    """DSR and its variance by a plain loop, weights scaled to add up to ``per``."""
    total = sum(weights)
    dsr = sum(w / total * per * o / n for o, n, w in zip(events, population, weights))
    var = sum((w / total * per) ** 2 * o / n**2 for o, n, w in zip(events, population, weights))
    return dsr, var


def z(level):
    return NormalDist().inv_cdf(0.5 + level / 2)


# -- the variance -------------------------------------------------------------------------------------

@pytest.mark.parametrize("events", [[0, 3, 7, 12, 30, 55], [1, 1, 1, 1, 1, 1], [200, 150, 90, 60, 40, 400]])
def test_dsr_variance_matches_a_loop_by_hand(events):
    pop = [12000, 8000, 9500, 15000, 11000, 7000]
    _, expected = hand_dsr(events, pop, W)
    assert float(dsr_variance(events, pop, W)) == pytest.approx(expected, rel=1e-9)
    # the same number comes with every DSR, and many groups work at once
    assert float(directly_standardised_rate(events, pop, W)["variance"]) == pytest.approx(expected, rel=1e-9)
    many = dsr_variance(np.array([events, events]), np.array([pop, pop]), W)
    assert many.shape == (2,) and many == pytest.approx([expected, expected], rel=1e-9)
    # per 1,000 instead of 100,000 scales the variance by the square
    assert float(dsr_variance(events, pop, W, per=1000)) == pytest.approx(expected / 100**2, rel=1e-9)


def test_dsr_variance_refuses_impossible_counts():
    with pytest.raises(ValueError):
        dsr_variance([1, -1], [10, 10], [1, 1])
    with pytest.raises(ValueError):
        dsr_variance([1, 1], [10, 0], [1, 1])


# -- the ratio and the difference ------------------------------------------------------------------------

GROUP_A = ([4, 9, 15, 22, 30, 41], [3000, 2500, 2800, 4100, 3600, 2900])
GROUP_B = ([10, 18, 25, 40, 52, 120], [9000, 7000, 8200, 12500, 11000, 9800])


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_dsr_ratio_and_difference_match_a_worked_example(level):
    d1, v1 = hand_dsr(*GROUP_A, W)
    d2, v2 = hand_dsr(*GROUP_B, W)
    ratio = d1 / d2
    se = math.sqrt(v1 / d1**2 + v2 / d2**2)
    lower, upper = math.exp(math.log(ratio) - z(level) * se), math.exp(math.log(ratio) + z(level) * se)
    r = dsr_ratio(d1, v1, d2, v2, level=level)
    assert float(r["ratio"]) == pytest.approx(ratio, rel=1e-9)
    assert float(r["lower"]) == pytest.approx(lower, rel=1e-9)
    assert float(r["upper"]) == pytest.approx(upper, rel=1e-9)
    half = z(level) * math.sqrt(v1 + v2)
    d = dsr_difference(d1, v1, d2, v2, level=level)
    assert float(d["difference"]) == pytest.approx(d1 - d2, rel=1e-9)
    assert float(d["lower"]) == pytest.approx(d1 - d2 - half, rel=1e-9)
    assert float(d["upper"]) == pytest.approx(d1 - d2 + half, rel=1e-9)


def test_dsr_ratio_properties():
    d1, v1 = hand_dsr(*GROUP_A, W)
    d2, v2 = hand_dsr(*GROUP_B, W)
    # equal rates: ratio 1 and an interval around it
    same = dsr_ratio(d1, v1, d1, v1)
    assert float(same["ratio"]) == 1.0 and float(same["lower"]) < 1 < float(same["upper"])
    # swapping the groups inverts the ratio and its limits
    ab, ba = dsr_ratio(d1, v1, d2, v2), dsr_ratio(d2, v2, d1, v1)
    assert float(ab["ratio"]) == pytest.approx(1 / float(ba["ratio"]))
    assert float(ab["lower"]) == pytest.approx(1 / float(ba["upper"]))
    # very sure is wider than fairly sure; ten times the events (same rates) is narrower
    wide = dsr_ratio(d1, v1, d2, v2, level=0.998)
    assert float(wide["lower"]) < float(ab["lower"]) and float(wide["upper"]) > float(ab["upper"])
    big = dsr_ratio(d1, v1 / 10, d2, v2 / 10)
    assert float(ab["lower"]) < float(big["lower"]) < float(big["ratio"]) < float(big["upper"]) < float(ab["upper"])
    # the interval shrinks to the ratio as the variances go to 0
    tiny = dsr_ratio(d1, v1 * 1e-12, d2, v2 * 1e-12)
    assert float(tiny["lower"]) == pytest.approx(d1 / d2, rel=1e-5) == float(tiny["upper"])
    # vectorised over groups against one reference
    many = dsr_ratio([d1, d2, 2 * d2], [v1, v2, 4 * v2], d2, v2)
    assert many["ratio"] == pytest.approx([d1 / d2, 1.0, 2.0])
    with pytest.raises(ValueError):
        dsr_ratio(-1, 1, 1, 1)


def test_dsr_ratio_with_no_events():
    r = dsr_ratio([0.0, 50.0], [0.0, 25.0], 100.0, 100.0)
    assert r["ratio"][0] == 0 and np.isnan(r["lower"][0]) and np.isnan(r["upper"][0])
    assert not np.isnan(r["lower"][1])
    none_ref = dsr_ratio(50.0, 25.0, 0.0, 0.0)
    assert np.isnan(none_ref["ratio"]) and np.isnan(none_ref["lower"]) and np.isnan(none_ref["upper"])
    d = dsr_difference(0.0, 0.0, 100.0, 100.0)
    assert float(d["difference"]) == -100 and float(d["upper"]) < 0


# -- a table of groups -------------------------------------------------------------------------------

def by_age(groups):
    return pd.DataFrame([{"group": g, "age_band": band, "events": o, "population": n}
                         for g, (events, pop) in groups.items() for band, o, n in zip(AGES, events, pop)])


def test_compare_standardised_against_the_reference_group():
    table = breakdowns.standardised_breakdown(by_age({"A": GROUP_A, "B": GROUP_B}))
    t = compare_standardised(table).set_index("group")
    assert set(t["reference"]) == {"B"}  # the largest group by default
    assert (t.loc["B", "ratio"], t.loc["B", "ratio_lower"], t.loc["B", "ratio_upper"]) == (1.0, 1.0, 1.0)
    assert (t.loc["B", "difference"], t.loc["B", "difference_lower"]) == (0.0, 0.0)
    d1, v1 = hand_dsr(*GROUP_A, W)
    d2, v2 = hand_dsr(*GROUP_B, W)
    assert t.loc["A", "variance"] == pytest.approx(v1, rel=1e-9)
    assert t.loc["A", "ratio"] == pytest.approx(d1 / d2, rel=1e-9)
    assert t.loc["A", "reference_value"] == pytest.approx(d2, rel=1e-9)
    assert set(t["gap_note"]) == {""}
    other = compare_standardised(table, reference="A").set_index("group")
    assert other.loc["A", "ratio"] == 1.0 and other.loc["B", "ratio"] == pytest.approx(d2 / d1, rel=1e-9)
    with pytest.raises(ValueError):
        compare_standardised(table, reference="Z")


def test_compare_standardised_says_why_a_ratio_is_missing():
    none = ([0] * 6, [1000] * 6)
    table = breakdowns.standardised_breakdown(by_age({"A": GROUP_A, "Empty": none, "B": GROUP_B}))
    t = compare_standardised(table, reference="B").set_index("group")
    assert t.loc["Empty", "ratio"] == 0 and np.isnan(t.loc["Empty", "ratio_lower"])
    assert "no events in this group" in t.loc["Empty", "gap_note"]
    sentences = plain_words.describe_gaps(t.reset_index())
    assert any("Empty" in s and "too small to say how sure" in s for s in sentences)
    t = compare_standardised(table, reference="Empty").set_index("group")
    assert np.isnan(t.loc["A", "ratio"]) and t.loc["Empty", "ratio"] == 1.0
    assert "no events in the Empty group" in t.loc["A", "gap_note"] and t.loc["Empty", "gap_note"] == ""
    assert any("cannot compare" in s for s in plain_words.describe_gaps(t.reset_index()))


def age_service_data(groups):
    rows = [{"measure": "Referrals", "period": "2024", "group_type": "imd_decile", "group": g, "age_band": band,
             "events": o, "population": n}
            for g, (events, pop) in groups.items() for band, o, n in zip(AGES, events, pop)]
    return service_data.load_service_data(pd.DataFrame(rows), "ages.csv")


def test_standardised_rates_work_out_gaps_before_hiding_small_numbers():
    small = ([0, 1, 0, 1, 0, 1], [2000, 1500, 1800, 2200, 1600, 900])
    data = age_service_data({"1": GROUP_A, "2": small, "10": GROUP_B})
    analyst = breakdowns.standardised_rates(data, "Referrals", "imd_decile", reference="10")
    assert list(analyst["group"]) == ["1", "10", "2"] and sorted(analyst["rank"]) == [1, 2, 3]
    shared = breakdowns.standardised_rates(data, "Referrals", "imd_decile", reference="10", shareable=True)
    hidden = shared.set_index("group").loc["2"]
    assert hidden["ratio"] == "*" and hidden["variance"] == "*" and hidden["gap_note"] == ""
    shown = shared.set_index("group")
    if not shown.loc["1", "suppressed"]:
        assert shown.loc["1", "ratio"] == pytest.approx(analyst.set_index("group").loc["1", "ratio"])
    no_gaps = breakdowns.standardised_rates(data, "Referrals", "imd_decile", with_gaps=False)
    assert "ratio" not in no_gaps and "variance" in no_gaps


# -- the app 02 panel ----------------------------------------------------------------------------------

# The same rate in every age band for both deciles, but decile 1 is young and decile 10 old:
# crude rates differ about threefold, the age-standardised ones not at all.
BAND_RATES = (0.001, 0.002, 0.004, 0.006, 0.01, 0.02)
YOUNG = (10000, 8000, 6000, 4000, 2000, 1000)
OLD = (1000, 2000, 4000, 6000, 8000, 10000)


def age_upload_text():
    head = "measure,period,group_type,group,age_band,events,population\n"
    lines = [f"Referrals,2024,imd_decile,{g},{band},{round(r * n)},{n}\n"
             for g, pops in (("1", YOUNG), ("10", OLD)) for band, r, n in zip(AGES, BAND_RATES, pops)]
    return head + "".join(lines)


@pytest.fixture
def panel(store, project, person):
    ctx = {"store": store, "project_id": project.id, "person": person}
    form = ServiceDataUploadForm(**ctx)
    text = age_upload_text()
    form.upload.value = ({"name": "ages.csv", "type": "text/csv", "size": len(text),
                          "content": memoryview(text.encode()), "last_modified": datetime.now(timezone.utc)},)
    form.save.click()
    assert form.saved == 12, form.message.value
    p = PopulationGapPanel(**ctx)
    p.measure.value, p.group_type.value = "Referrals", "imd_decile"
    p.reference.value = "10"
    return p


def test_panel_shows_the_dsr_ratio_when_age_standardised_is_ticked(panel):
    panel.show.click()
    crude_ratio = float(panel.breakdown.table.set_index("group").loc["1", "ratio"])
    assert crude_ratio == pytest.approx(114 / 337, rel=1e-9)
    assert "Times as likely as 10</th>" in panel.table_view.value and "0.34" in panel.table_view.value
    assert "66% less likely" in panel.words.value and "allowing for age" not in panel.words.value

    panel.standardise.value = True
    panel.show.click()
    dsr = panel.standardised.set_index("group")
    assert dsr.loc["1", "ratio"] == pytest.approx(1.0, rel=1e-9) and dsr.loc["10", "ratio"] == 1.0
    assert dsr.loc["1", "ratio_lower"] < 1 < dsr.loc["1", "ratio_upper"]
    table = panel.table_view.value
    assert "Times as likely as 10, allowing for age" in table and "0.34" not in table and "1.00" in table
    assert "In plain words (allowing for age)" in panel.words.value
    assert "about as likely as people in the 10 group" in panel.words.value
    assert "66% less likely" not in panel.words.value
    dsr_view = panel.standardised_view.value
    assert "Times as likely as 10, allowing for age (range)" in dsr_view and "Difference from 10" in dsr_view
    lo, hi = dsr.loc["1", "ratio_lower"], dsr.loc["1", "ratio_upper"]
    assert f"1.00 ({lo:.2f} to {hi:.2f})" in dsr_view
    assert "allowing for age" in panel.charts.value  # the forest plot is of the DSR ratios too
    # the crude breakdown is still there, unchanged, for keeping
    assert float(panel.breakdown.table.set_index("group").loc["1", "ratio"]) == pytest.approx(crude_ratio)

    panel.standardise.value = False
    panel.show.click()
    assert panel.standardised is None and "0.34" in panel.table_view.value


def test_panel_with_an_outside_comparator_keeps_crude_ratios_and_says_why(panel):
    panel.reference.value = OUTSIDE
    panel.comparator_events.value, panel.comparator_population.value = "5000", "1000000"
    panel.standardise.value = True
    panel.show.click()
    assert panel.standardised is not None and "ratio" not in panel.standardised
    assert "has no numbers by age band" in panel.words.value
    assert "allowing for age" not in panel.table_view.value and "Times as likely as England" in panel.table_view.value
