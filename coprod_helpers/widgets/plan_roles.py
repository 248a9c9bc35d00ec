"""TermsForm (who does what) and RoleDescriptionForm (a role description to download)."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..people import ROLES
from ..planning import roles
from ..planning.documents import DOCX_MIME, HTML_MIME, make_download_link
from .plan_base import PlanPanel, action_button, choice_box, html_table, text_box


class TermsForm(PlanPanel):
    """The terms of reference: purpose, lead, admin, members by pseudonym and role, decisions."""

    members = traitlets.List().tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose = text_box("What the team is for", area=True)
        self.lead = text_box("Who leads on co-production")
        self.admin = text_box("Who does the administration")
        self.decisions = text_box("How we make decisions", area=True)
        self.meetings = text_box("How and when we meet", area=True, rows=2)
        self.member_name = text_box("Member's name or nickname")
        self.member_role = choice_box("Their role", ROLES, "lived_experience")
        self.member_part = text_box("What they do in the team")
        self.add_member = action_button("Add to the team list")
        self.member_list = w.HTML()
        self.save = action_button("Save terms of reference", primary=True)
        self.add_member.on_click(lambda _: self._add_member())
        self.save.on_click(lambda _: self._save())
        self.children = [self.purpose, self.lead, self.admin, self.decisions, self.meetings,
                         w.HTML("<h3>Who is in the team</h3>"), self.member_name, self.member_role,
                         self.member_part, self.add_member, self.member_list, self.save, self.message]
        terms = self.run_quietly(lambda: roles.load_terms(self.store, self.project_id))
        if terms:
            self.purpose.value, self.lead.value, self.admin.value = terms.purpose, terms.lead, terms.admin
            self.decisions.value, self.meetings.value = terms.decisions, terms.meetings
            self.members = [dict(m) for m in terms.members]
        self._show_members()

    def _add_member(self):
        member = {"pseudonym": self.member_name.value.strip(), "role": self.member_role.value,
                  "part": self.member_part.value.strip()}
        if not member["pseudonym"]:
            self.message.show_problems(ValueError("Please type the member's name or nickname first."))
            return
        self.members = [*self.members, member]
        self.member_name.value = self.member_part.value = ""
        self.message.clear()
        self._show_members()

    def _show_members(self):
        self.member_list.value = html_table(["Name", "Role", "What they do"],
                                            [[m["pseudonym"], ROLES.get(m["role"], m["role"]), m["part"]]
                                             for m in self.members], empty="Nobody added yet.")

    def _save(self):
        form = {"purpose": self.purpose.value, "lead": self.lead.value, "admin": self.admin.value,
                "decisions": self.decisions.value, "meetings": self.meetings.value, "members": self.members}
        self.run(lambda: roles.save_terms(self.store, self.project_id, form, by=self.person), ok="Saved.")


class RoleDescriptionForm(PlanPanel):
    """Edit the role description template together, save it, and download it."""

    download_html = traitlets.Unicode("").tag(sync=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = self.run_quietly(lambda: roles.load_role_descriptions(self.store, self.project_id), [])
        start = saved[-1].to_data() if saved else roles.make_role_template()
        self._record = (saved[-1].record_id, saved[-1].version) if saved else (None, None)
        self.title = text_box("Role title", start["title"])
        self.boxes = {}
        for key, label in roles.ROLE_SECTIONS.items():
            value = start.get(key, "")
            value = "\n".join(value) if isinstance(value, list) else value
            hint = " (one per line)" if key in ("tasks", "bring") else ""
            self.boxes[key] = text_box(label + hint, value, area=True, rows=4 if hint else 2)
        self.save = action_button("Save and make the document", primary=True)
        self.downloads = w.HTML()
        self.save.on_click(lambda _: self._save())
        self.children = [self.title, *self.boxes.values(), self.save, self.message, self.downloads]

    def _save(self):
        form = {"title": self.title.value, **{k: b.value for k, b in self.boxes.items()}}
        rid, version = self._record
        desc = self.run(lambda: roles.save_role_description(self.store, self.project_id, form, by=self.person,
                                                            record_id=rid, version=version),
                        ok="Saved. Download the document below.")
        if desc:
            self._record = (desc.record_id, desc.version)
            doc = desc.to_document()
            self.download_html = (make_download_link(doc.to_docx(), "role-description.docx",
                                                     "Download the role description (Word)", DOCX_MIME) + " | "
                                  + make_download_link(doc.to_html(), "role-description.html",
                                                       "Download as a web page", HTML_MIME))
            self.downloads.value = f"<p>{self.download_html}</p>"
