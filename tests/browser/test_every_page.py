"""Every app opens in Voilà with no error, no traceback and no serious accessibility problem,
and the start page can be used with the keyboard alone."""
from __future__ import annotations

import uuid

import pytest

from coprod_helpers.session import APPS, START_PAGE

pytestmark = pytest.mark.browser
WAIT = 150_000
PAGES = [START_PAGE] + [notebook for notebook, _title, _about in APPS]


def wait_until_rendered(page) -> None:
    """Voilà has run every cell (its spinner is gone) and the widgets are drawn."""
    page.wait_for_function("() => !document.querySelector('#loading') || "
                           "getComputedStyle(document.querySelector('#loading')).display === 'none'", timeout=WAIT)
    page.locator(".coprod-session-bar").first.wait_for(timeout=WAIT)
    page.wait_for_timeout(1500)  # let late widgets (maps, charts) finish drawing


@pytest.mark.parametrize("notebook", PAGES)
def test_page_opens_with_no_error_and_passes_axe(page, voila_url, notebook, assert_accessible):
    page.goto(f"{voila_url}/voila/render/{notebook}", timeout=WAIT)
    wait_until_rendered(page)
    body = page.inner_text("body")
    assert "could not be shown" not in body and "Traceback" not in body
    assert "Project: Riverside Vale demo (fictional)" in body
    assert_accessible(page)


def test_start_page_works_with_the_keyboard_alone(page, voila_url, voila_store_url):
    from coprod_helpers.store import open_store

    name = f"Keyboard project {uuid.uuid4().hex[:6]}"
    page.goto(f"{voila_url}/voila/render/{START_PAGE}", timeout=WAIT)
    wait_until_rendered(page)

    def tab_to(label: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            focused = page.evaluate("() => { const e = document.activeElement; const l = e && e.labels && e.labels[0];"
                                    " return (l ? l.textContent : '') + '|' + (e ? e.textContent : ''); }")
            if label in focused:
                return
        raise AssertionError(f"'{label}' cannot be reached with the Tab key")

    tab_to("Name of the new project")
    page.keyboard.type(name)
    tab_to("Reviewer passphrase for the team")
    page.keyboard.type("keys only please")
    tab_to("Type the passphrase again")
    page.keyboard.type("keys only please")
    tab_to("Create the project")
    page.keyboard.press("Enter")
    page.wait_for_timeout(3000)
    messages = page.locator("[role=alert], [role=status]").all_inner_texts()
    assert any(f"The project {name} is ready" in m for m in messages), messages
    store = open_store(voila_store_url)
    assert [p.name for p in store.list_projects()].count(name) == 1
    store.dispose()
