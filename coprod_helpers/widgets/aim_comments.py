"""AimCommentPanel: people who represent the population read a draft aim and comment on it."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..measures import aims
from .measure_base import STYLE, MeasurePanel, escape, text_box


class AimCommentPanel(MeasurePanel):
    """Shows the current draft and its history; ``comment_count`` is the number of comments on it."""

    comment_count = traitlets.Int(0)

    def __init__(self, store=None, project_id=None, person=None, *, aim_id=None, session=None, **kwargs):
        super().__init__(store, project_id, person, session=session, **kwargs)
        self.picker = w.Dropdown(description="Draft aim", style=STYLE)
        self.current = w.HTML()
        self.comment = text_box("Your comment on this draft", area=True,
                                placeholder="What works for you? What would you change?")
        self.send_button = w.Button(description="Add comment", button_style="primary")
        self.refresh_button = w.Button(description="Show latest")
        self.timeline = w.HTML()
        self.send_button.on_click(lambda _: self.send())
        self.refresh_button.on_click(lambda _: self.refresh())
        self.picker.observe(lambda _: self.show(), "value")
        self.children = [self.picker, self.current, self.comment, w.HBox([self.send_button, self.refresh_button]),
                         self.message, w.HTML("<h3>Drafts and comments so far</h3>"), self.timeline]
        self.refresh(select=aim_id)

    @property
    def aim_id(self):
        return self.picker.value

    def refresh(self, select=None):
        records = aims.list_aims(self.store, self.project_id) if self.store is not None and self.project_id else []
        keep = select or self.picker.value
        self.picker.options = [(r.data.get("sentence", "")[:80], r.id) for r in records]
        ids = [r.id for r in records]
        self.picker.value = keep if keep in ids else (ids[-1] if ids else None)
        self.show()

    def show(self):
        if not self.aim_id:
            self.current.value = "<p>There is no draft aim yet. The team writes one on the aim page.</p>"
            self.timeline.value, self.comment_count = "", 0
            return
        record = self.store.get(self.aim_id)
        self.current.value = (f'<p><strong>Draft {record.version}:</strong> '
                              f'{escape(record.data.get("sentence", ""))}</p>')
        items = aims.aim_timeline(self.store, self.aim_id)
        self.timeline.value = aims.timeline_to_html(items)
        self.comment_count = sum(1 for i in items if i["type"] == "comment")

    def send(self):
        saved = self.run(lambda: aims.add_aim_comment(self.store, self.project_id, self.aim_id, self.comment.value,
                                                      by=self.person),
                         "Thank you. Your comment is saved and the team will see it.")
        if saved is not None:
            self.comment.value = ""
            self.show()
