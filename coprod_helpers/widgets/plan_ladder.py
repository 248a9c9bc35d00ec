"""LadderForm: agree where the team stands on the ladder of co-production."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..planning import ladder
from .plan_base import PlanPanel, action_button, escape, text_box


class LadderForm(PlanPanel):
    """Choose a rung, say what it would take to climb one, and save what the group agreed."""

    position = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rungs = "".join(f"<li><strong>{escape(label)}</strong>: {escape(text)}</li>"
                        for label, text in reversed(list(ladder.RUNGS.values())))
        self.explain = w.HTML(f"<ul>{rungs}</ul><p><small>{escape(ladder.SOURCE)}</small></p>")
        self.rung = w.RadioButtons(options=[(v[0], k) for k, v in ladder.RUNGS.items()], value=None,
                                   description="Where we are now", style={"description_width": "initial"})
        self.to_climb = text_box("What it would take to climb a rung", area=True, rows=4)
        self.agreed_by = text_box("Who agreed this", placeholder="for example: the whole team at the May meeting")
        self.save = action_button("Save what we agreed", primary=True)
        self.current = w.HTML()
        self.save.on_click(lambda _: self._save())
        self.children = [self.explain, self.rung, self.to_climb, self.agreed_by, self.save, self.message,
                         self.current]
        self.refresh()

    def _save(self):
        form = {"rung": self.rung.value, "to_climb": self.to_climb.value, "agreed_by": self.agreed_by.value}
        saved = self.run(lambda: ladder.save_position(self.store, self.project_id, form, by=self.person),
                         ok="Saved.")
        if saved:
            self.refresh()

    def refresh(self):
        pos = self.run_quietly(lambda: ladder.load_position(self.store, self.project_id))
        self.position = pos.rung if pos else ""
        self.current.value = f"<p><strong>{escape(ladder.describe_position(pos))}</strong></p>"
