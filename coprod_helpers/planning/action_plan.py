"""The organisational action plan: what we will do, who leads, who helps, and by when.

From the commissioning toolkit, section 3c (organisational action plan). Actions past
their completion date that are not done are flagged as overdue.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .fields import FormCheck
from .records import load_items, save_item

KIND = "plan_action"
STATUSES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done",
            "stopped": "Stopped"}


@dataclass(frozen=True)
class Action:
    activity: str
    owner: str
    start: date
    complete_by: date
    team: str = ""
    status: str = "not_started"
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "Action":
        check = FormCheck(form, "Action plan")
        activity = check.text("activity", "What are we going to do", max_len=1000)
        owner = check.text("owner", "Who will lead it", max_len=80)
        team = check.text("team", "Who else will be involved", required=False, max_len=500)
        start = check.date("start", "Start date")
        complete_by = check.date("complete_by", "Completion date")
        check.dates_in_order(start, complete_by, "Start date", "Completion date", "complete_by")
        status = check.choice("status", "Status", STATUSES, default="not_started")
        check.finish()
        return cls(activity, owner, start, complete_by, team, status)

    def to_data(self) -> dict:
        return {"activity": self.activity, "owner": self.owner, "team": self.team,
                "start": self.start.isoformat(), "complete_by": self.complete_by.isoformat(),
                "status": self.status}

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status not in ("done", "stopped") and self.complete_by < (today or date.today())


def save_action(store, project_id: str, form: dict, *, by, record_id=None, version=None) -> Action:
    item = replace(Action.from_form(form), record_id=record_id, version=version)
    rec = save_item(store, project_id, KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_actions(store, project_id: str) -> list[Action]:
    return sorted(load_items(store, project_id, KIND, Action), key=lambda a: (a.complete_by, a.start))


def list_overdue(actions, today: date | None = None) -> list[Action]:
    return [a for a in actions if a.is_overdue(today)]


def tabulate_actions(actions, today: date | None = None, *, include_names: bool = True) -> pd.DataFrame:
    """The plan as a table with an 'overdue' column; ``include_names=False`` drops owner and team."""
    rows = [{"activity": a.activity, "owner": a.owner, "team": a.team, "start": a.start,
             "completion": a.complete_by, "status": STATUSES[a.status], "overdue": a.is_overdue(today)}
            for a in actions]
    df = pd.DataFrame(rows, columns=["activity", "owner", "team", "start", "completion", "status", "overdue"])
    return df if include_names else df.drop(columns=["owner", "team"])


def summarise_actions(actions, today: date | None = None) -> dict[str, int]:
    """How many actions are in each status, and how many are overdue."""
    counts = {label: 0 for label in STATUSES.values()}
    for a in actions:
        counts[STATUSES[a.status]] += 1
    counts["Overdue"] = len(list_overdue(actions, today))
    return counts
