"""Saved gap results: kept with history, read back by later steps."""
import math

import pandas as pd
import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.measures.aims import suggest_aim_from_gap
from coprod_helpers.populations.gap_results import gap_table, latest_gap_results, save_gap_results
from coprod_helpers.populations.gaps import compare_groups


def table():
    return compare_groups(pd.DataFrame({"group": ["White British", "Black African", "Asian"],
                                        "events": [300, 120, 0], "population": [100_000, 20_000, 5_000]}))


def test_saved_gaps_come_back_for_the_aim(store, project, person):
    assert latest_gap_results(store, project.id) is None
    save_gap_results(store, project.id, table(), measure="detentions", split_by="ethnicity", by=person)
    result = latest_gap_results(store, project.id)
    assert result["measure"] == "detentions" and result["saved_by"] == person.pseudonym
    rows = {r["group"]: r for r in result["rows"]}
    assert rows["Black African"]["ratio"] == pytest.approx(2.0) and rows["Black African"]["reference"] == "White British"
    assert all(v is None or not isinstance(v, float) or math.isfinite(v) for r in result["rows"] for v in r.values())
    top = gap_table(result)
    assert top.iloc[0]["group"] == "Black African"
    suggestion = suggest_aim_from_gap(top)
    assert suggestion["population"] == "Black African" and suggestion["baseline"] == pytest.approx(2.0)


def test_latest_wins_and_earlier_results_are_kept(store, project, person):
    save_gap_results(store, project.id, table(), measure="detentions", split_by="ethnicity", by=person)
    second = table().assign(ratio=lambda t: t["ratio"] * 1.5)
    save_gap_results(store, project.id, second, measure="detentions", split_by="ethnicity", by=person)
    save_gap_results(store, project.id, table(), measure="referrals", split_by="age", by=person)
    assert latest_gap_results(store, project.id)["measure"] == "referrals"
    again = latest_gap_results(store, project.id, measure="detentions")
    assert {r["group"]: r["ratio"] for r in again["rows"]}["Black African"] == pytest.approx(3.0)
    assert len(store.records(project.id, kind="population_gaps")) == 3


def test_not_a_gap_table_or_no_measure_saves_nothing(store, project, person):
    with pytest.raises(InputError, match="no ratio column"):
        save_gap_results(store, project.id, pd.DataFrame({"group": ["A"]}), measure="x", split_by="", by=person)
    with pytest.raises(InputError, match="what was counted"):
        save_gap_results(store, project.id, table(), measure=" ", split_by="", by=person)
    assert store.records(project.id, kind="population_gaps") == []
