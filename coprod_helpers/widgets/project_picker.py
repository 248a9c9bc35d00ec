"""The start page's widgets: choose or create a project, and links to each app."""
from __future__ import annotations

import ipywidgets as w

from ..errors import InputError, PermissionDenied
from ..session import APPS
from .common import MessageArea, action_button, escape, html_table, password_box, text_box


def app_links_html(session) -> str:
    """The apps in the order a team uses them, each link keeping the project and the person."""
    query = escape(session.query())
    items = "".join(f'<li style="margin-bottom:.5em"><a href="{nb}?{query}"><strong>{escape(title)}</strong></a>'
                    f"<br>{escape(about)}</li>" for nb, title, about in APPS)
    return f'<nav aria-label="The workbook\'s steps"><ol style="list-style:none;padding-left:0">{items}</ol></nav>'


def projects_table_html(projects) -> str:
    rows = [(p.name, p.id, p.area, f"{p.created_at:%d %b %Y}", p.created_by) for p in projects]
    return html_table(["Project", "Short id", "Area", "Started", "Started by"], rows,
                      caption="Projects in this workbook", empty="There are no projects yet.")


WIDE_BOX = {"width": "100%", "max_width": "46em"}


class AppLinks(w.HTML):
    """Links to every app, kept in step with the bar's project and person."""

    def __init__(self, bar, **kwargs):
        super().__init__(**kwargs)
        self.bar = bar
        bar.observe(lambda _: self.refresh(), "changes")
        self.refresh()

    def refresh(self) -> None:
        self.value = app_links_html(self.bar.session)


class ProjectPicker(w.VBox):
    """Open one of the store's projects, or start a new one (whoever starts it sets the passphrase)."""

    def __init__(self, bar, **kwargs):
        super().__init__(**kwargs)
        self.bar = bar
        self.picker = w.Dropdown(description="Choose your project", style={"description_width": "initial"},
                                 layout=w.Layout(**WIDE_BOX))
        self.open_button = action_button("Open this project", primary=True)
        self.open_button.on_click(lambda _: self.open_chosen())
        self.listing = w.HTML()
        self.name = text_box("Name of the new project", placeholder="For example: Fairer crisis care in our borough")
        self.area = text_box("Area", "demo", placeholder="demo, or the folder your analyst saved your area in")
        self.passphrase = password_box("Reviewer passphrase for the team (at least 8 characters)", **WIDE_BOX)
        self.passphrase_again = password_box("Type the passphrase again", **WIDE_BOX)
        # sent to the kernel once, when the box is left, not keystroke by keystroke: fast typing
        # could otherwise reach the kernel out of step and make the two boxes differ
        for box in (self.name, self.passphrase, self.passphrase_again):
            box.continuous_update = False
        self.create_button = action_button("Create the project", primary=True)
        self.create_button.on_click(lambda _: self.create())
        self.message = MessageArea()
        self.children = [w.HBox([self.picker, self.open_button]), self.listing,
                         w.HTML("<h3>Or start a new project</h3><p>Choose a passphrase and give it only to the "
                                "people who will check and publish what others add.</p>"),
                         self.name, self.area, self.passphrase, self.passphrase_again, self.create_button,
                         self.message]
        self.refresh()

    @property
    def store(self):
        return self.bar.session.store

    def refresh(self) -> None:
        projects = self.store.list_projects()
        self.picker.options = [(f"{p.name} ({p.id})", p.id) for p in projects]
        self.picker.value = self.bar.session.project.id if projects else None
        self.listing.value = projects_table_html(projects)

    def open_chosen(self):
        try:
            project = self.store.get_project(self.picker.value)
        except InputError as err:
            self.message.show_problems(err)
            return None
        self.bar.switch_project(project)
        self.message.show_ok(f"{project.name} is open. The links below now open its pages.")
        return project

    def _check_area(self) -> str:
        area = self.area.value.strip() or "demo"
        if area != "demo":
            from ..area import load_area

            load_area(area)  # raises InputError naming what is missing
        return area

    def create(self):
        """Create the project from the form, open it, and clear the passphrase boxes."""
        try:
            if self.passphrase.value != self.passphrase_again.value:
                raise InputError("The two passphrases are not the same.", field="passphrase",
                                 fix="Type the same passphrase in both boxes.")
            project = self.store.create_project(self.name.value, area=self._check_area(),
                                                by=self.bar.session.person, reviewer_passphrase=self.passphrase.value)
        except (InputError, PermissionDenied) as err:
            self.message.show_problems(err)
            return None
        finally:
            self.passphrase.value = self.passphrase_again.value = ""
        self.bar.switch_project(project)
        self.refresh()
        self.name.value = ""
        self.message.show_ok(f"The project {project.name} is ready, and open. Its short id is {project.id}.")
        return project
