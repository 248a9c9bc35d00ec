"""The start page in Voilà: a participant creates a project, reloads, and finds it listed;
maps in Voilà load Leaflet from the installed packages with no network."""
from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.browser
WAIT = 120_000
START = "00_start_here.ipynb"


def open_start(page, voila_url, query=""):
    page.goto(f"{voila_url}/voila/render/{START}{query}", timeout=WAIT)
    page.wait_for_selector("text=Create the project", timeout=WAIT)


def test_participant_creates_a_project_and_sees_it_after_reload(page, voila_url, voila_store_url,
                                                                assert_accessible):
    from coprod_helpers.store import open_store

    name = f"Fairer crisis care {uuid.uuid4().hex[:6]}"
    open_start(page, voila_url, "?person=Kemi&role=lived_experience")
    assert page.get_by_label("Your name or nickname").input_value() == "Kemi"
    page.get_by_label("Name of the new project").fill(name)
    page.get_by_label("Reviewer passphrase for the team").fill("three green apples")
    page.get_by_label("Type the passphrase again").fill("three green apples")
    page.get_by_role("button", name="Create the project").click()
    page.wait_for_selector(f"text=The project {name} is ready", timeout=WAIT)
    assert_accessible(page)

    store = open_store(voila_store_url)
    made = [p for p in store.list_projects() if p.name == name]
    assert len(made) == 1 and made[0].created_by == "Kemi" and made[0].created_role == "lived_experience"
    # the links to the steps now open the new project as the same person
    link = page.get_by_role("link", name="4. Our community asset map")
    assert f"project={made[0].id}" in link.get_attribute("href")
    assert "person=Kemi" in link.get_attribute("href")
    store.dispose()

    page.reload()
    page.wait_for_selector("text=Create the project", timeout=WAIT)
    assert page.locator("table", has_text="Projects in this workbook").get_by_text(name).count() == 1


def test_mismatched_passphrases_save_nothing_and_say_why(page, voila_url, voila_store_url):
    from coprod_helpers.store import open_store

    name = f"Not saved {uuid.uuid4().hex[:6]}"
    open_start(page, voila_url)
    page.get_by_label("Name of the new project").fill(name)
    page.get_by_label("Reviewer passphrase for the team").fill("three green apples")
    page.get_by_label("Type the passphrase again").fill("three green pears")
    page.get_by_role("button", name="Create the project").click()
    page.wait_for_selector("text=The two passphrases are not the same", timeout=WAIT)
    assert page.get_by_label("Name of the new project").input_value() == name  # what was typed is kept
    store = open_store(voila_store_url)
    assert all(p.name != name for p in store.list_projects())
    store.dispose()
    assert page.locator("text=Traceback").count() == 0


def test_map_in_voila_loads_leaflet_offline_and_draws_the_small_areas(page, voila_url, assert_accessible):
    page.goto(f"{voila_url}/voila/render/04_asset_map.ipynb", timeout=WAIT)
    frame = page.frame_locator("iframe").first
    frame.locator(".leaflet-container").wait_for(timeout=WAIT)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=WAIT)
    assert frame.locator("path.leaflet-interactive").count() >= 100  # the 150 demo small areas
    # the map is redrawn after a change (a new iframe): wait until its Leaflet has loaded
    page.wait_for_function("() => Array.from(document.querySelectorAll('iframe'))"
                           ".some(f => f.contentWindow && typeof f.contentWindow.L === 'object')", timeout=WAIT)
    assert_accessible(page)
