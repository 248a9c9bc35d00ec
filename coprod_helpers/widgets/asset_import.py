"""Bringing a file of places into the register from a page (checked whole; nothing half-saved)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..assets import importers
from .asset_base import AssetPanelBase
from .common import check_box, first_upload


class AssetImportPanel(AssetPanelBase):
    """Upload CSV, Excel, GeoJSON or Open Referral (HSDS) JSON; or load the fictional demo places.

    Rows come in as proposed, or published when a reviewer has unlocked reviewing and ticks
    the box. Publishes ``imported``: how many rows the last import saved.
    """

    imported = traitlets.Int(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.upload = w.FileUpload(accept=".csv,.xlsx,.geojson,.json", multiple=False,
                                   description="Choose a file")
        self.publish = check_box(description="Publish straight away (reviewers only)")
        self.go = w.Button(description="Check and import", button_style="primary")
        self.demo = w.Button(description="Load the fictional demo places")
        self.go.on_click(lambda _: self.import_upload())
        self.demo.on_click(lambda _: self.import_demo())
        self.children = [w.HTML("<p>Columns: name, categories (separated by ;), postcode or latitude and "
                                "longitude; others are optional. Every row is checked first: if one has a "
                                "problem, nothing is saved and you are told the row and column.</p>"),
                         w.HBox([self.upload, self.go], layout=w.Layout(flex_flow="row wrap")), self.publish,
                         self.demo, self.message]

    def _key(self):
        return self.reviewer if self.publish.value else None

    def _report(self, report) -> None:
        text = f"{report.count} places imported from {report.source}."
        if report.duplicates:
            text += f"\n{len(report.duplicates)} may be duplicates of places already there: reviewers will see them."
        self.message.show(text, "ok")
        self.imported = report.count

    def import_upload(self):
        chosen = first_upload(self.upload)
        if chosen is None:
            self.message.show("Choose a file first.", "problem")
            return None
        name, content = chosen
        report = self.run(lambda: importers.import_assets(self.store, self.project_id, content, name, by=self.person,
                                                          area=self.area, publish_with=self._key()))
        if report is not None:
            self._report(report)
        return report

    def import_demo(self):
        report = self.run(lambda: importers.import_demo_assets(self.store, self.project_id, by=self.person,
                                                               area=self.area, publish_with=self._key()))
        if report is not None:
            self._report(report)
        return report
