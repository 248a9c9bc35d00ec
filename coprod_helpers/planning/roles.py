"""Who does what: the team's terms of reference, and role descriptions for lived-experience members.

From the ten-step guide, step 2 (share out who leads on co-production and who does the
administration) and step 3 (co-produce role descriptions so people know what they are
joining); the commissioning toolkit's Tool 1 gives an example role description. People
are listed by pseudonym and role only.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..people import ROLES
from .documents import Document
from .fields import FormCheck
from .records import load_items, save_item

TERMS_KIND = "plan_terms_of_reference"
ROLE_KIND = "plan_role_description"


@dataclass(frozen=True)
class TermsOfReference:
    """The team's terms of reference.

    ``members`` is a list of dicts ``{"pseudonym", "role", "part"}`` where ``role`` is a
    key of :data:`coprod_helpers.people.ROLES` and ``part`` says what they do in the team.
    """

    purpose: str
    lead: str
    admin: str
    decisions: str
    members: tuple = ()
    meetings: str = ""
    review_on: date | None = None
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "TermsOfReference":
        check = FormCheck(form, "Terms of reference")
        purpose = check.text("purpose", "What the team is for")
        lead = check.text("lead", "Who leads on co-production", max_len=40)
        admin = check.text("admin", "Who does the administration", max_len=40)
        decisions = check.text("decisions", "How we make decisions")
        meetings = check.text("meetings", "How and when we meet", required=False)
        review_on = check.date("review_on", "When we next look at these terms", required=False)
        members = []
        for n, member in enumerate(form.get("members") or [], start=1):
            row = FormCheck(member, "Terms of reference: team members", row=n)
            pseudonym = row.text("pseudonym", "Name or nickname", max_len=40)
            role = row.choice("role", "Role", ROLES)
            part = row.text("part", "What they do in the team", required=False, max_len=500)
            check.problems.extend(row.problems)
            members.append({"pseudonym": pseudonym, "role": role, "part": part})
        check.finish()
        return cls(purpose, lead, admin, decisions, tuple(members), meetings, review_on)

    def to_data(self) -> dict:
        return {"purpose": self.purpose, "lead": self.lead, "admin": self.admin, "decisions": self.decisions,
                "members": [dict(m) for m in self.members], "meetings": self.meetings,
                "review_on": self.review_on.isoformat() if self.review_on else None}

    def lived_experience_members(self) -> list[dict]:
        return [m for m in self.members if m["role"] in ("lived_experience", "family_carer")]


def save_terms(store, project_id: str, form: dict, *, by) -> TermsOfReference:
    """Check and save the terms of reference (replacing the current ones; history is kept)."""
    new = TermsOfReference.from_form(form)
    current = load_terms(store, project_id)
    if current is not None:
        new = replace(new, record_id=current.record_id, version=current.version)
    rec = save_item(store, project_id, TERMS_KIND, new, by=by)
    return replace(new, record_id=rec.id, version=rec.version)


def load_terms(store, project_id: str) -> TermsOfReference | None:
    items = load_items(store, project_id, TERMS_KIND, TermsOfReference)
    return items[-1] if items else None


def summarise_roles(terms: TermsOfReference | None) -> dict:
    """Counts of members by role label, without names (safe to share)."""
    counts: dict[str, int] = {}
    for m in terms.members if terms else ():
        label = ROLES[m["role"]]
        counts[label] = counts.get(label, 0) + 1
    return counts


# -- role descriptions -----------------------------------------------------------------
ROLE_SECTIONS = {
    "purpose": "Why this role matters",
    "tasks": "What you would do",
    "bring": "What we hope you bring",
    "time": "Time it takes",
    "payment": "Payment and recognition",
    "support": "Support you can expect",
    "travel": "Travel, expenses and equipment",
}


def make_role_template() -> dict:
    """A starting role description in our own words, for the group to change.

    Drawn from the ten-step guide, step 3, and the commissioning toolkit, Tool 1.
    """
    return {
        "title": "Lived-experience member of the project team",
        "purpose": "You help the team understand what it is like to use, or to need, our services, "
                   "and you help decide what we change. You are an equal member of the team.",
        "tasks": ["Come to team meetings (in person or online)",
                  "Read short papers before meetings, if you can",
                  "Help plan how we hear from the wider community",
                  "Share your views; you never have to share your own story"],
        "bring": ["Experience of our services, or of needing them, yourself or as a family member or carer",
                  "Wanting to help others be heard",
                  "Being able to work in a group (we will support you with this)"],
        "time": "About two hours a month, for the life of the project.",
        "payment": "You will be paid for your time at the rate the team has agreed, or you can choose "
                   "to volunteer. Ask us if payment could affect your benefits.",
        "support": "A named person to talk to before and after meetings, and time to debrief.",
        "travel": "We pay travel and agreed expenses, and can lend equipment for joining online.",
    }


@dataclass(frozen=True)
class RoleDescription:
    title: str
    sections: dict = field(default_factory=dict)
    record_id: str | None = None
    version: int | None = None

    @classmethod
    def from_form(cls, form: dict) -> "RoleDescription":
        check = FormCheck(form, "Role description")
        title = check.text("title", "Role title", max_len=200)
        sections = {}
        for key, label in ROLE_SECTIONS.items():
            if key in ("tasks", "bring"):
                sections[key] = check.text_list(key, label, required=True)
            else:
                sections[key] = check.text(key, label, required=key in ("purpose", "time", "payment"))
        check.finish()
        return cls(title, sections)

    def to_data(self) -> dict:
        return {"title": self.title, **self.sections}

    def to_document(self) -> Document:
        doc = Document(self.title)
        for key, label in ROLE_SECTIONS.items():
            value = self.sections.get(key)
            if not value:
                continue
            doc.heading(label)
            if isinstance(value, list):
                doc.bullets(value)
            else:
                doc.paragraph(value)
        doc.paragraph("Written together by the project team. Based on the ten-step guide (step 3) and "
                      "the commissioning toolkit (Tool 1).", note=True)
        return doc


def save_role_description(store, project_id: str, form: dict, *, by,
                          record_id: str | None = None, version: int | None = None) -> RoleDescription:
    """Check and save a role description; give ``record_id`` to save a new version of one."""
    item = replace(RoleDescription.from_form(form), record_id=record_id, version=version)
    rec = save_item(store, project_id, ROLE_KIND, item, by=by)
    return replace(item, record_id=rec.id, version=rec.version)


def load_role_descriptions(store, project_id: str) -> list[RoleDescription]:
    return load_items(store, project_id, ROLE_KIND, RoleDescription)
