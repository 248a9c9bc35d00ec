"""AuditComparePanel: compare audit answers between roles, people or over time, as a chart."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..planning import audit
from .plan_base import PlanPanel, action_button, escape, html_table

COMPARE_BY = {"role": "Roles (staff and lived experience)", "person": "Each person", "round": "Audits over time"}


class AuditComparePanel(PlanPanel):
    """Pick what to compare and which audit; press Show to redraw with everyone's latest answers."""

    groups = traitlets.List().tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = w.Dropdown(options=[(v, k) for k, v in COMPARE_BY.items()], value="role", description="Compare",
                             style={"description_width": "initial"})
        self.round = w.Dropdown(options=[], description="Which audit", style={"description_width": "initial"})
        self.show = action_button("Show the comparison", primary=True)
        self.chart = w.HTML()
        self.show.on_click(lambda _: self.refresh())
        self.children = [self.by, self.round, self.show, self.message, self.chart]
        self.refresh()

    def refresh(self):
        responses = self.run_quietly(lambda: audit.load_responses(self.store, self.project_id), [])
        rounds = audit.list_rounds(responses)
        chosen = self.round.value if self.round.value in rounds else (rounds[-1] if rounds else None)
        self.round.options = [(r, r) for r in rounds]
        self.round.value = chosen
        round_ = None if self.by.value == "round" else chosen
        table = audit.compare_responses(responses, by=self.by.value, round=round_)
        self.groups = list(table.columns)
        svg = audit.make_audit_chart(responses, by=self.by.value, round=round_)
        diffs = audit.find_differences(responses, round=round_)
        rows = [[v, *["" if x != x else x for x in r]] for v, r in zip(table.index, table.values.tolist())]
        self.chart.value = (
            f'<figure role="img" aria-label="Chart comparing audit ratings: {escape(", ".join(self.groups))}">'
            f"{svg}</figure>"
            + html_table(["Value", *self.groups], rows, empty="No answers yet.",
                         caption="Average rating: 1 not there, 2 getting there, 3 where we want to be")
            + "<h3>Where staff and lived experience differ most</h3>"
            + ("<ul>" + "".join(f"<li>{escape(d)}</li>" for d in diffs) + "</ul>" if diffs
               else "<p>No value differs by a whole step or more.</p>"))
