"""The shareable project summary: what it holds, and what it must never hold."""
from datetime import date

import pytest

from coprod_helpers.errors import PermissionDenied
from coprod_helpers.people import Person
from coprod_helpers.planning import (action_plan, agreement, audit, checklist, ladder, meetings, payments,
                                     reflections, roles, summary_export, wellbeing, workplan)
from coprod_helpers.planning.documents import docx_text

LIVED = Person("Zephyrine", "lived_experience")
OFFICER = Person("Quillon", "staff")
WELLBEING_TEXT = "Blue-heron-walks keep me steady"
SECRETS = [WELLBEING_TEXT, "Heron-trigger-noise", "Auntie Marigold-Vale", "Pay-me-in-parsnips",
           "Wobbleton Street 42", "987.65", "Quarterly payroll walkthrough", "Orlaith Payee-Realname",
           "PAYREF-55501", "payee@example.org", "Zephyrine", "Quillon", "jo.bloggs@example.com", "07700 900123"]


@pytest.fixture
def full_project(store, project, reviewer_key):
    pid = project.id
    checklist.save_answer(store, pid, {"item_id": "lead", "answer": "yes", "owner": "Quillon",
                                       "note": "Email jo.bloggs@example.com"}, by=OFFICER)
    ladder.save_position(store, pid, {"rung": "doing_for", "to_climb": "Share the budget decisions"}, by=OFFICER)
    roles.save_terms(store, pid, {"purpose": "Better access", "lead": "Quillon", "admin": "Quillon",
                                  "decisions": "Consensus, or call 07700 900123",
                                  "members": [{"pseudonym": "Zephyrine", "role": "lived_experience"}]}, by=OFFICER)
    agreement.save_rule(store, pid, {"text": "One voice at a time", "status": "agreed", "top": True}, by=LIVED)
    workplan.save_task(store, pid, {"title": "Run the survey", "start": "2025-01-01", "due": "2025-03-01",
                                    "owner": "Zephyrine"}, by=LIVED)
    audit.save_response(store, pid, {"round": "Spring", "on": "2025-03-01", "ratings": {k: 1 for k in audit.VALUES},
                                     "actions": {"assets": "Value what people bring"}}, by=LIVED)
    audit.save_response(store, pid, {"round": "Spring", "on": "2025-03-01",
                                     "ratings": {k: 3 for k in audit.VALUES}}, by=OFFICER)
    action_plan.save_action(store, pid, {"activity": "Train commissioners", "owner": "Quillon", "start": "2025-01-01",
                                         "complete_by": "2025-02-01"}, by=OFFICER)
    meetings.save_meeting(store, pid, {"on": "2025-02-01", "attendance": {"lived_experience": 2, "staff": 1},
                                       "decisions": ["Evening meetings"],
                                       "you_said_we_did": [{"you_said": "Too early", "we_did": "Moved to 6pm"}]},
                          by=OFFICER)
    reflections.save_reflection(store, pid, {"session": "Kick-off", "on": "2025-01-10", "felt_heard": 4}, by=LIVED)
    payments.save_entry(store, pid, {"person": "Zephyrine", "role": "lived_experience",
                                     "activity": "Quarterly payroll walkthrough", "on": "2025-01-10", "hours": "1",
                                     "rate": "987.65"}, by=OFFICER)
    payments.save_payee_details(store, pid, {"person": "Zephyrine", "legal_name": "Orlaith Payee-Realname",
                                             "contact": "payee@example.org, Wobbleton Street 42",
                                             "payment_reference": "PAYREF-55501"}, by=OFFICER)
    plan = wellbeing.WellbeingPlan.from_form({"keeps_me_well": WELLBEING_TEXT, "triggers": "Heron-trigger-noise",
                                              "support_circle": "Auntie Marigold-Vale",
                                              "action_plan": "Pay-me-in-parsnips"})
    wellbeing.share_wellbeing_plan(store, pid, plan, by=LIVED, i_choose_to_share=True)  # even when shared
    return pid


def test_shareable_summary_never_holds_wellbeing_payment_or_contact_details(store, full_project):
    html = summary_export.export_summary_html(store, full_project, today=date(2025, 3, 15))
    text = docx_text(summary_export.export_summary_docx(store, full_project, today=date(2025, 3, 15)))
    for secret in SECRETS:
        assert secret not in html, secret
        assert secret not in text, secret
    assert summary_export.REMOVED in html and summary_export.REMOVED in text


def test_summary_brings_together_plan_audit_actions_and_you_said_we_did(store, full_project):
    html = summary_export.export_summary_html(store, full_project, today=date(2025, 3, 15))
    text = docx_text(summary_export.export_summary_docx(store, full_project, today=date(2025, 3, 15)))
    for expected in ["Doing for", "Share the budget decisions", "One voice at a time", "Run the survey",
                     "Seeing people as assets", "Train commissioners", "Too early", "Moved to 6pm",
                     "Person with lived experience (n=1)", "Staff member (n=1)", "Kick-off"]:
        assert expected in html, expected
        assert expected in text, expected
    assert "<svg" in html and "Nesta" in html
    assert "Yes" in html  # the training action is overdue


def test_names_need_the_reviewer_key(store, full_project, reviewer_key):
    with pytest.raises(PermissionDenied):
        summary_export.export_summary_html(store, full_project, include_names=True)
    html = summary_export.export_summary_html(store, full_project, include_names=True, reviewer=reviewer_key)
    assert "Quillon" in html
    for secret in [WELLBEING_TEXT, "987.65", "Orlaith Payee-Realname"]:
        assert secret not in html


def test_summary_reads_no_private_kinds():
    assert wellbeing.SHARED_KIND not in summary_export.SHARED_KINDS
    assert payments.KIND not in summary_export.SHARED_KINDS
    assert payments.PAYEE_KIND not in summary_export.SHARED_KINDS


def test_summary_of_an_empty_project(store, project):
    html = summary_export.export_summary_html(store, project.id)
    assert "not agreed where it stands" in html and "No audit has been done yet" in html


def test_typed_text_is_escaped_in_the_summary(store, project, staff):
    agreement.save_rule(store, project.id, {"text": "<script>alert(1)</script>", "status": "agreed",
                                            "top": True}, by=staff)
    html = summary_export.export_summary_html(store, project.id)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_remove_contact_details_leaves_dates_and_counts():
    assert summary_export.remove_contact_details("Met 2025-01-10 with 12 people") == "Met 2025-01-10 with 12 people"


def test_download_link_escapes_names_and_carries_the_bytes():
    import base64

    from coprod_helpers.planning.documents import make_download_link

    link = make_download_link(b"hello", 'a"b<c>.txt', "Get <it>", "text/plain")
    assert 'download="a&quot;b&lt;c&gt;.txt"' in link and ">Get &lt;it&gt;</a>" in link
    assert base64.b64encode(b"hello").decode() in link


def test_word_summary_carries_the_audit_chart_as_a_picture(store, full_project):
    import io

    import docx

    word = docx.Document(io.BytesIO(summary_export.export_summary_docx(store, full_project)))
    assert len(word.inline_shapes) == 1
