"""SkillsPanel (sort skills into four piles) and NetworksPanel (groups and wider networks)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..planning import skills
from .plan_base import PlanPanel, action_button, choice_box, escape, html_table, text_box


class SkillsPanel(PlanPanel):
    """Add a skill to one of the four piles and see what the group holds and lacks."""

    summary = traitlets.Dict().tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = text_box("Skill", placeholder="for example: public speaking")
        self.category = w.RadioButtons(options=[(v, k) for k, v in skills.CATEGORIES.items()], value="we_have_it",
                                       description="Which pile", style={"description_width": "initial"})
        self.note = text_box("Note (optional)")
        self.add = action_button("Add skill", primary=True)
        self.shown = w.HTML()
        self.add.on_click(lambda _: self._add())
        self.children = [self.name, self.category, self.note, self.add, self.message, self.shown]
        self.refresh()

    def _add(self):
        form = {"name": self.name.value, "category": self.category.value, "note": self.note.value}
        if self.run(lambda: skills.save_skill(self.store, self.project_id, form, by=self.person), ok="Added."):
            self.name.value = self.note.value = ""
            self.refresh()

    def refresh(self):
        found = self.run_quietly(lambda: skills.load_skills(self.store, self.project_id), [])
        self.summary = skills.summarise_skills(found)
        counts = "".join(f"<li>{escape(k)}: {v}</li>" for k, v in self.summary["counts"].items())
        held = ", ".join(self.summary["held"]) or "none yet"
        gaps = ", ".join(self.summary["gaps"]) or "none found"
        self.shown.value = (f"<ul>{counts}</ul><p><strong>What we hold:</strong> {escape(held)}</p>"
                            f"<p><strong>Gaps:</strong> {escape(gaps)}</p>")


class NetworksPanel(PlanPanel):
    """Groups involved now, and who in our wider networks we could bring in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = text_box("Group or network")
        self.role = text_box("Their role, or what they could bring")
        self.place = choice_box("Where they are", skills.NETWORK_PLACES, "involved", buttons=True)
        self.add = action_button("Add", primary=True)
        self.shown = w.HTML()
        self.add.on_click(lambda _: self._add())
        self.children = [self.name, self.role, self.place, self.add, self.message, self.shown]
        self.refresh()

    def _add(self):
        form = {"name": self.name.value, "role": self.role.value, "place": self.place.value}
        if self.run(lambda: skills.save_network_entry(self.store, self.project_id, form, by=self.person),
                    ok="Added."):
            self.name.value = self.role.value = ""
            self.refresh()

    def refresh(self):
        split = skills.summarise_network(self.run_quietly(lambda: skills.load_network(self.store, self.project_id),
                                                          []))
        self.shown.value = "".join(f"<h3>{escape(label)}</h3>" + html_table(["Who", "Role"],
                                                                             [[e.name, e.role] for e in entries])
                                   for label, entries in split.items())
