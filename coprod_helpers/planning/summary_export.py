"""The project summary: plan, audit results, actions and "you said, we did", in HTML and Word.

The summary is made to be shared. It is built only from the kinds of record listed in
:data:`SHARED_KINDS`, so wellbeing plans and payment records can never reach it; it names
nobody (people appear as counts by role); and free text has email addresses and phone
numbers removed. An internal version with owners' names needs the reviewer key.

Examples
--------
>>> html = export_summary_html(store, project.id)          # doctest: +SKIP
"""
from __future__ import annotations

import re
from datetime import date

from . import action_plan, agreement, audit, checklist, ladder, meetings, reflections, roles, workplan
from .documents import Document

#: The only kinds of record the summary reads. Wellbeing and payment kinds are not here.
SHARED_KINDS = frozenset({checklist.KIND, ladder.KIND, roles.TERMS_KIND, agreement.KIND, audit.KIND,
                          action_plan.KIND, meetings.KIND, reflections.KIND, workplan.TASK_KIND})

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])(\+?\d[\d ()-]{8,}\d)(?![\w])")
REMOVED = "[contact details removed]"


def remove_contact_details(text: str) -> str:
    """``text`` with email addresses and phone numbers replaced.

    Examples
    --------
    >>> remove_contact_details("Ring 020 7946 0000 or mail jo@example.org")
    'Ring [contact details removed] or mail [contact details removed]'
    """
    def phone(match):  # ten or more digits: a phone number, not a date or a count
        return REMOVED if sum(ch.isdigit() for ch in match.group(0)) >= 10 else match.group(0)

    return _PHONE.sub(phone, _EMAIL.sub(REMOVED, text or ""))


def make_project_summary(store, project_id: str, *, today: date | None = None, include_names: bool = False,
                         reviewer=None) -> Document:
    """Build the summary document for a project.

    Parameters
    ----------
    include_names : bool
        Add owners' names to the action plan and work plan. Needs ``reviewer`` (the team's
        reviewer key); the shareable default leaves every name out.
    """
    if include_names:
        store.require_reviewer(project_id, reviewer)
    today = today or date.today()
    clean = remove_contact_details
    project = store.get_project(project_id)
    doc = Document(f"{project.name}: co-production summary")
    doc.paragraph(f"Made on {today:%d %B %Y}. This summary names nobody: people are counted by role.", note=True)

    doc.heading("Our plan")
    doc.paragraph(clean(ladder.describe_position(ladder.load_position(store, project_id))))
    terms = roles.load_terms(store, project_id)
    if terms is not None:
        doc.paragraph("What the team is for: " + clean(terms.purpose))
        doc.paragraph("How we make decisions: " + clean(terms.decisions))
        if terms.meetings:
            doc.paragraph("How we meet: " + clean(terms.meetings))
    doc.table(["Role", "People in the team"], [[k, v] for k, v in roles.summarise_roles(terms).items()],
              empty="The team's terms of reference are not written yet.")
    answers = checklist.load_answers(store, project_id)
    counts = checklist.count_open(answers)
    doc.paragraph("Getting-started checklist: " + ", ".join(f"{k}: {v}" for k, v in counts.items()) + ".")
    still_open = checklist.summarise_checklist(answers)
    still_open = still_open[still_open["open"]]
    doc.table(["Still open", "Answer"], [[r.item, r.answer] for r in still_open.itertuples()],
              empty="Every item is answered yes.")
    doc.heading("Our top ground rules", 3)
    doc.bullets([clean(r.text) for r in agreement.list_agreed_rules(agreement.load_rules(store, project_id))
                 if r.top], empty="No top ground rules agreed yet.")
    tasks = workplan.load_tasks(store, project_id)
    doc.heading("Work plan", 3)
    doc.table(["Task", "Start", "Finish by", "Status"] + (["Lead"] if include_names else []),
              [[clean(t.title), t.start, t.due, workplan.TASK_STATUSES[t.status]]
               + ([t.owner] if include_names else []) for t in tasks])

    doc.heading("Co-production audit")
    responses = audit.load_responses(store, project_id)
    rounds = audit.list_rounds(responses)
    if rounds:
        latest = rounds[-1]
        table = audit.compare_responses(responses, by="role", round=latest)
        doc.paragraph(f"Latest audit: {latest}. Average rating from 1 (not there) to 3 (where we want to be).")
        doc.table(["Value", *table.columns], [[v, *[("" if x != x else x) for x in row]]
                                               for v, row in zip(table.index, table.values.tolist())])
        doc.svg(audit.make_audit_chart(responses, by="role", round=latest),
                f"Bar chart of average ratings per value by role, audit {latest}",
                png=audit.make_audit_chart(responses, by="role", round=latest, fmt="png"))
        diffs = audit.find_differences(responses, round=latest)
        doc.heading("Where staff and people with lived experience see it differently", 3)
        doc.bullets(diffs, empty="No value differs by a whole step or more.")
        if len(rounds) > 1:
            over_time = audit.compare_responses(responses, by="round")
            doc.heading("Over time", 3)
            doc.table(["Value", *over_time.columns], [[v, *row] for v, row in
                                                      zip(over_time.index, over_time.values.tolist())])
    else:
        doc.paragraph("No audit has been done yet.", note=True)
    doc.paragraph(audit.SOURCE, note=True)

    doc.heading("Action plan")
    actions = action_plan.load_actions(store, project_id)
    doc.table(["Activity", "Start", "Completion", "Status", "Overdue"] + (["Lead"] if include_names else []),
              [[clean(a.activity), a.start, a.complete_by, action_plan.STATUSES[a.status],
                "Yes" if a.is_overdue(today) else ""] + ([a.owner] if include_names else []) for a in actions])

    doc.heading("Review meetings")
    logged = meetings.load_meetings(store, project_id)
    doc.paragraph(meetings.check_review_due(logged, today)["message"])
    doc.table(["Date", "People there", "Decisions"],
              [[m.on, sum(m.attendance.values()), clean("; ".join(m.decisions))] for m in logged])
    doc.heading("You said, we did", 3)
    doc.table(["Meeting", "You said", "We did"],
              [[m.on, clean(p["you_said"]), clean(p["we_did"]) or "Not yet"]
               for m in logged for p in m.you_said_we_did])

    doc.heading("Reflections after sessions")
    refl = reflections.load_reflections(store, project_id)
    table = reflections.summarise_reflections(refl)
    doc.table(list(table.columns), table.values.tolist(), empty="No reflections yet.")
    doc.paragraph(reflections.describe_trend(refl))
    doc.paragraph("Made with the Co-production Workbook, following the ten-step co-production guide (NCCMH, "
                  "2023) and the co-production in commissioning toolkit (Rethink Mental Illness, 2015).",
                  note=True)
    return doc


def export_summary_html(store, project_id: str, **kwargs) -> str:
    """The summary as a self-contained HTML page (see :func:`make_project_summary`)."""
    return make_project_summary(store, project_id, **kwargs).to_html()


def export_summary_docx(store, project_id: str, **kwargs) -> bytes:
    """The summary as a Word file (see :func:`make_project_summary`)."""
    return make_project_summary(store, project_id, **kwargs).to_docx()
