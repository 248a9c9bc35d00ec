"""AimBuilderForm: write a SMART aim, see what is missing, save drafts (step 7)."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import traitlets

from ..errors import InputError
from ..measures import aims
from ..populations import gap_results
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
        A gap result to suggest a baseline and target from (an analyst's override). When not
        given, the latest gap result saved on the populations page is used, if there is one.
    """

    GAP_WAYS = {"ratio": "Close the rate ratio", "excess": "Aim for N fewer events"}

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
        self.gap_source = w.HTML()
        self.gap_group = w.Dropdown(description="Which group", style=STYLE)
        self.gap_way = choice_box("How to set the target", self.GAP_WAYS)
        self.suggest_button = w.Button(description="Suggest numbers from the gap", disabled=True)
        self.check_button = w.Button(description="Check the aim")
        self.save_button = w.Button(description="Save draft", button_style="primary")
        self.sentence = w.HTML()
        self.checks = w.HTML()
        self.suggest_button.on_click(lambda _: self.suggest())
        self.check_button.on_click(lambda _: self.check())
        self.save_button.on_click(lambda _: self.save())
        self.picker.observe(lambda _: self.load_selected(), "value")
        self.children = [self.picker, self.what, self.population, self.baseline, self.target, self.unit,
                         self.direction, self.by_date, self.why, self.gap_source, self.gap_group, self.gap_way,
                         w.HBox([self.suggest_button, self.check_button, self.save_button]),
                         self.sentence, self.checks, self.message]
        self.refresh_picker()
        self.refresh_gap()

    def refresh_gap(self):
        """Find the gap to suggest from: the one given, else the latest saved; fill the group list."""
        self._gap_table, saved = None, None
        if self.gap is not None:
            table = self.gap if hasattr(self.gap, "iloc") else None
            source = "<p>Numbers can be suggested from the gap result set on this page.</p>"
        else:
            if self.store is not None and self.project_id:
                saved = self.run_quietly(lambda: gap_results.latest_gap_results(self.store, self.project_id))
            table = gap_results.gap_table(saved) if saved else None
            source = (self._saved_words(saved) if saved else
                      "<p>No gap has been saved on the populations page yet, so type the numbers yourself "
                      "(or save a gap there first).</p>")
        if table is not None and not table.empty:
            self._gap_table = table
            self.gap_group.options = [(f"{r['group']} ({r['ratio']:.1f} times {r.get('reference') or 'the comparison'})"
                                       if r.get("ratio") == r.get("ratio") and r.get("ratio") is not None
                                       else str(r["group"]), str(r["group"])) for r in table.to_dict("records")]
        else:
            self.gap_group.options = []
        has_choice = len(self.gap_group.options) > 0
        self.gap_group.layout.display = None if has_choice else "none"
        self.gap_way.layout.display = None if (has_choice or self.gap is not None) else "none"
        self.gap_source.value = source
        self.suggest_button.disabled = self.gap is None and self._gap_table is None

    @staticmethod
    def _saved_words(saved: dict) -> str:
        when = saved.get("saved_at")
        when = when.strftime("%-d %B %Y") if hasattr(when, "strftime") else str(when or "")[:10]
        split = f", by {saved['split_by']}" if saved.get("split_by") else ""
        return (f"<p>The numbers come from the gap in <strong>{escape(saved.get('measure', ''))}</strong>{escape(split)}, "
                f"saved on the populations page on {escape(when)}. The biggest gap is listed first.</p>")

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
        gap = self.gap if self.gap is not None else self._gap_table
        group = self.gap_group.value if hasattr(gap, "iloc") else None
        s = self.run(lambda: aims.suggest_aim_from_gap(gap, group=group, measure=self.gap_way.value),
                     needs_person=False)
        if s:
            self.baseline.value, self.target.value = f"{s['baseline']:g}", f"{s['target']:g}"
            self.unit.value, self.direction.value = s["unit"], s["direction"]
            self.population.value = self.population.value or s["population"]
            self.population.value = s["population"] if group else self.population.value
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
