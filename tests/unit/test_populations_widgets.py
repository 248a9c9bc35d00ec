"""Step 4-5 widgets without a browser: set values, click, check traitlets and the store."""
from datetime import datetime, timezone

from coprod_helpers.config import DEMO_DIR
from coprod_helpers.people import Person
from coprod_helpers.widgets.feedback_form import FeedbackForm
from coprod_helpers.widgets.feedback_themes import ThemeCodingPanel
from coprod_helpers.widgets.population_gaps import PopulationGapPanel, ServiceDataUploadForm
from coprod_helpers.widgets.priority_vote import (PriorityDecisionForm, PriorityRoundForm, PriorityTallyPanel,
                                                  PriorityVoteForm)


def ctx(store, project, person):
    return {"store": store, "project_id": project.id, "person": person}


def test_feedback_form_saves_redacted_text_and_keeps_typing_on_a_problem(store, project, person):
    form = FeedbackForm(**ctx(store, project, person), names=["Jo"])
    form.text.value = "Jo said ring 07700 900123 or jo@example.org"
    form.source.value = "drop-in"
    form.save.click()
    assert form.saved_text == "[name removed] said ring [phone number removed] or [e-mail removed]"
    assert "Removed" in form.message.value and "saved-snippet" in form.result.value
    form.text.value = "   "
    form.save.click()
    assert 'role="alert"' in form.message.value and "Traceback" not in form.message.value


def test_two_people_vote_and_the_tally_shows_both(store, project, person, staff):
    start = PriorityRoundForm(**ctx(store, project, staff), options=["Black: Caribbean", "Asian: Other Asian"])
    start.start.click()
    assert start.round_id
    first = PriorityVoteForm(**ctx(store, project, person))
    second = PriorityVoteForm(**ctx(store, project, Person("Bo", "family_carer")))
    first.dot_boxes["Black: Caribbean"].value = 3
    first.vote.click()
    second.dot_boxes["Asian: Other Asian"].value = 2
    second.dot_boxes["Black: Caribbean"].value = 1
    second.vote.click()
    assert first.voted == second.voted == 1
    tally = PriorityTallyPanel(**ctx(store, project, staff))
    assert tally.tally == {"Black: Caribbean": 4, "Asian: Other Asian": 2}
    too_many = PriorityVoteForm(**ctx(store, project, staff))
    too_many.dot_boxes["Black: Caribbean"].value = 3
    too_many.dot_boxes["Asian: Other Asian"].value = 3
    too_many.vote.click()
    assert too_many.voted == 0 and "6 dots" in too_many.message.value
    decide = PriorityDecisionForm(**ctx(store, project, staff))
    decide.chosen.value = ("Black: Caribbean",)
    decide.reason.value = "Biggest gap and people told us"
    decide.save.click()
    assert store.get(decide.decision_id).data["took_part"] == {"Person with lived experience": 1, "Family member or carer": 1}


def test_upload_demo_data_then_see_gaps(store, project, person, demo_area):
    upload = ServiceDataUploadForm(**ctx(store, project, person), area=demo_area, demo_path=DEMO_DIR / "service_counts.csv")
    upload.save.click()
    assert "Choose a file" in upload.message.value
    upload.demo.click()
    assert upload.saved > 0
    panel = PopulationGapPanel(**ctx(store, project, person))
    panel.measure.value = "Mental Health Act detentions"
    panel.group_type.value = "ethnicity"
    panel.action.value = "be detained"
    panel.show.click()
    assert panel.breakdown is not None and "times as likely" in panel.words.value
    assert "<svg" in panel.charts.value and "had no group recorded" in panel.quality.value
    upload.upload.value = ({"name": "bad.csv", "type": "text/csv", "size": 10,
                            "content": memoryview(b"measure,group_type,group,events\nA,sex,Male,-2\n"),
                            "last_modified": datetime.now(timezone.utc)},)
    before = len(store.records(project.id, kind="service_data"))
    upload.save.click()
    assert "negative" in upload.message.value and len(store.records(project.id, kind="service_data")) == before


def test_theme_coding_panel(store, project, person):
    FeedbackForm(**ctx(store, project, person))  # nothing saved
    form = FeedbackForm(**ctx(store, project, person))
    form.text.value = "No interpreter was offered"
    form.population.value = "Bangladeshi women"
    form.save.click()
    panel = ThemeCodingPanel(**ctx(store, project, person))
    panel.theme_name.value = "Language"
    panel.add_theme.click()
    panel.snippet.value = form.saved_id
    panel.themes.value = tuple(v for _, v in panel.themes.options)
    panel.save.click()
    assert panel.counts == {"Language": 1}
    panel.theme_name.value = "language"
    panel.add_theme.click()
    assert "already" in panel.message.value
