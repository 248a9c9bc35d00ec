"""The bar at the top of every app: which project this is, who you are, and reviewer unlock."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from ..errors import InputError, PermissionDenied
from ..people import ROLES, Person
from ..session import START_PAGE
from .common import MessageArea, action_button, choice_box, escape, password_box, text_box


#: Page-wide style for every app (the bar is on each page): buttons as wide as
#: their words (ipywidgets cuts them to a fixed width; tick boxes use common.check_box), and a
#: clear keyboard focus ring.
PAGE_STYLE = """<style>
.jupyter-widgets.widget-button { width: auto; min-width: var(--jp-widgets-inline-width-short); }
.jupyter-widgets :focus-visible { outline: 3px solid #1a237e; outline-offset: 2px; }
</style>"""


def project_heading_html(session) -> str:
    """The project's name, a note when it is the demo, and a link back to the start page."""
    project = session.project
    demo = " <em>(made-up demo data: try things out here)</em>" if project.settings.get("demo") else ""
    return (f'<nav aria-label="Workbook" class="coprod-session-heading">'
            f'<p style="margin:0">Project: <strong>{escape(project.name)}</strong>{demo} &middot; '
            f'<a href="{START_PAGE}?{escape(session.query())}">Back to the start page</a></p></nav>')


class SessionBar(w.VBox):
    """Shows the page's project, lets a person say who they are, and unlocks reviewing.

    ``session`` (a :class:`~coprod_helpers.session.PageSession`) is changed in place; the
    ``changes`` trait counts the changes so that other widgets can follow them.
    """

    changes = traitlets.Int(0).tag(sync=False)

    def __init__(self, session, *, notes=(), **kwargs):
        super().__init__(**kwargs)
        self.session = session
        self.heading = w.HTML()
        self.notes = w.HTML("".join(f'<p role="status">{escape(n)}</p>' for n in notes))
        person = session.person
        self.pseudonym = text_box("Your name or nickname", person.pseudonym if person else "")
        self.role = choice_box("Your role", ROLES, value=person.role if person else None)
        self.use_name = action_button("Use this name")
        self.use_name.on_click(lambda _: self.set_person())
        # a name is used as soon as it is typed (Enter or leaving the box), as is a new role
        self.pseudonym.continuous_update = False
        self.pseudonym.observe(lambda _: self.set_person(), "value")
        self.role.observe(lambda _: self.set_person(), "value")
        self.passphrase = password_box("Team passphrase (for reviewers only)")
        self.unlock_button = action_button("Unlock for the whole page")
        self.unlock_button.on_click(lambda _: self.unlock())
        self.message = MessageArea()
        self.add_class("coprod-session-bar")
        self.children = [self.heading, self.notes,
                         w.HBox([self.pseudonym, self.role, self.use_name], layout=w.Layout(flex_flow="row wrap")),
                         w.HBox([self.passphrase, self.unlock_button], layout=w.Layout(flex_flow="row wrap")),
                         self.message]
        self.layout = w.Layout(border="1px solid #b0bec5", padding="4px 8px", margin="0 0 1em 0")
        self.show_heading()

    def show_heading(self) -> None:
        self.heading.value = PAGE_STYLE + project_heading_html(self.session)

    def _changed(self) -> None:
        self.show_heading()
        self.changes += 1

    def set_person(self) -> Person | None:
        """Use the name and role typed in the bar for everything saved from this page."""
        try:
            person = Person(self.pseudonym.value, self.role.value)
        except InputError as err:
            self.message.show_problems(err)
            return None
        self.session.person = person
        self.message.show_ok(f"Thank you. Things you add from this page will say {person.pseudonym} "
                             f"({person.role_label}).")
        self._changed()
        return person

    def unlock(self):
        """Check the team's passphrase; on success every part of the page can do reviewer actions."""
        try:
            key = self.session.store.unlock(self.session.project.id, self.passphrase.value)
        except PermissionDenied as err:
            self.message.show_problems(err)
            return None
        finally:
            self.passphrase.value = ""
        self.session.reviewer = key
        self.message.show_ok("Reviewer tools are unlocked on every part of this page until you close it.")
        self._changed()
        return key

    def switch_project(self, project) -> None:
        """Open another project on this page (the reviewer key belongs to the old one, so it is dropped)."""
        self.session.project = project
        self.session.reviewer = None
        self._changed()
