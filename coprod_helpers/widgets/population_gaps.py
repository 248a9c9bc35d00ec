"""Service data in, gaps out: ServiceDataUploadForm and PopulationGapPanel."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..populations import breakdowns, plain_words, service_data
from ..populations.charts import make_forest_plot, make_rate_chart
from ..populations.gaps import POLARITIES
from .population_base import STYLE, WIDE, PopulationPanel, escape, labelled_choice, labelled_text


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
                                "(population may be blank: the area's Census numbers are used).</p>"),
                         w.HBox([self.upload, self.save, self.demo]), self.message]

    def _store_rows(self, source, name):
        data = service_data.load_service_data(source, name, area=self.area)
        ids = service_data.save_service_data(self.store, self.project_id, data, by=self.person, source_name=name)
        return len(ids)

    def _save_upload(self, _=None):
        if not self.upload.value:
            self.message.show_problem("Choose a file first.")
            return
        item = self.upload.value[0]
        n = self.run(self._store_rows, bytes(item["content"]), item["name"])
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

    Publishes the :class:`~coprod_helpers.populations.breakdowns.Breakdown` as ``breakdown``.
    """

    breakdown = traitlets.Any(None).tag(sync=False)

    def __init__(self, *, shareable: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.measure = labelled_choice("Measure", [])
        self.group_type = labelled_choice("Compare groups by", [])
        self.reference = w.Dropdown(description="Compare with", options=[("The largest group", None)], style=STYLE,
                                    layout=WIDE)
        self.polarity = w.Dropdown(description="Is higher better or worse?",
                                   options=[(v, k) for k, v in POLARITIES.items()], style=STYLE, layout=WIDE)
        self.action = labelled_text("What happens, in words", value="have this happen",
                                    placeholder="e.g. be detained, be referred")
        self.level = w.Dropdown(description="How sure", options=[("Fairly sure (95%)", 0.95), ("Very sure (99.8%)", 0.998)],
                                style=STYLE)
        self.shareable = w.Checkbox(description="Hide small numbers (for sharing)", value=shareable, indent=False)
        self.show = w.Button(description="Show the gaps", button_style="primary")
        self.refresh_button = w.Button(description="Refresh the data")
        self.quality = w.HTML()
        self.words = w.HTML()
        self.charts = w.HTML()
        self.show.on_click(lambda _: self.update())
        self.refresh_button.on_click(lambda _: self.refresh())
        self.measure.observe(lambda _: self._fill_references(), "value")
        self.group_type.observe(lambda _: self._fill_references(), "value")
        self.children = [self.measure, self.group_type, self.reference, self.polarity, self.action, self.level,
                         self.shareable, w.HBox([self.show, self.refresh_button]), self.message, self.quality,
                         self.words, self.charts]
        self.data = None
        self.refresh()

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

    def _fill_references(self):
        if self.data is None or not len(self.data) or self.measure.value is None:
            return
        rows = self.data[(self.data["measure"] == self.measure.value) & (self.data["group_type"] == self.group_type.value)]
        groups = [g for g in rows["group"].unique() if g != "Not stated"]
        self.reference.options = [("The largest group", None)] + [(g, g) for g in groups]

    def update(self):
        if self.data is None or not len(self.data):
            self.refresh()
            return
        b = self.run(breakdowns.make_breakdown, self.data, self.measure.value, self.group_type.value,
                     reference=self.reference.value, polarity=self.polarity.value, level=self.level.value,
                     shareable=self.shareable.value)
        if b is None:
            return
        self.breakdown = b
        self.quality.value = (f'<p class="data-quality"><strong>Data quality:</strong> {escape(b.quality["message"])}</p>'
                              + "".join(f"<p>{escape(n)}</p>" for n in b.notes))
        sentences = plain_words.describe_gaps(b.table, action=self.action.value or "have this happen", level=b.level)
        extra = ""
        if b.inequality:
            extra = f"<p>{escape(plain_words.describe_inequality(b.inequality, per_words=b.per_words))}</p>"
        self.words.value = ("<h3>In plain words</h3><ul>" + "".join(f"<li>{escape(s)}</li>" for s in sentences[:8])
                            + "</ul>" + extra)
        self.charts.value = make_forest_plot(b.table) + make_rate_chart(b.table, per_words=b.per_words)
