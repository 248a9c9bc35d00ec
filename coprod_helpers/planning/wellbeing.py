"""A private wellbeing plan that a participant writes for themself.

From the commissioning toolkit, Tool 7 (wellbeing tool). The plan belongs to the person
who writes it. Nothing in this module writes to the team's store unless the person
chooses to share, and then only through :func:`share_wellbeing_plan` with
``i_choose_to_share=True``. The usual route is :func:`make_wellbeing_document`, which
gives the person an HTML page and a Word file to download and keep.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .documents import Document
from .fields import FormCheck

SHARED_KIND = "wellbeing_shared"
MAX_SECTION = 3000

#: The sections of the plan with a short prompt each, in our own words.
SECTIONS = {
    "when_well": ("When I'm well", "What am I like when I'm well? How would others know?"),
    "keeps_me_well": ("What keeps me well", "Things I do to look after myself."),
    "triggers": ("Things that can make me unwell", "Situations or events that can upset me or cause stress."),
    "early_signs": ("Early signs that things are getting hard", "What others might notice when I'm struggling."),
    "support_circle": ("My support circle", "People I trust and can turn to."),
    "action_plan": ("My action plan", "What I, and others, can do to stop things getting worse."),
}


@dataclass(frozen=True)
class WellbeingPlan:
    """The plan's text, section by section. It is never saved by default."""

    sections: dict = field(default_factory=dict)
    name: str = ""
    written_on: date | None = None

    @classmethod
    def from_form(cls, form: dict) -> "WellbeingPlan":
        check = FormCheck(form, "My wellbeing plan")
        sections = {key: check.text(key, label, required=False, max_len=MAX_SECTION)
                    for key, (label, _) in SECTIONS.items()}
        name = check.text("name", "My name (optional)", required=False, max_len=80)
        if not any(sections.values()) and not check.problems:
            check.problem("when_well", "The plan is empty.", "Write something in at least one box; "
                          "you can write as much or as little as you like.")
        check.finish()
        return cls(sections, name, date.today())

    def is_empty(self) -> bool:
        return not any(self.sections.values())


def make_wellbeing_document(plan: WellbeingPlan) -> Document:
    """The plan as a :class:`Document` (use ``.to_html()`` or ``.to_docx()``)."""
    title = f"{plan.name}'s wellbeing plan" if plan.name else "My wellbeing plan"
    doc = Document(title)
    doc.paragraph("This plan is yours. Keep it somewhere safe, and share it only if and when you choose.",
                  note=True)
    for key, (label, prompt) in SECTIONS.items():
        doc.heading(label)
        doc.paragraph(prompt, note=True)
        doc.paragraph(plan.sections.get(key) or "(left blank)")
    when = plan.written_on or date.today()
    doc.paragraph(f"Written on {when:%d %B %Y}. Based on the wellbeing tool in the co-production in "
                  "commissioning toolkit (Rethink Mental Illness, Tool 7).", note=True)
    return doc


def make_wellbeing_files(plan: WellbeingPlan) -> dict[str, bytes]:
    """The plan as downloadable files: ``{"my-wellbeing-plan.html": ..., "my-wellbeing-plan.docx": ...}``."""
    doc = make_wellbeing_document(plan)
    return {"my-wellbeing-plan.html": doc.to_html().encode("utf-8"),
            "my-wellbeing-plan.docx": doc.to_docx()}


def share_wellbeing_plan(store, project_id: str, plan: WellbeingPlan, *, by, i_choose_to_share: bool = False):
    """Save a copy of the plan for the team, only when the person has chosen to.

    Raises
    ------
    InputError
        When ``i_choose_to_share`` is not exactly True.
    """
    if i_choose_to_share is not True:
        check = FormCheck({}, "My wellbeing plan")
        check.problem("share", "The plan was not shared, because sharing was not chosen.",
                      "Tick 'I choose to share my plan with the team' if you want to share it.")
        check.finish()
    data = {"sections": dict(plan.sections), "name": plan.name,
            "written_on": (plan.written_on or date.today()).isoformat()}
    return store.add(project_id, SHARED_KIND, data, by=by)


def load_shared_plans(store, project_id: str, *, reviewer) -> list[WellbeingPlan]:
    """Plans people chose to share with the team (reviewers only)."""
    store.require_reviewer(project_id, reviewer)
    return [WellbeingPlan(dict(r.data["sections"]), r.data.get("name", ""),
                          date.fromisoformat(r.data["written_on"]))
            for r in store.records(project_id, SHARED_KIND)]
