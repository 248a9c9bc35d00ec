"""FeedbackImportPanel: bring survey free text in from a CSV or Excel file, checked whole, redacted."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..populations import feedback
from .common import NOTHING_SAVED, action_button, first_upload
from .population_base import PopulationPanel, labelled_text

HELP = ("<p>The file needs a <strong>text</strong> column (or <em>comment</em>, <em>response</em>, "
        "<em>answer</em>). It may also have <strong>source</strong> (survey if blank), <strong>population</strong>, "
        "<strong>date</strong> and <strong>consent_to_quote</strong> (yes or no; no if blank). Every row is "
        "checked first: if one has a problem, nothing is saved and you are told the row and column. Phone "
        "numbers, e-mails, NHS numbers, postcodes and the names listed are removed before anything is saved.</p>")


class FeedbackImportPanel(PopulationPanel):
    """Upload a survey file; publishes ``imported`` (how many snippets the last import saved)
    and ``redacted`` (``{kind: count}`` of the details removed, never the details)."""

    problem_heading = NOTHING_SAVED
    imported = traitlets.Int(0).tag(sync=False)
    redacted = traitlets.Dict().tag(sync=False)

    def __init__(self, *, names=(), **kwargs):
        super().__init__(**kwargs)
        self.names = list(names)
        self.help = w.HTML(HELP)
        self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="Choose a file")
        self.extra_names = labelled_text("Names to remove (comma between)", placeholder="e.g. Jo, Dr Smith")
        self.go = action_button("Check and import", primary=True)
        self.go.on_click(lambda _: self.import_upload())
        self.children = [self.help, w.HBox([self.upload, self.go], layout=w.Layout(flex_flow="row wrap")),
                         self.extra_names, self.message]

    def _names(self) -> list[str]:
        return self.names + [n.strip() for n in self.extra_names.value.split(",") if n.strip()]

    def import_bytes(self, content: bytes, name: str):
        """Check, redact and save a file's bytes (what the upload gives); returns the new ids or None."""
        ids = self.run(feedback.import_snippets, self.store, self.project_id, bytes(content), name,
                       by=self.person, names=self._names())
        if ids is None:
            return None
        counts = feedback.redaction_counts(self.store, ids)
        self.imported, self.redacted = len(ids), counts
        self.message.show_ok(f"Saved {len(ids)} snippet{'' if len(ids) == 1 else 's'} from {name}.\n"
                             + feedback.describe_redaction_counts(counts))
        return ids

    def import_upload(self):
        chosen = first_upload(self.upload, "survey file")
        if chosen is None:
            self.message.show_problem("Choose a file first.")
            return None
        name, content = chosen
        return self.import_bytes(content, name)
