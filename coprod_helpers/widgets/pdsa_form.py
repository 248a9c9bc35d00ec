"""PDSACycleForm: record a Plan-Do-Study-Act cycle that tests a change idea (step 8)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..measures import drivers as dd
from ..measures import pdsa
from .common import action_button, html_table
from .measure_base import STYLE, MeasurePanel, choice_box, text_box

#: The dropdown choice that shows the box for typing a change idea that is not in the diagram.
TYPED = "__typed__"
# Adopt / adapt / abandon, with "not decided yet" first: a cycle is often saved before it is studied.
NEXT_STEP_CHOICES = {"": pdsa.NEXT_STEPS[""], **{k: v for k, v in pdsa.NEXT_STEPS.items() if k}}


class PDSACycleForm(MeasurePanel):
    """A form for one PDSA cycle, and the list of the project's saved cycles.

    The change idea is picked from the project's latest driver diagram, or typed (then its
    words are kept as its id). ``cycle_id`` is the cycle being edited (saving again makes a
    new version); ``cycle_count`` the number of saved cycles.
    """

    cycle_id = traitlets.Unicode(None, allow_none=True)
    cycle_count = traitlets.Int(0)

    def __init__(self, store=None, project_id=None, person=None, *, session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        self._version = None
        self.change_idea = w.Dropdown(description="Which change idea are we testing?", style=STYLE,
                                      layout=w.Layout(width="100%", max_width="48em"))
        self.typed_idea = text_box("The change idea, in a few words")
        self.title = text_box("Name of this cycle", placeholder="e.g. Cycle 1: text reminders")
        self.start_date = w.DatePicker(description="Start date", style=STYLE)
        self.end_date = w.DatePicker(description="End date (if finished)", style=STYLE)
        self.prediction = text_box("Plan: what do we think will happen?", area=True)
        self.what_was_done = text_box("Do: what did we do?", area=True)
        self.what_was_learned = text_box("Study: what did we learn? Was the prediction right?", area=True)
        self.next_step = choice_box("Act: what next?", NEXT_STEP_CHOICES, "")
        self.next_step_notes = text_box("Notes about the next step", area=True, rows=2)
        self.save_button = action_button("Save the cycle", primary=True)
        self.new_button = action_button("Start a new cycle")
        self.saved = w.HTML()
        self.change_idea.observe(lambda _: self._show_typed_box(), "value")
        self.save_button.on_click(lambda _: self.save())
        self.new_button.on_click(lambda _: self.clear_form())
        self.children = [self.change_idea, self.typed_idea, self.title, self.start_date, self.end_date,
                         self.prediction, self.what_was_done, self.what_was_learned, self.next_step,
                         self.next_step_notes, w.HBox([self.save_button, self.new_button]), self.message,
                         self.saved]
        self.refresh()

    # -- reading the project ------------------------------------------------------------
    def _ideas(self) -> dict:
        """``{id: words}`` for the change ideas in the project's latest driver diagram."""
        if self.store is None or not self.project_id:
            return {}
        saved = dd.list_diagrams(self.store, self.project_id)
        if not saved:
            return {}
        return {c.id: c.text for c in dd.DriverDiagram.from_dict(saved[-1].data).change_ideas()}

    def refresh(self) -> None:
        """Reload the change ideas and the list of saved cycles."""
        ideas = self._ideas()
        keep = self.change_idea.value
        self.change_idea.options = [(text[:80], key) for key, text in ideas.items()] + [
            ("Another idea (type it below)", TYPED)]
        values = [key for _, key in self.change_idea.options]
        self.change_idea.value = keep if keep in values else values[0]
        self._show_typed_box()
        cycles = (self.run_quietly(lambda: pdsa.list_cycles(self.store, self.project_id), [])
                  if self.store is not None and self.project_id else [])
        self.cycle_count = len(cycles)
        rows = [(c.start_date, c.title, ideas.get(c.change_idea_id, c.change_idea_id), c.prediction,
                 c.what_was_learned, pdsa.NEXT_STEPS.get(c.next_step, c.next_step)) for c in cycles]
        self.saved.value = html_table(
            ["Started", "Cycle", "Change idea", "Prediction", "What we learned", "Next step"], rows,
            empty="No cycles saved yet.", caption="Our PDSA cycles")

    def _show_typed_box(self) -> None:
        self.typed_idea.layout.display = None if self.change_idea.value == TYPED else "none"

    # -- the form -----------------------------------------------------------------------
    def read_form(self) -> pdsa.PDSACycle:
        idea = self.typed_idea.value.strip() if self.change_idea.value == TYPED else (self.change_idea.value or "")
        return pdsa.PDSACycle(
            change_idea_id=idea, title=self.title.value.strip(),
            start_date=self.start_date.value.isoformat() if self.start_date.value else "",
            end_date=self.end_date.value.isoformat() if self.end_date.value else None,
            prediction=self.prediction.value.strip(), what_was_done=self.what_was_done.value.strip(),
            what_was_learned=self.what_was_learned.value.strip(), next_step=self.next_step.value,
            next_step_notes=self.next_step_notes.value.strip())

    def save(self):
        """Save the cycle (a new version when it was saved before); returns the Record or None."""
        cycle = self.read_form()
        record = self.run(lambda: pdsa.save_cycle(self.store, self.project_id, cycle, by=self.person,
                                                  cycle_id=self.cycle_id, expected_version=self._version),
                          "The cycle is saved. It will be marked on the charts of your measures.")
        if record is not None:
            self.cycle_id, self._version = record.id, record.version
            self.refresh()
        return record

    def clear_form(self) -> None:
        """Empty the boxes to record another cycle."""
        self.cycle_id, self._version = None, None
        for box in (self.typed_idea, self.title, self.prediction, self.what_was_done, self.what_was_learned,
                    self.next_step_notes):
            box.value = ""
        self.start_date.value = self.end_date.value = None
        self.next_step.value = ""
        self.message.clear()
