"""The work plan and the agenda for the next meeting.

From the commissioning toolkit, Tool 6: the group agrees the tasks it wants to achieve in
the life of the project, with timescales, and picks its top three agenda items for the
next meeting.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .fields import FormCheck
from .records import load_items, save_item

TASK_KIND = "plan_task"
AGENDA_KIND = "plan_agenda_item"
TASK_STATUSES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done"}
AGENDA_STATUSES = {"suggested": "Suggested", "agreed": "Agreed for the next meeting", "done": "Discussed"}
TOP_AGENDA = 3


@dataclass(frozen=True)
class Task:
    title: str
    start: date
    due: date
    owner: str = ""
    status: str = "not_started"
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "Task":
        check = FormCheck(form, "Work plan")
        title = check.text("title", "Task", max_len=300)
        start = check.date("start", "Start date")
        due = check.date("due", "Finish by")
        check.dates_in_order(start, due, "Start date", "Finish by", "due")
        owner = check.text("owner", "Who is leading it", required=False, max_len=80)
        status = check.choice("status", "Status", TASK_STATUSES, default="not_started")
        check.finish()
        return cls(title, start, due, owner, status)

    def to_data(self) -> dict:
        return {"title": self.title, "start": self.start.isoformat(), "due": self.due.isoformat(),
                "owner": self.owner, "status": self.status}


def save_task(store, project_id: str, form: dict, *, by, record_id=None, version=None) -> Task:
    item = replace(Task.from_form(form), record_id=record_id, version=version)
    rec = save_item(store, project_id, TASK_KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_tasks(store, project_id: str) -> list[Task]:
    return sorted(load_items(store, project_id, TASK_KIND, Task), key=lambda t: (t.due, t.start))


def tabulate_tasks(tasks, today: date | None = None) -> pd.DataFrame:
    """Tasks in date order with a 'late' column (past its date and not done)."""
    today = today or date.today()
    return pd.DataFrame([{"task": t.title, "start": t.start, "finish by": t.due, "owner": t.owner,
                          "status": TASK_STATUSES[t.status], "late": t.status != "done" and t.due < today}
                         for t in sorted(tasks, key=lambda t: (t.due, t.start))],
                        columns=["task", "start", "finish by", "owner", "status", "late"])


@dataclass(frozen=True)
class AgendaItem:
    text: str
    meeting_on: date | None = None
    status: str = "suggested"
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "AgendaItem":
        check = FormCheck(form, "Agenda")
        text = check.text("text", "Agenda item", max_len=300)
        meeting_on = check.date("meeting_on", "Meeting date", required=False)
        status = check.choice("status", "Status", AGENDA_STATUSES, default="suggested")
        check.finish()
        return cls(text, meeting_on, status)

    def to_data(self) -> dict:
        return {"text": self.text, "meeting_on": self.meeting_on.isoformat() if self.meeting_on else None,
                "status": self.status}


def save_agenda_item(store, project_id: str, form: dict, *, by, record_id=None, version=None) -> AgendaItem:
    """Check and save an agenda item; the group agrees at most :data:`TOP_AGENDA` per meeting."""
    item = replace(AgendaItem.from_form(form), record_id=record_id, version=version)
    if item.status == "agreed":
        same = [a for a in load_agenda(store, project_id) if a.status == "agreed"
                and a.meeting_on == item.meeting_on and a.record_id != record_id]
        if len(same) >= TOP_AGENDA:
            check = FormCheck(form, "Agenda")
            check.problem("status", f"{TOP_AGENDA} items are already agreed for that meeting.",
                          "Leave this one as suggested, or move another one off the agenda first.")
            check.finish()
    rec = save_item(store, project_id, AGENDA_KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_agenda(store, project_id: str) -> list[AgendaItem]:
    return load_items(store, project_id, AGENDA_KIND, AgendaItem)


def list_next_agenda(items, today: date | None = None) -> list[AgendaItem]:
    """Agreed items for the next meeting on or after ``today`` (undated agreed items too)."""
    today = today or date.today()
    agreed = [a for a in items if a.status == "agreed"]
    dates = sorted({a.meeting_on for a in agreed if a.meeting_on and a.meeting_on >= today})
    nxt = dates[0] if dates else None
    return [a for a in agreed if a.meeting_on in (nxt, None)]
