"""Keeping it going: the audit, the action plan, review meetings and reflections."""
from datetime import date

import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.people import Person
from coprod_helpers.planning import action_plan, audit, meetings, reflections

ALL_2 = {k: 2 for k in audit.VALUES}


def _answer(store, project, who, round_, on, ratings, actions=None):
    return audit.save_response(store, project.id, {"round": round_, "on": on, "ratings": ratings,
                                                   "actions": actions or {}}, by=who)


# -- audit -----------------------------------------------------------------------------
def test_six_values_and_three_ratings():
    assert len(audit.VALUES) == 6 and audit.RATINGS == {1: "Not there", 2: "Getting there",
                                                        3: "Where we want to be"}
    assert "Nesta" in audit.SOURCE


def test_audit_ratings_out_of_range_or_missing_are_refused(store, project, person):
    bad = {**ALL_2, "assets": 4, "mutuality": 0}
    del bad["blurring"]
    with pytest.raises(InputError) as err:
        _answer(store, project, person, "Spring", "2025-03-01", bad)
    assert {p.field for p in err.value.problems} == {"assets.rating", "mutuality.rating", "blurring.rating"}
    with pytest.raises(InputError, match="Unknown value"):
        _answer(store, project, person, "Spring", "2025-03-01", {**ALL_2, "magic": 3})
    assert store.records(project.id) == []


def test_answering_the_same_round_again_updates_and_person_comes_from_the_session(store, project, person):
    first = audit.save_response(store, project.id, {"round": "Spring", "on": "2025-03-01", "ratings": ALL_2,
                                                    "person": "Someone else", "role": "staff"}, by=person)
    second = _answer(store, project, person, "spring", "2025-03-02", {**ALL_2, "assets": 3})
    assert first.record_id == second.record_id and second.round == "Spring"
    (only,) = audit.load_responses(store, project.id)
    assert only.person == "Ade" and only.role == "lived_experience" and only.ratings["assets"] == 3


def test_compare_between_roles_and_over_time(store, project, person, staff):
    _answer(store, project, person, "Spring", "2025-03-01", {**ALL_2, "assets": 1},
            {"assets": "Pay people properly"})
    _answer(store, project, staff, "Spring", "2025-03-01", {**ALL_2, "assets": 3})
    _answer(store, project, Person("Kim", "staff"), "Spring", "2025-03-02", {**ALL_2, "assets": 2})
    _answer(store, project, person, "Autumn", "2025-09-01", {k: 3 for k in audit.VALUES})
    responses = audit.load_responses(store, project.id)
    assert audit.list_rounds(responses) == ["Spring", "Autumn"]
    by_role = audit.compare_responses(responses, by="role", round="Spring")
    assert list(by_role.columns) == ["Person with lived experience (n=1)", "Staff member (n=2)"]
    assert by_role.loc["Seeing people as assets"].tolist() == [1.0, 2.5]
    over_time = audit.compare_responses(responses, by="round")
    assert list(over_time.columns) == ["Spring (n=3)", "Autumn (n=1)"]
    assert over_time.loc["Give and take"].tolist() == [2.0, 3.0]
    diffs = audit.find_differences(responses, round="Spring")
    assert len(diffs) == 1 and diffs[0].startswith("Seeing people as assets")
    long = audit.tabulate_responses(responses)
    assert len(long) == 24 and "Pay people properly" in set(long["action"])


def test_audit_chart_is_inline_svg_showing_every_group(store, project, person, staff):
    _answer(store, project, Person("Ade $x$ <b>", "lived_experience"), "Spring", "2025-03-01", ALL_2)
    _answer(store, project, staff, "Spring", "2025-03-01", {k: 3 for k in audit.VALUES})
    responses = audit.load_responses(store, project.id)
    svg = audit.make_audit_chart(responses, by="person")
    assert svg.startswith("<svg") and 'href="http' not in svg and "<image" not in svg
    assert "Sam (n=1)" in svg and "&lt;b&gt;" in svg and "<b>" not in svg
    assert "Staff member (n=1)" in audit.make_audit_chart(responses)
    assert "No answers yet" in audit.make_audit_chart([])


# -- action plan -----------------------------------------------------------------------
def test_action_plan_flags_overdue_actions(store, project, staff):
    action_plan.save_action(store, project.id, {"activity": "Train staff", "owner": "Sam", "start": "2025-01-01",
                                                "complete_by": "2025-03-01"}, by=staff)
    action_plan.save_action(store, project.id, {"activity": "Pay policy", "owner": "Kim", "start": "2025-01-01",
                                                "complete_by": "2025-02-01", "status": "done"}, by=staff)
    action_plan.save_action(store, project.id, {"activity": "Peer group", "owner": "Ade", "team": "Bea",
                                                "start": "2025-02-01", "complete_by": "2025-12-01"}, by=staff)
    actions = action_plan.load_actions(store, project.id)
    today = date(2025, 4, 1)
    assert [a.activity for a in action_plan.list_overdue(actions, today)] == ["Train staff"]
    table = action_plan.tabulate_actions(actions, today, include_names=False)
    assert "owner" not in table and list(table["overdue"]) == [False, True, False]
    assert action_plan.summarise_actions(actions, today)["Overdue"] == 1


def test_action_dates_in_the_wrong_order_are_refused(store, project, staff):
    with pytest.raises(InputError) as err:
        action_plan.save_action(store, project.id, {"activity": "X", "owner": "", "start": "2025-05-01",
                                                    "complete_by": "2025-01-01"}, by=staff)
    assert {p.field for p in err.value.problems} == {"owner", "complete_by"}
    assert action_plan.load_actions(store, project.id) == []


# -- review meetings -------------------------------------------------------------------
MEETING = {"on": "2025-01-10", "attendance": {"lived_experience": 3, "staff": "2"},
           "decisions": "Start a survey\nMove meetings to evenings",
           "you_said_we_did": [{"you_said": "Meetings are too early", "we_did": "Moved them to 6pm"},
                               {"you_said": "Pay is slow"}]}


def test_meeting_log_and_you_said_we_did(store, project, staff):
    meetings.save_meeting(store, project.id, MEETING, by=staff)
    logged = meetings.load_meetings(store, project.id)
    assert logged[0].attendance == {"lived_experience": 3, "staff": 2}
    yswd = meetings.tabulate_you_said_we_did(logged)
    assert list(yswd["we did"]) == ["Moved them to 6pm", "Not yet"]
    table = meetings.tabulate_meetings(logged)
    assert table.loc[0, "people"] == 5 and table.loc[0, "next review due"] == date(2025, 7, 10)


def test_review_reminder_at_least_every_six_months(store, project, staff):
    assert meetings.check_review_due([], date(2025, 1, 1))["state"] == "none"
    meetings.save_meeting(store, project.id, MEETING, by=staff)
    logged = meetings.load_meetings(store, project.id)
    assert meetings.check_review_due(logged, date(2025, 2, 1))["state"] == "ok"
    soon = meetings.check_review_due(logged, date(2025, 6, 20))
    assert soon["state"] == "soon" and soon["days_left"] == 20
    late = meetings.check_review_due(logged, date(2025, 8, 1))
    assert late["state"] == "overdue" and "Please book one now" in late["message"]


def test_meeting_input_problems(store, project, staff):
    with pytest.raises(InputError) as err:
        meetings.save_meeting(store, project.id, {**MEETING, "attendance": {"staff": -1, "boss": 2},
                                                  "next_review_on": "2025-12-01",
                                                  "you_said_we_did": [{"we_did": "x"}]}, by=staff)
    fields = [p.field for p in err.value.problems]
    assert fields.count("attendance") == 2 and "next_review_on" in fields and "you_said" in fields
    with pytest.raises(InputError, match="not after"):
        meetings.ReviewMeeting.from_form({**MEETING, "next_review_on": "2025-01-01"})
    with pytest.raises(InputError, match="Nobody"):
        meetings.ReviewMeeting.from_form({**MEETING, "attendance": {}})
    assert store.records(project.id) == []


def test_add_months_clips_to_month_end():
    assert meetings.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


# -- reflections -----------------------------------------------------------------------
def test_reflections_summarised_over_time(store, project, person, staff):
    for who, on, heard, text in [(person, "2025-01-10", 2, "Too rushed"), (staff, "2025-01-10", 4, ""),
                                 (person, "2025-02-10", 5, "Felt listened to")]:
        reflections.save_reflection(store, project.id, {"session": "Team meeting", "on": on, "felt_heard": heard,
                                                        "could_be_better": text}, by=who)
    refl = reflections.load_reflections(store, project.id)
    table = reflections.summarise_reflections(refl)
    assert list(table["reflections"]) == [2, 1] and list(table.iloc[:, -1]) == [3.0, 5.0]
    assert "more heard" in reflections.describe_trend(refl)
    assert reflections.collect_comments(refl, "could_be_better") == ["Felt listened to", "Too rushed"]


def test_reflection_rating_must_be_1_to_5():
    with pytest.raises(InputError, match="outside 1 to 5"):
        reflections.Reflection.from_form({"session": "S", "on": "2025-01-01", "felt_heard": 6})
    assert reflections.describe_trend([]).startswith("There are not enough")
