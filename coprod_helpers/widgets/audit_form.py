"""AuditForm: one person rates the six core values and says what we need to do."""
from __future__ import annotations

import datetime as dt

import ipywidgets as w
import traitlets

from ..planning import audit
from .plan_base import PlanPanel, action_button, date_box, escape, text_box


class AuditForm(PlanPanel):
    """Rate each value "not there / getting there / where we want to be", add what we need to do, save.

    The answer is saved under the name and role of the person using the page.
    """

    saved_id = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *args, round_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.round = text_box("Which audit", round_name, placeholder="for example: Spring 2025")
        self.on = date_box("Date", dt.date.today())
        self.ratings, self.actions, rows = {}, {}, []
        for key, (label, meaning) in audit.VALUES.items():
            self.ratings[key] = w.ToggleButtons(options=[(v, k) for k, v in audit.RATINGS.items()], value=None,
                                                description="Where are we now?",
                                                style={"description_width": "initial", "button_width": "auto"})
            self.actions[key] = text_box("What do we need to do?", area=True, rows=2)
            rows.append(w.VBox([w.HTML(f"<h3>{escape(label)}</h3><p>{escape(meaning)}</p>"), self.ratings[key],
                                self.actions[key]]))
        self.save = action_button("Save my answers", primary=True)
        self.children = [self.round, self.on, *rows, self.save, self.message,
                         w.HTML(f"<p><small>{escape(audit.SOURCE)}</small></p>")]
        self.save.on_click(lambda _: self._save())
        self.load_my_answers()

    def load_my_answers(self):
        """Fill the form with this person's saved answers for the named audit, if any."""
        person = self.person
        if person is None or not self.round.value.strip():
            return
        mine = [r for r in self.run_quietly(lambda: audit.load_responses(self.store, self.project_id), [])
                if r.person == person.pseudonym and r.round.casefold() == self.round.value.strip().casefold()]
        if mine:
            for key in audit.VALUES:
                self.ratings[key].value = mine[-1].ratings.get(key)
                self.actions[key].value = mine[-1].actions.get(key, "")

    def _save(self):
        form = {"round": self.round.value, "on": self.on.value,
                "ratings": {k: b.value for k, b in self.ratings.items()},
                "actions": {k: b.value for k, b in self.actions.items()}}
        saved = self.run(lambda: audit.save_response(self.store, self.project_id, form, by=self.person),
                         ok="Thank you: your answers are saved. You can change them and save again.")
        if saved:
            self.saved_id = saved.record_id
