"""The PDSA, question bank and target forms without a browser: set values, click, check the store."""
import base64
import re
from datetime import date

import pandas as pd

from coprod_helpers.measures import definitions as md
from coprod_helpers.measures import drivers as dd
from coprod_helpers.measures import pdsa
from coprod_helpers.measures import question_bank as qb
from coprod_helpers.planning.documents import docx_text
from coprod_helpers.widgets.measure_chart import MeasureChartPanel
from coprod_helpers.widgets.measure_definition import MeasureDefinitionForm
from coprod_helpers.widgets.measure_upload import MeasureUploadPanel
from coprod_helpers.widgets.pdsa_form import TYPED, PDSACycleForm
from coprod_helpers.widgets.question_bank_form import QuestionBankPanel


def saved_diagram(store, project, person):
    d = dd.start_diagram("Fewer detentions", areas=["access"])
    s = d.add_secondary(d.primaries[0].id, "Trusted places")
    idea = d.add_change_idea(s.id, "Barbers drop-in", tier="bronze", proposed_by_role="lived_experience")
    dd.save_diagram(store, project.id, d, by=person)
    return idea


def link_bytes(link):
    return base64.b64decode(re.search(r"base64,([^\"]+)\"", link).group(1))


# -- PDSA cycles --------------------------------------------------------------------------
def test_pdsa_form_picks_idea_from_diagram_and_saves(store, project, person):
    idea = saved_diagram(store, project, person)
    form = PDSACycleForm(store, project.id, person)
    assert form.change_idea.value == idea.id and form.typed_idea.layout.display == "none"
    form.title.value = "Cycle 1: <b>drop-in</b>"
    form.start_date.value = date(2024, 3, 1)
    form.prediction.value = "Five young men will come"
    form.what_was_done.value = "Opened on Saturdays"
    form.save_button.click()
    assert form.cycle_id and form.cycle_count == 1
    [saved] = pdsa.list_cycles(store, project.id)
    assert (saved.change_idea_id, saved.start_date, saved.next_step) == (idea.id, "2024-03-01", "")
    assert "Barbers drop-in" in form.saved.value and "&lt;b&gt;drop-in&lt;/b&gt;" in form.saved.value
    form.what_was_learned.value = "Eight came"
    form.next_step.value = "adopt"
    form.save_button.click()                                   # the same cycle, a new version
    assert store.get(form.cycle_id).version == 2 and form.cycle_count == 1
    form.new_button.click()
    assert form.cycle_id is None and form.title.value == ""


def test_pdsa_form_bad_input_keeps_values_and_saves_nothing(store, project, person):
    form = PDSACycleForm(store, project.id, person)            # no diagram: the idea is typed
    assert form.change_idea.value == TYPED and form.typed_idea.layout.display is None
    form.typed_idea.value = "Text reminders"
    form.title.value = "Cycle 1"
    form.what_was_done.value = "Sent texts"
    form.end_date.value = date(2024, 1, 1)
    form.save_button.click()
    assert "Nothing was saved" in form.message.value
    assert "start date" in form.message.value and "no prediction" in form.message.value
    assert pdsa.list_cycles(store, project.id) == [] and form.cycle_id is None
    assert (form.typed_idea.value, form.title.value, form.what_was_done.value) == ("Text reminders", "Cycle 1",
                                                                                  "Sent texts")
    form.start_date.value, form.prediction.value = date(2023, 12, 1), "More people turn up"
    form.save_button.click()
    assert pdsa.list_cycles(store, project.id)[0].change_idea_id == "Text reminders"


def test_pdsa_form_needs_a_person(store, project):
    form = PDSACycleForm(store, project.id)
    form.save_button.click()
    assert "who you are" in form.message.value and pdsa.list_cycles(store, project.id) == []


# -- charts: saved cycles and the target ----------------------------------------------------
def test_chart_panel_marks_saved_cycles_and_passed_marks(store, project, staff):
    pdsa.save_cycle(store, project.id, pdsa.PDSACycle("idea", "Phone <call>", "2023-06-01", prediction="More"),
                    by=staff)
    panel = MeasureChartPanel(store, project.id, staff, data=_frame(), pdsa=[("2023-03-01", "Given mark")])
    assert panel.marks() == [("2023-03-01", "Given mark"), ("2023-06-01", "Phone <call>")]
    panel.draw_button.click()
    assert "PDSA: Phone &lt;call&gt;" in panel.output.value and "PDSA: Given mark" in panel.output.value


def test_chart_panel_without_a_store_uses_only_given_marks():
    panel = MeasureChartPanel(data=_frame(), pdsa=[("2023-03-01", "Given mark")])
    assert panel.marks() == [("2023-03-01", "Given mark")]


def _frame():
    x = pd.date_range("2023-01-01", periods=24, freq="MS")
    return pd.DataFrame({"group": "All", "date": x, "value": [11, 9] * 8 + [13] * 8,
                         "numerator": None, "denominator": None})


def spy_on_charts(monkeypatch) -> dict:
    """The options the chart panel passes to make_group_charts (filled in on each drawing)."""
    from coprod_helpers.measures import charts

    seen, real = {}, charts.make_group_charts

    def spy(frame, **options):
        seen.update(options)
        return real(frame, **options)

    monkeypatch.setattr(charts, "make_group_charts", spy)
    return seen


def test_chart_panel_given_a_target_shows_the_assurance_icon(monkeypatch):
    seen = spy_on_charts(monkeypatch)
    panel = MeasureChartPanel(data=_frame(), target=12, direction="higher")
    panel.chart.value = "xmr"
    panel.draw_button.click()
    assert seen["target"] == 12 and "target" in panel.output.value.lower()
    assert "No target set" not in panel.output.value


def test_definition_form_saves_a_target_and_chart_uses_it(store, project, staff, monkeypatch):
    form = MeasureDefinitionForm(store, project.id, staff)
    form.name.value = "Follow-up"
    form.target.value = "about eighty"
    form.save_button.click()
    assert "not a number" in form.message.value and form.measure_id is None
    assert md.list_measures(store, project.id) == []
    assert (form.name.value, form.target.value) == ("Follow-up", "about eighty")
    form.target.value = "80%"
    form.save_button.click()
    assert form.measure_id and md.load_measure(store, form.measure_id).target == 80.0
    form.numerator.value, form.denominator.value, form.multiplier.value = "Followed up", "Discharges", 100
    form.data_source.value, form.collected_by.value, form.direction.value = "Records", "Clerk", "higher"
    form.save_button.click()
    upload = MeasureUploadPanel(store, project.id, staff)
    rows = "".join(f"2023-{m:02d}-01,A,{5 if m < 12 else 9},10\n" for m in range(1, 13))
    upload.save_bytes(("date,group,numerator,denominator\n" + rows).encode(), "ok.csv")
    seen = spy_on_charts(monkeypatch)
    panel = MeasureChartPanel(store, project.id, staff)
    panel.draw_button.click()
    assert seen["target"] == 80.0 and "<svg" in panel.output.value and "No target set" not in panel.output.value
    form.target.value = ""
    form.save_button.click()
    assert md.load_measure(store, form.measure_id).target is None


# -- question bank --------------------------------------------------------------------------
def test_question_bank_saves_question_with_advice_and_roles(store, project, person):
    panel = QuestionBankPanel(store, project.id, person)
    panel.save_button.click()
    assert "no words" in panel.message.value and qb.list_questions(store, project.id) == []
    panel.text.value = "How did staff facilitate your care?"
    panel.answer_type.value = "choice"
    panel.options.value = "Well\n"
    panel.written_with.value = ("lived_experience", "staff")
    panel.save_button.click()
    assert "at least two choices" in panel.message.value and qb.list_questions(store, project.id) == []
    assert panel.text.value == "How did staff facilitate your care?"   # kept
    panel.options.value = "Well\nBadly"
    panel.save_button.click()
    [q] = qb.list_questions(store, project.id)
    assert q.options == ["Well", "Badly"] and q.written_with == ["lived_experience", "staff"]
    assert any("facilitate" in t for t in panel.advice) and "try &#x27;help&#x27;" in panel.tips.value
    assert panel.item_count == 1 and "Person with lived experience" in panel.saved.value


def test_question_bank_adds_prompts_to_one_topic_guide(store, project, person):
    panel = QuestionBankPanel(store, project.id, person)
    panel.kind.value = "guide"
    panel.text.value = "What happened when you first asked for help?"
    panel.save_button.click()
    assert "which topic" in panel.message.value and qb.list_topic_guides(store, project.id) == []
    panel.guide_title.value, panel.topic.value = "Getting help", "First contact"
    panel.written_with.value = ("family_carer",)
    panel.save_button.click()
    panel.text.value, panel.guide_line.value = "Who was with you?", "prompts"
    panel.save_button.click()
    [guide] = qb.list_topic_guides(store, project.id)
    assert guide.sections == [{"topic": "First contact", "questions": ["What happened when you first asked for help?"],
                               "prompts": ["Who was with you?"]}]
    assert guide.written_with == ["family_carer"] and panel.item_count == 2


def test_question_bank_exports_contain_items_and_escape_html(store, project, person):
    panel = QuestionBankPanel(store, project.id, person)
    panel.html_button.click()
    assert "nothing to print" in panel.message.value and panel.links == ""
    panel.text.value = "Was the <b>waiting room</b> OK?"
    panel.save_button.click()
    panel.kind.value = "guide"
    panel.guide_title.value, panel.topic.value, panel.text.value = "Crisis <care>", "Night", "Who did you call?"
    panel.save_button.click()
    panel.doc_title.value = "Our <questions>"
    panel.html_button.click()
    page = link_bytes(panel.links).decode()
    assert 'download="questions.html"' in panel.links
    assert "Was the &lt;b&gt;waiting room&lt;/b&gt; OK?" in page and "<b>" not in page
    assert "Crisis &lt;care&gt;" in page and "Who did you call?" in page and "<title>Our &lt;questions&gt;" in page
    panel.docx_button.click()
    words = docx_text(link_bytes(panel.links))
    assert 'download="questions.docx"' in panel.links
    assert "Was the <b>waiting room</b> OK?" in words and "Who did you call?" in words
