"""SummaryExportPanel: download the shareable project summary (web page and Word)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..planning import summary_export
from ..planning.documents import DOCX_MIME, HTML_MIME, make_download_link
from .plan_base import PlanPanel, action_button


class SummaryExportPanel(PlanPanel):
    """One button: make the summary (no names, no wellbeing, no payments, no contact details)."""

    links = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.make = action_button("Make the project summary", primary=True)
        self.downloads = w.HTML()
        self.make.on_click(lambda _: self._make())
        self.children = [w.HTML("<p>The summary names nobody and never includes wellbeing plans, payments or "
                                "contact details, so it is safe to share.</p>"), self.make, self.message,
                         self.downloads]

    def _make(self):
        def build():
            doc = summary_export.make_project_summary(self.store, self.project_id)
            return doc.to_html(), doc.to_docx()
        made = self.run(build, ok="Ready to download.", needs_person=False)
        if made:
            html, docx = made
            self.links = (make_download_link(docx, "project-summary.docx", "Download the summary (Word)", DOCX_MIME)
                          + " | " + make_download_link(html, "project-summary.html", "Download as a web page",
                                                       HTML_MIME))
            self.downloads.value = f"<p>{self.links}</p>"
