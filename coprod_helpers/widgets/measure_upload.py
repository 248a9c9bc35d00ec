"""MeasureUploadPanel: upload a file of measure data, or type the numbers in, checked before saving.

Both ways go through the same checks (:func:`~coprod_helpers.measures.measure_data.read_measure_data`)
and the same all-or-nothing save, so a typed row is held to exactly the rules of a file row.
"""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..measures import definitions as md
from ..measures import measure_data
from ..tables import spreadsheet_row
from .common import first_upload, html_table
from .measure_base import STYLE, MeasurePanel, escape, text_box

TYPED_NAME = "the rows typed in"
TYPED_COLUMNS = ("date", "value", "numerator", "denominator", "group")


def typed_table(rows: list[dict]):
    """The typed rows as the table an upload would give: value, or numerator and denominator.

    Numerator and denominator are used as soon as any row has either, so a row with only a
    value is then reported as missing them (rather than silently mixing kinds of number).
    """
    import pandas as pd

    ratio = any(r.get("numerator") or r.get("denominator") for r in rows)
    columns = ["date", "numerator", "denominator", "group"] if ratio else ["date", "value", "group"]
    return pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns, dtype=object)


class MeasureUploadPanel(MeasurePanel):
    """Pick a measure, then choose a file or type rows in, and save.

    ``saved_count`` is how many points were saved last; ``typed_count`` how many typed rows
    are waiting to be checked and saved.
    """

    saved_count = traitlets.Int(0)
    typed_count = traitlets.Int(0)

    def __init__(self, store=None, project_id=None, person=None, *, session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        self.measure = w.Dropdown(description="Measure", style=STYLE)
        self.file = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="Choose a file")
        self.save_button = w.Button(description="Check and save", button_style="primary")
        self.help = w.HTML("<p>The file needs a <strong>date</strong> column and either a <strong>value</strong> "
                           "column or <strong>numerator</strong> and <strong>denominator</strong> columns. A "
                           "<strong>group</strong> column says which population each row is about.</p>")
        self.preview = w.HTML()
        self.typed_rows: list[dict] = []
        self.typed_help = w.HTML("<h4>Or type the numbers in</h4><p>One row for each date. Fill in a value, or a "
                                 "numerator and a denominator (for a rate or a proportion). Leave the group "
                                 "empty for everyone. Nothing is saved until you press "
                                 "<em>Check and save these rows</em>.</p>")
        self.entry_date = w.DatePicker(description="Date", style=STYLE)
        self.entry_value = text_box("Value", max_width="20em")
        self.entry_numerator = text_box("Numerator (how many)", max_width="20em")
        self.entry_denominator = text_box("Denominator (out of)", max_width="20em")
        self.entry_group = text_box("Group", placeholder="e.g. Black African and Caribbean", max_width="30em")
        self.add_row_button = w.Button(description="Add this row")
        self.clear_rows_button = w.Button(description="Clear the rows")
        self.save_typed_button = w.Button(description="Check and save these rows", button_style="primary")
        self.typed_table = w.HTML()
        self.save_button.on_click(lambda _: self.save())
        self.add_row_button.on_click(lambda _: self.add_row())
        self.clear_rows_button.on_click(lambda _: self.clear_rows())
        self.save_typed_button.on_click(lambda _: self.save_typed())
        self.children = [self.help, self.measure, self.file, self.save_button, self.message, self.preview,
                         self.typed_help, self.entry_date, self.entry_value, self.entry_numerator,
                         self.entry_denominator, self.entry_group,
                         w.HBox([self.add_row_button, self.clear_rows_button, self.save_typed_button]),
                         self.typed_table]
        self.refresh()
        self._show_rows()

    def refresh(self):
        records = md.list_measures(self.store, self.project_id) if self.store is not None and self.project_id else []
        self.measure.options = [(r.data.get("name", ""), r.id) for r in records]
        if records and self.measure.value is None:
            self.measure.value = records[-1].id

    def _check_and_save(self, source, name: str):
        """Read ``source`` with the upload's checks, then save every point or none."""
        if not self.measure.value:
            self.message.show_ok("First save a measure on the definitions page, then add its data here.")
            return None

        def action():
            defn = md.load_measure(self.store, self.measure.value)
            df = measure_data.read_measure_data(source, name, measure=None,
                                                numerator_may_exceed_denominator=defn.chart in ("u", "u_prime"))
            return df, measure_data.save_measure_data(self.store, self.project_id, self.measure.value, df,
                                                      by=self.person)
        result = self.run(action)
        if result is not None:
            df, ids = result
            self.saved_count = len(ids)
            self.message.show_ok(f"Saved {len(ids)} points for {df['group'].nunique()} group(s).")
            self.preview.value = f"<p>Groups: {escape(', '.join(map(str, df['group'].unique())))}</p>"
        return result

    def save_bytes(self, content: bytes, name: str):
        """Check and save a file's bytes (what the upload button gives)."""
        return self._check_and_save(content, name)

    def save(self):
        chosen = first_upload(self.file, "upload.csv")
        if chosen is None:
            self.message.show_ok("Choose a file first.")
            return
        name, content = chosen
        self.save_bytes(content, name)

    # -- typing the numbers in ------------------------------------------------------
    def add_row(self):
        """Keep what is in the entry fields as a row (checked when the rows are saved)."""
        row = {"date": self.entry_date.value.isoformat() if self.entry_date.value else "",
               "value": self.entry_value.value.strip(), "numerator": self.entry_numerator.value.strip(),
               "denominator": self.entry_denominator.value.strip(), "group": self.entry_group.value.strip()}
        if not any(row[c] for c in ("date", "value", "numerator", "denominator")):
            self.message.show_ok("Fill in a date and a number first.")
            return
        self.typed_rows.append(row)
        self.entry_value.value = self.entry_numerator.value = self.entry_denominator.value = ""
        self.entry_date.value = None           # the group is kept: the next row is often the same group
        self.message.show_ok(f"Row {spreadsheet_row(len(self.typed_rows) - 1)} added (not saved yet).")
        self._show_rows()

    def clear_rows(self):
        self.typed_rows = []
        self._show_rows()

    def save_typed(self):
        """Check the typed rows exactly as an upload is checked; save all of them or none."""
        if not self.typed_rows:
            self.message.show_ok("Add at least one row first.")
            return None
        result = self._check_and_save(typed_table(self.typed_rows), TYPED_NAME)
        if result is not None:
            self.typed_rows = []
            self._show_rows()
        return result

    def _show_rows(self):
        self.typed_count = len(self.typed_rows)
        rows = [[spreadsheet_row(i)] + [r[c] for c in TYPED_COLUMNS] for i, r in enumerate(self.typed_rows)]
        self.typed_table.value = html_table(["Row", "Date", "Value", "Numerator", "Denominator", "Group"], rows,
                                            empty="No rows typed in yet.", caption="Rows waiting to be saved")
