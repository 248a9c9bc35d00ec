"""AimBuilderForm: write a SMART aim, see what is missing, save drafts (step 7)."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import traitlets

from ..errors import InputError
from ..measures import aims
from .measure_base import STYLE, MeasurePanel, choice_box, escape, text_box

NEW = "__new__"


def _number(text: str, field: str):
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(f"'{text}' is not a number.", field=field, fix="Type digits only, e.g. 3.5.") from None


class AimBuilderForm(MeasurePanel):
    """A form for the aim; ``aim_id`` is the saved aim (a new version on each save).

    Parameters
    ----------
    gap : dict or DataFrame, optional
        The populations step's gap result, to suggest a baseline and target.
    """

    aim_id = traitlets.Unicode(None, allow_none=True)

    def __init__(self, store=None, project_id=None, person=None, *, gap=None, session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        self.gap = gap
        self.picker = w.Dropdown(description="Aim to work on", style=STYLE)
        self.what = text_box("What will get better", placeholder="e.g. detentions under the Mental Health Act")
        self.population = text_box("For whom", placeholder="e.g. young Black men aged 18 to 35")
        self.baseline = text_box("Starting number (baseline)")
        self.target = text_box("Target number")
        self.unit = text_box("Unit", placeholder="e.g. times the rate for White British residents")
        self.direction = choice_box("Which way is better", {"lower": "Lower is better", "higher": "Higher is better"})
        self.by_date = w.DatePicker(description="By when", style=STYLE)
        self.why = text_box("Why this matters (in the population's words)", area=True)
        self.suggest_button = w.Button(description="Suggest numbers from the gap", disabled=gap is None)
        self.check_button = w.Button(description="Check the aim")
        self.save_button = w.Button(description="Save draft", button_style="primary")
        self.sentence = w.HTML()
        self.checks = w.HTML()
        self.suggest_button.on_click(lambda _: self.suggest())
        self.check_button.on_click(lambda _: self.check())
        self.save_button.on_click(lambda _: self.save())
        self.picker.observe(lambda _: self.load_selected(), "value")
        self.children = [self.picker, self.what, self.population, self.baseline, self.target, self.unit,
                         self.direction, self.by_date, self.why,
                         w.HBox([self.suggest_button, self.check_button, self.save_button]),
                         self.sentence, self.checks, self.message]
        self.refresh_picker()

    def refresh_picker(self, select=None):
        options = [("A new aim", NEW)]
        if self.store is not None and self.project_id:
            options += [(r.data.get("sentence", "")[:80], r.id) for r in aims.list_aims(self.store, self.project_id)]
        self.picker.options = options
        self.picker.value = select if select in [v for _, v in options] else NEW

    def read_form(self) -> aims.Aim:
        return aims.Aim(what=self.what.value.strip(), population=self.population.value.strip(),
                        baseline=_number(self.baseline.value, "baseline"), target=_number(self.target.value, "target"),
                        unit=self.unit.value.strip(), direction=self.direction.value,
                        by_date=self.by_date.value.isoformat() if self.by_date.value else None, why=self.why.value.strip())

    def fill_form(self, aim: aims.Aim) -> None:
        self.what.value, self.population.value, self.unit.value, self.why.value = aim.what, aim.population, aim.unit, aim.why
        self.baseline.value = "" if aim.baseline is None else f"{aim.baseline:g}"
        self.target.value = "" if aim.target is None else f"{aim.target:g}"
        self.direction.value = aim.direction
        self.by_date.value = date.fromisoformat(aim.by_date) if aim.by_date else None

    def load_selected(self):
        self.aim_id = None if self.picker.value in (NEW, None) else self.picker.value
        if self.aim_id:
            self.fill_form(aims.load_aim(self.store, self.aim_id))
            self.check()

    def suggest(self):
        s = self.run(lambda: aims.suggest_aim_from_gap(self.gap), needs_person=False)
        if s:
            self.baseline.value, self.target.value = f"{s['baseline']:g}", f"{s['target']:g}"
            self.unit.value, self.direction.value = s["unit"], s["direction"]
            self.population.value = self.population.value or s["population"]
            self.message.show_ok("Suggested from the populations step: " + s["text"] + " Change it as you agree.")

    def check(self) -> list:
        aim = self.run(self.read_form, needs_person=False)
        if aim is None:
            return []
        problems = aims.check_aim(aim)
        self.sentence.value = f"<p><strong>The aim so far:</strong> {escape(aims.write_aim_sentence(aim))}</p>"
        if problems:
            items = "".join(f"<li>{escape(p.message)} {escape(p.fix)}</li>" for p in problems)
            self.checks.value = f"<p>Still to add or change:</p><ul>{items}</ul>"
        else:
            self.checks.value = "<p>This aim says what, for whom, from where, to where and by when. Well done.</p>"
        return problems

    def save(self):
        def action():
            record = aims.save_aim_draft(self.store, self.project_id, self.read_form(), by=self.person,
                                         aim_id=self.aim_id)
            return record
        record = self.run(action, "Draft saved. Share it with people from the population for their views.")
        if record is not None:
            self.refresh_picker(select=record.id)
            self.aim_id = record.id
            self.check()
