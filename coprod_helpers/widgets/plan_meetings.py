"""ReviewMeetingPanel: log review meetings, "you said, we did", and when the next review is due."""
from __future__ import annotations

import datetime as dt

import ipywidgets as w
import traitlets

from ..people import ROLES
from ..planning import meetings
from .plan_base import PlanPanel, action_button, date_box, escape, html_table, text_box


class ReviewMeetingPanel(PlanPanel):
    """A meeting form (date, how many came by role, decisions, you said / we did) and the log."""

    reminder = traitlets.Dict().tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.on = date_box("Meeting date", dt.date.today())
        self.attendance = {k: w.BoundedIntText(value=0, min=0, max=500, description=f"{label}: how many came",
                                               style={"description_width": "initial"}) for k, label in ROLES.items()}
        self.decisions = text_box("What we decided (one per line)", area=True)
        self.you_said = text_box("You said")
        self.we_did = text_box("We did (leave empty if not yet)")
        self.add_pair = action_button("Add to 'you said, we did'")
        self.pairs_html = w.HTML()
        self.next_review = date_box("Next review (within six months)")
        self.save = action_button("Save meeting", primary=True)
        self.reminder_html = w.HTML()
        self.meeting_log = w.HTML()
        self._pairs: list[dict] = []
        self.add_pair.on_click(lambda _: self._add_pair())
        self.save.on_click(lambda _: self._save())
        self.children = [self.reminder_html, self.on, *self.attendance.values(), self.decisions,
                         w.HTML("<h3>You said, we did</h3>"), self.you_said, self.we_did, self.add_pair,
                         self.pairs_html, self.next_review, self.save, self.message, self.meeting_log]
        self.refresh()

    def _add_pair(self):
        if not self.you_said.value.strip():
            self.message.show_problems(ValueError("Please type what people said first."))
            return
        self._pairs.append({"you_said": self.you_said.value, "we_did": self.we_did.value})
        self.you_said.value = self.we_did.value = ""
        self.message.clear()
        self.pairs_html.value = html_table(["You said", "We did"], [[p["you_said"], p["we_did"] or "Not yet"]
                                                                    for p in self._pairs])

    def _save(self):
        form = {"on": self.on.value, "attendance": {k: b.value for k, b in self.attendance.items()},
                "decisions": self.decisions.value, "you_said_we_did": list(self._pairs),
                "next_review_on": self.next_review.value}
        if self.run(lambda: meetings.save_meeting(self.store, self.project_id, form, by=self.person),
                    ok="Meeting saved."):
            self._pairs = []
            self.pairs_html.value = self.decisions.value = ""
            self.refresh()

    def refresh(self):
        logged = self.run_quietly(lambda: meetings.load_meetings(self.store, self.project_id), [])
        self.reminder = meetings.check_review_due(logged)
        colour = {"overdue": "#8b0000", "soon": "#7a4a00"}.get(self.reminder["state"], "#1a1a1a")
        self.reminder_html.value = (f'<p role="status" style="color:{colour}"><strong>'
                                    f'{escape(self.reminder["message"])}</strong></p>')
        yswd = meetings.tabulate_you_said_we_did(logged)
        self.meeting_log.value = ("<h3>Meetings</h3>" + html_table(
            ["Date", "People there", "Decisions"], [[m.on, sum(m.attendance.values()), "; ".join(m.decisions)]
                                                    for m in logged])
            + "<h3>You said, we did: the log</h3>" + html_table(["Meeting", "You said", "We did"],
                                                               yswd.values.tolist()))
