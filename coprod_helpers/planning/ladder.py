"""Where the team stands on the ladder of co-production, and what it would take to climb.

From the ten-step guide ("What is co-production?"): the ladder runs from doing *to* people,
through doing *for* them, up to doing *with* them. The guide suggests starting by agreeing,
at every level of decision making, what it would take to climb one rung. The store keeps
every earlier agreed position, so the team can see how it moved.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .fields import FormCheck
from .records import load_items, save_item

KIND = "plan_ladder_position"
SOURCE = "From the ten-step guide, 'The Ladder of Co-production'"

#: Rungs from the bottom up, in our own words.
RUNGS = {
    "doing_to": ("Doing to", "Decisions are made about people, who are expected to go along with them."),
    "doing_for": ("Doing for", "People are asked for their views and involved, but others decide."),
    "doing_with": ("Doing with", "People with lived experience and staff decide together, as equals."),
}
RUNG_ORDER = list(RUNGS)


@dataclass(frozen=True)
class LadderPosition:
    """The rung the team agreed it is on, and the steps it would take to climb."""

    rung: str
    to_climb: str
    agreed_by: str = ""
    agreed_on: date | None = None
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "LadderPosition":
        check = FormCheck(form, "Ladder of co-production")
        rung = check.choice("rung", "Where we are now", {k: v[0] for k, v in RUNGS.items()})
        to_climb = check.text("to_climb", "What it would take to climb a rung",
                              required=rung != "doing_with")
        agreed_by = check.text("agreed_by", "Who agreed this (roles or group)", required=False, max_len=300)
        agreed_on = check.date("agreed_on", "Date agreed", required=False)
        check.finish()
        return cls(rung, to_climb, agreed_by, agreed_on or date.today())

    def to_data(self) -> dict:
        return {"rung": self.rung, "to_climb": self.to_climb, "agreed_by": self.agreed_by,
                "agreed_on": self.agreed_on.isoformat() if self.agreed_on else None}

    @property
    def label(self) -> str:
        return RUNGS[self.rung][0]

    @property
    def next_rung(self) -> str | None:
        """The label of the rung above, or None at the top."""
        i = RUNG_ORDER.index(self.rung)
        return RUNGS[RUNG_ORDER[i + 1]][0] if i + 1 < len(RUNG_ORDER) else None


def save_position(store, project_id: str, form: dict, *, by) -> LadderPosition:
    """Check and save the agreed position (it replaces the current one; history is kept)."""
    new = LadderPosition.from_form(form)
    current = load_position(store, project_id)
    if current is not None:
        new = replace(new, record_id=current.record_id, version=current.version)
    rec = save_item(store, project_id, KIND, new, by=by)
    return replace(new, record_id=rec.id, version=rec.version)


def load_position(store, project_id: str) -> LadderPosition | None:
    """The team's current agreed position, or None if not agreed yet."""
    items = load_items(store, project_id, KIND, LadderPosition)
    return items[-1] if items else None


def load_position_history(store, project_id: str) -> list[LadderPosition]:
    """Every position the team has agreed, oldest first."""
    current = load_position(store, project_id)
    if current is None:
        return []
    return [LadderPosition.from_form(v.data) for v in store.history(current.record_id)]


def describe_position(position: LadderPosition | None) -> str:
    """One plain sentence about where the team is and what comes next."""
    if position is None:
        return "The team has not agreed where it stands on the ladder yet."
    text = f"The team agreed it is at '{position.label}'."
    if position.next_rung:
        text += f" To reach '{position.next_rung}': {position.to_climb}"
    else:
        text += " That is the top rung: the work now is to stay there."
    return text
