"""The throwaway PostgreSQL server the suite starts for the store tests."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from postgres_server import PostgresServer, find_postgres_bin, skip_or_fail


def test_missing_postgres_skips_locally_but_fails_in_ci(monkeypatch, tmp_path):
    assert find_postgres_bin(tmp_path) is None
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        skip_or_fail("no PostgreSQL here")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        skip_or_fail("no PostgreSQL here")


@pytest.mark.postgres
def test_session_server_listens_on_loopback_only(postgres_url):
    assert "@127.0.0.1:" in postgres_url
    engine = sa.create_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW listen_addresses").scalar() == "127.0.0.1"
        assert conn.exec_driver_sql("SHOW server_version").scalar().startswith("15")
    engine.dispose()


@pytest.mark.postgres
def test_server_stops_and_leaves_nothing_behind(postgres_url):
    server = PostgresServer()
    url = server.start()
    base = server.base
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    engine.dispose()
    server.stop()
    assert not Path(base).exists()
    with pytest.raises(sa.exc.OperationalError):
        sa.create_engine(url, connect_args={"connect_timeout": 2}).connect()
