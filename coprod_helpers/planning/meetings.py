"""Review meetings: who came (by role), what was decided, and "you said, we did".

From the ten-step guide, step 10 (keeping up with co-production): hold meetings focused on
co-production at least every six months, to check progress, decide what needs to change
and follow up what people told us. This module keeps the log and says when the next
review is due.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from ..people import ROLES
from .fields import FormCheck
from .records import load_items, save_item

KIND = "plan_review_meeting"
REVIEW_MONTHS = 6
SOON_DAYS = 30


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31 Aug + 6 months -> 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReviewMeeting:
    """One review meeting. ``attendance`` counts people by role key; ``you_said_we_did`` is a
    list of ``{"you_said", "we_did"}`` (``we_did`` empty while still to do)."""

    on: date
    attendance: dict = field(default_factory=dict)
    decisions: tuple = ()
    you_said_we_did: tuple = ()
    next_review_on: date | None = None
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "ReviewMeeting":
        check = FormCheck(form, "Review meeting")
        on = check.date("on", "Meeting date")
        attendance = {}
        for role, count in (form.get("attendance") or {}).items():
            if role not in ROLES:
                check.problem("attendance", f"'{role}' is not one of the roles.",
                              "Choose from: " + ", ".join(ROLES.values()) + ".")
                continue
            n = FormCheck({"n": count}, "Review meeting").rating("n", f"People there: {ROLES[role]}", 0, 500,
                                                                 required=False)
            if n is None and count not in (None, ""):
                check.problem("attendance", f"The number for '{ROLES[role]}' must be a whole number from 0 "
                                            f"to 500.", "Please type how many came.")
            elif n:
                attendance[role] = n
        if not attendance and not check.problems:
            check.problem("attendance", "Nobody is recorded as being there.", "Please add how many came, by role.")
        decisions = check.text_list("decisions", "What was decided", max_len=1000)
        pairs = []
        for n, pair in enumerate(form.get("you_said_we_did") or [], start=1):
            row = FormCheck(pair, "Review meeting: you said, we did", row=n)
            said = row.text("you_said", "You said", max_len=1000)
            did = row.text("we_did", "We did", required=False, max_len=1000)
            check.problems.extend(row.problems)
            pairs.append({"you_said": said, "we_did": did})
        next_on = check.date("next_review_on", "Next review date", required=False)
        if on and next_on:
            if next_on <= on:
                check.problem("next_review_on", "The next review date is not after this meeting.",
                              "Please pick a later date.")
            elif next_on > add_months(on, REVIEW_MONTHS):
                check.problem("next_review_on", f"The next review is more than {REVIEW_MONTHS} months away.",
                              f"Reviews should happen at least every six months: by {add_months(on, 6)}.")
        check.finish()
        return cls(on, attendance, tuple(decisions), tuple(pairs), next_on)

    def to_data(self) -> dict:
        return {"on": self.on.isoformat(), "attendance": dict(self.attendance), "decisions": list(self.decisions),
                "you_said_we_did": [dict(p) for p in self.you_said_we_did],
                "next_review_on": self.next_review_on.isoformat() if self.next_review_on else None}

    @property
    def review_due(self) -> date:
        return self.next_review_on or add_months(self.on, REVIEW_MONTHS)


def save_meeting(store, project_id: str, form: dict, *, by, record_id=None, version=None) -> ReviewMeeting:
    item = replace(ReviewMeeting.from_form(form), record_id=record_id, version=version)
    rec = save_item(store, project_id, KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_meetings(store, project_id: str) -> list[ReviewMeeting]:
    return sorted(load_items(store, project_id, KIND, ReviewMeeting), key=lambda m: m.on)


def check_review_due(meetings, today: date | None = None) -> dict:
    """When the next review is due and a reminder in plain words.

    Returns ``{"due_on": date | None, "days_left": int | None, "state": "none"|"ok"|"soon"|"overdue",
    "message": str}``.
    """
    today = today or date.today()
    if not meetings:
        return {"due_on": None, "days_left": None, "state": "none",
                "message": "No review meeting is logged yet. Plan the first one soon."}
    last = max(meetings, key=lambda m: m.on)
    due = last.review_due
    days = (due - today).days
    if days < 0:
        state, msg = "overdue", f"The review was due on {due:%d %B %Y}, {-days} days ago. Please book one now."
    elif days <= SOON_DAYS:
        state, msg = "soon", f"The next review is due on {due:%d %B %Y}, in {days} days. Time to book it."
    else:
        state, msg = "ok", f"The next review is due on {due:%d %B %Y}."
    return {"due_on": due, "days_left": days, "state": state, "message": msg}


def tabulate_you_said_we_did(meetings) -> pd.DataFrame:
    """Every "you said, we did" pair with the meeting date; ``we_did`` reads "Not yet" when empty."""
    rows = [{"meeting": m.on, "you said": p["you_said"], "we did": p["we_did"] or "Not yet"}
            for m in meetings for p in m.you_said_we_did]
    return pd.DataFrame(rows, columns=["meeting", "you said", "we did"])


def tabulate_meetings(meetings) -> pd.DataFrame:
    """One row per meeting: date, how many came by role, decisions, next review due."""
    rows = []
    for m in meetings:
        row = {"meeting": m.on, "people": sum(m.attendance.values())}
        row.update({ROLES[k]: m.attendance.get(k, 0) for k in ROLES})
        row["decisions"] = "; ".join(m.decisions)
        row["next review due"] = m.review_due
        rows.append(row)
    return pd.DataFrame(rows, columns=["meeting", "people", *ROLES.values(), "decisions", "next review due"])
