"""ReflectionForm: a five-minute reflection after a session, and the summary over time."""
from __future__ import annotations

import datetime as dt

import ipywidgets as w

from ..planning import reflections
from .plan_base import PlanPanel, action_button, date_box, escape, html_table, text_box


class ReflectionForm(PlanPanel):
    """Four short questions and one rating; the summary below shows sessions without names."""

    def __init__(self, *args, session_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.session_name = text_box("Which session", session_name)
        self.on = date_box("Date", dt.date.today())
        self.felt_heard = w.ToggleButtons(options=[(v, k) for k, v in reflections.HEARD_SCALE.items()], value=None,
                                          description="How much did you feel heard?",
                                          style={"description_width": "initial", "button_width": "auto"})
        self.texts = {k: text_box(label, area=True, rows=2) for k, label in reflections.QUESTIONS.items()}
        self.save = action_button("Save my reflection", primary=True)
        self.summary = w.HTML()
        self.save.on_click(lambda _: self._save())
        self.children = [self.session_name, self.on, self.felt_heard, *self.texts.values(), self.save,
                         self.message, self.summary]
        self.refresh()

    def _save(self):
        form = {"session": self.session_name.value, "on": self.on.value, "felt_heard": self.felt_heard.value,
                **{k: b.value for k, b in self.texts.items()}}
        if self.run(lambda: reflections.save_reflection(self.store, self.project_id, form, by=self.person),
                    ok="Thank you, saved."):
            for box in self.texts.values():
                box.value = ""
            self.felt_heard.value = None
            self.refresh()

    def refresh(self):
        found = self.run_quietly(lambda: reflections.load_reflections(self.store, self.project_id), [])
        table = reflections.summarise_reflections(found)
        self.summary.value = ("<h3>Over time</h3>" + html_table(list(table.columns), table.values.tolist(),
                                                                 empty="No reflections yet.")
                              + f"<p>{escape(reflections.describe_trend(found))}</p>")
