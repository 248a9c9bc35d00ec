"""Plan-Do-Study-Act cycles: small, dated tests of a change idea.

Each cycle is a ``"pdsa_cycle"`` record naming the change idea (by its id in the driver
diagram): what we predicted, what we did, what we learned and what we will do next. The
start dates are marked on the run and SPC charts (:func:`pdsa_marks`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

from ..errors import InputError, Problem

PDSA_KIND = "pdsa_cycle"
NEXT_STEPS = {"adopt": "Adopt: keep doing it", "adapt": "Adapt: change it and test again",
              "abandon": "Abandon: stop and try something else", "": "Not decided yet"}


@dataclass
class PDSACycle:
    """One cycle. Dates are ISO strings ("2025-02-03")."""

    change_idea_id: str
    title: str
    start_date: str
    end_date: str | None = None
    prediction: str = ""
    what_was_done: str = ""
    what_was_learned: str = ""
    next_step: str = ""
    next_step_notes: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "PDSACycle":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _date(value, name):
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def check_cycle(cycle: PDSACycle) -> list[Problem]:
    """Problems that stop a cycle being saved."""
    out = []
    if not cycle.change_idea_id:
        out.append(Problem("It does not say which change idea is being tested.", field="change_idea_id",
                           fix="Pick a change idea from the driver diagram."))
    if not cycle.title.strip():
        out.append(Problem("The cycle has no name.", field="title", fix="For example 'Cycle 1: text reminders'."))
    start = _date(cycle.start_date, "start_date")
    if start is None:
        out.append(Problem("The start date is missing or not a date.", field="start_date",
                           fix="Use year-month-day, e.g. 2025-02-03."))
    if cycle.end_date:
        end = _date(cycle.end_date, "end_date")
        if end is None:
            out.append(Problem("The end date is not a date.", field="end_date", fix="Use year-month-day."))
        elif start and end < start:
            out.append(Problem("The cycle ends before it starts.", field="end_date", fix="Check the two dates."))
    if not cycle.prediction.strip():
        out.append(Problem("There is no prediction.", field="prediction",
                           fix="Before you start, write what you think will happen; that is how you learn."))
    if cycle.next_step not in NEXT_STEPS:
        out.append(Problem("The next step is not adopt, adapt or abandon.", field="next_step",
                           fix="Choose one, or leave it empty for now."))
    return out


def save_cycle(store, project_id: str, cycle: PDSACycle, *, by, cycle_id: str | None = None,
               expected_version: int | None = None):
    """Check and save a cycle (new, or a new version); returns the Record."""
    problems = check_cycle(cycle)
    if problems:
        raise InputError(problems)
    if cycle_id is None:
        return store.add(project_id, PDSA_KIND, asdict(cycle), by=by)
    return store.update(cycle_id, asdict(cycle), by=by, expected_version=expected_version)


def list_cycles(store, project_id: str, change_idea_id: str | None = None) -> list[PDSACycle]:
    """Cycles, in order of start date, optionally for one change idea."""
    cycles = [PDSACycle.from_dict(r.data) for r in store.records(project_id, PDSA_KIND)]
    if change_idea_id:
        cycles = [c for c in cycles if c.change_idea_id == change_idea_id]
    return sorted(cycles, key=lambda c: c.start_date)


def pdsa_marks(cycles) -> list[tuple[str, str]]:
    """(start date, title) pairs for the charts."""
    return [(c.start_date, c.title) for c in sorted(cycles, key=lambda c: c.start_date)]
