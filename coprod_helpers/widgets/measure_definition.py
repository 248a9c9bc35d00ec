"""MeasureDefinitionForm: define a measure with the population (step 9)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..measures import definitions as md
from ..measures.signal_rules import DIRECTIONS
from ..people import ROLES
from .measure_base import STYLE, WIDE, MeasurePanel, choice_box, escape, text_box


class MeasureDefinitionForm(MeasurePanel):
    """A form for one measure's operational definition; ``measure_id`` is the saved record."""

    measure_id = traitlets.Unicode(None, allow_none=True)

    def __init__(self, store=None, project_id=None, person=None, *, session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        self.name = text_box("Name of the measure")
        self.measure_type = choice_box("Kind of measure", md.MEASURE_TYPES)
        self.linked_to = text_box("Linked to (the aim, or a driver)", "aim")
        self.numerator = text_box("What is counted (numerator)", area=True, rows=2)
        self.denominator = text_box("Out of what (denominator; empty for a single value)", area=True, rows=2)
        self.inclusions = text_box("Who or what is included", area=True, rows=2)
        self.exclusions = text_box("Who or what is left out", area=True, rows=2)
        self.data_source = text_box("Where the data come from")
        self.frequency = choice_box("How often", {f: f.capitalize() for f in md.FREQUENCIES}, "monthly")
        self.collected_by = text_box("Who collects it")
        self.direction = choice_box("Which direction is better", DIRECTIONS, "lower")
        self.equity = text_box("Groups to chart separately (one per line)", area=True, rows=3)
        self.co_designed_by = w.SelectMultiple(options=[(v, k) for k, v in ROLES.items()],
                                               description="Designed with (roles)", style=STYLE, layout=WIDE)
        self.multiplier = w.FloatText(value=1.0, description="Multiply by (100 for %, 1000 for per 1,000)",
                                      style=STYLE)
        self.unit = text_box("Unit shown on charts", placeholder="e.g. % or per 1,000")
        self.target = text_box("Target (optional)", placeholder="a number, in the units shown on the charts, e.g. 80")
        self.save_button = w.Button(description="Save the measure", button_style="primary")
        self.checks = w.HTML()
        self.save_button.on_click(lambda _: self.save())
        self.children = [self.name, self.measure_type, self.linked_to, self.numerator, self.denominator,
                         self.inclusions, self.exclusions, self.data_source, self.frequency, self.collected_by,
                         self.direction, self.equity, self.co_designed_by, self.multiplier, self.unit,
                         self.target, self.save_button, self.message, self.checks]

    def read_form(self) -> md.MeasureDefinition:
        return md.MeasureDefinition(
            name=self.name.value.strip(), measure_type=self.measure_type.value, linked_to=self.linked_to.value.strip(),
            numerator=self.numerator.value.strip(), denominator=self.denominator.value.strip(),
            inclusions=self.inclusions.value.strip(), exclusions=self.exclusions.value.strip(),
            data_source=self.data_source.value.strip(), frequency=self.frequency.value,
            collected_by=self.collected_by.value.strip(), direction=self.direction.value,
            equity_breakdown=[g.strip() for g in self.equity.value.splitlines() if g.strip()],
            co_designed_by=list(self.co_designed_by.value), multiplier=self.multiplier.value,
            unit=self.unit.value.strip(), target=md.parse_target(self.target.value))

    def save(self):
        def action():
            defn = self.read_form()
            return defn, md.save_measure(self.store, self.project_id, defn, by=self.person,
                                         measure_id=self.measure_id)
        made = self.run(action, "The measure is saved.")
        if made is None:
            return
        defn, record = made
        self.measure_id = record.id
        gaps = md.check_definition(defn) + md.check_family(
            [md.MeasureDefinition.from_dict(r.data) for r in md.list_measures(self.store, self.project_id)])
        self.checks.value = ("<p>Still to agree:</p><ul>" + "".join(
            f"<li>{escape(p.message)} {escape(p.fix)}</li>" for p in gaps) + "</ul>") if gaps else ""
