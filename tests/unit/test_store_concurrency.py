"""Several workshop pages writing at once: every row is kept and nobody sees "database is locked"."""
from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
import traceback

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from coprod_helpers.people import Person
from coprod_helpers.store import engine as store_engine
from coprod_helpers.store import open_store, schema

PROCESSES = 10
RECORDS_EACH = 30
SAM = Person("Sam", "staff")


def _add_records(url: str, project_id: str, worker: int, start, results) -> None:
    """One workshop page: adds records one by one, reading the list now and then."""
    try:
        store = open_store(url)
        person = Person(f"Page {worker}", "other")
        start.wait(120)
        ids = []
        for n in range(RECORDS_EACH):
            ids.append(store.add(project_id, "load", {"worker": worker, "n": n}, by=person).id)
            if n % 5 == 4:  # reads under load
                assert len(store.records(project_id, "load")) >= n + 1
                assert store.get(ids[-1]).data == {"worker": worker, "n": n}
        store.dispose()
        results.put((worker, ids, None))
    except BaseException:
        results.put((worker, [], traceback.format_exc()))


@pytest.mark.slow
def test_ten_processes_adding_at_once_keep_every_row(backend_url):
    store = open_store(backend_url)
    project = store.create_project("Busy workshop", by=SAM, reviewer_passphrase="team passphrase 1")
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(PROCESSES), ctx.Queue()
    workers = [ctx.Process(target=_add_records, args=(backend_url, project.id, n, start, results))
               for n in range(PROCESSES)]
    for w in workers:
        w.start()
    try:
        outcomes = [results.get(timeout=240) for _ in workers]
    finally:
        for w in workers:
            w.join(60)
    errors = {worker: err for worker, _, err in outcomes if err}
    assert errors == {}, "\n".join(errors.values())
    assert not any("database is locked" in (err or "") for _, _, err in outcomes)
    assert all(w.exitcode == 0 for w in workers)

    expected = {rid for _, ids, _ in outcomes for rid in ids}
    assert len(expected) == PROCESSES * RECORDS_EACH
    rows = store.records(project.id, "load")
    assert len(rows) == PROCESSES * RECORDS_EACH and {r.id for r in rows} == expected
    assert {(r.data["worker"], r.data["n"]) for r in rows} == {
        (w, n) for w in range(PROCESSES) for n in range(RECORDS_EACH)}
    with store.engine.connect() as conn:
        versions = conn.execute(sa.select(sa.func.count()).select_from(schema.record_versions)).scalar_one()
    assert versions == PROCESSES * RECORDS_EACH
    store.dispose()


def _hold_write_lock(path, seconds: float, held: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO projects (id, name, area, created_at, created_by, created_role) "
                 "VALUES ('holder', 'Holder', 'demo', '2024-01-01 00:00:00', 'x', 'other')")
    held.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_write_waits_out_a_lock_longer_than_the_busy_timeout(tmp_path, monkeypatch):
    path = tmp_path / "store.sqlite"
    open_store(f"sqlite:///{path}").dispose()
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 50)  # so SQLite itself gives up quickly
    store = open_store(f"sqlite:///{path}")
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 1.0, held))
    holder.start()
    assert held.wait(10)
    try:
        with pytest.raises(OperationalError, match="database is locked"):  # what run_write hides
            with store.engine.connect().execution_options(write=True) as conn, conn.begin():
                pass
        started = time.monotonic()
        project = store.create_project("Patient", by=SAM, reviewer_passphrase="team passphrase 1")
        assert time.monotonic() - started > 0.5  # it really waited for the lock holder
    finally:
        holder.join()
    assert {p.id for p in store.list_projects()} == {"holder", project.id}
    store.dispose()


def test_reads_do_not_wait_for_a_writer(tmp_path):
    path = tmp_path / "store.sqlite"
    store = open_store(f"sqlite:///{path}")
    project = store.create_project("Reading", by=SAM, reviewer_passphrase="team passphrase 1")
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 2.0, held))
    holder.start()
    assert held.wait(10)
    started = time.monotonic()
    try:
        assert [p.id for p in store.list_projects()] == [project.id]  # uncommitted row not seen
        assert store.records(project.id) == []
        assert time.monotonic() - started < 1.0
    finally:
        holder.join()
    store.dispose()


def test_run_write_retries_only_busy_errors(monkeypatch, tmp_path):
    monkeypatch.setattr(store_engine.time, "sleep", lambda s: None)
    engine = store_engine.make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    calls = []

    def flaky(conn):
        calls.append(1)
        if len(calls) < 4:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
        return "saved"

    assert store_engine.run_write(engine, flaky) == "saved" and len(calls) == 4
    assert store_engine.run_read(engine, lambda c: c.exec_driver_sql("SELECT 1").scalar()) == 1

    def broken(conn):
        calls.append(1)
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("no such table: nowhere"))

    calls.clear()
    with pytest.raises(OperationalError, match="no such table"):
        store_engine.run_write(engine, broken)
    assert len(calls) == 1
    engine.dispose()


def test_sqlite_store_uses_wal_and_full_sync(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    store.dispose()
