"""ChecklistPanel: answer the getting-started checklist and see what is still open."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..planning import checklist
from .plan_base import PlanPanel, action_button, choice_box, escape, html_table, text_box


class ChecklistPanel(PlanPanel):
    """Pick an item, answer it (yes / in progress / not yet) with a note and an owner, save."""

    saved_id = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = w.Dropdown(options=[(f"{i.group}: {i.text}", i.id) for i in checklist.CHECKLIST],
                               description="Question", style={"description_width": "initial"},
                               layout=w.Layout(width="100%", max_width="46em"))
        self.source = w.HTML()
        self.answer = choice_box("Our answer", checklist.ANSWERS, "not_yet", buttons=True)
        self.owner = text_box("Who is looking after it", placeholder="a name or a role")
        self.note = text_box("Note", area=True)
        self.save = action_button("Save answer", primary=True)
        self.table = w.HTML()
        self.item.observe(lambda _: self._show_item(), "value")
        self.save.on_click(lambda _: self._save())
        self.children = [self.item, self.source, self.answer, self.owner, self.note, self.save, self.message,
                         w.HTML("<h3>Where we are</h3>"), self.table]
        self._show_item()
        self.refresh()

    def _show_item(self):
        item = checklist.ITEMS_BY_ID[self.item.value]
        self.source.value = f"<p><strong>{escape(item.text)}</strong><br><small>{escape(item.source)}</small></p>"
        current = self.run_quietly(lambda: checklist.load_answers(self.store, self.project_id), {}).get(item.id)
        if current:
            self.answer.value, self.owner.value, self.note.value = current.answer, current.owner, current.note
        else:
            self.answer.value, self.owner.value, self.note.value = "not_yet", "", ""

    def _save(self):
        form = {"item_id": self.item.value, "answer": self.answer.value, "owner": self.owner.value,
                "note": self.note.value}
        saved = self.run(lambda: checklist.save_answer(self.store, self.project_id, form, by=self.person),
                         ok="Saved. You can change this answer any time.")
        if saved:
            self.saved_id = saved.record_id
            self.refresh()

    def refresh(self):
        answers = self.run_quietly(lambda: checklist.load_answers(self.store, self.project_id), {})
        counts = checklist.count_open(answers)
        table = checklist.summarise_checklist(answers)
        summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
        self.table.value = f"<p>{escape(summary)}</p>" + html_table(
            ["Question", "Answer", "Who", "Note"],
            [[r.item, r.answer, r.owner, r.note] for r in table.itertuples()])
