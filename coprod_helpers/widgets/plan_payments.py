"""PaymentsPanel: record time and costs per person and activity; see the budget summary."""
from __future__ import annotations

import datetime as dt

import ipywidgets as w
import traitlets

from ..people import ROLES
from ..planning import payments
from ..planning.documents import make_download_link
from ..planning.fields import money_text
from .plan_base import PlanPanel, action_button, choice_box, date_box, escape, html_table, text_box

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PaymentsPanel(PlanPanel):
    """A form for one entry, the budget summary (no names), and the finance export (reviewers)."""

    totals = traitlets.Dict().tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        self.volunteer = w.Checkbox(description="Volunteers their time (not paid for time)", indent=False)
        self.budget = text_box("Budget for paying people (£)", placeholder="optional")
        self.save = action_button("Save entry", primary=True)
        self.summary = w.HTML()
        self.finance = action_button("Make the finance spreadsheet (reviewers only)")
        self.finance_link = w.HTML()
        self.save.on_click(lambda _: self._save())
        self.finance.on_click(lambda _: self._finance())
        self.budget.observe(lambda _: self.refresh(), "value")
        self.children = [self.person_name, self.role, self.activity, self.on, self.sessions, self.hours, self.rate,
                         self.travel, self.expenses, self.paid, self.volunteer, self.save, self.message,
                         w.HTML("<h3>Budget summary (no names)</h3>"), self.budget, self.summary, self.finance,
                         self.finance_link]
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

    def refresh(self):
        entries = self.run_quietly(lambda: payments.load_entries(self.store, self.project_id), [])
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
