"""FeedbackForm: record what someone said; personal details are removed before it is saved."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import traitlets

from ..populations import feedback
from .population_base import STYLE, PopulationPanel, escape, labelled_choice, labelled_text
from .common import check_box


class FeedbackForm(PopulationPanel):
    """A form for one snippet. Publishes the saved (redacted) text as ``saved_text``."""

    saved_text = traitlets.Unicode("").tag(sync=False)
    saved_id = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *, populations=(), names=(), **kwargs):
        super().__init__(**kwargs)
        self.names = list(names)
        self.text = labelled_text("What they said", area=True, rows=4,
                                  placeholder="Type or paste their words. Phone numbers, e-mails and NHS numbers are removed.")
        self.source = labelled_choice("Where it came from", feedback.SOURCES)
        self.population = w.Combobox(description="Which group", options=list(populations), style=STYLE,
                                     placeholder="e.g. Young Black men", ensure_option=False)
        self.when = w.DatePicker(description="Date", value=date.today(), style=STYLE)
        self.consent = check_box(description="They agreed we can quote them", value=False)
        self.extra_names = labelled_text("Names to remove (comma between)", placeholder="e.g. Jo, Dr Smith")
        self.save = w.Button(description="Save what they said", button_style="primary")
        self.result = w.HTML()
        self.save.on_click(self._save)
        self.children = [self.text, self.source, self.population, self.when, self.consent, self.extra_names,
                         self.save, self.message, self.result]

    def _save(self, _=None):
        names = self.names + [n.strip() for n in self.extra_names.value.split(",") if n.strip()]
        rec = self.run(feedback.add_snippet, self.store, self.project_id, by=self.person, names=names,
                       text=self.text.value, source=self.source.value, population=self.population.value,
                       date=self.when.value, consent_to_quote=self.consent.value)
        if rec is None:
            return
        self.message.show_ok("Saved. " + rec.data["redaction_summary"])
        self.result.value = ("<p>This is what was saved:</p>"
                             f'<blockquote class="saved-snippet">{escape(rec.data["text"])}</blockquote>')
        self.saved_id = rec.id
        self.saved_text = rec.data["text"]
        self.text.value = ""
