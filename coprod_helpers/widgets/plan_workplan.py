"""WorkPlanPanel: tasks with dates, and the agenda the group agrees for the next meeting."""
from __future__ import annotations

import datetime as dt

import ipywidgets as w
import traitlets

from ..planning import workplan
from .plan_base import PlanPanel, action_button, choice_box, date_box, escape, html_table, text_box


class WorkPlanPanel(PlanPanel):
    """Add tasks (with start and finish dates) and agenda items; shows both lists."""

    next_agenda = traitlets.List().tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = text_box("Task")
        self.start = date_box("Start", dt.date.today())
        self.due = date_box("Finish by")
        self.owner = text_box("Who is leading it (optional)")
        self.add_task = action_button("Add task", primary=True)
        self.tasks = w.HTML()
        self.agenda_text = text_box("Agenda item")
        self.meeting_on = date_box("For the meeting on")
        self.agenda_status = choice_box("Status", {k: v for k, v in workplan.AGENDA_STATUSES.items() if k != "done"},
                                        "suggested", buttons=True)
        self.add_agenda = action_button("Add agenda item", primary=True)
        self.agenda = w.HTML()
        self.add_task.on_click(lambda _: self._add_task())
        self.add_agenda.on_click(lambda _: self._add_agenda())
        self.children = [w.HTML("<h3>Work plan</h3>"), self.title, self.start, self.due, self.owner, self.add_task,
                         self.tasks, w.HTML("<h3>Next meeting's agenda</h3>"), self.agenda_text, self.meeting_on,
                         self.agenda_status, self.add_agenda, self.message, self.agenda]
        self.refresh()

    def _add_task(self):
        form = {"title": self.title.value, "start": self.start.value, "due": self.due.value, "owner": self.owner.value}
        if self.run(lambda: workplan.save_task(self.store, self.project_id, form, by=self.person), ok="Task added."):
            self.title.value = self.owner.value = ""
            self.refresh()

    def _add_agenda(self):
        form = {"text": self.agenda_text.value, "meeting_on": self.meeting_on.value,
                "status": self.agenda_status.value}
        if self.run(lambda: workplan.save_agenda_item(self.store, self.project_id, form, by=self.person),
                    ok="Agenda item added."):
            self.agenda_text.value = ""
            self.refresh()

    def refresh(self):
        tasks = workplan.tabulate_tasks(self.run_quietly(lambda: workplan.load_tasks(self.store, self.project_id), []))
        self.tasks.value = html_table(["Task", "Start", "Finish by", "Lead", "Status", "Late?"],
                                      [[r[0], r[1], r[2], r[3], r[4], "Late" if r[5] else ""]
                                       for r in tasks.itertuples(index=False)])
        items = self.run_quietly(lambda: workplan.load_agenda(self.store, self.project_id), [])
        nxt = workplan.list_next_agenda(items)
        self.next_agenda = [a.text for a in nxt]
        suggested = [a for a in items if a.status == "suggested"]
        self.agenda.value = ("<p><strong>Agreed:</strong></p><ol>" + "".join(f"<li>{escape(a.text)}</li>" for a in nxt)
                             + "</ol><p><strong>Suggested:</strong> "
                             + escape("; ".join(a.text for a in suggested) or "none") + "</p>")
