"""Two participants answer the co-production audit from their own pages; the comparison shows both."""
import os
from urllib.parse import urlencode

import pytest

from coprod_helpers.people import Person
from coprod_helpers.planning import audit
from coprod_helpers.store import open_store

pytestmark = pytest.mark.browser
TIMEOUT = 90_000


def served_store_url(request) -> str:
    """The store URL the Voila server uses: the ``voila_store_url`` fixture if the suite has one,
    else ``$COPROD_STORE_URL`` as set by the ``voila_url`` fixture."""
    try:
        return request.getfixturevalue("voila_store_url")
    except pytest.FixtureLookupError:
        return os.environ["COPROD_STORE_URL"]


@pytest.fixture
def served_project(voila_url, request):
    """A new project in the store the Voila server uses."""
    store = open_store(served_store_url(request))
    project = store.create_project("Audit test", by=Person("Lead", "staff"), reviewer_passphrase="team passphrase 1")
    yield store, project
    store.dispose()


def open_as(page, voila_url, notebook, project_id, pseudonym, role):
    query = urlencode({"project": project_id, "person": pseudonym, "role": role})
    page.goto(f"{voila_url}/voila/render/{notebook}?{query}", timeout=TIMEOUT)


def answer_audit(page, rating_label):
    page.wait_for_selector("text=Save my answers", timeout=TIMEOUT)
    buttons = page.get_by_role("button", name=rating_label, exact=True)
    assert buttons.count() == len(audit.VALUES)
    for i in range(buttons.count()):
        buttons.nth(i).click()
    page.get_by_label("What do we need to do?").first.fill("Pay people for their time")
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_selector("text=your answers are saved", timeout=TIMEOUT)


def test_two_participants_audit_and_the_chart_shows_both(voila_url, served_project, browser, assert_accessible):
    store, project = served_project
    pages = []
    for pseudonym, role, rating in [("Ade", "lived_experience", "Not there"), ("Sam", "staff", "Where we want to be")]:
        page = browser.new_context().new_page()
        open_as(page, voila_url, "07_keeping_it_going.ipynb", project.id, pseudonym, role)
        answer_audit(page, rating)
        pages.append(page)
    saved = audit.load_responses(store, project.id)
    assert sorted((r.person, r.role) for r in saved) == [("Ade", "lived_experience"), ("Sam", "staff")]

    page = pages[0]
    page.get_by_role("button", name="Show the comparison").click()
    chart = page.locator("figure[role=img] svg")
    chart.locator("text", has_text="Staff member (n=1)").wait_for(timeout=TIMEOUT)
    assert chart.locator("text", has_text="Person with lived experience (n=1)").count() == 1
    assert page.get_by_text("Seeing people as assets: staff average 3.0, lived experience average 1.0").count() == 1
    assert_accessible(page)
    for p in pages:
        p.context.close()
