"""Who is on a page, in which project: the context every workbook app shares.

A Voilà page learns its project and person from the address, for example
``.../voila/render/02_identify_populations.ipynb?project=riverside-1a2b&person=Ade&role=lived_experience``;
without them it opens the fictional demo project and calls the person "Guest NNNN"
until they say who they are in the bar at the top of the page.

In JupyterLab an analyst does the same with arguments::

    >>> from coprod_helpers.session import start_app          # doctest: +SKIP
    >>> app = start_app(project="riverside-1a2b", person="Sam", role="staff")

``app.session`` holds ``store``, ``project``, ``person`` and ``reviewer``; every widget
reads them at the moment it saves, so a change made in the bar is picked up at once.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from .errors import InputError
from .people import Person

DEMO_PROJECT_ID = "demo"
DEMO_PROJECT_NAME = "Riverside Vale demo (fictional)"
#: The demo project's reviewer passphrase. It is public on purpose: the demo holds only
#: made-up data, so that anyone can try reviewing. Real projects choose their own.
DEMO_REVIEWER_PASSPHRASE = "riverside vale demo"
GUEST_ROLE = "other"

#: The apps in the order a team works through them: notebook, title, what it is for.
APPS: tuple[tuple[str, str, str], ...] = (
    ("01_plan_coproduction.ipynb", "1. Plan how we work together",
     "Steps 1 to 3: the early checklist, the ladder, who does what, paying people, ground rules, "
     "skills, the work plan and a private wellbeing plan."),
    ("02_identify_populations.ipynb", "2. Which groups are treated unfairly?",
     "Step 4: the numbers by group, the gaps, and choosing together which groups to focus on."),
    ("03_data_review.ipynb", "3. Listen and find common themes",
     "Step 5: what people told us, with personal details removed, and the themes that come up."),
    ("04_asset_map.ipynb", "4. Our community asset map",
     "Step 6: the places that help people, added and checked together, shared as a map."),
    ("05_aim_and_theory_of_change.ipynb", "5. Our aim and how change will happen",
     "Steps 7 and 8: a clear aim, comments on drafts, and a driver diagram of change ideas."),
    ("06_measures.ipynb", "6. How we will know things are better",
     "Step 9: a family of measures, their definitions, and charts that show real change."),
    ("07_keeping_it_going.ipynb", "7. Keep co-production going",
     "Step 10: the audit of the six values, the action plan, review meetings and a summary."),
)
START_PAGE = "00_start_here.ipynb"


@dataclass
class PageSession:
    """The store, project, person and reviewer key of one page (changed by the session bar)."""

    store: object
    project: object
    person: Person | None
    reviewer: object = None

    @property
    def project_id(self) -> str:
        return self.project.id

    def query(self) -> str:
        """The address query that opens another app in this project as this person."""
        params = {"project": self.project.id}
        if self.person is not None:
            params.update(person=self.person.pseudonym, role=self.person.role)
        return urlencode(params)


def read_query(query: str | None) -> dict:
    """The ``project``, ``person`` and ``role`` given in a page address (missing ones are None).

    Examples
    --------
    >>> read_query("project=demo&person=Ade&role=staff")
    {'project': 'demo', 'person': 'Ade', 'role': 'staff'}
    >>> read_query("")["project"] is None
    True
    """
    parsed = parse_qs((query or "").lstrip("?"), keep_blank_values=False)
    return {key: (parsed.get(key) or [None])[0] for key in ("project", "person", "role")}


def guest_person() -> Person:
    """A stand-in name for someone who has not said who they are yet."""
    return Person(f"Guest {secrets.randbelow(9000) + 1000}", GUEST_ROLE)


def person_from(pseudonym: str | None, role: str | None) -> Person | None:
    """The person named in an address, or None when the name or role is missing or not valid."""
    if not pseudonym:
        return None
    try:
        return Person(pseudonym, role or GUEST_ROLE)
    except InputError:
        return None


def ensure_demo_project(store):
    """The demo project, made on first use (several pages may ask at once; one wins)."""
    from sqlalchemy.exc import IntegrityError

    try:
        return store.get_project(DEMO_PROJECT_ID)
    except InputError:
        pass
    try:
        return store.create_project(DEMO_PROJECT_NAME, area="demo", project_id=DEMO_PROJECT_ID,
                                    by=Person("Workbook", "other"),
                                    reviewer_passphrase=DEMO_REVIEWER_PASSPHRASE, settings={"demo": True})
    except IntegrityError:  # another page made it a moment ago
        return store.get_project(DEMO_PROJECT_ID)


def open_page_session(*, store_url: str | None = None, query: str | None = None, project: str | None = None,
                      person: str | Person | None = None, role: str | None = None) -> tuple[PageSession, list[str]]:
    """Open the store and work out the page's project and person.

    Arguments win over the address ``query`` (``$QUERY_STRING`` in a Voilà kernel).
    Returns the session and a list of plain notes for the page (for example an unknown project).
    """
    from .store import open_store

    given = read_query(os.environ.get("QUERY_STRING", "") if query is None else query)
    store = open_store(store_url)
    notes: list[str] = []
    project_id = project or given["project"]
    chosen = None
    if project_id:
        try:
            chosen = store.get_project(project_id)
        except InputError:
            notes.append(f"There is no project called '{project_id}' in this workbook, so the demo project "
                         "is open instead. Go back to the start page to choose your project.")
    if chosen is None:
        chosen = ensure_demo_project(store)
    if isinstance(person, Person):
        who = person
    else:
        who = person_from(person or given["person"], role or given["role"])
        if who is None and (person or given["person"]):
            notes.append("The name or role in the page address could not be used; please say who you are below.")
    return PageSession(store=store, project=chosen, person=who or guest_person()), notes


def start_app(*, store_url: str | None = None, query: str | None = None, project: str | None = None,
              person: str | Person | None = None, role: str | None = None, show: bool = True):
    """Open the page's session and show the bar at the top of a workbook app.

    Returns the :class:`~coprod_helpers.widgets.session_bar.SessionBar`; pass it (or its
    ``.session``) to the page's widgets as ``session=``. ``show=False`` builds it without
    displaying it (for tests and scripts).
    """
    from .widgets.session_bar import SessionBar

    session, notes = open_page_session(store_url=store_url, query=query, project=project, person=person,
                                       role=role)
    bar = SessionBar(session, notes=notes)
    if show:
        from IPython.display import display

        display(bar)
    return bar
