"""Getting started: checklist, ladder, terms of reference, role descriptions and payments."""
from decimal import Decimal

import pytest

from coprod_helpers.errors import InputError, PermissionDenied
from coprod_helpers.planning import checklist, documents, ladder, payments, roles


# -- checklist -------------------------------------------------------------------------
def test_checklist_items_have_unique_ids_and_cite_a_source():
    ids = [i.id for i in checklist.CHECKLIST]
    assert len(ids) == len(set(ids)) == 23
    assert all(i.source.startswith("From the") for i in checklist.CHECKLIST)


def test_answering_an_item_again_updates_it_and_keeps_history(store, project, staff):
    first = checklist.save_answer(store, project.id, {"item_id": "lead", "answer": "not_yet", "owner": "Sam"},
                                  by=staff)
    second = checklist.save_answer(store, project.id, {"item_id": "lead", "answer": "yes", "note": "Jo agreed"},
                                   by=staff)
    assert first.record_id == second.record_id
    answers = checklist.load_answers(store, project.id)
    assert answers["lead"].answer == "yes" and answers["lead"].note == "Jo agreed"
    assert [v.data["answer"] for v in store.history(second.record_id)] == ["not_yet", "yes"]


def test_checklist_summary_shows_what_is_still_open(store, project, staff):
    checklist.save_answer(store, project.id, {"item_id": "lead", "answer": "yes"}, by=staff)
    checklist.save_answer(store, project.id, {"item_id": "budget", "answer": "in_progress"}, by=staff)
    answers = checklist.load_answers(store, project.id)
    table = checklist.summarise_checklist(answers)
    assert len(table) == 23 and table["open"].sum() == 22
    assert checklist.count_open(answers) == {"Yes": 1, "In progress": 1, "Not yet": 0, "Not answered": 21}


def test_checklist_rejects_unknown_items_and_answers(store, project, staff):
    with pytest.raises(InputError) as err:
        checklist.save_answer(store, project.id, {"item_id": "nope", "answer": "maybe"}, by=staff)
    assert {p.field for p in err.value.problems} == {"item_id", "answer"}
    assert store.records(project.id) == []


# -- ladder ----------------------------------------------------------------------------
def test_ladder_position_and_what_it_takes_to_climb(store, project, staff):
    assert ladder.load_position(store, project.id) is None
    ladder.save_position(store, project.id, {"rung": "doing_to", "to_climb": "Pay people"}, by=staff)
    pos = ladder.save_position(store, project.id, {"rung": "doing_for", "to_climb": "Share decisions",
                                                   "agreed_by": "Whole team"}, by=staff)
    assert pos.label == "Doing for" and pos.next_rung == "Doing with"
    assert "Share decisions" in ladder.describe_position(pos)
    assert [p.rung for p in ladder.load_position_history(store, project.id)] == ["doing_to", "doing_for"]


def test_ladder_needs_a_next_step_below_the_top():
    with pytest.raises(InputError, match="climb"):
        ladder.LadderPosition.from_form({"rung": "doing_for", "to_climb": " "})
    top = ladder.LadderPosition.from_form({"rung": "doing_with", "to_climb": ""})
    assert top.next_rung is None and "top rung" in ladder.describe_position(top)


# -- roles -----------------------------------------------------------------------------
TERMS = {"purpose": "Improve access", "lead": "Sam", "admin": "Kim", "decisions": "By consensus",
         "members": [{"pseudonym": "Ade", "role": "lived_experience", "part": "Co-chair"},
                     {"pseudonym": "Bea", "role": "family_carer"}, {"pseudonym": "Sam", "role": "staff"}]}


def test_terms_of_reference_saved_and_summarised_without_names(store, project, staff):
    terms = roles.save_terms(store, project.id, TERMS, by=staff)
    again = roles.save_terms(store, project.id, {**TERMS, "decisions": "By vote"}, by=staff)
    assert terms.record_id == again.record_id
    loaded = roles.load_terms(store, project.id)
    assert loaded.decisions == "By vote" and len(loaded.lived_experience_members()) == 2
    counts = roles.summarise_roles(loaded)
    assert counts == {"Person with lived experience": 1, "Family member or carer": 1, "Staff member": 1}


def test_terms_of_reference_report_bad_member_rows():
    with pytest.raises(InputError) as err:
        roles.TermsOfReference.from_form({**TERMS, "lead": "", "members": [{"pseudonym": "", "role": "boss"}]})
    problems = err.value.problems
    assert {(p.field, p.row) for p in problems} == {("lead", None), ("pseudonym", 1), ("role", 1)}


def test_role_description_from_template_exports_as_documents(store, project, staff):
    form = roles.make_role_template()
    form["tasks"] = "Come to meetings\nHelp <plan> the survey\n"
    desc = roles.save_role_description(store, project.id, form, by=staff)
    assert desc.sections["tasks"] == ["Come to meetings", "Help <plan> the survey"]
    doc = roles.load_role_descriptions(store, project.id)[0].to_document()
    html = doc.to_html()
    assert "<li>Help &lt;plan&gt; the survey</li>" in html and "<plan>" not in html
    text = documents.docx_text(doc.to_docx())
    assert "Help <plan> the survey" in text and "What you would do" in text


def test_role_description_needs_title_and_tasks():
    with pytest.raises(InputError) as err:
        roles.RoleDescription.from_form({**roles.make_role_template(), "title": "", "tasks": []})
    assert {p.field for p in err.value.problems} == {"title", "tasks"}


# -- payments --------------------------------------------------------------------------
ENTRY = {"person": "Ade", "role": "lived_experience", "activity": "Team meeting", "on": "2025-02-03",
         "sessions": 1, "hours": "2.5", "rate": "20.00", "travel": "6.80", "expenses": "1.20"}


def test_payment_entry_works_out_what_is_due_and_owed():
    entry = payments.PaymentEntry.from_form({**ENTRY, "paid": "50"})
    assert entry.time_cost == Decimal("50.00") and entry.due == Decimal("58.00")
    assert entry.owed == Decimal("8.00") and isinstance(entry.owed, Decimal)


@pytest.mark.parametrize("change, field", [
    ({"rate": "-5"}, "rate"), ({"travel": "abc"}, "travel"), ({"expenses": "1.234"}, "expenses"),
    ({"hours": "-1"}, "hours"), ({"on": "2025-13-01"}, "on"), ({"person": ""}, "person"),
    ({"paid": "1000"}, "paid"), ({"volunteer": True}, "rate"),
])
def test_payment_entry_rejects_bad_amounts(store, project, staff, change, field):
    with pytest.raises(InputError) as err:
        payments.save_entry(store, project.id, {**ENTRY, **change}, by=staff)
    assert field in {p.field for p in err.value.problems}
    assert store.records(project.id) == []


def test_volunteers_are_recorded_with_travel_only(store, project, staff):
    payments.save_entry(store, project.id, {**ENTRY, "person": "Bea", "rate": "0", "volunteer": True}, by=staff)
    payments.save_entry(store, project.id, ENTRY, by=staff)
    entries = payments.load_entries(store, project.id)
    summary = payments.summarise_budget(entries, budget="500")
    totals = summary["totals"]
    assert totals["people"] == 2 and totals["volunteers"] == 1
    assert totals["due"] == Decimal("50.00") + 8 + 8
    assert summary["remaining"] == Decimal("500.00") - totals["due"]
    row = summary["by_activity"].iloc[0]
    assert row["activity"] == "Team meeting" and row["people"] == 2 and row["volunteers"] == 1


def test_recording_a_payment_moves_money_from_owed_to_paid(store, project, staff):
    entry = payments.save_entry(store, project.id, ENTRY, by=staff)
    entry = payments.record_payment(store, entry, "40.00", by=staff)
    assert entry.paid == Decimal("40.00") and entry.owed == Decimal("18.00")
    with pytest.raises(InputError, match="more than is due"):
        payments.record_payment(store, entry, "20", by=staff)
    with pytest.raises(InputError, match="below zero"):
        payments.record_payment(store, entry, "-1", by=staff)
    assert payments.load_entries(store, project.id)[0].paid == Decimal("40.00")


def test_budget_csv_and_person_summary(store, project, staff):
    payments.save_entry(store, project.id, ENTRY, by=staff)
    payments.save_entry(store, project.id, {**ENTRY, "activity": "Workshop", "hours": "1"}, by=staff)
    csv = payments.export_budget_csv(payments.load_entries(store, project.id))
    assert "Workshop" in csv and "Ade" not in csv
    by_person = payments.summarise_by_person(payments.load_entries(store, project.id))
    assert by_person.loc[0, "due"] == Decimal("58.00") + Decimal("28.00")


def test_finance_export_needs_the_reviewer_key(store, project, staff, reviewer_key):
    import io

    import openpyxl

    payments.save_entry(store, project.id, ENTRY, by=staff)
    payments.save_payee_details(store, project.id, {"person": "Ade", "legal_name": "Adebayo Example",
                                                    "contact": "=cmd|' /C calc'!A0"}, by=staff)
    with pytest.raises(PermissionDenied):
        payments.export_finance_xlsx(store, project.id, reviewer=None)
    with pytest.raises(PermissionDenied):
        payments.load_payee_details(store, project.id, reviewer=None)
    data = payments.export_finance_xlsx(store, project.id, reviewer=reviewer_key)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Entries"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Adebayo Example" in values and "'=cmd|' /C calc'!A0" in values


# -- payment dates -----------------------------------------------------------------------
def test_payments_keep_their_dates_and_who_recorded_them(store, project, staff):
    from datetime import date

    entry = payments.save_entry(store, project.id, ENTRY, by=staff)
    entry = payments.record_payment(store, entry, "40.00", paid_on="2025-02-10", by=staff)
    entry = payments.record_payment(store, entry, "8", paid_on=date(2025, 3, 1), by=staff)
    loaded = payments.load_entries(store, project.id)[0]
    assert loaded.paid == Decimal("48.00") and loaded.owed == Decimal("10.00")
    assert [(p.amount, p.paid_on, p.recorded_by) for p in loaded.payments] == [
        (Decimal("40.00"), date(2025, 2, 10), staff.pseudonym), (Decimal("8.00"), date(2025, 3, 1), staff.pseudonym)]
    listed = payments.list_payments([loaded])
    assert list(listed["paid_on"]) == [date(2025, 2, 10), date(2025, 3, 1)]
    assert list(listed["amount"]) == [Decimal("40.00"), Decimal("8.00")]


def test_a_payment_date_defaults_to_today(store, project, staff):
    from datetime import date

    entry = payments.save_entry(store, project.id, ENTRY, by=staff)
    entry = payments.record_payment(store, entry, "10", by=staff)
    assert payments.load_entries(store, project.id)[0].payments[-1].paid_on == date.today()


@pytest.mark.parametrize("paid_on, words", [
    ("2025-02-30", "'Date paid' is not a date we can read"), ("soon", "'Date paid' is not a date we can read"),
    ("", "'Date paid' is empty"), ("2025-02-02", "before the date of the activity (2025-02-03)"),
])
def test_bad_payment_dates_are_refused_and_nothing_is_saved(store, project, staff, paid_on, words):
    entry = payments.save_entry(store, project.id, ENTRY, by=staff)
    with pytest.raises(InputError) as err:
        payments.record_payment(store, entry, "10", paid_on=paid_on, by=staff)
    assert words in str(err.value) and {p.field for p in err.value.problems} == {"paid_on"}
    assert store.records(project.id, payments.KIND)[0].version == entry.version
    loaded = payments.load_entries(store, project.id)[0]
    assert loaded.paid == Decimal("0.00") and loaded.payments == ()


def test_a_bad_date_and_a_bad_amount_are_reported_together(store, project, staff):
    entry = payments.save_entry(store, project.id, ENTRY, by=staff)
    with pytest.raises(InputError) as err:
        payments.record_payment(store, entry, "abc", paid_on="nope", by=staff)
    assert {p.field for p in err.value.problems} == {"amount", "paid_on"}


def test_entries_saved_before_payment_dates_still_load(store, project, staff):
    from datetime import date

    old = payments.PaymentEntry.from_form({**ENTRY, "paid": "50"}).to_data()
    del old["payments"]  # as saved before payment dates were kept
    store.add(project.id, payments.KIND, old, by=staff)
    entry = payments.load_entries(store, project.id)[0]
    assert entry.paid == Decimal("50.00") and entry.payments == (payments.Payment(Decimal("50.00")),)
    entry = payments.record_payment(store, entry, "8", paid_on="2025-02-10", by=staff)
    loaded = payments.load_entries(store, project.id)[0]
    assert loaded.paid == Decimal("58.00") and loaded.owed == Decimal("0.00")
    assert [p.paid_on for p in loaded.payments] == [None, date(2025, 2, 10)]


def test_a_payments_list_that_does_not_add_up_to_paid_is_refused():
    data = payments.PaymentEntry.from_form({**ENTRY, "paid": "50"}).to_data()
    with pytest.raises(InputError) as err:
        payments.PaymentEntry.from_form({**data, "paid": "20"})
    assert {p.field for p in err.value.problems} == {"paid"}


def test_finance_export_lists_payment_dates_but_the_budget_summary_does_not(store, project, staff, reviewer_key):
    import io

    import openpyxl

    old = payments.PaymentEntry.from_form({**ENTRY, "activity": "Workshop", "paid": "5"}).to_data()
    del old["payments"]
    store.add(project.id, payments.KIND, old, by=staff)
    entry = payments.save_entry(store, project.id, ENTRY, by=staff)
    payments.record_payment(store, entry, "40.00", paid_on="2025-02-10", by=staff)
    book = openpyxl.load_workbook(io.BytesIO(payments.export_finance_xlsx(store, project.id, reviewer=reviewer_key)))
    rows = list(book["Payments"].iter_rows(values_only=True))
    assert rows[0] == ("person", "activity", "on", "paid_on", "amount", "recorded_by")
    assert ("Ade", "Workshop", "2025-02-03", "not known", 5.0, None) in rows  # no recorder
    assert ("Ade", "Team meeting", "2025-02-03", "2025-02-10", 40.0, staff.pseudonym) in rows
    entries = payments.load_entries(store, project.id)
    csv = payments.export_budget_csv(entries)
    summary = payments.summarise_budget(entries)
    assert "2025-02-10" not in csv and "paid_on" not in csv and "Ade" not in csv
    assert "paid_on" not in summary["by_activity"].columns and "2025-02-10" not in summary["by_activity"].to_csv()
    assert summary["totals"]["paid"] == Decimal("45.00")
