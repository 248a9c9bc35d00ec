"""PaymentsPanel: record time and costs per person and activity, payments made, and what is owed."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import ipywidgets as w
import traitlets

from ..errors import InputError
from ..people import ROLES
from ..planning import payments
from ..planning.documents import make_download_link
from ..planning.fields import money_text
from .common import check_box
from .plan_base import (STYLE, PlanPanel, action_button, choice_box, date_box, escape, html_table,
                        text_box)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_ENTRY = InputError("No entry is chosen.", fix="Please save an entry first, then choose it from the list.")


def _entry_label(entry: payments.PaymentEntry) -> str:
    return f"{entry.person}: {entry.activity}, {entry.on.isoformat()} (owed {money_text(entry.owed)})"


class PaymentsPanel(PlanPanel):
    """Entries, payments made, what is owed to each person, and the finance parts (reviewers).

    The budget summary has no names; the "owed" table has pseudonyms and amounts only. Payee
    details (what finance needs to pay someone) can be saved only by a reviewer and are never
    shown on the page; they go into the finance spreadsheet alone.
    """

    totals = traitlets.Dict().tag(sync=False)
    #: ``{pseudonym: amount still owed}`` as text, e.g. ``{"Ade": "18.00"}``.
    owed = traitlets.Dict().tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._entries: dict[str, payments.PaymentEntry] = {}  # as last shown, by record id
        self.person_name = text_box("Name or nickname")
        self.role = choice_box("Role", ROLES, "lived_experience")
        self.activity = text_box("Activity", placeholder="for example: team meeting")
        self.on = date_box("Date", dt.date.today())
        self.sessions = text_box("Sessions", "1")
        self.hours = text_box("Hours", "0")
        self.rate = text_box("Rate per hour (£)", "0.00")
        self.travel = text_box("Travel (£)", "0.00")
        self.expenses = text_box("Other expenses (£)", "0.00")
        self.paid = text_box("Paid so far (£)", "0.00")
        self.volunteer = check_box(description="Volunteers their time (not paid for time)")
        self.save = action_button("Save entry", primary=True)
        # a later payment against an entry
        self.pay_entry = choice_box("Which entry", [])
        self.pay_amount = text_box("Amount paid (£)", placeholder="for example: 25.00")
        self.pay_on = date_box("Date paid", dt.date.today())
        self.record = action_button("Record the payment")
        self.owed_table = w.HTML()
        self.budget = text_box("Budget for paying people (£)", placeholder="optional")
        self.summary = w.HTML()
        # reviewers only: what finance needs to pay someone
        self.payee_person = w.Combobox(description="Name or nickname used in the team", options=[],
                                       ensure_option=False, style=STYLE,
                                       layout=w.Layout(width="100%", max_width="46em"))
        self.payee_legal_name = text_box("Name for payment")
        self.payee_contact = text_box("Contact (email, phone or address)", area=True)
        self.payee_reference = text_box("Payroll or payment reference")
        self.save_payee = action_button("Save payment details (reviewers only)")
        self.finance = action_button("Make the finance spreadsheet (reviewers only)")
        self.finance_link = w.HTML()
        self.save.on_click(lambda _: self._save())
        self.record.on_click(lambda _: self._record())
        self.save_payee.on_click(lambda _: self._save_payee())
        self.finance.on_click(lambda _: self._finance())
        self.budget.observe(lambda _: self.refresh(), "value")
        self.children = [
            self.person_name, self.role, self.activity, self.on, self.sessions, self.hours, self.rate,
            self.travel, self.expenses, self.paid, self.volunteer, self.save, self.message,
            w.HTML("<h3>Record a payment</h3><p>When someone has been paid for an entry, add what was paid.</p>"),
            self.pay_entry, self.pay_amount, self.pay_on, self.record,
            w.HTML("<h3>Owed to each person (for the team only)</h3>"), self.owed_table,
            w.HTML("<h3>Budget summary (no names)</h3>"), self.budget, self.summary,
            w.HTML("<h3>Payment details for finance (reviewers only)</h3><p>What finance needs to pay "
                   "someone. Unlock reviewing at the top of the page first. These details are never shown "
                   "on this page; they go only into the finance spreadsheet.</p>"),
            self.payee_person, self.payee_legal_name, self.payee_contact, self.payee_reference,
            self.save_payee, self.finance, self.finance_link]
        self.refresh()

    def _form(self) -> dict:
        return {"person": self.person_name.value, "role": self.role.value, "activity": self.activity.value,
                "on": self.on.value, "sessions": self.sessions.value, "hours": self.hours.value,
                "rate": self.rate.value, "travel": self.travel.value, "expenses": self.expenses.value,
                "paid": self.paid.value, "volunteer": self.volunteer.value}

    def _save(self):
        saved = self.run(lambda: payments.save_entry(self.store, self.project_id, self._form(), by=self.person),
                         ok="Saved.")
        if saved:
            self.refresh()

    def _record(self):
        def action():
            entry = self._entries.get(self.pay_entry.value)
            if entry is None:
                raise NO_ENTRY
            # the entry as last shown: if someone changed it since, the store refuses (ConflictError)
            # an emptied date box is refused as empty, not quietly taken as today
            return payments.record_payment(self.store, entry, self.pay_amount.value,
                                           paid_on=self.pay_on.value or "", by=self.person)

        entry = self.run(action)
        if entry:
            self.pay_amount.value = ""  # so a second click does not record the same payment twice
            self.refresh()
            last = entry.payments[-1]
            self.message.show_ok(f"Recorded {money_text(last.amount)} paid on {last.paid_on.isoformat()}. "
                                 f"{entry.person} is now owed {money_text(entry.owed)} for {entry.activity}.")

    def _payee_form(self) -> dict:
        return {"person": self.payee_person.value, "legal_name": self.payee_legal_name.value,
                "contact": self.payee_contact.value, "payment_reference": self.payee_reference.value}

    def _save_payee(self):
        def action():
            self.store.require_reviewer(self.project_id, self.reviewer)  # the domain save does not check
            return payments.save_payee_details(self.store, self.project_id, self._payee_form(), by=self.person)

        saved = self.run(action)
        if saved:
            for box in (self.payee_person, self.payee_legal_name, self.payee_contact, self.payee_reference):
                box.value = ""  # the details are not left on the page
            self.message.show_ok(f"Payment details saved for {saved.person}.")

    def refresh(self):
        entries = self.run_quietly(lambda: payments.load_entries(self.store, self.project_id), [])
        self._show_entries(entries)
        self._show_owed(entries)
        self._show_budget(entries)

    def _show_entries(self, entries):
        self._entries = {e.record_id: e for e in entries}
        chosen = self.pay_entry.value
        self.pay_entry.options = [(_entry_label(e), e.record_id) for e in entries]
        if chosen in self._entries or entries:
            self.pay_entry.value = chosen if chosen in self._entries else entries[0].record_id
        people = sorted({e.person for e in entries})
        self.payee_person.options = people

    def _show_owed(self, entries):
        # pseudonyms and amounts only: payee details never reach this table
        by_person = payments.summarise_by_person(entries)  # its role is already in words
        owed: dict[str, Decimal] = {}
        rows = []
        for r in by_person.itertuples():
            owed[r.person] = owed.get(r.person, Decimal("0")) + r.owed  # one person may have two roles
            rows.append([r.person, r.role, money_text(r.due), money_text(r.paid), money_text(r.owed)])
        self.owed = {k: str(v) for k, v in owed.items()}
        self.owed_table.value = html_table(["Name or nickname", "Role", "Due", "Paid", "Owed"], rows,
                                           empty="No entries yet.")

    def _show_budget(self, entries):
        try:
            summary = payments.summarise_budget(entries, budget=self.budget.value or None)
        except ValueError as err:  # InputError is a ValueError: a bad budget figure
            self.message.show_problems(err)
            summary = payments.summarise_budget(entries)
        t = summary["totals"]
        self.totals = {k: str(v) for k, v in t.items()}
        rows = [[r.activity, r.people, r.volunteers, r.hours, money_text(r.due), money_text(r.paid),
                 money_text(r.owed)] for r in summary["by_activity"].itertuples()]
        text = (f"<p>{t['people']} people ({t['volunteers']} volunteering). Due {money_text(t['due'])}, "
                f"paid {money_text(t['paid'])}, still owed {money_text(t['owed'])}.")
        if summary["remaining"] is not None:
            text += f" Left in the budget: {escape(money_text(summary['remaining']))}."
        self.summary.value = text + "</p>" + html_table(
            ["Activity", "People", "Volunteers", "Hours", "Due", "Paid", "Owed"], rows)

    def _finance(self):
        data = self.run(lambda: payments.export_finance_xlsx(self.store, self.project_id, reviewer=self.reviewer))
        if data:
            self.finance_link.value = make_download_link(data, "payments-finance.xlsx",
                                                         "Download the finance spreadsheet", XLSX_MIME)
