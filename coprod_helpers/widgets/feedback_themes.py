"""ThemeCodingPanel: create themes and code snippets to them; see theme counts."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..populations import feedback
from .population_base import STYLE, WIDE, PopulationPanel, escape, labelled_text


class ThemeCodingPanel(PopulationPanel):
    """Add themes, tick the themes a snippet speaks to, and see counts. Publishes ``counts`` (dict)."""

    counts = traitlets.Dict().tag(sync=False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.theme_name = labelled_text("New theme", placeholder="e.g. Fear of police involvement")
        self.add_theme = w.Button(description="Add theme")
        self.snippet = w.Dropdown(description="Snippet", options=[], style=STYLE, layout=WIDE)
        self.themes = w.SelectMultiple(description="Themes it speaks to", options=[], style=STYLE, layout=WIDE, rows=6)
        self.save = w.Button(description="Save my themes for this snippet", button_style="primary")
        self.by = w.ToggleButtons(options=[("By group", "population"), ("By source", "source")], value="population",
                                  description="Count", style=STYLE)
        self.refresh_button = w.Button(description="Refresh")
        self.table = w.HTML()
        self.add_theme.on_click(self._add_theme)
        self.save.on_click(self._save)
        self.refresh_button.on_click(lambda _: self.refresh())
        self.by.observe(lambda _: self._show_counts(), "value")
        self.children = [w.HBox([self.theme_name, self.add_theme]), self.snippet, self.themes, self.save,
                         self.message, self.by, self.refresh_button, self.table]
        self.refresh()

    def refresh(self):
        snippets = feedback.snippets_table(self.store, self.project_id)
        self.snippet.options = [(f"{r.text[:70]}{'…' if len(r.text) > 70 else ''} ({r.source})", r.id)
                                for r in snippets.itertuples()]
        themes = feedback.themes_table(self.store, self.project_id)
        self.themes.options = [(r.name, r.id) for r in themes.itertuples()]
        self._show_counts()

    def _add_theme(self, _=None):
        rec = self.run(feedback.add_theme, self.store, self.project_id, self.theme_name.value, by=self.person,
                       ok="Theme added.")
        if rec is not None:
            self.theme_name.value = ""
            self.refresh()

    def _save(self, _=None):
        if not self.snippet.value:
            self.message.show_problem("There are no snippets to code yet.")
            return
        ids = self.run(feedback.code_snippet, self.store, self.project_id, self.snippet.value, list(self.themes.value),
                       by=self.person, ok="Your themes for this snippet are saved.")
        if ids is not None:
            self._show_counts()

    def _show_counts(self):
        t = feedback.theme_counts(self.store, self.project_id, by=self.by.value)
        if t.empty:
            self.table.value = "<p>No snippets have been given themes yet.</p>"
            self.counts = {}
            return
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in ["Theme", *t.columns])
        rows = "".join("<tr>" + f'<th scope="row">{escape(i)}</th>' + "".join(f"<td>{int(v)}</td>" for v in r)
                       + "</tr>" for i, r in zip(t.index, t.to_numpy()))
        self.table.value = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        self.counts = {str(i): int(v) for i, v in t["Total"].items()}
