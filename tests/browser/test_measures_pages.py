"""In Voilà: a participant comments on a draft aim (and another page sees it); a chart shows its signal.

Uses the session-wide ``voila_url`` server, pytest-playwright's ``page`` and ``assert_accessible``
from tests/conftest.py. The test writes to the same store as the Voilà server (``voila_store``
when the suite provides it, else the store named by $COPROD_STORE_URL).
"""
import pytest

from coprod_helpers.measures.aims import Aim, save_aim_draft
from coprod_helpers.people import Person

pytestmark = pytest.mark.browser
TIMEOUT = 90_000


@pytest.fixture
def shared_store(request):
    try:
        return request.getfixturevalue("voila_store")
    except pytest.FixtureLookupError:
        from coprod_helpers.store import open_store

        return open_store()


@pytest.fixture
def aim_project(shared_store):
    staff = Person("Sam", "staff")
    project = shared_store.create_project("Aim comments test", by=staff, reviewer_passphrase="team passphrase 1")
    save_aim_draft(shared_store, project.id, Aim("waiting times for a first talk", "young Black men",
                                                   12.0, 4.0, "weeks", "lower", "2030-01-31"), by=staff)
    return project


def _identify(page, name):
    """Fill in the session bar's name box if the page asks who we are."""
    box = page.get_by_label("Your name", exact=False)
    if box.count():
        box.first.fill(name)
        box.first.press("Enter")


def test_participant_comments_on_a_draft_aim_and_another_page_sees_it(voila_url, page, browser, aim_project,
                                                                        assert_accessible):
    url = f"{voila_url}/voila/render/05_aim_and_theory_of_change.ipynb?project={aim_project.id}"
    page.goto(url)
    page.locator("text=We aim to reduce waiting times >> visible=true").first.wait_for(timeout=TIMEOUT)
    _identify(page, "Ade")
    box = page.get_by_label("Your comment on this draft")
    box.fill("Please say <which> young men, and ask us at the barbers")
    page.get_by_role("button", name="Add comment").click()
    page.wait_for_selector("text=Your comment is saved", timeout=TIMEOUT)
    assert page.locator("text=Please say <which> young men").count() >= 1   # shown as text, escaped
    assert_accessible(page)

    other = browser.new_page()
    try:
        other.goto(url)
        other.wait_for_selector("text=Please say <which> young men", timeout=TIMEOUT)
        assert other.locator("text=Comment on draft 1").count() >= 1
    finally:
        other.close()


def test_demo_chart_shows_its_signal_label(voila_url, page, assert_accessible):
    page.goto(f"{voila_url}/voila/render/06_measures.ipynb")
    page.locator("text=Follow-up within 72 hours (demo): Black African and Caribbean >> visible=true").first.wait_for(
        timeout=TIMEOUT)
    label = page.locator("li", has_text="Improvement: 12 points in a row above the centre line")
    label.first.wait_for(timeout=TIMEOUT)
    svg_text = page.locator("svg text", has_text="Improvement: 12 points in a row")
    assert svg_text.count() >= 1
    assert page.locator("svg title", has_text="Special cause variation: improvement").count() >= 1
    assert_accessible(page)
