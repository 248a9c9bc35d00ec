"""Fixtures for the browser tests: Chromium with no network, a Voilà server, an axe check.

Chromium is the one ``tests/chromium.py`` finds (the README's test command installs one
where none is found). It resolves no host but 127.0.0.1, so a page that needed a CDN or
the internet would show it here.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from chromium import LAUNCH_FLAGS, find_system_chromium, playwright_has_chromium  # noqa: E402
from voila_server import VoilaServer  # noqa: E402

#: axe-core impacts that fail a test.
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = find_system_chromium()
    if path is None and not playwright_has_chromium():
        message = "No Chromium found: run 'python tests/chromium.py --install'"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this fails rather than skips)", pytrace=False)
        pytest.skip(message)
    args = {**browser_type_launch_args, "args": LAUNCH_FLAGS}
    if path:
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def voila_store_url(tmp_path_factory):
    """The project store the Voilà server under test uses (a fresh SQLite file)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('voila_store') / 'store.sqlite'}"
    os.environ["COPROD_STORE_URL"] = url  # for tests that open the same store themselves
    return url


@pytest.fixture(scope="session")
def voila_url(voila_store_url, tmp_path_factory):
    """Base URL of a Voilà server for ``notebooks/``, started like the README starts it."""
    log = tmp_path_factory.mktemp("voila_log") / "voila.log"
    server = VoilaServer(voila_store_url, log_path=log)
    try:
        server.start()
    except Exception:
        server.stop()
        print(log.read_text(errors="replace")[-4000:] if log.exists() else "", file=sys.stderr)
        raise
    yield server.url
    server.stop()


def axe_violations(page) -> list[dict]:
    """The serious and critical axe-core violations on ``page`` (axe comes with the test extras)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:5])
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) at {targets}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    """Call with a page: fails on any serious or critical axe-core violation."""
    def check(page):
        found = axe_violations(page)
        assert not found, "Accessibility problems:\n" + describe(found)
    return check
