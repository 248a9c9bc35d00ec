"""DriverDiagramForm: build the driver diagram together and see it drawn (step 8)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..measures import drivers as dd
from ..measures.diagram_svg import render_diagram_list_html, render_diagram_svg
from ..people import ROLES
from .measure_base import STYLE, MeasurePanel, choice_box, escape, text_box

LEVELS = {"primary": "A primary driver (a big area that must change)",
          "secondary": "A secondary driver (what drives a primary one)",
          "change_idea": "A change idea to test"}


class DriverDiagramForm(MeasurePanel):
    """Edit the project's latest driver diagram (or start one from the programme areas).

    ``diagram_id`` is the saved record; ``item_count`` the number of boxes.
    """

    diagram_id = traitlets.Unicode(None, allow_none=True)
    item_count = traitlets.Int(0)

    def __init__(self, store=None, project_id=None, person=None, *, aim_text: str = "", session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        saved = dd.list_diagrams(self.store, self.project_id) if self.store is not None and self.project_id else []
        if saved:
            self.diagram_id, self._version = saved[-1].id, saved[-1].version
            self.diagram = dd.DriverDiagram.from_dict(saved[-1].data)
        else:
            self._version = None
            self.diagram = dd.start_diagram(aim_text or self._latest_aim())
        self.aim = text_box("The aim", self.diagram.aim, area=True, rows=2)
        self.level = choice_box("Add", LEVELS)
        self.parent = w.Dropdown(description="Under", style=STYLE)
        self.text = text_box("Words for the box")
        self.tier = choice_box("Bronze, silver or gold", dd.TIERS, "silver")
        self.role = choice_box("Proposed by (role)", ROLES, getattr(self.person, "role", None))
        self.add_button = w.Button(description="Add to the diagram")
        self.remove_pick = w.Dropdown(description="Remove a box", style=STYLE)
        self.remove_button = w.Button(description="Remove it")
        self.edit_pick = w.Dropdown(description="Change a box", style=STYLE)
        self.edit_text = text_box("New words for the box")
        self.edit_tier = choice_box("Bronze, silver or gold", dd.TIERS, "silver")
        self.edit_role = choice_box("Proposed by (role)", ROLES)
        self.edit_button = w.Button(description="Change it")
        self.save_button = w.Button(description="Save the diagram", button_style="primary")
        self.picture = w.HTML()
        self.as_text = w.HTML()
        self.gaps = w.HTML()
        self.level.observe(lambda _: self._refresh_parents(), "value")
        self.add_button.on_click(lambda _: self.add())
        self.remove_button.on_click(lambda _: self.remove())
        self.edit_pick.observe(lambda _: self._load_edit(), "value")
        self.edit_button.on_click(lambda _: self.edit())
        self.save_button.on_click(lambda _: self.save())
        self.children = [self.aim, self.level, self.parent, self.text, self.tier, self.role, self.add_button,
                         w.HBox([self.remove_pick, self.remove_button]),
                         self.edit_pick, self.edit_text, self.edit_tier, self.edit_role, self.edit_button,
                         self.save_button, self.message,
                         self.picture, self.gaps, self.as_text]
        self.redraw()

    def _latest_aim(self) -> str:
        from ..measures.aims import list_aims

        if self.store is None or not self.project_id:
            return ""
        aims = list_aims(self.store, self.project_id)
        return aims[-1].data.get("sentence", "") if aims else ""

    def _refresh_parents(self):
        want = {"primary": None, "secondary": "primary", "change_idea": "secondary"}[self.level.value]
        options = [(item.text[:60], item.id) for level, item, _ in self.diagram.iter_items() if level == want]
        self.parent.options = options if want else [("The aim", "")]
        self.parent.disabled = want is None
        is_idea = self.level.value == "change_idea"
        self.tier.layout.display = self.role.layout.display = None if is_idea else "none"

    def redraw(self):
        self.diagram.aim = self.aim.value.strip()
        self.picture.value = render_diagram_svg(self.diagram)
        self.as_text.value = ("<details><summary>The diagram as a list (easier with a screen reader)</summary>"
                              + render_diagram_list_html(self.diagram) + "</details>")
        problems = dd.check_diagram(self.diagram)
        self.gaps.value = ("<p>Things to talk about:</p><ul>" + "".join(
            f"<li>{escape(p.message)} {escape(p.fix)}</li>" for p in problems) + "</ul>") if problems else ""
        boxes = [(f"{level.replace('_', ' ')}: {item.text[:50]}", item.id)
                 for level, item, _ in self.diagram.iter_items()]
        self.remove_pick.options = boxes
        picked = self.edit_pick.value
        self.edit_pick.options = boxes
        self.edit_pick.value = picked if picked in [v for _, v in boxes] else (boxes[0][1] if boxes else None)
        self._load_edit()
        self.item_count = len(boxes)
        self._refresh_parents()

    def add(self):
        def action():
            if self.level.value == "primary":
                return self.diagram.add_primary(self.text.value)
            if self.level.value == "secondary":
                return self.diagram.add_secondary(self.parent.value, self.text.value)
            return self.diagram.add_change_idea(self.parent.value, self.text.value, tier=self.tier.value,
                                                proposed_by_role=self.role.value)
        if self.run(action, "Added. Save the diagram when the group agrees.", needs_person=False) is not None:
            self.text.value = ""
            self.redraw()

    def _load_edit(self):
        """Fill the change fields from the chosen box; tier and role only for a change idea."""
        item = self.run_quietly(lambda: self.diagram.find(self.edit_pick.value)) if self.edit_pick.value else None
        is_idea = isinstance(item, dd.ChangeIdea)
        self.edit_text.value = item.text if item is not None else ""
        if is_idea:
            self.edit_tier.value = item.tier
            self.edit_role.value = item.proposed_by_role if item.proposed_by_role in ROLES else "other"
        self.edit_tier.layout.display = self.edit_role.layout.display = None if is_idea else "none"

    def edit(self):
        """Change the chosen box's words (and a change idea's tier and proposer); not saved yet."""
        def action():
            item = self.diagram.find(self.edit_pick.value)
            extra = ({"tier": self.edit_tier.value, "proposed_by_role": self.edit_role.value}
                     if isinstance(item, dd.ChangeIdea) else {})
            self.diagram.edit(item.id, text=self.edit_text.value, **extra)
            return True
        if self.run(action, "Changed (not saved yet). Save the diagram when the group agrees.", needs_person=False):
            self.redraw()

    def remove(self):
        if self.run(lambda: self.diagram.remove(self.remove_pick.value) or True, "Removed (not saved yet).",
                    needs_person=False):
            self.redraw()

    def save(self):
        self.diagram.aim = self.aim.value.strip()
        record = self.run(lambda: dd.save_diagram(self.store, self.project_id, self.diagram, by=self.person,
                                                  diagram_id=self.diagram_id, expected_version=self._version),
                          "The diagram is saved. Earlier versions are kept.")
        if record is not None:
            self.diagram_id, self._version = record.id, record.version
            self.redraw()
