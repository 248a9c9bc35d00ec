"""Fixtures shared by every test: a fresh store, a project, people, the demo area, shared data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DIR = Path(os.environ.get("COPROD_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
PASSPHRASE = "team passphrase 1"


@pytest.fixture
def store(tmp_path):
    from coprod_helpers.store import open_store
    s = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield s
    s.dispose()


@pytest.fixture
def person():
    from coprod_helpers.people import Person
    return Person("Ade", "lived_experience")


@pytest.fixture
def staff():
    from coprod_helpers.people import Person
    return Person("Sam", "staff")


@pytest.fixture
def project(store, staff):
    return store.create_project("Test project", by=staff, reviewer_passphrase=PASSPHRASE)


@pytest.fixture
def reviewer_key(store, project):
    return store.unlock(project.id, PASSPHRASE)


@pytest.fixture
def demo_area():
    from coprod_helpers.area import load_area
    return load_area("demo")


@pytest.fixture(scope="session")
def shared_dir():
    if not (SHARED_DIR / "data").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"The shared data folder {SHARED_DIR} is missing in CI.")
        pytest.skip("../shared is not beside this checkout")
    return SHARED_DIR
