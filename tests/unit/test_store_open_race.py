"""Many pages opening the same brand-new SQLite store at once: every one opens it, nobody
sees "database is locked", and every row they add is kept.

Turning a new file into WAL (the ``PRAGMA journal_mode=WAL`` each connection sends) is a
write. A process that asks for it while another holds the write lock gets SQLITE_BUSY at
once: SQLite does not call the busy handler there, so the busy timeout does not help and
the store has to wait and ask again itself.
"""
from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
import traceback
from contextlib import closing

import pytest
import sqlalchemy as sa

from coprod_helpers.people import Person
from coprod_helpers.store import engine as store_engine
from coprod_helpers.store import open_store, schema
from coprod_helpers.store.migrate import current_revision, head_revision

SAM = Person("Sam", "staff")
PROCESSES = 12
ROUNDS = 12  # a brand-new file each round, all processes opening it at the same moment


def _hold_write_lock_on_new_file(path, seconds: float, held: threading.Event) -> None:
    """What another process creating the file does: it holds the write lock (briefly, in real life)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"  # still a new, plain file
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
    finally:
        conn.close()


@pytest.fixture
def locked_new_file(tmp_path):
    path = tmp_path / "store.sqlite"
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock_on_new_file, args=(path, 1.0, held))
    holder.start()
    assert held.wait(10)
    yield path
    holder.join()


def test_sqlite_itself_answers_busy_at_once_here(locked_new_file):
    """The SQLite behaviour the store must cope with (if this changes, the tests below prove less)."""
    with closing(sqlite3.connect(locked_new_file, isolation_level=None, timeout=30)) as conn:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            conn.execute("PRAGMA journal_mode=WAL")
        assert time.monotonic() - started < 0.5  # the 30 s busy timeout was not used


def test_connecting_waits_while_another_process_holds_a_new_files_write_lock(locked_new_file):
    engine = store_engine.make_engine(f"sqlite:///{locked_new_file}")
    try:
        started = time.monotonic()
        with engine.connect() as conn:
            assert time.monotonic() - started > 0.5  # it waited for the holder
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def test_opening_waits_while_another_process_holds_a_new_files_write_lock(locked_new_file):
    started = time.monotonic()
    store = open_store(f"sqlite:///{locked_new_file}")
    try:
        assert time.monotonic() - started > 0.5
        assert current_revision(store.engine) == head_revision()
        project = store.create_project("After the wait", by=SAM, reviewer_passphrase="team passphrase 1")
        rec = store.add(project.id, "note", {"ok": True}, by=SAM)
        assert [v.action for v in store.history(rec.id)] == ["add"]
    finally:
        store.dispose()


def _open_new_stores(urls: list[str], worker: int, start, results) -> None:
    """One page: for each new file, waits for the others, then opens it and adds a record."""
    for url in urls:
        try:
            start.wait(120)
            store = open_store(url)
            project = store.create_project(f"Page {worker}", by=SAM, reviewer_passphrase="team passphrase 1")
            rid = store.add(project.id, "note", {"worker": worker}, by=SAM).id
            store.dispose()
            results.put((url, worker, project.id, rid, None))
        except BaseException:
            results.put((url, worker, None, None, traceback.format_exc()))


@pytest.mark.slow
def test_many_processes_opening_new_store_files_at_once_all_succeed(tmp_path):
    urls = [f"sqlite:///{tmp_path / f'store-{n}.sqlite'}" for n in range(ROUNDS)]
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(PROCESSES), ctx.Queue()
    workers = [ctx.Process(target=_open_new_stores, args=(urls, n, start, results)) for n in range(PROCESSES)]
    for w in workers:
        w.start()
    try:
        outcomes = [results.get(timeout=240) for _ in range(PROCESSES * ROUNDS)]
    finally:
        for w in workers:
            w.join(60)
    errors = [err for *_, err in outcomes if err]
    assert errors == [], "\n".join(errors)
    assert all(w.exitcode == 0 for w in workers)

    for url in urls:
        mine = {worker: (pid, rid) for u, worker, pid, rid, _ in outcomes if u == url}
        assert sorted(mine) == list(range(PROCESSES))
        store = open_store(url)
        try:
            assert current_revision(store.engine) == head_revision()
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                versions = conn.execute(sa.select(sa.func.count()).select_from(schema.record_versions)).scalar_one()
            assert {p.id: p.name for p in store.list_projects()} == {
                pid: f"Page {worker}" for worker, (pid, _) in mine.items()}
            for worker, (pid, rid) in mine.items():
                assert [(r.id, r.data) for r in store.records(pid, "note")] == [(rid, {"worker": worker})]
            assert versions == PROCESSES
        finally:
            store.dispose()
