"""The shared widget pieces without a browser: messages, where a panel saves, and run()."""
from types import SimpleNamespace

import ipywidgets as w
import pytest

from coprod_helpers.errors import ConflictError, InputError, PermissionDenied, Problem
from coprod_helpers.widgets.asset_base import AssetPanelBase
from coprod_helpers.widgets.common import MessageArea, StorePanel, choice_box, escape, text_box
from coprod_helpers.widgets.driver_diagram import DriverDiagramForm
from coprod_helpers.widgets.measure_base import MeasurePanel
from coprod_helpers.widgets.plan_base import PlanPanel
from coprod_helpers.widgets.population_base import PopulationPanel

EVIL = "<img src=x onerror=alert(1)> \"q' &"


def _session(store, project, person, reviewer=None):
    return SimpleNamespace(store=store, project=project, person=person, reviewer=reviewer)


def test_escape_makes_text_safe_and_none_empty():
    assert escape(EVIL) == "&lt;img src=x onerror=alert(1)&gt; &quot;q&#x27; &amp;"
    assert escape(None) == "" and escape(3) == "3"


@pytest.mark.parametrize("show, role", [
    (lambda m: m.show_ok(EVIL), "status"),
    (lambda m: m.show(EVIL, "info"), "status"),
    (lambda m: m.show(EVIL, "problem"), "alert"),
    (lambda m: m.show_problem(EVIL), "alert"),
    (lambda m: m.show_problems(PermissionDenied(EVIL)), "alert"),
    (lambda m: m.show_problems(InputError(EVIL, fix=EVIL)), "alert"),
])
def test_message_area_escapes_and_has_the_right_role(show, role):
    message = MessageArea()
    show(message)
    assert f'role="{role}"' in message.value
    assert "<img" not in message.value and "&lt;img src=x" in message.value
    message.clear()
    assert message.value == ""


def test_input_error_is_a_list_of_problems_under_a_heading():
    message = MessageArea()
    err = InputError([Problem("Name is empty.", fix="Type a name."), Problem("Date is before the start.")])
    message.show_problems(err)
    assert "Nothing was saved. Please check:" in message.value
    assert "<li>Name is empty. Type a name.</li>" in message.value and "<li>Date is before the start.</li>" in message.value
    message.show_problems(err, heading=None)
    assert "Nothing was saved" not in message.value and "<li>Name is empty. Type a name.</li>" in message.value


def test_many_problems_are_cut_short_with_a_count():
    message = MessageArea()
    message.show_problems(InputError([Problem(f"Row {i} is wrong.") for i in range(15)]))
    assert message.value.count("<li>") == 11 and "5 more problem(s)" in message.value


def test_text_of_several_lines_is_a_list():
    message = MessageArea()
    message.show("Added 3 places.\n\nSkipped 1 row.", "ok")
    assert "<li>Added 3 places.</li><li>Skipped 1 row.</li>" in message.value


def test_panel_uses_what_it_is_given(store, project, person, reviewer_key):
    panel = StorePanel(store, project.id, person, reviewer=reviewer_key)
    assert (panel.store, panel.project_id, panel.person, panel.reviewer) == (store, project.id, person, reviewer_key)
    assert isinstance(panel, w.VBox) and isinstance(panel.message, MessageArea)


def test_panel_reads_a_session_at_the_moment_it_is_asked(store, project, person, staff, reviewer_key):
    session = _session(store, project, person)
    panel = StorePanel(session=session)
    assert (panel.store, panel.project_id, panel.person, panel.reviewer) == (store, project.id, person, None)
    session.person, session.reviewer = staff, reviewer_key
    assert panel.person == staff and panel.reviewer == reviewer_key


def test_panel_follows_an_app_holding_a_session(store, project, person, staff):
    app = SimpleNamespace(session=_session(store, project, person))
    panel = StorePanel(session=app)
    assert panel.session is app.session and panel.project_id == project.id and panel.person == person
    app.session = _session(store, project, staff)
    assert panel.person == staff


def test_given_values_win_over_the_session(store, project, person, staff, reviewer_key):
    panel = StorePanel(person=staff, session=_session(store, project, person))
    assert panel.person == staff and panel.store is store
    panel.reviewer = reviewer_key
    assert panel.reviewer == reviewer_key


def test_a_session_may_name_its_project_by_id(store):
    assert StorePanel(session=SimpleNamespace(store=store, project="p-1", person=None)).project_id == "p-1"
    assert StorePanel(session=SimpleNamespace(store=store, project_id="p-2", person=None)).project_id == "p-2"


def test_panel_without_anything_knows_nothing():
    panel = StorePanel()
    assert (panel.store, panel.project_id, panel.person, panel.reviewer) == (None, None, None, None)


def test_area_is_used_as_given_without_loading():
    area = object()
    assert StorePanel(area=area).area is area


def test_area_is_loaded_once_from_the_project(store, project):
    panel = StorePanel(store, project.id)
    area = panel.area
    assert area.is_fictional and panel.area is area


class _Form(StorePanel):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.name = w.Text(value="Drop-in <café>")


@pytest.mark.parametrize("err, words", [
    (InputError("The name is too long.", fix="Shorten it."), "The name is too long. Shorten it."),
    (PermissionDenied("Only reviewers can publish."), "Only reviewers can publish."),
    (ConflictError("Changed since you opened it."), "Changed since you opened it."),
])
def test_run_shows_each_known_error_and_keeps_the_form(err, words, person):
    form = _Form(person=person)

    def fail():
        raise err

    assert form.run(fail, "Saved.") is None
    assert words in form.message.value and 'role="alert"' in form.message.value
    assert "Traceback" not in form.message.value and form.name.value == "Drop-in <café>"


def test_run_returns_the_result_and_says_so(person):
    form = _Form(person=person)
    assert form.run(lambda: 42, "Saved <now>.") == 42
    assert 'role="status"' in form.message.value and "Saved &lt;now&gt;." in form.message.value


def test_run_lets_unexpected_errors_through():
    with pytest.raises(ZeroDivisionError):
        _Form().run(lambda: 1 / 0)


def test_run_quietly_returns_the_default_on_a_known_error():
    form = _Form()

    def fail():
        raise PermissionDenied("Reviewers only.")

    assert form.run_quietly(fail, []) == [] and "Reviewers only." in form.message.value


@pytest.mark.parametrize("cls", [PlanPanel, MeasurePanel])
def test_plan_and_measure_pages_ask_who_you_are_first(cls):
    called = []
    panel = cls()
    assert panel.run(lambda: called.append(1), "Saved.") is None and called == []
    assert "choose your name" in panel.message.value and "Nothing was saved. Please check:" in panel.message.value
    assert panel.run(lambda: "made", "Ready.", needs_person=False) == "made"


def test_asset_pages_take_success_and_show_problems_without_a_heading(person):
    panel = AssetPanelBase(person=person)
    assert panel.run(lambda: 1, success="Added.") == 1 and "Added." in panel.message.value

    def fail():
        raise InputError("No postcode.")

    assert panel.run(fail) is None and "No postcode." in panel.message.value
    assert "Nothing was saved" not in panel.message.value


def test_population_pages_pass_arguments_and_explain_a_conflict(person):
    panel = PopulationPanel(person=person)
    assert panel.run(lambda a, *, b: a + b, 1, b=2, ok="Done.") == 3 and "Done." in panel.message.value

    def clash():
        raise ConflictError("version 3 != 4")

    assert panel.run(clash) is None
    assert "Press Refresh and try again" in panel.message.value and "version 3" not in panel.message.value


def test_population_pages_never_load_an_area():
    panel = PopulationPanel()
    assert panel.area is None
    panel.area = "given"
    assert panel.area == "given"


def test_choice_box_takes_a_dict_or_a_list():
    assert choice_box("Status", {"agreed": "Agreed", "draft": "Draft"}).value == "agreed"
    assert choice_box("Source", ["survey", "staff"], "staff").value == "staff"
    assert choice_box("Measure", []).value is None
    assert isinstance(choice_box("Status", {"a": "A"}, buttons=True), w.ToggleButtons)


def test_each_field_has_a_layout_of_its_own():
    first, second = text_box("Aim"), choice_box("Tier", {"gold": "Gold"})
    first.layout.display = "none"
    assert second.layout.display is None and second.layout.max_width == "48em"
    assert choice_box("Status", {"a": "A"}, max_width=None).layout.max_width is None


def test_hiding_the_tier_of_a_driver_diagram_keeps_the_rest_of_the_form():
    form = DriverDiagramForm()
    form.level.value = "change_idea"
    form.level.value = "primary"
    assert form.tier.layout.display == "none" and form.aim.layout.display is None and form.text.layout.display is None
