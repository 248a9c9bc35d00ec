"""Small-count suppression (primary and secondary), data quality and denominators."""
import itertools

import numpy as np
import pandas as pd
import pytest

from coprod_helpers.populations import data_quality, denominators, disclosure


def hidden_cell_recoverable(values, mask, row_totals=True, col_totals=True):
    """True if any line with a total has exactly one hidden cell."""
    v = np.asarray(values)
    lines = []
    if row_totals:
        lines += [mask[i, :] for i in range(v.shape[0])]
    if col_totals:
        lines += [mask[:, j] for j in range(v.shape[1])]
    return any(line.sum() == 1 for line in lines)


def test_primary_suppression_default_threshold_and_zeros():
    assert disclosure.primary_mask([0, 1, 4, 5, 10]).tolist() == [False, True, True, False, False]
    assert disclosure.primary_mask([0, 1, 7, 8], threshold=8, suppress_zeros=True).tolist() == [True, True, True, False]


def test_secondary_suppression_hides_the_next_smallest_cell_in_a_row_with_a_total():
    t = pd.DataFrame({"group": ["A", "B", "C", "D", "Total"], "events": [3, 40, 12, 0, 55]}).set_index("group")
    shared, mask = disclosure.suppress_table(t.T, total_column="Total")
    row = shared.iloc[0]
    assert row["A"] == "*" and row["C"] == "*"  # 12 is the smallest non-zero cell left
    assert row["B"] == 40 and row["D"] == 0 and row["Total"] == 55


def test_cross_table_cannot_be_recovered_from_row_or_column_totals():
    rng = np.random.default_rng(1)
    for _ in range(50):
        inner = rng.integers(0, 30, size=(4, 3))
        inner[rng.random(inner.shape) < 0.3] = rng.integers(1, 5)
        full = np.vstack([np.column_stack([inner, inner.sum(1)]),
                          np.append(inner.sum(0), inner.sum())])
        df = pd.DataFrame(full, columns=["a", "b", "c", "Total"], index=["r1", "r2", "r3", "r4", "Total"])
        shared, mask = disclosure.suppress_table(df, total_row="Total", total_column="Total")
        m = mask.to_numpy()
        assert not hidden_cell_recoverable(full, m)
        assert (m | ~disclosure.primary_mask(full)).all()  # every small count is hidden
        assert set(shared.to_numpy()[m].tolist()) <= {"*"}


def test_marker_and_threshold_are_configurable():
    t = pd.DataFrame({"x": [6, 20, 30]})
    shared, _ = disclosure.suppress_table(t, threshold=8, marker="[c]", col_totals=True)
    assert shared["x"].tolist() == ["[c]", "[c]", 30]


def test_breakdown_hides_derived_columns_and_keeps_denominators():
    t = pd.DataFrame({"group": ["A", "B", "C"], "events": [2, 50, 9], "population": [100, 1000, 900],
                      "value": [2000.0, 5000.0, 1000.0], "lower": [1.0, 2.0, 3.0], "compared": ["worse", "worse", "similar"]})
    shared = disclosure.suppress_breakdown(t)
    assert shared["events"].tolist() == ["*", 50, "*"]
    assert shared["value"].tolist() == ["*", 5000.0, "*"]
    assert shared["compared"].tolist() == ["*", "worse", "*"]
    assert shared["population"].tolist() == [100, 1000, 900]
    alone = disclosure.suppress_breakdown(t, has_total=False)
    assert alone["events"].tolist() == ["*", 50, 9]


def test_unknown_share_beside_a_breakdown():
    t = pd.DataFrame({"group": ["White: British", "Black: African", "Not stated", "unknown"],
                      "events": [80, 8, 10, 2]})
    q = data_quality.unknown_share(t)
    assert q["unknown"] == 12 and q["total"] == 100 and q["share"] == pytest.approx(0.12)
    assert q["lower"] < 0.12 < q["upper"]
    assert "12.0%" in q["message"] and "a lot" in q["message"]
    empty = data_quality.unknown_share(pd.DataFrame({"group": ["A"], "events": [0]}))
    assert np.isnan(empty["share"])
    notes = data_quality.check_breakdown(t.assign(population=[100, 0, 5, 5]))
    assert any("Black: African" in n for n in notes)


def test_aggregate_population_to_any_level():
    t = pd.DataFrame({"code": ["E01", "E02", "E03", "W01"], "ethnic_group": ["A", "A", "B", "A"],
                      "population": [10, 20, 5, 7]})
    eng = denominators.aggregate_population(t, to="england")
    assert dict(zip(eng["ethnic_group"], eng["population"])) == {"A": 30, "B": 5}
    la = denominators.aggregate_population(t, to={"E01": "LA1", "E02": "LA2", "E03": "LA1"})
    assert la.set_index(["code", "ethnic_group"])["population"].to_dict() == {("LA1", "A"): 10, ("LA2", "A"): 20, ("LA1", "B"): 5}
    sel = denominators.aggregate_population(t, to=["E01", "W01"])
    assert sel["population"].tolist() == [17]
    lookup = pd.DataFrame({"code": ["E01", "E02", "E03", "W01"], "parent": ["X", "X", "X", "X"]})
    assert denominators.aggregate_population(t, to=lookup, by=())["population"].tolist() == [42]
