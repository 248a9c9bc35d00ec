"""A participant writes and downloads a wellbeing plan; the store holds no trace of its text."""
import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from coprod_helpers.people import Person
from coprod_helpers.planning.documents import docx_text
from coprod_helpers.store import open_store

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
SECRET = "Canary-heron-4821 walks by the river keep me steady"
TRIGGER = "Canary-trigger-9137 crowded buses"


def served_store_url(request) -> str:
    """The store URL the Voila server uses: the ``voila_store_url`` fixture if the suite has one,
    else ``$COPROD_STORE_URL`` as set by the ``voila_url`` fixture."""
    try:
        return request.getfixturevalue("voila_store_url")
    except pytest.FixtureLookupError:
        return os.environ["COPROD_STORE_URL"]


def _sqlite_files(url: str) -> list[Path]:
    db = Path(sa.make_url(url).database)
    return [p for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")) if p.exists()]


def _everything_in_store(store) -> str:
    """Every project, record and earlier version in the store, as one string."""
    parts = []
    for project in store.list_projects():
        parts.append(repr(project))
        for rec in store.records(project.id, include_deleted=True):
            parts.append(repr(rec))
            parts.extend(repr(v) for v in store.history(rec.id))
    return "\n".join(parts)


def test_wellbeing_plan_downloads_and_leaves_no_trace(voila_url, browser, assert_accessible, request):
    url = served_store_url(request)
    store = open_store(url)
    project = store.create_project("Wellbeing test", by=Person("Lead", "staff"),
                                   reviewer_passphrase="team passphrase 1")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    query = urlencode({"project": project.id, "person": "Ade", "role": "lived_experience"})
    page.goto(f"{voila_url}/voila/render/01_plan_coproduction.ipynb?{query}", timeout=TIMEOUT)
    page.wait_for_selector("text=Make my plan to download", timeout=TIMEOUT)

    page.get_by_label("What keeps me well").fill(SECRET)
    page.get_by_label("Things that can make me unwell").fill(TRIGGER)
    page.get_by_role("button", name="Make my plan to download").click()
    link = page.get_by_role("link", name="Download my wellbeing plan (Word)")
    link.wait_for(timeout=TIMEOUT)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "my-wellbeing-plan.docx"
    text = docx_text(Path(download.path()).read_bytes())
    assert SECRET in text and TRIGGER in text
    assert_accessible(page)
    context.close()

    for needle in (SECRET, TRIGGER, "Canary-heron-4821", "Canary-trigger-9137"):
        assert needle not in _everything_in_store(store)
        for path in _sqlite_files(url):
            raw = path.read_bytes()
            assert needle.encode("utf-8") not in raw and needle.encode("utf-16-le") not in raw, path
    assert store.records(project.id, include_deleted=True) == []
    store.dispose()
