"""ActionPlanPanel: the organisational action plan, with overdue actions flagged."""
from __future__ import annotations

import datetime as dt

import ipywidgets as w
import traitlets

from ..planning import action_plan
from .plan_base import PlanPanel, action_button, choice_box, date_box, escape, html_table, text_box


class ActionPlanPanel(PlanPanel):
    """Add an action (or change an existing one's status); the table flags overdue ones."""

    overdue = traitlets.List().tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = text_box("What are we going to do?", area=True, rows=2)
        self.owner = text_box("Who will lead it?")
        self.team = text_box("Who else will be involved?")
        self.start = date_box("Start date", dt.date.today())
        self.complete_by = date_box("Completion date")
        self.add = action_button("Add action", primary=True)
        self.pick = w.Dropdown(description="Action", options=[], style={"description_width": "initial"})
        self.status = choice_box("Status", action_plan.STATUSES, "in_progress", buttons=True)
        self.update = action_button("Update status")
        self.table = w.HTML()
        self.add.on_click(lambda _: self._add())
        self.update.on_click(lambda _: self._update())
        self.children = [self.activity, self.owner, self.team, self.start, self.complete_by, self.add,
                         w.HTML("<h3>Update an action</h3>"), self.pick, self.status, self.update, self.message,
                         self.table]
        self.refresh()

    def _add(self):
        form = {"activity": self.activity.value, "owner": self.owner.value, "team": self.team.value,
                "start": self.start.value, "complete_by": self.complete_by.value}
        if self.run(lambda: action_plan.save_action(self.store, self.project_id, form, by=self.person),
                    ok="Action added."):
            self.activity.value = self.owner.value = self.team.value = ""
            self.refresh()

    def _update(self):
        act = next((a for a in self._actions if a.record_id == self.pick.value), None)
        if act is None:
            return
        form = {**act.to_data(), "status": self.status.value}
        if self.run(lambda: action_plan.save_action(self.store, self.project_id, form, by=self.person,
                                                    record_id=act.record_id, version=act.version), ok="Updated."):
            self.refresh()

    def refresh(self):
        self._actions = self.run_quietly(lambda: action_plan.load_actions(self.store, self.project_id), [])
        self.pick.options = [(a.activity[:60], a.record_id) for a in self._actions]
        late = action_plan.list_overdue(self._actions)
        self.overdue = [a.activity for a in late]
        counts = action_plan.summarise_actions(self._actions)
        head = ", ".join(f"{k}: {v}" for k, v in counts.items())
        rows = [[r.activity, r.owner, r.team, r.start, r.completion, r.status, "OVERDUE" if r.overdue else ""]
                for r in action_plan.tabulate_actions(self._actions).itertuples()]
        self.table.value = f"<p>{escape(head)}</p>" + html_table(
            ["Activity", "Owner", "Team", "Start", "Completion", "Status", "Overdue?"], rows)
