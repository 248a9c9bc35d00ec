"""Fixtures for the project store tests: a PostgreSQL server the suite starts itself,
and a fresh empty store on each backend.

Names here are store-specific on purpose, so they never hide the shared fixtures in
``tests/conftest.py`` (``store``, ``project``, ``person``...).
"""
from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
if str(TESTS_DIR) not in sys.path:  # for the helpers next to the test folders
    sys.path.insert(0, str(TESTS_DIR))

from postgres_server import PostgresServer, find_postgres_bin, skip_or_fail  # noqa: E402


@pytest.fixture(scope="session")
def postgres_url():
    """URL of a throwaway PostgreSQL 15 server on 127.0.0.1, started once for the session."""
    if find_postgres_bin() is None:
        skip_or_fail("PostgreSQL 15 binaries not found in /usr/lib/postgresql/15/bin")
    server = PostgresServer()
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server.url
    server.stop()


@pytest.fixture
def fresh_postgres_url(postgres_url):
    """URL of a new, empty database on the test server (dropped afterwards)."""
    import sqlalchemy as sa

    name = f"store_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_url(request, tmp_path):
    """URL of a new, empty store: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def backend_store(backend_url):
    """An opened, empty store on each backend."""
    from coprod_helpers.store import open_store

    store = open_store(backend_url)
    yield store
    store.dispose()
