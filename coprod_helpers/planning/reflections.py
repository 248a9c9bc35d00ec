"""Five-minute reflections after a session, and what they say over time.

The commissioning toolkit asks people to fill in a short reflection form after each
workshop session (Tools 4 and 5). Ours asks four short questions and one rating; the
summary groups them by session without names.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .fields import FormCheck
from .records import load_items, save_item

KIND = "plan_reflection"
HEARD_SCALE = {1: "Not at all", 2: "A little", 3: "Somewhat", 4: "Mostly", 5: "Completely"}
QUESTIONS = {
    "went_well": "What went well?",
    "could_be_better": "What could be better next time?",
    "take_away": "One thing I'm taking away",
}


@dataclass(frozen=True)
class Reflection:
    session: str
    on: date
    felt_heard: int
    went_well: str = ""
    could_be_better: str = ""
    take_away: str = ""
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "Reflection":
        check = FormCheck(form, "Five-minute reflection")
        session = check.text("session", "Which session", max_len=200)
        on = check.date("on", "Date of the session")
        felt_heard = check.rating("felt_heard", "How much did you feel heard", 1, 5)
        texts = {k: check.text(k, label, required=False, max_len=2000) for k, label in QUESTIONS.items()}
        check.finish()
        return cls(session, on, felt_heard, **texts)

    def to_data(self) -> dict:
        return {"session": self.session, "on": self.on.isoformat(), "felt_heard": self.felt_heard,
                **{k: getattr(self, k) for k in QUESTIONS}}


def save_reflection(store, project_id: str, form: dict, *, by) -> Reflection:
    item = Reflection.from_form(form)
    rec = save_item(store, project_id, KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_reflections(store, project_id: str) -> list[Reflection]:
    return sorted(load_items(store, project_id, KIND, Reflection), key=lambda r: r.on)


def summarise_reflections(reflections) -> pd.DataFrame:
    """One row per session (date order): how many reflected and the average 'felt heard' (1-5)."""
    df = pd.DataFrame([{"session": r.session, "on": r.on, "felt_heard": r.felt_heard} for r in reflections],
                      columns=["session", "on", "felt_heard"])
    if df.empty:
        return pd.DataFrame(columns=["on", "session", "reflections", "felt heard (average of 1-5)"])
    out = df.groupby(["on", "session"], sort=True).agg(
        reflections=("felt_heard", "size"), heard=("felt_heard", "mean")).reset_index()
    out["heard"] = out["heard"].round(1)
    return out.rename(columns={"heard": "felt heard (average of 1-5)"})


def collect_comments(reflections, question: str, limit: int = 20) -> list[str]:
    """The most recent non-empty answers to ``question`` (no names), newest first."""
    if question not in QUESTIONS:
        raise ValueError(f"question must be one of {list(QUESTIONS)}")
    texts = [getattr(r, question) for r in sorted(reflections, key=lambda r: r.on, reverse=True)]
    return [t for t in texts if t][:limit]


def describe_trend(reflections) -> str:
    """A plain sentence on whether people feel more or less heard than at the start."""
    summary = summarise_reflections(reflections)
    if len(summary) < 2:
        return "There are not enough sessions yet to see a change over time."
    first, last = summary.iloc[0, -1], summary.iloc[-1, -1]
    if last > first:
        return f"People felt more heard at the latest session ({last}) than at the first ({first})."
    if last < first:
        return f"People felt less heard at the latest session ({last}) than at the first ({first})."
    return f"People felt about as heard at the latest session as at the first ({last})."
