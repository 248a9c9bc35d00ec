"""The aim, chart, upload and driver pages' newer controls, without a browser.

Gap-based suggestions from the saved populations result, the baseline and recalculation
controls on the chart page (and run charts that recalculate), typed data entry through the
upload's checks, editing a driver diagram's boxes, and the run chart's runs limits.
"""
from datetime import date

import pandas as pd
import pytest

from coprod_helpers.measures import definitions as md
from coprod_helpers.measures import measure_data
from coprod_helpers.measures.run_chart import make_run_chart, runs_distribution, runs_limits
from coprod_helpers.populations.gap_results import save_gap_results
from coprod_helpers.widgets.aim_builder import AimBuilderForm
from coprod_helpers.widgets.driver_diagram import DriverDiagramForm
from coprod_helpers.widgets.measure_chart import MeasureChartPanel
from coprod_helpers.widgets.measure_upload import MeasureUploadPanel

GAPS = pd.DataFrame({"group": ["Asian", "Black African", "White British"], "ratio": [1.5, 3.5, 1.0],
                     "excess": [10.0, 40.0, 0.0], "reference": "White British"})


# -- the aim builder reads the saved gap --------------------------------------------
def test_aim_builder_without_a_gap_says_so_and_cannot_suggest(store, project, staff):
    form = AimBuilderForm(store, project.id, staff)
    assert form.suggest_button.disabled and "No gap has been saved" in form.gap_source.value


def test_aim_builder_suggests_from_the_latest_saved_gap(store, project, staff):
    save_gap_results(store, project.id, GAPS.assign(ratio=[9.0, 9.0, 1.0]), measure="old count", split_by="x",
                     by=staff)
    save_gap_results(store, project.id, GAPS, measure="detentions", split_by="ethnicity", by=staff)
    form = AimBuilderForm(store, project.id, staff)
    assert not form.suggest_button.disabled
    assert [v for _, v in form.gap_group.options][0] == "Black African"       # biggest ratio first
    assert "detentions" in form.gap_source.value and "ethnicity" in form.gap_source.value
    assert str(date.today().year) in form.gap_source.value                      # when it was saved
    form.suggest_button.click()
    assert (form.baseline.value, form.target.value, form.population.value) == ("3.5", "2", "Black African")
    assert "times the rate for White British" in form.unit.value
    form.gap_group.value = "Asian"
    form.gap_way.value = "excess"
    form.suggest_button.click()
    assert (form.baseline.value, form.target.value, form.population.value) == ("10", "4", "Asian")
    assert "fewer events" in form.message.value and form.direction.value == "lower"


def test_aim_builder_gap_override_still_wins(store, project, staff):
    save_gap_results(store, project.id, GAPS, measure="detentions", split_by="ethnicity", by=staff)
    form = AimBuilderForm(store, project.id, staff, gap={"group": "Mixed", "ratio": 2.0, "reference": "White"})
    form.suggest_button.click()
    assert (form.baseline.value, form.population.value) == ("2", "Mixed")


# -- the chart page: baseline and recalculation ------------------------------------
def series(values, group="All"):
    x = pd.date_range("2023-01-01", periods=len(values), freq="MS")
    return pd.DataFrame({"group": group, "date": x, "value": values, "numerator": None, "denominator": None})


STEP = [10, 11, 9, 10, 12, 10, 11, 9, 10, 11, 9, 10] + [13, 14, 13, 14, 13, 14, 13, 14, 13, 14, 13, 14]


def test_chart_baseline_freezes_the_centre_line_for_spc_and_run_charts():
    panel = MeasureChartPanel(data=series(STEP), title="Calls", direction="higher")
    panel.chart.value = "xmr"
    panel.draw_button.click()
    assert "from only" not in panel.output.value              # 24 points: settled limits
    panel.baseline.value = 12
    panel.draw_button.click()
    assert "worked out from only 12 points" in panel.output.value and "Improvement" in panel.output.value
    panel.chart.value = "run"
    panel.draw_button.click()                                  # median frozen at 10: 12 points above it
    assert panel.signal_count >= 1 and "12 points in a row above" in panel.output.value


def test_chart_baseline_that_does_not_fit_names_the_field():
    panel = MeasureChartPanel(data=series(STEP), title="Calls")
    panel.baseline.value = 40
    panel.draw_button.click()
    assert "baseline" in panel.message.value and "24 points" in panel.message.value and panel.output.value == ""


def test_run_chart_page_accepts_a_recalculation_date():
    panel = MeasureChartPanel(data=series(STEP), title="Calls", direction="higher")
    panel.chart.value = "run"
    panel.change_date.value = date(2024, 1, 1)
    panel.draw_button.click()
    assert "<svg" in panel.output.value and panel.message.value == ""


def test_run_chart_recalculates_the_median_from_a_change():
    r = make_run_chart(STEP, list(series(STEP)["date"]), recalculate_at=["2024-01-01"])
    assert [p["median"] for p in r.phases] == [10, 13.5] and r.median == 13.5
    assert r.points["median"].tolist() == [10.0] * 12 + [13.5] * 12
    assert r.points["phase"].tolist() == [0] * 12 + [1] * 12
    assert make_run_chart(STEP, recalculate_at=[12]).phases == r.phases
    one = make_run_chart(STEP)
    assert len(one.phases) == 1 and one.phases[0]["median"] == one.median


def test_run_chart_recalculation_outside_the_series_is_refused():
    from coprod_helpers.errors import InputError

    with pytest.raises(InputError, match="not inside the series"):
        make_run_chart(STEP, recalculate_at=[30])


# -- typing the numbers in ---------------------------------------------------------
@pytest.fixture
def measure_id(store, project, staff):
    defn = md.MeasureDefinition(name="Follow-up in 72 hours", numerator="Followed up",
                                denominator="Discharges", data_source="Records", collected_by="Clerk",
                                direction="higher")
    return md.save_measure(store, project.id, defn, by=staff).id


def type_row(panel, day, value="", numerator="", denominator="", group=""):
    panel.entry_date.value = day
    panel.entry_value.value, panel.entry_numerator.value = value, numerator
    panel.entry_denominator.value, panel.entry_group.value = denominator, group
    panel.add_row_button.click()


def test_typed_rows_are_checked_like_an_upload_and_saved_all_or_nothing(store, project, staff, measure_id):
    panel = MeasureUploadPanel(store, project.id, staff)
    type_row(panel, date(2024, 1, 1), numerator="5", denominator="10", group="A")
    type_row(panel, date(2024, 2, 1), numerator="12", denominator="10", group="A")   # numerator too big
    type_row(panel, date(2024, 3, 1), numerator="x", denominator="10", group="A")
    assert panel.typed_count == 3 and "Rows waiting" in panel.typed_table.value
    panel.save_typed_button.click()
    msg = panel.message.value
    assert "the rows typed in, row 3, column/field &#x27;numerator&#x27;" in msg
    assert "row 4" in msg and "not a number" in msg and "Nothing was saved" in msg
    assert measure_data.load_measure_data(store, project.id, measure_id).empty and panel.typed_count == 3
    panel.clear_rows_button.click()
    type_row(panel, date(2024, 1, 1), numerator="5", denominator="10", group="A")
    type_row(panel, date(2024, 2, 1), numerator="6", denominator="10")
    panel.save_typed_button.click()
    saved = measure_data.load_measure_data(store, project.id, measure_id)
    assert panel.saved_count == 2 and panel.typed_count == 0
    assert sorted(saved["group"]) == ["A", "All"] and saved["value"].tolist() == [0.5, 0.6]


def test_typed_value_rows_use_the_same_date_and_duplicate_checks(store, project, staff, measure_id):
    panel = MeasureUploadPanel(store, project.id, staff)
    type_row(panel, date(2024, 2, 1), value="3")
    type_row(panel, date(2024, 1, 1), value="4")
    type_row(panel, None, value="4")
    panel.save_typed_button.click()
    assert "comes before" in panel.message.value and "date is missing" in panel.message.value
    assert panel.saved_count == 0
    panel.clear_rows_button.click()
    type_row(panel, date(2024, 1, 1), value="4")
    panel.save_typed_button.click()
    assert panel.saved_count == 1
    type_row(panel, date(2024, 1, 1), value="5")
    panel.save_typed_button.click()                                       # the save refuses a date saved already
    assert "already a value" in panel.message.value and panel.typed_count == 1


def test_typed_rows_need_a_person_and_a_measure(store, project, person):
    panel = MeasureUploadPanel(store, project.id, person)
    panel.save_typed_button.click()
    assert "Add at least one row" in panel.message.value
    type_row(panel, date(2024, 1, 1), value="1")
    panel.save_typed_button.click()
    assert "First save a measure" in panel.message.value


# -- editing the driver diagram ------------------------------------------------------
def test_driver_diagram_edits_words_tier_and_role(store, project, staff):
    form = DriverDiagramForm(store, project.id, staff, aim_text="Fewer detentions")
    primary = form.diagram.primaries[0]
    form.level.value = "secondary"
    form.parent.value, form.text.value = primary.id, "Trusted places"
    form.add_button.click()
    form.level.value = "change_idea"
    form.parent.value = form.diagram.primaries[0].secondaries[0].id
    form.text.value, form.tier.value, form.role.value = "Drop-in at the barbers", "gold", "staff"
    form.add_button.click()
    idea = form.diagram.change_ideas()[0]
    form.edit_pick.value = primary.id
    assert form.edit_text.value == primary.text and form.edit_tier.layout.display == "none"
    form.edit_text.value = "Access: help that is easy to reach"
    form.edit_button.click()
    assert form.diagram.primaries[0].text == "Access: help that is easy to reach"
    form.edit_pick.value = idea.id
    assert (form.edit_text.value, form.edit_tier.value, form.edit_role.value) == ("Drop-in at the barbers", "gold",
                                                                                   "staff")
    assert form.edit_tier.layout.display is None
    form.edit_text.value, form.edit_tier.value, form.edit_role.value = "Barbers' drop-in", "bronze", "lived_experience"
    form.edit_button.click()
    assert "Changed" in form.message.value and "Barbers&#x27; drop-in" in form.picture.value
    form.edit_text.value = "   "
    form.edit_button.click()
    assert "no words" in form.message.value and form.diagram.find(idea.id).text == "Barbers' drop-in"
    form.save_button.click()
    again = DriverDiagramForm(store, project.id, staff).diagram.find(idea.id)
    assert (again.text, again.tier, again.proposed_by_role) == ("Barbers' drop-in", "bronze", "lived_experience")


def test_diagram_edit_checks_everything_before_changing_anything():
    from coprod_helpers.errors import InputError
    from coprod_helpers.measures.drivers import start_diagram

    d = start_diagram("Aim", areas=["access"])
    s = d.add_secondary(d.primaries[0].id, "Early help")
    idea = d.add_change_idea(s.id, "Idea", tier="silver", proposed_by_role="staff")
    with pytest.raises(InputError, match="roles"):
        d.edit(idea.id, text="New words", proposed_by_role="boss")
    assert (idea.text, idea.proposed_by_role) == ("Idea", "staff")
    with pytest.raises(InputError, match="Only change ideas"):
        d.edit(s.id, tier="gold")
    d.edit(idea.id, proposed_by_role="lived_experience")
    assert idea.proposed_by_role == "lived_experience"


# -- runs limits --------------------------------------------------------------------
# The exact Swed & Eisenhart distribution, 2.5% in each tail, points split evenly (odd n:
# one more below). Signal if runs < low or runs > high. Pinned so any change is deliberate.
EXACT_LIMITS = {10: (3, 9), 11: (4, 9), 12: (4, 10), 13: (4, 11), 14: (4, 12), 15: (5, 12), 16: (5, 13),
                17: (6, 13), 18: (6, 14), 19: (6, 15), 20: (7, 15), 21: (7, 16), 22: (8, 16), 23: (8, 17),
                24: (8, 18), 25: (9, 18), 26: (9, 19), 27: (10, 19), 28: (10, 20), 29: (10, 21), 30: (11, 21)}


def test_runs_limits_pinned_for_10_to_30_useful_points():
    assert {n: runs_limits(n) for n in EXACT_LIMITS} == EXACT_LIMITS


def test_runs_limits_are_symmetric_for_an_even_split():
    # With as many points above as below, the number of runs is symmetric about n/2 + 1, so
    # any table from a two-sided criterion must be too; this is a check on a copied table.
    for n in range(10, 61, 2):
        low, high = runs_limits(n)
        dist = runs_distribution(n // 2, n // 2)
        assert dist[low] == pytest.approx(dist[n + 2 - low]) and low + high == n + 2


def test_a_file_with_a_word_for_a_numerator_is_reported_not_crashed():
    from coprod_helpers.errors import InputError

    with pytest.raises(InputError, match="row 2, column/field 'numerator': 'x' is not a number"):
        measure_data.read_measure_data(b"date,numerator,denominator\n2024-01-01,x,10\n2024-02-01,5,10\n", "a.csv")
