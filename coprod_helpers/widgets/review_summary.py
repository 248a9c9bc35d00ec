"""ReviewSummaryPanel: each priority population side by side (its gap, top themes, consented quotes),
and the data-review summary to download as HTML and Excel."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..planning.documents import make_download_link
from ..populations import feedback, gap_results, summary_export
from .common import action_button
from .population_base import STYLE, PopulationPanel, escape

NONE = "none"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReviewSummaryPanel(PopulationPanel):
    """For each priority population, choose the group in the saved gap result it matches.

    The cards and the files show the same shareable summary: small counts hidden, quotes only
    where people agreed. Publishes ``gap_groups`` (``{population: group or None}``) and
    ``summary_html`` (the HTML file, once made).

    Parameters
    ----------
    populations : list of str
        The priority populations as named in the feedback; by default every population
        that has feedback.
    action : str
        What the numbers count, as it fits "... as likely ... to <action>", e.g. "be detained".
    """

    gap_groups = traitlets.Dict().tag(sync=False)
    summary_html = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *, populations=(), action: str = "have this happen", title: str = "Data review summary",
                 **kwargs):
        super().__init__(**kwargs)
        self.populations, self.action, self.title = list(populations), action, title
        self.source = w.HTML()
        self.matches = w.VBox()
        self.pickers: dict[str, w.Dropdown] = {}
        self.cards = w.HTML()
        self.refresh_button = action_button("Refresh")
        self.make_files = action_button("Make files to download", primary=True)
        self.downloads = w.HTML()
        self.refresh_button.on_click(lambda _: self.refresh())
        self.make_files.on_click(lambda _: self.make_downloads())
        self.children = [self.source, self.matches, self.refresh_button, self.message, self.cards,
                         self.make_files, self.downloads]
        self.refresh()

    def _priority(self) -> list[str]:
        if self.populations:
            return self.populations
        pops = feedback.snippets_table(self.store, self.project_id)["population"]
        return sorted({str(p) for p in pops if str(p).strip()})

    def refresh(self) -> None:
        """Read the latest gap result and feedback again; keep the matches already chosen."""
        result = self.run_quietly(lambda: gap_results.latest_gap_results(self.store, self.project_id))
        groups = [str(r.get("group")) for r in (result or {}).get("rows") or []]
        if result is None:
            self.source.value = ("<p>No gaps have been saved yet. Find them on the page about gaps and press "
                                 "the button to keep them; then press Refresh here.</p>")
        else:
            by = f" by {result.get('split_by')}" if result.get("split_by") else ""
            self.source.value = (f"<p>Gaps from the latest saved result: <strong>{escape(result.get('measure'))}"
                                 f"{escape(by)}</strong>. For each group below, choose the group in these numbers "
                                 "it matches (or none).</p>")
        defaults = summary_export.default_gap_groups(self._priority(), groups)
        options = [("none", NONE)] + [(g, g) for g in groups]
        old = {pop: d.value for pop, d in self.pickers.items()}
        self.pickers = {}
        for pop, default in defaults.items():
            value = old.get(pop) if old.get(pop) in groups else (default or NONE)
            picker = w.Dropdown(options=options, value=value, description=f"{pop} is in the numbers as",
                                style=STYLE, layout=w.Layout(width="100%", max_width="48em"))
            picker.observe(lambda _: self.show(), "value")
            self.pickers[pop] = picker
        self.matches.children = list(self.pickers.values())
        self.show()

    def build(self) -> summary_export.Summary:
        """The shareable summary with the matches as chosen."""
        return summary_export.build_summary([], store=self.store, project_id=self.project_id,
                                            priority_populations=list(self.pickers), title=self.title,
                                            action=self.action, gap_groups=dict(self.gap_groups))

    def show(self) -> None:
        self.gap_groups = {pop: (None if d.value == NONE else d.value) for pop, d in self.pickers.items()}
        self.downloads.value = ""
        summary = self.run_quietly(self.build)
        if summary is None:
            return
        if not summary.populations:
            self.cards.value = "<p><em>Nothing to show yet: save what people said first.</em></p>"
            return
        self.cards.value = ('<div class="review-summary" style="display:flex;flex-wrap:wrap;gap:1em">'
                            + "".join(_card(p) for p in summary.populations) + "</div>"
                            f"<p>Counts under {summary.threshold} are shown as *.</p>")

    def make_downloads(self):
        """Make the HTML and Excel files (shareable) and show links to download them."""
        summary = self.run_quietly(self.build)
        if summary is None:
            return None
        page = summary_export.export_summary_html(summary, charts=False)
        book = summary_export.export_summary_xlsx(summary)
        self.summary_html = page
        self.downloads.value = ("<p>" + make_download_link(page, "data-review-summary.html",
                                                           "Download the summary (web page)", "text/html")
                                + " &nbsp; " + make_download_link(book, "data-review-summary.xlsx",
                                                                  "Download the summary (Excel)", XLSX)
                                + "</p>")
        self.message.show_ok("The files are ready. Small counts are hidden and only agreed quotes are included.")
        return page, book


def _card(p: dict) -> str:
    # top themes already carry their shareable counts ("*" for small ones)
    themes = "".join(f"<li>{escape(t)} ({escape(n)})</li>"
                     for t, n in p["top_themes"]) or "<li>No themes yet</li>"
    quotes = "".join(f'<blockquote class="summary-quote">{escape(q)}</blockquote>' for q in p["quotes"])
    return (f'<section style="flex:1 1 18em;border:1px solid #999;padding:.5em">'
            f"<h3>{escape(p['population'])}</h3><h4>The gap</h4><p>{escape(p['gap']['in_words'])}</p>"
            f"<h4>Top themes</h4><ul>{themes}</ul>"
            f"<h4>In their words (with consent)</h4>{quotes or '<p>No quotes yet.</p>'}</section>")
