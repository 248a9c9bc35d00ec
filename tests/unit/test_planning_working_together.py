"""Working together: ground rules, skills and networks, work plan and agenda, wellbeing plan."""
from datetime import date

import pytest

from coprod_helpers.errors import InputError, PermissionDenied
from coprod_helpers.planning import agreement, documents, skills, wellbeing, workplan


# -- group agreement -------------------------------------------------------------------
def test_agreed_rules_show_top_ones_first(store, project, person):
    agreement.save_rule(store, project.id, {"text": "Phones on silent", "status": "agreed"}, by=person)
    agreement.save_rule(store, project.id, {"text": "Maybe biscuits"}, by=person)
    agreement.save_rule(store, project.id, {"text": "No jargon", "status": "agreed", "top": True}, by=person)
    rules = agreement.load_rules(store, project.id)
    assert [r.text for r in agreement.list_agreed_rules(rules)] == ["No jargon", "Phones on silent"]
    assert agreement.summarise_agreement(rules) == {"Proposed": 1, "Agreed": 2, "Dropped": 0, "Top": 1}


def test_only_agreed_rules_can_be_top_and_at_most_five(store, project, person):
    with pytest.raises(InputError, match="Only an agreed"):
        agreement.save_rule(store, project.id, {"text": "X", "top": True}, by=person)
    for i in range(agreement.MAX_TOP):
        agreement.save_rule(store, project.id, {"text": f"Rule {i}", "status": "agreed", "top": True}, by=person)
    with pytest.raises(InputError, match="already has 5"):
        agreement.save_rule(store, project.id, {"text": "One more", "status": "agreed", "top": True}, by=person)
    assert len(agreement.load_rules(store, project.id)) == 5


def test_editing_a_rule_keeps_its_history(store, project, person):
    rule = agreement.save_rule(store, project.id, {"text": "Be kind"}, by=person)
    agreement.save_rule(store, project.id, {"text": "Be kind", "status": "agreed"}, by=person,
                        record_id=rule.record_id, version=rule.version)
    assert [v.data["status"] for v in store.history(rule.record_id)] == ["proposed", "agreed"]


# -- skills and networks ---------------------------------------------------------------
def test_skills_summary_shows_holdings_and_gaps(store, project, person):
    for name, cat in [("Public speaking", "we_have_it"), ("Translation (Somali)", "we_know_someone"),
                      ("Data analysis", "we_know_where"), ("Video editing", "we_dont_know"),
                      ("Listening", "we_have_it")]:
        skills.save_skill(store, project.id, {"name": name, "category": cat}, by=person)
    summary = skills.summarise_skills(skills.load_skills(store, project.id))
    assert summary["counts"] == {"One of us has it": 2, "We know someone who has it": 1,
                                 "We know where to find it": 1, "We don't know where to find it": 1}
    assert summary["held"] == ["Listening", "Public speaking", "Translation (Somali)"]
    assert summary["gaps"] == ["Video editing"] and summary["reachable"] == ["Data analysis"]
    assert list(skills.tabulate_skills(skills.load_skills(store, project.id)).columns) == ["skill", "pile", "note"]


def test_skill_needs_one_of_the_four_piles():
    with pytest.raises(InputError, match="One of us has it"):
        skills.Skill.from_form({"name": "Cooking", "category": "lots"})


def test_groups_and_networks(store, project, person):
    skills.save_network_entry(store, project.id, {"name": "Carers' group", "role": "Members of the team"},
                              by=person)
    skills.save_network_entry(store, project.id, {"name": "Mosque youth club", "role": "Could run a focus group",
                                                  "place": "wider"}, by=person)
    split = skills.summarise_network(skills.load_network(store, project.id))
    assert [e.name for e in split["In our wider networks"]] == ["Mosque youth club"]
    with pytest.raises(InputError):
        skills.NetworkEntry.from_form({"name": "X", "role": ""})


# -- work plan and agenda --------------------------------------------------------------
def test_tasks_in_date_order_with_late_ones_flagged(store, project, person):
    workplan.save_task(store, project.id, {"title": "Survey", "start": "2025-03-01", "due": "2025-05-01"}, by=person)
    workplan.save_task(store, project.id, {"title": "Recruit", "start": "2025-01-01", "due": "2025-02-01",
                                           "status": "done"}, by=person)
    workplan.save_task(store, project.id, {"title": "Report", "start": "2025-01-01", "due": "2025-04-01"}, by=person)
    table = workplan.tabulate_tasks(workplan.load_tasks(store, project.id), today=date(2025, 4, 15))
    assert list(table["task"]) == ["Recruit", "Report", "Survey"]
    assert list(table["late"]) == [False, True, False]


def test_task_dates_in_wrong_order_are_refused(store, project, person):
    with pytest.raises(InputError, match="before 'Start date'"):
        workplan.save_task(store, project.id, {"title": "X", "start": "2025-05-01", "due": "2025-04-01"}, by=person)
    assert workplan.load_tasks(store, project.id) == []


def test_agenda_keeps_three_agreed_items_per_meeting(store, project, person):
    for i in range(3):
        workplan.save_agenda_item(store, project.id, {"text": f"Item {i}", "meeting_on": "2025-06-01",
                                                      "status": "agreed"}, by=person)
    with pytest.raises(InputError, match="3 items are already agreed"):
        workplan.save_agenda_item(store, project.id, {"text": "Item 4", "meeting_on": "2025-06-01",
                                                      "status": "agreed"}, by=person)
    workplan.save_agenda_item(store, project.id, {"text": "Later", "meeting_on": "2025-09-01", "status": "agreed"},
                              by=person)
    nxt = workplan.list_next_agenda(workplan.load_agenda(store, project.id), today=date(2025, 5, 1))
    assert [a.text for a in nxt] == ["Item 0", "Item 1", "Item 2"]
    nxt = workplan.list_next_agenda(workplan.load_agenda(store, project.id), today=date(2025, 7, 1))
    assert [a.text for a in nxt] == ["Later"]


# -- wellbeing -------------------------------------------------------------------------
PLAN = {"when_well": "I walk the dog <daily>", "keeps_me_well": "Music", "triggers": "Arguments",
        "early_signs": "I stop answering calls", "support_circle": "Jo, key worker",
        "action_plan": "Talk to someone I trust", "name": "Ade"}


def test_wellbeing_plan_makes_documents_and_writes_nothing(store, project, person):
    plan = wellbeing.WellbeingPlan.from_form(PLAN)
    files = wellbeing.make_wellbeing_files(plan)
    html = files["my-wellbeing-plan.html"].decode()
    assert "I walk the dog &lt;daily&gt;" in html and "<daily>" not in html
    assert "Ade&#x27;s wellbeing plan" in html
    text = documents.docx_text(files["my-wellbeing-plan.docx"])
    assert "I walk the dog <daily>" in text and "My support circle" in text
    assert store.records(project.id, include_deleted=True) == []


def test_empty_wellbeing_plan_is_refused():
    with pytest.raises(InputError, match="empty"):
        wellbeing.WellbeingPlan.from_form({"when_well": "  "})


def test_sharing_a_wellbeing_plan_needs_a_clear_choice(store, project, person, reviewer_key):
    plan = wellbeing.WellbeingPlan.from_form(PLAN)
    for choice in (False, "yes", 1):
        with pytest.raises(InputError, match="not shared"):
            wellbeing.share_wellbeing_plan(store, project.id, plan, by=person, i_choose_to_share=choice)
    assert store.records(project.id) == []
    wellbeing.share_wellbeing_plan(store, project.id, plan, by=person, i_choose_to_share=True)
    with pytest.raises(PermissionDenied):
        wellbeing.load_shared_plans(store, project.id, reviewer=None)
    shared = wellbeing.load_shared_plans(store, project.id, reviewer=reviewer_key)
    assert shared[0].sections["triggers"] == "Arguments"
