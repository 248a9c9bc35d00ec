"""Service data in, gaps out: ServiceDataUploadForm and PopulationGapPanel."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd
import traitlets

from ..populations import breakdowns, plain_words, service_data
from ..populations.charts import make_forest_plot, make_rate_chart
from ..populations.gap_results import save_gap_results
from ..populations.gaps import POLARITIES, parse_benchmark, parse_comparator
from .common import action_button, check_box, first_upload, html_table
from .population_base import STYLE, WIDE, PopulationPanel, escape, labelled_choice, labelled_text

#: The "Compare with" choice meaning: use the numbers typed in for somewhere else (e.g. England).
OUTSIDE = "__outside_comparator__"
STANDARDISE_WORDS = "Allow for different age mixes (age-standardised)"
#: How the gap columns and sentences say they come from age-standardised rates.
ALLOWING_FOR_AGE = "allowing for age"


class ServiceDataUploadForm(PopulationPanel):
    """Upload counts (CSV/XLSX); every row is checked before anything is saved. Publishes ``saved``."""

    saved = traitlets.Int(0).tag(sync=False)

    def __init__(self, *, area=None, demo_path=None, **kwargs):
        super().__init__(**kwargs)
        self.area, self.demo_path = area, demo_path
        self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="Choose file")
        self.save = w.Button(description="Check and save", button_style="primary")
        self.demo = w.Button(description="Use the demo data")
        self.save.on_click(self._save_upload)
        self.demo.on_click(self._save_demo)
        self.children = [w.HTML("<p>Columns: measure, period, group_type, group, events, population "
                                "(population may be blank: the area's Census numbers are used). "
                                "You may add an age_band column (one row per group and age band) "
                                "to allow for groups with different age mixes.</p>"),
                         w.HBox([self.upload, self.save, self.demo]), self.message]

    def _store_rows(self, source, name):
        data = service_data.load_service_data(source, name, area=self.area)
        ids = service_data.save_service_data(self.store, self.project_id, data, by=self.person, source_name=name)
        return len(ids)

    def _save_upload(self, _=None):
        chosen = first_upload(self.upload)
        if chosen is None:
            self.message.show_problem("Choose a file first.")
            return
        name, content = chosen
        n = self.run(self._store_rows, content, name)
        if n is not None:
            self.message.show_ok(f"All {n} rows were checked and saved.")
            self.saved += n

    def _save_demo(self, _=None):
        n = self.run(self._store_rows, self.demo_path, "demo service_counts.csv")
        if n is not None:
            self.message.show_ok(f"The demo data ({n} rows) is loaded.")
            self.saved += n


class PopulationGapPanel(PopulationPanel):
    """Pick a measure and a kind of group; see rates, gaps in plain words and charts.

    Publishes the :class:`~coprod_helpers.populations.breakdowns.Breakdown` as ``breakdown``,
    the age-standardised table (when asked for) as ``standardised`` and the id of the last
    result kept for the next steps as ``kept_id``.

    The gaps can be measured against a group in the data, or an outside comparator whose
    events and population are typed in (e.g. England's); a benchmark value is said to be
    better, similar or worse with the polarity chosen. "Keep these gaps for the next steps"
    saves the analyst table (every number, nothing hidden): it stays in the project store,
    and anything shared from it later applies disclosure control again.
    """

    breakdown = traitlets.Any(None).tag(sync=False)
    standardised = traitlets.Any(None).tag(sync=False)
    kept_id = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *, shareable: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.measure = labelled_choice("Measure", [])
        self.group_type = labelled_choice("Compare groups by", [])
        self.reference = w.Dropdown(description="Compare with", options=self._reference_options([]), style=STYLE,
                                    layout=WIDE)
        self.comparator_name = labelled_text("Comparator's name", value="England")
        self.comparator_events = labelled_text("Comparator's events (how many times it happened there)",
                                               placeholder="e.g. 52000")
        self.comparator_population = labelled_text("Comparator's population (people there)",
                                                   placeholder="e.g. 56490048")
        self.comparator_box = w.VBox([self.comparator_name, self.comparator_events, self.comparator_population],
                                     layout=w.Layout(display="none"))
        self.polarity = w.Dropdown(description="Is higher better or worse?",
                                   options=[(v, k) for k, v in POLARITIES.items()], style=STYLE, layout=WIDE)
        self.benchmark = labelled_text("Benchmark value to compare with (optional, same units as the rates)",
                                       placeholder="e.g. 95.5")
        self.action = labelled_text("What happens, in words", value="have this happen",
                                    placeholder="e.g. be detained, be referred")
        self.level = w.Dropdown(description="How sure", options=[("Fairly sure (95%)", 0.95), ("Very sure (99.8%)", 0.998)],
                                style=STYLE)
        self.standardise = check_box(description=STANDARDISE_WORDS, value=False)
        self.shareable = check_box(description="Hide small numbers (for sharing)", value=shareable)
        self.show = w.Button(description="Show the gaps", button_style="primary")
        self.refresh_button = w.Button(description="Refresh the data")
        self.keep = action_button("Keep these gaps for the next steps")
        self.quality = w.HTML()
        self.words = w.HTML()
        self.table_view = w.HTML()
        self.standardised_view = w.HTML()
        self.charts = w.HTML()
        self.show.on_click(lambda _: self.update())
        self.refresh_button.on_click(lambda _: self.refresh())
        self.keep.on_click(lambda _: self.keep_gaps())
        self.measure.observe(lambda _: self._fill_references(), "value")
        self.group_type.observe(lambda _: self._fill_references(), "value")
        self.reference.observe(lambda _: self._show_comparator(), "value")
        self.children = [self.measure, self.group_type, self.reference, self.comparator_box, self.polarity,
                         self.benchmark, self.action, self.level, self.standardise, self.shareable,
                         w.HBox([self.show, self.refresh_button, self.keep]), self.message, self.quality,
                         self.words, self.table_view, self.standardised_view, self.charts]
        self.data = None
        self._analyst_table = None
        self.refresh()

    @staticmethod
    def _reference_options(groups):
        return ([("The largest group", None)] + [(g, g) for g in groups]
                + [("Somewhere else, such as England (type its numbers)", OUTSIDE)])

    def refresh(self):
        self.data = service_data.saved_service_data(self.store, self.project_id)
        measures = sorted(self.data["measure"].unique()) if len(self.data) else []
        self.measure.options = measures
        self.group_type.options = sorted(self.data["group_type"].unique()) if len(self.data) else []
        if not measures:
            self.message.show_problem("No service data yet. Upload a file or use the demo data above, then press Refresh.")
        else:
            self.message.clear()
        self._fill_references()

    def _rows(self):
        d = self.data
        return d[(d["measure"] == self.measure.value) & (d["group_type"] == self.group_type.value)]

    def _fill_references(self):
        if self.data is None or not len(self.data) or self.measure.value is None:
            return
        rows = self._rows()
        groups = [g for g in rows["group"].unique() if g != "Not stated"]
        chosen = self.reference.value
        self.reference.options = self._reference_options(groups)
        if chosen == OUTSIDE:
            self.reference.value = OUTSIDE
        has_ages = breakdowns.has_age_bands(rows)
        self.standardise.disabled = not has_ages
        if not has_ages:
            self.standardise.value = False

    def _show_comparator(self):
        self.comparator_box.layout.display = "" if self.reference.value == OUTSIDE else "none"

    def _breakdowns(self):
        """The breakdown to show and the analyst (unsuppressed) table; raises InputError on bad input."""
        kind = str(self._rows()["kind"].iloc[0]) if len(self._rows()) else "rate"
        reference, reference_values = self.reference.value, None
        if reference == OUTSIDE:
            reference_values = parse_comparator(self.comparator_events.value, self.comparator_population.value,
                                                kind=kind)
            reference = self.comparator_name.value.strip() or "the comparator"
        benchmark = parse_benchmark(self.benchmark.value)
        options = dict(reference=reference, reference_values=reference_values, polarity=self.polarity.value,
                       level=self.level.value)
        b = breakdowns.make_breakdown(self.data, self.measure.value, self.group_type.value,
                                      shareable=self.shareable.value, **options)
        analyst = b.table if not b.shareable else breakdowns.make_breakdown(
            self.data, self.measure.value, self.group_type.value, **options).table
        b.table = breakdowns.add_benchmark(b.table, benchmark, polarity=b.polarity)
        dsr = None
        if self.standardise.value:
            # the same reference group as the crude gaps; an outside comparator has no age split to standardise
            dsr_reference = None if reference_values is not None else str(b.table["reference"].iloc[0])
            dsr = breakdowns.standardised_rates(self.data, self.measure.value, self.group_type.value,
                                                level=b.level, reference=dsr_reference, polarity=b.polarity,
                                                with_gaps=reference_values is None, shareable=b.shareable)
            dsr = breakdowns.add_benchmark(dsr, benchmark, polarity=b.polarity)
        return b, analyst, dsr, benchmark

    def update(self):
        if self.data is None or not len(self.data):
            self.refresh()
            return
        result = self.run(self._breakdowns)
        if result is None:
            return
        b, self._analyst_table, dsr, benchmark = result
        self.message.clear()
        self.breakdown, self.standardised = b, dsr
        self.quality.value = (f'<p class="data-quality"><strong>Data quality:</strong> {escape(b.quality["message"])}</p>'
                              + "".join(f"<p>{escape(n)}</p>" for n in b.notes))
        dsr_gaps = dsr is not None and "ratio" in dsr
        gap_table = dsr.sort_values("rank") if dsr_gaps else b.table  # biggest sure gap first, as for crude rates
        sentences = plain_words.describe_gaps(gap_table, action=self.action.value or "have this happen", level=b.level)
        extra = ""
        if dsr is not None and not dsr_gaps:
            extra += (f"<p>{escape(str(b.table['reference'].iloc[0]))} has no numbers by age band, so the "
                      "times as likely figures do not allow for age. Compare with a group in the data to allow for age.</p>")
        if b.inequality:
            extra = f"<p>{escape(plain_words.describe_inequality(b.inequality, per_words=b.per_words))}</p>"
        if benchmark is not None:
            extra += f"<p>{escape(benchmark_words(b.table, benchmark, b.per_words))}</p>"
        heading = f"In plain words ({ALLOWING_FOR_AGE})" if dsr_gaps else "In plain words"
        self.words.value = (f"<h3>{heading}</h3><ul>" + "".join(f"<li>{escape(s)}</li>" for s in sentences[:8])
                            + "</ul>" + extra)
        self.table_view.value = gap_table_html(b.table, b.per_words, standardised=dsr if dsr_gaps else None)
        self.standardised_view.value = "" if dsr is None else standardised_table_html(dsr)
        forest_title = ("How many times as likely, allowing for age, compared with the reference group" if dsr_gaps
                        else "How many times as likely, compared with the reference group")
        charts = make_forest_plot(gap_table, title=forest_title) + make_rate_chart(b.table, per_words=b.per_words, benchmark=benchmark)
        if dsr is not None:
            charts += make_rate_chart(dsr, per_words="age-standardised, per 100,000 people", benchmark=benchmark,
                                      title="Age-standardised rate in each group, with the range we are fairly sure of")
        self.charts.value = charts

    def keep_gaps(self):
        """Save the table shown (every number: it stays in the store) for the next steps."""
        if self.breakdown is None or self._analyst_table is None:
            self.message.show_problem("Press Show the gaps first, then keep them.")
            return None
        b = self.breakdown
        kept = self.run(save_gap_results, self.store, self.project_id, self._analyst_table, measure=b.measure,
                        split_by=b.group_type, by=self.person, per=b.per, polarity=b.polarity)
        if kept is not None:
            self.kept_id = kept
            self.message.show_ok(f"The gaps for {b.measure} by {b.group_type} are kept for the next steps.")
        return kept


def _number(value, fmt: str = "{:,.1f}") -> str:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    if pd.isna(number):
        return str(value) if isinstance(value, str) else "-"
    return fmt.format(float(number))


def _range(row) -> str:
    if isinstance(row["value"], str):
        return str(row["value"])
    return f"{_number(row['value'])} ({_number(row['lower'])} to {_number(row['upper'])})"


def _gap_range(row, col: str, fmt: str, note: str = "") -> str:
    """``1.23 (1.05 to 1.44)``; a hidden value as it is; a missing range gets the note, if any."""
    value = row[col]
    if isinstance(value, str):
        return value
    lo, hi = _number(row[f"{col}_lower"], fmt), _number(row[f"{col}_upper"], fmt)
    if lo == "-" or hi == "-":
        return _number(value, fmt) + (f" ({note})" if note else "")
    return f"{_number(value, fmt)} ({lo} to {hi})"


def benchmark_words(table: pd.DataFrame, benchmark: float, per_words: str) -> str:
    """One sentence counting the groups better, similar or worse than the benchmark."""
    counts = table["against_benchmark"].value_counts()
    parts = [f"{counts[k]} {k}" for k in ("worse", "similar", "better", "higher", "lower", "not compared") if k in counts]
    return f"Against the benchmark of {_number(benchmark)} {per_words}: " + ", ".join(parts) + "."


def gap_table_html(table: pd.DataFrame, per_words: str, *, standardised: pd.DataFrame | None = None) -> str:
    """The gap table as an escaped HTML table (what the charts show, as words and numbers).

    With a ``standardised`` table that has gaps (from
    :func:`~coprod_helpers.populations.breakdowns.standardised_rates`) the "times as likely" and
    "compared with" columns are its age-standardised ones, matched by group.
    """
    ref = str(table["reference"].iloc[0]) if len(table) else "the reference"
    gaps = table.set_index("group")[["ratio", "compared"]]
    ratio_head, compared_head = f"Times as likely as {ref}", f"Compared with {ref}"
    if standardised is not None:
        gaps = standardised.set_index("group")[["ratio", "compared"]]
        ratio_head += f", {ALLOWING_FOR_AGE}"
        compared_head += f", {ALLOWING_FOR_AGE}"
    headers = ["Group", "Events", "People", f"Rate {per_words} (range)", ratio_head, compared_head]
    has_bench = "against_benchmark" in table
    if has_bench:
        headers.append("Against the benchmark")
    rows = []
    for _, r in table.iterrows():
        g = gaps.loc[r["group"]] if r["group"] in gaps.index else {"ratio": "-", "compared": "not compared"}
        row = [r["group"], _number(r["events"], "{:,.0f}"), _number(r["population"], "{:,.0f}"), _range(r),
               _number(g["ratio"], "{:.2f}"), g["compared"]]
        rows.append(row + ([r["against_benchmark"]] if has_bench else []))
    return html_table(headers, rows, caption="Each group's rate and its gap")


def standardised_table_html(table: pd.DataFrame) -> str:
    """Age-standardised rates per group as an escaped HTML table."""
    has_bench, has_gaps = "against_benchmark" in table, "ratio" in table
    headers = ["Group", "Events", "Age-standardised rate per 100,000 people (range)", "Enough events to rely on?"]
    if has_gaps:
        ref = str(table["reference"].iloc[0]) if len(table) else "the reference"
        headers += [f"Times as likely as {ref}, {ALLOWING_FOR_AGE} (range)", f"Difference from {ref} per 100,000 (range)"]
    if has_bench:
        headers.append("Against the benchmark")
    rows = []
    for _, r in table.iterrows():
        row = [r["group"], _number(r["events"], "{:,.0f}"), _range(r),
               "yes" if r["reliable"] else "no (fewer than 10)"]
        if has_gaps:
            row += [_gap_range(r, "ratio", "{:.2f}", r.get("gap_note", "")), _gap_range(r, "difference", "{:,.1f}")]
        rows.append(row + ([r["against_benchmark"]] if has_bench else []))
    return html_table(headers, rows, caption="Rates allowing for different age mixes (2013 European Standard Population)")
