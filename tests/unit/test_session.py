"""The page session: project and person from the address, the demo project, the session bar
and the start page's project picker (widgets driven without a browser)."""
from __future__ import annotations

import multiprocessing as mp

import pytest

from coprod_helpers import session as s
from coprod_helpers.people import Person
from coprod_helpers.widgets.project_picker import AppLinks, ProjectPicker, app_links_html
from coprod_helpers.widgets.session_bar import SessionBar


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


def open_bar(url, query=""):
    page, notes = s.open_page_session(store_url=url, query=query)
    return SessionBar(page, notes=notes)


def test_read_query_takes_project_person_and_role():
    assert s.read_query("?project=p-1&person=Ade%20B&role=staff") == {"project": "p-1", "person": "Ade B",
                                                                       "role": "staff"}
    assert s.read_query(None) == {"project": None, "person": None, "role": None}


def test_no_address_opens_the_demo_project_as_a_guest(url):
    page, notes = s.open_page_session(store_url=url, query="")
    assert page.project.id == s.DEMO_PROJECT_ID and page.project.settings["demo"] is True
    assert page.person.pseudonym.startswith("Guest ") and page.person.role == s.GUEST_ROLE
    assert notes == []
    # the demo's public passphrase unlocks it
    assert page.store.is_reviewer("demo", page.store.unlock("demo", s.DEMO_REVIEWER_PASSPHRASE))
    again, _ = s.open_page_session(store_url=url, query="")
    assert [p.id for p in again.store.list_projects()] == ["demo"]


def test_address_chooses_project_and_person(url):
    store = s.open_page_session(store_url=url, query="")[0].store
    project = store.create_project("Crisis care", by=Person("Sam", "staff"), reviewer_passphrase="long enough")
    page, notes = s.open_page_session(store_url=url, query=f"project={project.id}&person=Kemi&role=lived_experience")
    assert page.project.id == project.id and page.person == Person("Kemi", "lived_experience")
    assert notes == []
    assert f"project={project.id}" in page.query() and "person=Kemi" in page.query()


def test_unknown_project_or_bad_role_says_so_in_plain_words(url):
    page, notes = s.open_page_session(store_url=url, query="project=nope&person=Kemi&role=wizard")
    assert page.project.id == "demo"
    assert any("no project called 'nope'" in n for n in notes)
    assert any("could not be used" in n for n in notes)
    assert page.person.pseudonym.startswith("Guest ")


def _open_demo(url, queue):
    try:
        page, _ = s.open_page_session(store_url=url, query="")
        queue.put(page.project.id)
    except Exception as err:  # reported to the test, which fails
        queue.put(repr(err))


def test_many_pages_opening_a_new_store_at_once_share_one_demo_project(url):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_open_demo, args=(url, queue)) for _ in range(6)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert results == ["demo"] * 6
    page, _ = s.open_page_session(store_url=url, query="")
    assert [p.id for p in page.store.list_projects()] == ["demo"]


def test_bar_changes_the_person_and_keeps_a_bad_name_typed(url):
    bar = open_bar(url)
    bar.pseudonym.value = "Ade"  # used as soon as it is typed (the box sends it on Enter or Tab)
    bar.role.value = "family_carer"
    assert bar.session.person == Person("Ade", "family_carer") and bar.changes == 2
    bar.pseudonym.value = "   "
    assert bar.session.person == Person("Ade", "family_carer")  # unchanged
    assert 'role="alert"' in bar.message.value and bar.changes == 2
    assert bar.pseudonym.value == "   "  # what was typed stays, to be corrected
    bar.pseudonym.value = "Ade B"
    assert bar.set_person() == Person("Ade B", "family_carer")


def test_bar_unlock_needs_the_right_passphrase(url):
    bar = open_bar(url)
    bar.passphrase.value = "not the passphrase"
    assert bar.unlock() is None and bar.session.reviewer is None
    assert "not the team" in bar.message.value and bar.passphrase.value == ""
    bar.passphrase.value = s.DEMO_REVIEWER_PASSPHRASE
    key = bar.unlock()
    assert key is not None and bar.session.store.is_reviewer("demo", bar.session.reviewer)


def test_a_participant_page_cannot_do_reviewer_actions(url):
    from coprod_helpers.errors import PermissionDenied
    from coprod_helpers.widgets.plan_payments import PaymentsPanel

    bar = open_bar(url)
    store = bar.session.store
    record = store.add("demo", "asset", {"name": "Library"}, by=bar.session.person, status="proposed")
    with pytest.raises(PermissionDenied):
        store.set_status(record.id, "published", by=bar.session.person, reviewer=bar.session.reviewer)
    with pytest.raises(PermissionDenied):
        store.update_project_settings("demo", {"x": 1}, reviewer=bar.session.reviewer)
    panel = PaymentsPanel(session=bar)
    panel.finance.click()  # the finance spreadsheet names people: reviewers only
    assert 'role="alert"' in panel.message.value


def test_links_follow_the_bar(url):
    bar = open_bar(url, "person=Kemi&role=staff")
    links = AppLinks(bar)
    assert links.value.count("<a href=") == len(s.APPS) and "person=Kemi" in links.value
    bar.pseudonym.value = "Jo <b>"
    bar.set_person()
    assert "person=Jo+%3Cb%3E" in links.value and "<b>" not in links.value
    assert app_links_html(bar.session) == links.value


def test_picker_creates_and_opens_a_project_and_refuses_mismatched_passphrases(url):
    bar = open_bar(url, "person=Kemi&role=lived_experience")
    picker = ProjectPicker(bar)
    picker.name.value = "Fairer crisis care"
    picker.passphrase.value, picker.passphrase_again.value = "three green apples", "three green pears"
    assert picker.create() is None
    assert [p.id for p in bar.session.store.list_projects()] == ["demo"]
    assert picker.name.value == "Fairer crisis care" and "not the same" in picker.message.value
    picker.passphrase.value = picker.passphrase_again.value = "short"
    assert picker.create() is None and "at least 8" in picker.message.value
    picker.passphrase.value = picker.passphrase_again.value = "three green apples"
    picker.area.value = "/no/such/area"
    assert picker.create() is None and len(bar.session.store.list_projects()) == 1
    assert picker.passphrase.value == ""  # never left in the box, even after a problem
    picker.area.value = "demo"
    picker.passphrase.value = picker.passphrase_again.value = "three green apples"
    project = picker.create()
    assert project.created_by == "Kemi" and bar.session.project.id == project.id
    assert picker.passphrase.value == "" and "Fairer crisis care" in picker.listing.value
    picker.picker.value = "demo"
    assert picker.open_chosen().id == "demo" and bar.session.project.id == "demo"
