"""Planning widgets without a browser: set values, click, check the traitlets and the store."""
import base64
import datetime as dt
import re
from types import SimpleNamespace

from coprod_helpers.planning import audit, documents, payments, wellbeing
from coprod_helpers.widgets.audit_compare import AuditComparePanel
from coprod_helpers.widgets.audit_form import AuditForm
from coprod_helpers.widgets.plan_actions import ActionPlanPanel
from coprod_helpers.widgets.plan_agreement import GroundRulesPanel
from coprod_helpers.widgets.plan_checklist import ChecklistPanel
from coprod_helpers.widgets.plan_ladder import LadderForm
from coprod_helpers.widgets.plan_meetings import ReviewMeetingPanel
from coprod_helpers.widgets.plan_payments import PaymentsPanel
from coprod_helpers.widgets.plan_reflections import ReflectionForm
from coprod_helpers.widgets.plan_roles import RoleDescriptionForm, TermsForm
from coprod_helpers.widgets.plan_skills import NetworksPanel, SkillsPanel
from coprod_helpers.widgets.plan_summary import SummaryExportPanel
from coprod_helpers.widgets.plan_workplan import WorkPlanPanel
from coprod_helpers.widgets.wellbeing_form import WellbeingForm


def _link_bytes(html, filename):
    match = re.search(rf'download="{re.escape(filename)}" href="data:[^;]+;base64,([^"]+)"', html)
    return base64.b64decode(match.group(1))


def test_checklist_panel_saves_and_shows_answers(store, project, staff):
    panel = ChecklistPanel(store, project.id, staff)
    panel.item.value = "budget"
    panel.answer.value, panel.owner.value, panel.note.value = "in_progress", "Kim", "Asking finance"
    panel.save.click()
    assert panel.saved_id and "Asking finance" in panel.table.value and "In progress: 1" in panel.table.value
    panel.item.value = "lead"
    panel.item.value = "budget"
    assert panel.note.value == "Asking finance"


def test_panel_without_a_person_asks_who_you_are(store, project):
    panel = LadderForm(store, project.id, None)
    panel.rung.value, panel.to_climb.value = "doing_for", "Share power"
    panel.save.click()
    assert "choose your name" in panel.message.value and store.records(project.id) == []


def test_panel_reads_the_session_each_time(store, project, person, staff):
    session = SimpleNamespace(store=store, project=project, person=person, reviewer=None)
    panel = LadderForm(session=session)
    session.person = staff
    panel.rung.value, panel.to_climb.value = "doing_to", "Pay people"
    panel.save.click()
    assert panel.position == "doing_to" and store.records(project.id)[0].created_by == "Sam"


def test_ladder_form_shows_problems_and_keeps_what_was_typed(store, project, staff):
    panel = LadderForm(store, project.id, staff)
    panel.rung.value, panel.agreed_by.value = "doing_for", "<b>Team</b>"
    panel.save.click()
    assert 'role="alert"' in panel.message.value and "Nothing was saved" in panel.message.value
    assert panel.agreed_by.value == "<b>Team</b>" and panel.position == ""


def test_terms_and_role_description_forms(store, project, staff):
    terms = TermsForm(store, project.id, staff)
    terms.purpose.value, terms.lead.value, terms.admin.value, terms.decisions.value = "P", "Sam", "Kim", "Vote"
    terms.member_name.value, terms.member_role.value = "Ade <x>", "lived_experience"
    terms.add_member.click()
    assert terms.members == [{"pseudonym": "Ade <x>", "role": "lived_experience", "part": ""}]
    assert "Ade &lt;x&gt;" in terms.member_list.value
    terms.save.click()
    assert TermsForm(store, project.id, staff).members == terms.members
    form = RoleDescriptionForm(store, project.id, staff)
    form.title.value = "Peer member"
    form.save.click()
    text = documents.docx_text(_link_bytes(form.download_html, "role-description.docx"))
    assert "Peer member" in text
    form.save.click()  # saving again makes a new version of the same record
    assert len(store.records(project.id, "plan_role_description")) == 1


def test_payments_panel_totals_and_finance_needs_key(store, project, staff, reviewer_key):
    panel = PaymentsPanel(store, project.id, staff)
    panel.person_name.value, panel.activity.value = "Ade", "Meeting"
    panel.hours.value, panel.rate.value, panel.travel.value = "2", "15", "-4"
    panel.save.click()
    assert "below zero" in panel.message.value and payments.load_entries(store, project.id) == []
    panel.travel.value = "4.50"
    panel.save.click()
    assert panel.totals["due"] == "34.50" and "Ade" not in panel.summary.value
    panel.budget.value = "100"
    assert "£65.50" in panel.summary.value
    panel.finance.click()
    assert "reviewers" in panel.message.value and panel.finance_link.value == ""
    panel._reviewer = reviewer_key
    panel.finance.click()
    assert 'download="payments-finance.xlsx"' in panel.finance_link.value


def test_ground_rules_skills_networks_workplan(store, project, person):
    rules = GroundRulesPanel(store, project.id, person)
    rules.new_rule.value = "One voice at a time"
    rules.suggest.click()
    rules.pick.value = rules.pick.options[0][1]
    rules.status.value, rules.top.value = "agreed", True
    rules.update.click()
    assert rules.agreed == ["One voice at a time"] and "★" in rules.shown.value
    skills_panel = SkillsPanel(store, project.id, person)
    skills_panel.name.value, skills_panel.category.value = "Video editing", "we_dont_know"
    skills_panel.add.click()
    assert skills_panel.summary["gaps"] == ["Video editing"]
    nets = NetworksPanel(store, project.id, person)
    nets.name.value, nets.role.value, nets.place.value = "Youth club", "Focus group", "wider"
    nets.add.click()
    assert "Youth club" in nets.shown.value
    plan = WorkPlanPanel(store, project.id, person)
    plan.title.value, plan.start.value, plan.due.value = "Survey", dt.date(2025, 5, 1), dt.date(2025, 4, 1)
    plan.add_task.click()
    assert "before" in plan.message.value
    plan.due.value = dt.date(2099, 1, 1)
    plan.add_task.click()
    assert "Survey" in plan.tasks.value
    plan.agenda_text.value, plan.meeting_on.value, plan.agenda_status.value = "Budget", dt.date(2099, 1, 1), "agreed"
    plan.add_agenda.click()
    assert plan.next_agenda == ["Budget"]


def test_wellbeing_form_downloads_and_saves_nothing(store, project, person):
    form = WellbeingForm(store, project.id, person)
    form.make.click()
    assert "empty" in form.message.value
    form.boxes["keeps_me_well"].value = "Long walks by the canal"
    form.make.click()
    docx = _link_bytes(form.downloads_html, "my-wellbeing-plan.docx")
    assert "Long walks by the canal" in documents.docx_text(docx)
    assert "Long walks by the canal" in _link_bytes(form.downloads_html, "my-wellbeing-plan.html").decode()
    form.share.click()  # not ticked: nothing shared
    assert "not shared" in form.message.value and not form.shared
    assert store.records(project.id, include_deleted=True) == []
    form.clear_all.click()
    assert form.boxes["keeps_me_well"].value == "" and form.downloads_html == ""


def test_wellbeing_form_shares_only_when_ticked(store, project, person, reviewer_key):
    form = WellbeingForm(store, project.id, person)
    form.boxes["triggers"].value = "Loud rooms"
    form.share_choice.value = True
    form.share.click()
    assert form.shared
    assert wellbeing.load_shared_plans(store, project.id, reviewer=reviewer_key)[0].sections["triggers"] == "Loud rooms"


def test_audit_form_and_comparison(store, project, person, staff):
    for who, rating in [(person, 1), (staff, 3)]:
        form = AuditForm(store, project.id, who, round_name="Spring")
        for key in audit.VALUES:
            form.ratings[key].value = rating
        form.save.click()
        assert form.saved_id
    incomplete = AuditForm(store, project.id, person, round_name="Autumn")
    incomplete.save.click()
    assert "has no rating" in incomplete.message.value
    panel = AuditComparePanel(store, project.id, person)
    assert panel.groups == ["Person with lived experience (n=1)", "Staff member (n=1)"]
    assert "<svg" in panel.chart.value and "Seeing people as assets" in panel.chart.value
    panel.by.value = "person"
    panel.show.click()
    assert panel.groups == ["Ade (n=1)", "Sam (n=1)"]


def test_action_plan_meetings_reflections_summary(store, project, staff):
    actions = ActionPlanPanel(store, project.id, staff)
    actions.activity.value, actions.owner.value = "Train staff", "Sam"
    actions.start.value, actions.complete_by.value = dt.date(2020, 1, 1), dt.date(2020, 2, 1)
    actions.add.click()
    assert actions.overdue == ["Train staff"] and "OVERDUE" in actions.table.value
    actions.pick.value = actions.pick.options[0][1]
    actions.status.value = "done"
    actions.update.click()
    assert actions.overdue == []
    meeting = ReviewMeetingPanel(store, project.id, staff)
    assert meeting.reminder["state"] == "none"
    meeting.attendance["staff"].value = 2
    meeting.you_said.value, meeting.we_did.value = "Too early", "Moved to 6pm"
    meeting.add_pair.click()
    meeting.save.click()
    assert meeting.reminder["state"] == "ok" and "Moved to 6pm" in meeting.meeting_log.value
    refl = ReflectionForm(store, project.id, staff, session_name="Kick-off")
    refl.save.click()
    assert "has no rating" in refl.message.value
    refl.felt_heard.value = 4
    refl.save.click()
    assert "Kick-off" in refl.summary.value
    summary = SummaryExportPanel(store, project.id, None)
    summary.make.click()
    html = _link_bytes(summary.links, "project-summary.html").decode()
    assert "Train staff" in html and "Moved to 6pm" in html and "Sam" not in html


def test_panel_follows_an_app_whose_session_changes(store, project, person, staff):
    app = SimpleNamespace(session=SimpleNamespace(store=store, project=project, person=person, reviewer=None))
    panel = ReflectionForm(session=app, session_name="Kick-off")
    app.session = SimpleNamespace(store=store, project=project, person=staff, reviewer=None)
    panel.felt_heard.value = 3
    panel.save.click()
    assert store.records(project.id)[0].created_by == "Sam"


def test_audit_form_shows_my_earlier_answers(store, project, person):
    form = AuditForm(store, project.id, person, round_name="Spring")
    for key in audit.VALUES:
        form.ratings[key].value = 2
    form.actions["assets"].value = "Pay people"
    form.save.click()
    again = AuditForm(store, project.id, person, round_name="spring")
    assert again.ratings["assets"].value == 2 and again.actions["assets"].value == "Pay people"


def test_checklist_panel_clears_fields_for_an_unanswered_item(store, project, staff):
    panel = ChecklistPanel(store, project.id, staff)
    panel.item.value, panel.note.value = "budget", "Asking finance"
    panel.save.click()
    panel.item.value = "lead"
    assert panel.note.value == "" and panel.answer.value == "not_yet"


def test_ground_rules_can_be_shown_without_editing(store, project, person):
    from coprod_helpers.planning import agreement

    agreement.save_rule(store, project.id, {"text": "Be kind", "status": "agreed", "top": True}, by=person)
    panel = GroundRulesPanel(store, project.id, person, show_only=True)
    assert panel.children == (panel.message, panel.shown) and "Be kind" in panel.shown.value
