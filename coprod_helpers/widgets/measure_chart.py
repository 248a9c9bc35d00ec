"""MeasureChartPanel: run or SPC charts per priority population, and the gap between them."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..errors import InputError
from ..measures import charts
from ..measures import definitions as md
from ..measures import measure_data
from ..measures import pdsa as pdsa_cycles
from ..measures.spc_limits import CHART_TYPES
from .measure_base import STYLE, MeasurePanel, choice_box

CHART_CHOICES = {"auto": "Let the workbook choose", "run": "Run chart (median)", **CHART_TYPES}


class MeasureChartPanel(MeasurePanel):
    """Draw charts for a saved measure, or for a table given as ``data`` (e.g. the demo series).

    ``pdsa`` marks are drawn on every chart; when the panel has a store and project, the
    project's saved PDSA cycles are marked too. A saved measure's ``target`` (or ``target``
    given with ``data``) is drawn on SPC charts and gives the assurance icon.
    ``signal_count`` is the number of signals found in the last drawing.
    """

    signal_count = traitlets.Int(0)

    def __init__(self, store=None, project_id=None, person=None, *, data=None, title: str = "", direction="neither",
                 multiplier: float = 1.0, unit: str = "", pdsa=None, target=None, session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        self.data, self.pdsa, self.target = data, list(pdsa or []), target
        self.measure = w.Dropdown(description="Measure", style=STYLE)
        self.title = w.Text(value=title, description="Chart title", style=STYLE)
        self.chart = choice_box("Kind of chart", CHART_CHOICES, "auto")
        self.rules = choice_box("Run rules", {"ihi": "Shift, trend and runs", "anhoej": "Anhøj rules"})
        self.direction = choice_box("Which direction is better", {"higher": "Higher", "lower": "Lower",
                                                                   "neither": "Neither"}, direction)
        self.multiplier = w.FloatText(value=multiplier, description="Multiply by", style=STYLE)
        self.unit = w.Text(value=unit, description="Unit", style=STYLE)
        self.change_date = w.DatePicker(description="Recalculate limits from (a change made)", style=STYLE)
        self.baseline = w.BoundedIntText(value=0, min=0, max=1000, style=STYLE,
                                         description="Fix the limits on the first N points (baseline)")
        self.baseline_help = w.HTML("<p><small>0 means use every point. With a baseline, the centre line and "
                                    "limits come from those first points only and are carried on, so later "
                                    "points are judged against how things were.</small></p>")
        self.reference = w.Dropdown(description="Compare groups with", style=STYLE)
        self.draw_button = w.Button(description="Draw the charts", button_style="primary")
        self.output = w.HTML()
        self.draw_button.on_click(lambda _: self.draw())
        self.measure.observe(lambda _: self._load_measure(), "value")
        self.children = [self.measure, self.title, self.chart, self.rules, self.direction, self.multiplier, self.unit,
                         self.baseline, self.baseline_help, self.change_date, self.reference, self.draw_button, self.message, self.output]
        self.measure.layout.display = "none" if data is not None else None
        self.refresh()

    def refresh(self):
        if self.data is None and self.store is not None and self.project_id:
            records = md.list_measures(self.store, self.project_id)
            self.measure.options = [(r.data.get("name", ""), r.id) for r in records]
            if records and self.measure.value is None:
                self.measure.value = records[-1].id
        self._load_measure()

    def _load_measure(self):
        if self.data is None and self.measure.value:
            defn = md.load_measure(self.store, self.measure.value)
            self.title.value, self.direction.value = defn.name, defn.direction
            self.multiplier.value, self.unit.value = defn.multiplier, defn.unit
            if defn.chart in CHART_CHOICES:
                self.chart.value = defn.chart
        groups = self._frame()["group"].unique().tolist() if self._has_data() else []
        self.reference.options = [("(no gap chart)", "")] + [(g, g) for g in groups]

    def _has_data(self):
        return self.data is not None or bool(self.measure.value)

    def _frame(self):
        if self.data is not None:
            return self.data
        return measure_data.load_measure_data(self.store, self.project_id, self.measure.value)

    def marks(self) -> list:
        """(date, words) marks for the charts: those given, then the project's saved PDSA cycles."""
        saved = []
        if self.store is not None and self.project_id:
            saved = pdsa_cycles.pdsa_marks(pdsa_cycles.list_cycles(self.store, self.project_id))
        return self.pdsa + [m for m in saved if m not in self.pdsa]

    def draw(self) -> int:
        def action():
            if not self._has_data():
                raise InputError("There is no measure with data yet.", fix="Save a measure and upload its data first.")
            target = self.target
            if self.data is None:
                defn = md.load_measure(self.store, self.measure.value)
                md.require_definition(defn)
                target = defn.target
            frame = self._frame()
            if frame.empty:
                raise InputError("This measure has no data yet.", fix="Upload its data on the page above.")
            marks = self.marks()
            baseline = self.baseline.value or None
            if baseline is not None:
                shortest = int(frame.groupby("group").size().min())
                if baseline < 2 or baseline > shortest:
                    raise InputError(f"A baseline of {baseline} points does not fit: the shortest group has "
                                     f"{shortest} points.", field="baseline",
                                     fix=f"Use 0 (no baseline) or a number from 2 to {shortest}.")
            options = dict(chart=self.chart.value, direction=self.direction.value, multiplier=self.multiplier.value,
                           run_rules=self.rules.value, pdsa=marks, target=target, baseline=baseline,
                           recalculate_at=[self.change_date.value.isoformat()] if self.change_date.value else None)
            made = charts.make_group_charts(frame, title=self.title.value or "Measure", unit=self.unit.value, **options)
            parts = [page for _, page in made.values()]
            if self.reference.value:
                parts.append(charts.make_gap_chart_svg(frame, reference=self.reference.value,
                                                       title=f"The gap over time: {self.title.value}",
                                                       multiplier=self.multiplier.value, pdsa=marks))
            return made, "".join(parts)
        result = self.run(action, needs_person=False)
        if result is None:
            return 0
        made, page = result
        self.output.value = page
        self.signal_count = sum(len(r.signals) for r, _ in made.values())
        self.message.clear()
        return self.signal_count
