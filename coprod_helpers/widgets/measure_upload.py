"""MeasureUploadPanel: upload a CSV or Excel file of measure data, checked before it is saved."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..measures import definitions as md
from ..measures import measure_data
from .measure_base import STYLE, MeasurePanel, escape


class MeasureUploadPanel(MeasurePanel):
    """Pick a measure, choose a file, save; ``saved_count`` is how many points were saved last."""

    saved_count = traitlets.Int(0)

    def __init__(self, store=None, project_id=None, person=None, *, session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        self.measure = w.Dropdown(description="Measure", style=STYLE)
        self.file = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="Choose a file")
        self.save_button = w.Button(description="Check and save", button_style="primary")
        self.help = w.HTML("<p>The file needs a <strong>date</strong> column and either a <strong>value</strong> "
                           "column or <strong>numerator</strong> and <strong>denominator</strong> columns. A "
                           "<strong>group</strong> column says which population each row is about.</p>")
        self.preview = w.HTML()
        self.save_button.on_click(lambda _: self.save())
        self.children = [self.help, self.measure, self.file, self.save_button, self.message, self.preview]
        self.refresh()

    def refresh(self):
        records = md.list_measures(self.store, self.project_id) if self.store is not None and self.project_id else []
        self.measure.options = [(r.data.get("name", ""), r.id) for r in records]
        if records and self.measure.value is None:
            self.measure.value = records[-1].id

    def save_bytes(self, content: bytes, name: str):
        """Check and save a file's bytes (what the upload button gives)."""
        def action():
            defn = md.load_measure(self.store, self.measure.value)
            df = measure_data.read_measure_data(content, name, measure=None,
                                                numerator_may_exceed_denominator=defn.chart in ("u", "u_prime"))
            return df, measure_data.save_measure_data(self.store, self.project_id, self.measure.value, df,
                                                      by=self.person)
        if not self.measure.value:
            self.message.show_ok("First save a measure on the definitions page, then upload its data here.")
            return None
        result = self.run(action)
        if result is not None:
            df, ids = result
            self.saved_count = len(ids)
            self.message.show_ok(f"Saved {len(ids)} points for {df['group'].nunique()} group(s).")
            self.preview.value = f"<p>Groups: {escape(', '.join(map(str, df['group'].unique())))}</p>"
        return result

    def save(self):
        files = self.file.value
        if not files:
            self.message.show_ok("Choose a file first.")
            return
        item = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        self.save_bytes(bytes(item["content"]), item.get("name", "upload.csv"))
