"""The getting-started checklist: early-stage questions the team answers and revisits.

Two lists are combined, each item reworded in our own plain words and pointing back to
where it came from: the ten-step guide's checklist for the early stages (NCCMH, 2023) and
the key considerations in the co-production in commissioning toolkit (Rethink Mental
Illness, 2015, section 3a). Each item is answered yes / in progress / not yet, with a note
and an owner, and can be answered again later; the store keeps every earlier answer.

Examples
--------
>>> answer = ChecklistAnswer.from_form({"item_id": "lead", "answer": "in_progress",
...                                     "owner": "Sam", "note": "Asking the board"})
>>> answer.answer_label
'In progress'
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .fields import FormCheck
from .records import load_items, save_item

KIND = "plan_checklist_answer"
ANSWERS = {"yes": "Yes", "in_progress": "In progress", "not_yet": "Not yet"}

EARLY = "From the ten-step guide's checklist for the early stages"
KEY = "From the commissioning toolkit's key considerations (section 3a)"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    source: str
    group: str


def _items(group: str, source: str, pairs) -> list[ChecklistItem]:
    return [ChecklistItem(i, text, source, group) for i, text in pairs]


CHECKLIST: list[ChecklistItem] = _items("Getting started", EARLY, [
    ("lead", "Someone has agreed to lead the project and speak up for co-production."),
    ("plan", "We have a plan for working together, including how we will reach the community "
             "(thinking about travel, language and where people live)."),
    ("recruit", "People with lived experience have joined the team as equal partners."),
    ("existing_networks", "We have checked whether our organisation already has peer support, "
                          "'experts by experience' or lived-experience adviser groups."),
    ("past_learning", "We have looked at how our organisation has involved people before, and "
                      "what we can learn from that."),
    ("impact", "We have used an equality impact assessment to see who the project is likely to affect."),
    ("local_advice", "We have talked with staff, volunteers and local groups who work with the community "
                     "every day."),
    ("ways_to_take_part", "We have thought about the ways people can take part (in person, by phone, "
                          "online, surveys, interpreters) and what might get in the way."),
    ("budget", "There is money set aside for paying people with lived experience, travel, and chances "
               "to learn."),
    ("shared_aim", "We have agreed together what the project is for: lived-experience members, "
                   "front-line staff, project staff and local partners."),
    ("roles", "Everyone knows their part, and it is written down in our terms of reference."),
    ("feeling_safe", "We have agreed how everyone can feel safe and free to speak, and written it "
                     "into the terms of reference."),
    ("looking_back", "We have a way to look back on how well we work together at different points, "
                     "including support for each other."),
]) + _items("Before you start", KEY, [
    ("worth_it", "We are sure this project will be better for being co-produced."),
    ("clear_brief", "The project has a clear brief, clear goals and a timescale."),
    ("what_people_get", "We are clear what people get back for giving their time and experience."),
    ("paying", "If we pay fees or expenses, we have a way to make the payments."),
    ("support_capacity", "We have the time and people to support volunteers ourselves."),
    ("peer_support", "We know how volunteers will support and learn from each other."),
    ("fair_chairing", "We know how meetings will be run fairly by someone without a side to take."),
    ("partners_on_board", "Our key partners understand co-production and are on board, or we know what "
                          "it will take."),
    ("everyone_valued", "Our way of working values what everyone brings."),
    ("seldom_heard", "We know how we will involve people who are rarely heard or who don't usually "
                     "take part."),
])

ITEMS_BY_ID = {item.id: item for item in CHECKLIST}


@dataclass(frozen=True)
class ChecklistAnswer:
    """The team's current answer to one checklist item."""

    item_id: str
    answer: str
    note: str = ""
    owner: str = ""
    answered_on: date | None = None
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "ChecklistAnswer":
        check = FormCheck(form, "Getting-started checklist")
        item_id = check.choice("item_id", "Checklist item", ITEMS_BY_ID)
        answer = check.choice("answer", "Answer", ANSWERS)
        note = check.text("note", "Note", required=False)
        owner = check.text("owner", "Who is looking after it", required=False, max_len=80)
        answered_on = check.date("answered_on", "Date", required=False)
        check.finish()
        return cls(item_id, answer, note, owner, answered_on or date.today())

    def to_data(self) -> dict:
        return {"item_id": self.item_id, "answer": self.answer, "note": self.note, "owner": self.owner,
                "answered_on": self.answered_on.isoformat() if self.answered_on else None}

    @property
    def answer_label(self) -> str:
        return ANSWERS[self.answer]


def load_answers(store, project_id: str) -> dict[str, ChecklistAnswer]:
    """The latest answer to each item, by item id."""
    return {a.item_id: a for a in load_items(store, project_id, KIND, ChecklistAnswer)}


def save_answer(store, project_id: str, form: dict, *, by) -> ChecklistAnswer:
    """Check and save an answer; answering an item again updates it (earlier answers are kept)."""
    new = ChecklistAnswer.from_form(form)
    old = load_answers(store, project_id).get(new.item_id)
    if old is not None:
        new = replace(new, record_id=old.record_id, version=old.version)
    rec = save_item(store, project_id, KIND, new, by=by)
    return replace(new, record_id=rec.id, version=rec.version)


def summarise_checklist(answers: dict[str, ChecklistAnswer]) -> pd.DataFrame:
    """One row per item: group, item, answer (``Not answered`` if none), owner, note, source, open."""
    rows = []
    for item in CHECKLIST:
        a = answers.get(item.id)
        rows.append({"group": item.group, "item": item.text,
                     "answer": a.answer_label if a else "Not answered",
                     "owner": a.owner if a else "", "note": a.note if a else "",
                     "source": item.source, "open": not (a and a.answer == "yes")})
    return pd.DataFrame(rows)


def count_open(answers: dict[str, ChecklistAnswer]) -> dict[str, int]:
    """How many items are answered yes, in progress, not yet, and not answered."""
    counts = {label: 0 for label in [*ANSWERS.values(), "Not answered"]}
    for label in summarise_checklist(answers)["answer"]:
        counts[label] += 1
    return counts
