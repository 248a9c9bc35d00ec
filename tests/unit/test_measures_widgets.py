"""The aim, driver and measure widgets without a browser: set values, click, check the store."""
from datetime import date

import pandas as pd

from coprod_helpers.measures import aims, definitions as md
from coprod_helpers.widgets.aim_builder import AimBuilderForm
from coprod_helpers.widgets.aim_comments import AimCommentPanel
from coprod_helpers.widgets.driver_diagram import DriverDiagramForm
from coprod_helpers.widgets.measure_chart import MeasureChartPanel
from coprod_helpers.widgets.measure_definition import MeasureDefinitionForm
from coprod_helpers.widgets.measure_upload import MeasureUploadPanel


def test_aim_builder_suggests_checks_saves_and_revises(store, project, staff):
    form = AimBuilderForm(store, project.id, staff, gap={"group": "Black African", "ratio": 3.5,
                                                           "reference": "White British"})
    form.suggest_button.click()
    assert (form.baseline.value, form.target.value, form.population.value) == ("3.5", "2", "Black African")
    form.what.value = "detentions"
    form.check_button.click()
    assert "no date" in form.checks.value
    form.baseline.value = "three"
    form.save_button.click()
    assert "not a number" in form.message.value and form.aim_id is None
    assert form.what.value == "detentions"                      # what was typed is kept
    form.baseline.value = "3.5"
    form.by_date.value = date(date.today().year + 2, 1, 1)
    form.save_button.click()
    assert form.aim_id and "Well done" in form.checks.value
    first = form.aim_id
    form.target.value = "1.5"
    form.save_button.click()
    assert form.aim_id == first and store.get(first).version == 2


def test_comment_panel_saves_and_shows_escaped(store, project, person, staff):
    rec = aims.save_aim_draft(store, project.id, aims.Aim("access <b>now</b>", "young men"), by=staff)
    panel = AimCommentPanel(store, project.id, person)
    assert panel.aim_id == rec.id and "access &lt;b&gt;now&lt;/b&gt;" in panel.current.value
    panel.send_button.click()
    assert "comment is empty" in panel.message.value
    panel.comment.value = "Please say <which> young men"
    panel.send_button.click()
    assert panel.comment_count == 1 and panel.comment.value == ""
    assert "&lt;which&gt;" in panel.timeline.value


def test_driver_form_adds_and_saves(store, project, person):
    form = DriverDiagramForm(store, project.id, person, aim_text="Fewer detentions")
    assert form.item_count == 3 and "<svg" in form.picture.value
    form.level.value = "secondary"
    form.parent.value = form.diagram.primaries[0].id
    form.text.value = "Trusted places"
    form.add_button.click()
    form.level.value = "change_idea"
    form.parent.value = form.diagram.primaries[0].secondaries[0].id
    form.text.value = "Barbers drop-in"
    form.tier.value = "bronze"
    form.add_button.click()
    form.text.value = ""
    form.add_button.click()
    assert "no words" in form.message.value
    form.save_button.click()
    assert form.diagram_id and form.item_count == 5
    again = DriverDiagramForm(store, project.id, person)
    assert again.diagram.change_ideas()[0].proposed_by_role == "lived_experience"


def test_definition_upload_and_chart(store, project, staff):
    form = MeasureDefinitionForm(store, project.id, staff)
    form.save_button.click()
    assert "no name" in form.message.value
    form.name.value = "Follow-up in 72 hours"
    form.numerator.value, form.denominator.value = "Followed up", "Discharges"
    form.direction.value, form.multiplier.value = "higher", 100
    form.save_button.click()
    assert form.measure_id and "does not say where the data come from" in form.checks.value
    upload = MeasureUploadPanel(store, project.id, staff)
    rows = "".join(f"2023-{m:02d}-01,A,{5 if m < 12 else 9},10\n" for m in range(1, 13))
    upload.save_bytes(b"date,bad\n2023-01-01,1\n", "x.csv")
    assert "no &#x27;value&#x27; column" in upload.message.value and upload.saved_count == 0
    upload.save_bytes(("date,group,numerator,denominator\n" + rows).encode(), "ok.csv")
    assert upload.saved_count == 12
    panel = MeasureChartPanel(store, project.id, staff)
    panel.draw_button.click()
    assert "has no definition" in panel.message.value or "does not say" in panel.message.value
    defn = md.load_measure(store, form.measure_id)
    defn.data_source, defn.collected_by = "Patient records", "Ward clerk"
    md.save_measure(store, project.id, defn, by=staff, measure_id=form.measure_id)
    panel.draw_button.click()
    assert "<svg" in panel.output.value and "Follow-up in 72 hours: A" in panel.output.value


def test_chart_panel_with_a_table_finds_signals():
    x = pd.date_range("2023-01-01", periods=24, freq="MS")
    values = [11, 9] * 8 + [13] * 8
    df = pd.DataFrame({"group": "All", "date": x, "value": values, "numerator": None, "denominator": None})
    panel = MeasureChartPanel(data=df, title="Calls", direction="higher")
    panel.draw_button.click()
    assert panel.signal_count >= 1 and "Improvement" in panel.output.value
