"""WellbeingForm: write a private wellbeing plan and download it. Nothing is saved unless you choose."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..errors import InputError
from ..planning import wellbeing
from ..planning.documents import DOCX_MIME, HTML_MIME, make_download_link
from .plan_base import PlanPanel, action_button, escape, text_box
from .common import check_box

PRIVACY_NOTE = ("This plan is yours. What you type here stays on this page: it is not saved for the team. "
                "Download it to keep it. You can share a copy with the team below, only if you want to.")


class WellbeingForm(PlanPanel):
    """Six boxes, a button that makes the plan as a Word file and a web page to download, and an
    optional, separate step to share a copy with the team."""

    downloads_html = traitlets.Unicode("").tag(sync=False)
    shared = traitlets.Bool(False).tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.note = w.HTML(f'<p role="note"><strong>{escape(PRIVACY_NOTE)}</strong></p>')
        self.name = text_box("My name (optional, only on my copy)")
        self.boxes = {key: text_box(label, area=True, placeholder=prompt, rows=3)
                      for key, (label, prompt) in wellbeing.SECTIONS.items()}
        self.make = action_button("Make my plan to download", primary=True)
        self.downloads = w.HTML()
        self.clear_all = action_button("Clear this page")
        self.share_choice = check_box(description="I choose to share my plan with the team",
                                       value=False)
        self.share = action_button("Share a copy with the team")
        self.make.on_click(lambda _: self._make())
        self.clear_all.on_click(lambda _: self._clear())
        self.share.on_click(lambda _: self._share())
        self.children = [self.note, self.name, *self.boxes.values(), self.make, self.message, self.downloads,
                         self.clear_all, w.HTML("<h3>Sharing (optional)</h3>"), self.share_choice, self.share]

    def _form(self) -> dict:
        return {"name": self.name.value, **{k: b.value for k, b in self.boxes.items()}}

    def _make(self):
        try:
            plan = wellbeing.WellbeingPlan.from_form(self._form())
        except InputError as err:
            self.message.show_problems(err)
            return
        files = wellbeing.make_wellbeing_files(plan)
        self.downloads_html = (
            make_download_link(files["my-wellbeing-plan.docx"], "my-wellbeing-plan.docx",
                               "Download my wellbeing plan (Word)", DOCX_MIME) + " | "
            + make_download_link(files["my-wellbeing-plan.html"], "my-wellbeing-plan.html",
                                 "Download as a web page", HTML_MIME))
        self.downloads.value = f"<p>{self.downloads_html}</p>"
        self.message.show_ok("Your plan is ready. Download it with the links below. It has not been saved.")

    def _clear(self):
        self.name.value = ""
        for box in self.boxes.values():
            box.value = ""
        self.downloads_html = self.downloads.value = ""
        self.message.show_ok("Cleared from this page.")

    def _share(self):
        def share():
            plan = wellbeing.WellbeingPlan.from_form(self._form())
            return wellbeing.share_wellbeing_plan(self.store, self.project_id, plan, by=self.person,
                                                  i_choose_to_share=self.share_choice.value is True)
        if self.run(share, ok="A copy has been shared with the team."):
            self.shared = True
