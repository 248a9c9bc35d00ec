"""GroundRulesPanel: propose ground rules, agree them, mark the top ones (or just show them)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..planning import agreement
from .plan_base import PlanPanel, action_button, choice_box, escape, text_box
from .common import check_box


class GroundRulesPanel(PlanPanel):
    """Suggest a rule; change a rule's status or mark it as a top rule; see the agreed list."""

    agreed = traitlets.List().tag(sync=False)

    def __init__(self, *args, show_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_rule = text_box("Suggest a ground rule", placeholder="for example: one person speaks at a time")
        self.suggest = action_button("Add suggestion", primary=True)
        self.pick = w.Dropdown(description="Ground rule", options=[], style={"description_width": "initial"})
        self.status = choice_box("Status", agreement.STATUSES, "agreed", buttons=True)
        self.top = check_box(description="One of our top rules")
        self.update = action_button("Save change")
        self.shown = w.HTML()
        self.suggest.on_click(lambda _: self._suggest())
        self.update.on_click(lambda _: self._update())
        editing = [self.new_rule, self.suggest, w.HTML("<h3>Agree the rules</h3>"), self.pick, self.status,
                   self.top, self.update]
        # show_only: just the agreed list, for reading out at the start of a meeting
        self.children = [self.message, self.shown] if show_only else [*editing, self.message, self.shown]
        self.refresh()

    def _suggest(self):
        saved = self.run(lambda: agreement.save_rule(self.store, self.project_id, {"text": self.new_rule.value},
                                                     by=self.person), ok="Added as a suggestion.")
        if saved:
            self.new_rule.value = ""
            self.refresh()

    def _update(self):
        rule = next((r for r in self._rules if r.record_id == self.pick.value), None)
        if rule is None:
            return
        form = {"text": rule.text, "status": self.status.value, "top": self.top.value}
        saved = self.run(lambda: agreement.save_rule(self.store, self.project_id, form, by=self.person,
                                                     record_id=rule.record_id, version=rule.version), ok="Saved.")
        if saved:
            self.refresh()

    def refresh(self):
        self._rules = self.run_quietly(lambda: agreement.load_rules(self.store, self.project_id), [])
        self.pick.options = [(f"{r.text} ({agreement.STATUSES[r.status]})", r.record_id) for r in self._rules]
        agreed = agreement.list_agreed_rules(self._rules)
        self.agreed = [r.text for r in agreed]
        items = "".join(f"<li>{'<strong>★ ' if r.top else ''}{escape(r.text)}{'</strong>' if r.top else ''}</li>"
                        for r in agreed)
        self.shown.value = ("<h3>Our ground rules</h3>" + (f"<ol>{items}</ol>" if items else
                                                         "<p><em>None agreed yet.</em></p>"))
