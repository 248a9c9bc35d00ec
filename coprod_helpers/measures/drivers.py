"""Step 8: the theory of change as a driver diagram.

A driver diagram reads left to right: the aim; the primary drivers (the big areas that must
change for the aim to be met); secondary drivers (what drives each primary one); and change
ideas to test. Teams can start from the programme's three areas: access, experience and
outcomes (from the ten-step guide, steps 7 to 9). Each change idea is marked bronze (committed
and funded), silver (hoped for) or gold (the dream), an idea from the commissioning toolkit's
case study, and records the role of whoever proposed it.

The whole diagram is one ``"driver_diagram"`` record on the store, so every edit is a new
version and earlier diagrams can be shown or restored.
"""
from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field

from ..errors import InputError, Problem
from ..people import ROLES

DIAGRAM_KIND = "driver_diagram"
MAX_TEXT = 300

PROGRAMME_AREAS = {
    "access": "Access: people from the population can get the help they need, when they need it",
    "experience": "Experience: people feel listened to, respected and safe when they use the service",
    "outcomes": "Outcomes: people's lives and mental health get better",
}
TIERS = {
    "bronze": "Bronze: committed now, with the money to do it",
    "silver": "Silver: hoped for; we will try to get it done",
    "gold": "Gold: the dream; we will work towards it",
}


def _new_id() -> str:
    return uuid.uuid4().hex[:8]


@dataclass
class ChangeIdea:
    text: str
    tier: str = "silver"
    proposed_by_role: str = "other"
    id: str = field(default_factory=_new_id)


@dataclass
class SecondaryDriver:
    text: str
    change_ideas: list = field(default_factory=list)
    id: str = field(default_factory=_new_id)


@dataclass
class PrimaryDriver:
    text: str
    area: str = ""
    secondaries: list = field(default_factory=list)
    id: str = field(default_factory=_new_id)


@dataclass
class DriverDiagram:
    """Aim → primary drivers → secondary drivers → change ideas.

    Examples
    --------
    >>> d = start_diagram("Cut detentions for young Black men", areas=["access"])
    >>> s = d.add_secondary(d.primaries[0].id, "Trusted places to get help early")
    >>> idea = d.add_change_idea(s.id, "Drop-in at the barbers", tier="bronze", proposed_by_role="lived_experience")
    >>> d.count_ideas_by_tier()
    {'bronze': 1, 'silver': 0, 'gold': 0}
    """

    aim: str
    primaries: list = field(default_factory=list)

    # -- editing --------------------------------------------------------------------
    def add_primary(self, text: str, area: str = "") -> PrimaryDriver:
        _check_text(text, "primary driver")
        if area and area not in PROGRAMME_AREAS:
            raise InputError(f"'{area}' is not one of the programme areas.", field="area",
                             fix="Choose access, experience or outcomes, or leave it empty.")
        p = PrimaryDriver(text.strip(), area)
        self.primaries.append(p)
        return p

    def add_secondary(self, primary_id: str, text: str) -> SecondaryDriver:
        _check_text(text, "secondary driver")
        s = SecondaryDriver(text.strip())
        self.find(primary_id, PrimaryDriver).secondaries.append(s)
        return s

    def add_change_idea(self, secondary_id: str, text: str, *, tier: str = "silver",
                        proposed_by_role: str = "other") -> ChangeIdea:
        _check_text(text, "change idea")
        if tier not in TIERS:
            raise InputError(f"'{tier}' is not bronze, silver or gold.", field="tier",
                             fix="Bronze: committed and funded. Silver: hoped for. Gold: the dream.")
        if proposed_by_role not in ROLES:
            raise InputError(f"'{proposed_by_role}' is not one of the roles.", field="proposed_by_role",
                             fix="Choose one of: " + ", ".join(ROLES.values()) + ".")
        c = ChangeIdea(text.strip(), tier, proposed_by_role)
        self.find(secondary_id, SecondaryDriver).change_ideas.append(c)
        return c

    def edit(self, item_id: str, *, text: str | None = None, tier: str | None = None,
             proposed_by_role: str | None = None) -> None:
        """Change the words of any item, or the tier or proposer's role of a change idea.

        Everything is checked before anything changes, so a bad value leaves the item as it was.
        """
        item = self.find(item_id)
        if text is not None:
            _check_text(text, "item")
        if (tier is not None or proposed_by_role is not None) and not isinstance(item, ChangeIdea):
            raise InputError("Only change ideas have a tier and a proposer.", field="tier",
                             fix="Pick a change idea to change its tier or who proposed it.")
        if tier is not None and tier not in TIERS:
            raise InputError(f"'{tier}' is not bronze, silver or gold.", field="tier",
                             fix="Bronze: committed and funded. Silver: hoped for. Gold: the dream.")
        if proposed_by_role is not None and proposed_by_role not in ROLES:
            raise InputError(f"'{proposed_by_role}' is not one of the roles.", field="proposed_by_role",
                             fix="Choose one of: " + ", ".join(ROLES.values()) + ".")
        if text is not None:
            item.text = text.strip()
        if tier is not None:
            item.tier = tier
        if proposed_by_role is not None:
            item.proposed_by_role = proposed_by_role

    def remove(self, item_id: str) -> None:
        """Remove an item and everything under it."""
        for p in list(self.primaries):
            if p.id == item_id:
                self.primaries.remove(p)
                return
            for s in list(p.secondaries):
                if s.id == item_id:
                    p.secondaries.remove(s)
                    return
                for c in list(s.change_ideas):
                    if c.id == item_id:
                        s.change_ideas.remove(c)
                        return
        raise InputError("That item is no longer in the diagram.", field="item", fix="Reload the diagram.")

    # -- reading --------------------------------------------------------------------
    def iter_items(self):
        """Yield (level, item, parent_id) for every item, in reading order."""
        for p in self.primaries:
            yield "primary", p, None
            for s in p.secondaries:
                yield "secondary", s, p.id
                for c in s.change_ideas:
                    yield "change_idea", c, s.id

    def find(self, item_id: str, kind=None):
        for _, item, _ in self.iter_items():
            if item.id == item_id and (kind is None or isinstance(item, kind)):
                return item
        raise InputError("That item is not in the diagram.", field="item", fix="Pick one from the list.")

    def change_ideas(self) -> list[ChangeIdea]:
        return [item for level, item, _ in self.iter_items() if level == "change_idea"]

    def count_ideas_by_tier(self) -> dict:
        counts = dict.fromkeys(TIERS, 0)
        for c in self.change_ideas():
            counts[c.tier] += 1
        return counts

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "DriverDiagram":
        prims = []
        for p in data.get("primaries", []):
            secs = [SecondaryDriver(s["text"], [ChangeIdea(**c) for c in s.get("change_ideas", [])], s["id"])
                    for s in p.get("secondaries", [])]
            prims.append(PrimaryDriver(p["text"], p.get("area", ""), secs, p["id"]))
        return cls(data.get("aim", ""), prims)


def _check_text(text: str, what: str) -> None:
    if not (text or "").strip():
        raise InputError(f"The {what} has no words.", field="text", fix=f"Type the {what} in a few words.")
    if len(text) > MAX_TEXT:
        raise InputError(f"The {what} is longer than {MAX_TEXT} characters.", field="text",
                         fix="Keep each box short; put the detail in the notes.")


def start_diagram(aim: str, areas=tuple(PROGRAMME_AREAS)) -> DriverDiagram:
    """A new diagram with one primary driver per programme area to start from."""
    d = DriverDiagram(aim=(aim or "").strip())
    for area in areas:
        d.add_primary(PROGRAMME_AREAS[area], area)
    return d


def check_diagram(diagram: DriverDiagram) -> list[Problem]:
    """Gaps worth talking about (not errors): no aim, drivers with nothing under them."""
    out = []
    if not diagram.aim:
        out.append(Problem("The diagram has no aim.", field="aim", fix="Copy in the aim from step 7."))
    if not diagram.primaries:
        out.append(Problem("There are no primary drivers yet.", fix="Start from access, experience or outcomes."))
    for p in diagram.primaries:
        if not p.secondaries:
            out.append(Problem(f"'{p.text[:40]}' has no secondary drivers yet.", field=p.id,
                               fix="Ask: what would have to be true for this to happen?"))
        for s in p.secondaries:
            if not s.change_ideas:
                out.append(Problem(f"'{s.text[:40]}' has no change ideas yet.", field=s.id,
                                   fix="Ask people from the population what they would try."))
    return out


def save_diagram(store, project_id: str, diagram: DriverDiagram, *, by, diagram_id: str | None = None,
                 expected_version: int | None = None, note: str | None = None):
    """Save a new diagram or a new version of one; returns the Record."""
    if not diagram.aim:
        raise InputError("The diagram needs an aim before it is saved.", field="aim", fix="Copy in the aim from step 7.")
    if diagram_id is None:
        return store.add(project_id, DIAGRAM_KIND, diagram.to_dict(), by=by)
    return store.update(diagram_id, diagram.to_dict(), by=by, expected_version=expected_version, note=note)


def load_diagram(store, diagram_id: str) -> DriverDiagram:
    return DriverDiagram.from_dict(store.get(diagram_id).data)


def list_diagrams(store, project_id: str) -> list:
    return store.records(project_id, DIAGRAM_KIND)
