"""PaymentsPanel without a browser: payee details (reviewers only), recording payments, what is owed."""
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl

from coprod_helpers.planning import payments
from coprod_helpers.widgets.plan_payments import PaymentsPanel

ENTRY = {"person": "Ade", "role": "lived_experience", "activity": "Team meeting", "on": "2025-02-03",
         "sessions": 1, "hours": "2.5", "rate": "20.00", "travel": "6.80", "expenses": "1.20"}  # due £58.00
DETAILS = {"legal_name": "Adebayo Realname", "contact": "ade.private@example.org",
           "payment_reference": "PAYREF-0042"}


def _type_details(panel, person="Ade"):
    panel.payee_person.value = person
    panel.payee_legal_name.value = DETAILS["legal_name"]
    panel.payee_contact.value = DETAILS["contact"]
    panel.payee_reference.value = DETAILS["payment_reference"]


def _shown(panel):
    """Every piece of text the panel puts on the page (HTML parts and the message)."""
    return " ".join(str(c.value) for c in panel.children if hasattr(c, "value") and isinstance(c.value, str))


def _finance_values(store, project_id, reviewer_key):
    book = openpyxl.load_workbook(io.BytesIO(payments.export_finance_xlsx(store, project_id, reviewer=reviewer_key)))
    return [c.value for row in book["Entries"].iter_rows() for c in row]


def test_payee_details_are_refused_without_the_reviewer_key(store, project, staff):
    payments.save_entry(store, project.id, ENTRY, by=staff)
    panel = PaymentsPanel(store, project.id, staff)
    _type_details(panel)
    panel.save_payee.click()
    assert 'role="alert"' in panel.message.value and "reviewers" in panel.message.value
    assert store.records(project.id, payments.PAYEE_KIND) == []
    assert panel.payee_legal_name.value == DETAILS["legal_name"]  # kept, so a reviewer can unlock and save


def test_payee_details_saved_by_a_reviewer_reach_the_finance_export_only(store, project, staff, reviewer_key):
    payments.save_entry(store, project.id, ENTRY, by=staff)
    session = SimpleNamespace(store=store, project=project, person=staff, reviewer=None)
    panel = PaymentsPanel(session=session)
    assert "Ade" in panel.payee_person.options  # pseudonyms from the entries are offered
    _type_details(panel)
    session.reviewer = reviewer_key  # unlocked in the session bar after the page was built
    panel.save_payee.click()
    assert "Payment details saved for Ade" in panel.message.value
    assert (panel.payee_legal_name.value, panel.payee_contact.value, panel.payee_reference.value) == ("", "", "")
    for secret in DETAILS.values():
        assert secret not in _shown(panel)
    values = _finance_values(store, project.id, reviewer_key)
    assert {"Adebayo Realname", "ade.private@example.org", "PAYREF-0042"} <= set(values)


def test_payee_details_problems_are_shown_and_nothing_is_saved(store, project, staff, reviewer_key):
    panel = PaymentsPanel(store, project.id, staff, reviewer=reviewer_key)
    panel.payee_person.value, panel.payee_contact.value = "Ade", "ade.private@example.org"
    panel.save_payee.click()
    assert "Nothing was saved" in panel.message.value and "Name for payment" in panel.message.value
    assert "ade.private@example.org" not in panel.message.value
    assert panel.payee_contact.value == "ade.private@example.org"
    assert store.records(project.id, payments.PAYEE_KIND) == []


def test_a_recorded_payment_reduces_what_is_owed(store, project, staff):
    payments.save_entry(store, project.id, ENTRY, by=staff)
    panel = PaymentsPanel(store, project.id, staff)
    assert panel.owed == {"Ade": "58.00"} and panel.pay_entry.value == panel.pay_entry.options[0][1]
    panel.pay_amount.value = "40.00"
    panel.record.click()
    assert "now owed £18.00" in panel.message.value and panel.pay_amount.value == ""
    assert panel.owed == {"Ade": "18.00"} and panel.totals["paid"] == "40.00"
    assert payments.load_entries(store, project.id)[0].paid == Decimal("40.00")
    assert "£18.00" in panel.owed_table.value and "owed £18.00" in panel.pay_entry.options[0][0]


def test_bad_payment_amounts_show_a_message_and_save_nothing(store, project, staff):
    payments.save_entry(store, project.id, ENTRY, by=staff)
    panel = PaymentsPanel(store, project.id, staff)
    panel.pay_entry.value = panel.pay_entry.options[0][1]
    for amount, words in [("-5", "below zero"), ("abc", "Amount paid"), ("1.234", "Amount paid"),
                          ("", "empty"), ("100", "more than is due")]:
        panel.pay_amount.value = amount
        panel.record.click()
        assert 'role="alert"' in panel.message.value and words in panel.message.value, amount
        assert panel.pay_amount.value == amount  # what was typed stays
    assert payments.load_entries(store, project.id)[0].paid == Decimal("0.00")
    assert panel.owed == {"Ade": "58.00"}


def test_recording_needs_an_entry_and_a_person(store, project, staff):
    panel = PaymentsPanel(store, project.id, staff)
    panel.pay_amount.value = "10"
    panel.record.click()
    assert "No entry is chosen" in panel.message.value
    payments.save_entry(store, project.id, ENTRY, by=staff)
    nobody = PaymentsPanel(store, project.id, None)
    nobody.pay_entry.value, nobody.pay_amount.value = nobody.pay_entry.options[0][1], "10"
    nobody.record.click()
    assert "choose your name" in nobody.message.value
    assert payments.load_entries(store, project.id)[0].paid == Decimal("0.00")


def test_a_payment_against_an_entry_changed_since_it_was_shown_is_refused(store, project, staff):
    entry = payments.save_entry(store, project.id, ENTRY, by=staff)
    panel = PaymentsPanel(store, project.id, staff)
    payments.record_payment(store, entry, "10", by=staff)  # someone else, on another screen
    panel.pay_entry.value, panel.pay_amount.value = entry.record_id, "10"
    panel.record.click()
    assert 'role="alert"' in panel.message.value
    assert payments.load_entries(store, project.id)[0].paid == Decimal("10.00")


def test_the_owed_table_has_pseudonyms_and_amounts_but_no_personal_details(store, project, staff, reviewer_key):
    payments.save_entry(store, project.id, ENTRY, by=staff)
    payments.save_entry(store, project.id, {**ENTRY, "person": "Bea", "rate": "0", "volunteer": True}, by=staff)
    payments.save_payee_details(store, project.id, {"person": "Ade", **DETAILS}, by=staff)
    panel = PaymentsPanel(store, project.id, staff, reviewer=reviewer_key)
    table = panel.owed_table.value
    assert "Ade" in table and "Bea" in table and "£58.00" in table and "£8.00" in table
    for secret in DETAILS.values():
        assert secret not in table and secret not in _shown(panel)
    assert panel.owed == {"Ade": "58.00", "Bea": "8.00"}


def test_a_payment_is_recorded_with_the_date_paid(store, project, staff):
    import datetime as dt

    payments.save_entry(store, project.id, ENTRY, by=staff)
    panel = PaymentsPanel(store, project.id, staff)
    assert panel.pay_on.description == "Date paid" and panel.pay_on.value == dt.date.today()
    panel.pay_amount.value, panel.pay_on.value = "40.00", dt.date(2025, 2, 10)
    panel.record.click()
    assert "Recorded £40.00 paid on 2025-02-10" in panel.message.value
    assert panel.pay_on.value == dt.date(2025, 2, 10)  # kept for the next payment made the same day
    assert [p.paid_on for p in payments.load_entries(store, project.id)[0].payments] == [dt.date(2025, 2, 10)]


def test_a_bad_date_paid_shows_a_message_keeps_what_was_typed_and_saves_nothing(store, project, staff):
    import datetime as dt

    payments.save_entry(store, project.id, ENTRY, by=staff)
    panel = PaymentsPanel(store, project.id, staff)
    for when, words in [(dt.date(2025, 1, 31), "before the date of the activity"), (None, "Date paid&#x27; is empty")]:
        panel.pay_amount.value, panel.pay_on.value = "40.00", when
        panel.record.click()
        assert 'role="alert"' in panel.message.value and words in panel.message.value, when
        assert (panel.pay_amount.value, panel.pay_on.value) == ("40.00", when)
    entry = payments.load_entries(store, project.id)[0]
    assert entry.paid == Decimal("0.00") and entry.payments == ()
    assert panel.owed == {"Ade": "58.00"}
