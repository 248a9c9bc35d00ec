"""The group agreement: ground rules the group proposes and agrees, with the top ones marked.

From the commissioning toolkit, Tool 5 (creating a group agreement): the group suggests
ground rules, agrees them and picks the most important few; the list is then shown at the
start of every meeting. The ten-step guide's top tips say the same: agree shared ways of
working and repeat them at the start of each meeting.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .fields import FormCheck
from .records import load_items, save_item

KIND = "plan_ground_rule"
STATUSES = {"proposed": "Proposed", "agreed": "Agreed", "dropped": "Dropped"}
MAX_TOP = 5


@dataclass(frozen=True)
class GroundRule:
    text: str
    status: str = "proposed"
    top: bool = False
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "GroundRule":
        check = FormCheck(form, "Group agreement")
        text = check.text("text", "Ground rule", max_len=300)
        status = check.choice("status", "Status", STATUSES, default="proposed")
        top = check.flag("top")
        if top and status != "agreed":
            check.problem("top", "Only an agreed ground rule can be one of the top ones.",
                          "Mark it as agreed first, or untick 'top'.")
        check.finish()
        return cls(text, status, top)

    def to_data(self) -> dict:
        return {"text": self.text, "status": self.status, "top": self.top}


def save_rule(store, project_id: str, form: dict, *, by, record_id=None, version=None) -> GroundRule:
    """Check and save a ground rule; at most :data:`MAX_TOP` agreed rules can be marked top."""
    rule = replace(GroundRule.from_form(form), record_id=record_id, version=version)
    if rule.top:
        others = [r for r in load_rules(store, project_id) if r.top and r.record_id != record_id]
        if len(others) >= MAX_TOP:
            check = FormCheck(form, "Group agreement")
            check.problem("top", f"The group already has {MAX_TOP} top ground rules.",
                          "Untick one of the others first, or leave this one as agreed.")
            check.finish()
    rec = save_item(store, project_id, KIND, rule, by=by)
    return replace(rule, record_id=rec.id, version=rec.version)


def load_rules(store, project_id: str) -> list[GroundRule]:
    return load_items(store, project_id, KIND, GroundRule)


def list_agreed_rules(rules) -> list[GroundRule]:
    """Agreed rules, top ones first: what to show at the start of a meeting."""
    agreed = [r for r in rules if r.status == "agreed"]
    return sorted(agreed, key=lambda r: not r.top)


def summarise_agreement(rules) -> dict[str, int]:
    """How many rules are proposed, agreed, dropped and marked top."""
    counts = {label: 0 for label in STATUSES.values()}
    for r in rules:
        counts[STATUSES[r.status]] += 1
    counts["Top"] = sum(r.top for r in rules)
    return counts
