"""Skills and assets in the group, and the groups and networks around it.

From the commissioning toolkit, Tools 3 and 4: the group sorts skills into four piles
(the game comes from the Asset Based Community Development Institute), then looks at
what the group holds and where the gaps are; and it lists the groups involved and who in
its wider networks could be brought in.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .fields import FormCheck
from .records import load_items, save_item

SKILL_KIND = "plan_skill"
NETWORK_KIND = "plan_network"

#: The four piles, in our own words.
CATEGORIES = {
    "we_have_it": "One of us has it",
    "we_know_someone": "We know someone who has it",
    "we_know_where": "We know where to find it",
    "we_dont_know": "We don't know where to find it",
}
HELD = ("we_have_it", "we_know_someone")
REACHABLE = ("we_know_where",)
GAP = ("we_dont_know",)

NETWORK_PLACES = {"involved": "Involved in the project now", "wider": "In our wider networks"}


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    note: str = ""
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "Skill":
        check = FormCheck(form, "Skills and assets")
        name = check.text("name", "Skill", max_len=200)
        category = check.choice("category", "Which pile", CATEGORIES)
        note = check.text("note", "Note", required=False, max_len=1000)
        check.finish()
        return cls(name, category, note)

    def to_data(self) -> dict:
        return {"name": self.name, "category": self.category, "note": self.note}


def save_skill(store, project_id: str, form: dict, *, by, record_id=None, version=None) -> Skill:
    item = replace(Skill.from_form(form), record_id=record_id, version=version)
    rec = save_item(store, project_id, SKILL_KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_skills(store, project_id: str) -> list[Skill]:
    return load_items(store, project_id, SKILL_KIND, Skill)


def summarise_skills(skills) -> dict:
    """What the group holds, what it can reach, and the gaps.

    Returns ``{"counts": {pile label: n}, "held": [...], "reachable": [...], "gaps": [...]}``.
    """
    counts = {label: 0 for label in CATEGORIES.values()}
    for s in skills:
        counts[CATEGORIES[s.category]] += 1
    pick = lambda cats: sorted({s.name for s in skills if s.category in cats}, key=str.lower)  # noqa: E731
    return {"counts": counts, "held": pick(HELD), "reachable": pick(REACHABLE), "gaps": pick(GAP)}


def tabulate_skills(skills) -> pd.DataFrame:
    return pd.DataFrame([{"skill": s.name, "pile": CATEGORIES[s.category], "note": s.note} for s in skills],
                        columns=["skill", "pile", "note"])


@dataclass(frozen=True)
class NetworkEntry:
    """A group involved in the project, or someone in the wider networks who could be."""

    name: str
    role: str
    place: str = "involved"
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "NetworkEntry":
        check = FormCheck(form, "Groups and networks")
        name = check.text("name", "Group or network", max_len=200)
        role = check.text("role", "Their role or what they could bring", max_len=1000)
        place = check.choice("place", "Where they are", NETWORK_PLACES, default="involved")
        check.finish()
        return cls(name, role, place)

    def to_data(self) -> dict:
        return {"name": self.name, "role": self.role, "place": self.place}


def save_network_entry(store, project_id: str, form: dict, *, by, record_id=None, version=None) -> NetworkEntry:
    item = replace(NetworkEntry.from_form(form), record_id=record_id, version=version)
    rec = save_item(store, project_id, NETWORK_KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_network(store, project_id: str) -> list[NetworkEntry]:
    return load_items(store, project_id, NETWORK_KIND, NetworkEntry)


def summarise_network(entries) -> dict[str, list[NetworkEntry]]:
    """Entries split into those involved now and those who could be brought in."""
    return {label: [e for e in entries if e.place == key] for key, label in NETWORK_PLACES.items()}
