"""A writer killed with SIGKILL mid-transaction leaves the SQLite store intact."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pytest

from coprod_helpers.people import Person
from coprod_helpers.store import open_store, schema
from coprod_helpers.store.engine import run_write

SAM = Person("Sam", "staff")
UNCOMMITTED_ROWS = 4000  # ~4 MB: more than SQLite's page cache, so pages spill to the WAL file


def _commit_then_die_mid_transaction(url: str, project_id: str, pipe) -> None:
    store = open_store(url)
    ids = store.add_many(project_id, "committed", [{"n": n} for n in range(50)], by=SAM)
    ids += [store.add(project_id, "committed", {"n": 50 + n}, by=SAM).id for n in range(10)]
    pipe.send(("committed", ids))
    now = datetime.now(timezone.utc)

    def big_transaction(conn):
        for n in range(UNCOMMITTED_ROWS):
            conn.execute(schema.records.insert().values(
                id=f"uncommitted-{n}", project_id=project_id, kind="uncommitted", data={"pad": "x" * 1000},
                version=1, deleted=False, created_at=now, created_by="Sam", created_role="staff",
                updated_at=now, updated_by="Sam", updated_role="staff"))
        pipe.send(("in_transaction", UNCOMMITTED_ROWS))
        time.sleep(600)  # killed here, before COMMIT

    run_write(store.engine, big_transaction)


def _add_one_by_one(url: str, project_id: str, pipe) -> None:
    store = open_store(url)
    while True:
        rid = store.add(project_id, "stream", {"pad": "y" * 200}, by=SAM).id
        pipe.send(rid)  # only after the commit returned


def _integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def sqlite_store(tmp_path):
    path = tmp_path / "store.sqlite"
    store = open_store(f"sqlite:///{path}")
    project = store.create_project("Crash test", by=SAM, reviewer_passphrase="team passphrase 1")
    store.dispose()  # the parent holds no connection while the child writes
    return path, f"sqlite:///{path}", project.id


@pytest.mark.slow
def test_sigkill_mid_transaction_keeps_committed_rows_only(sqlite_store):
    path, url, project_id = sqlite_store
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=_commit_then_die_mid_transaction, args=(url, project_id, theirs))
    child.start()
    try:
        assert ours.poll(120), "the writer never reported its committed rows"
        label, committed = ours.recv()
        wal_after_commit = Path(f"{path}-wal").stat().st_size
        assert ours.poll(120) and ours.recv() == ("in_transaction", UNCOMMITTED_ROWS)
        assert Path(f"{path}-wal").stat().st_size > wal_after_commit  # half-written pages are on disk
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.join(30)
    assert child.exitcode == -signal.SIGKILL and label == "committed" and len(committed) == 60

    assert _integrity(path) == "ok"
    store = open_store(url)
    try:
        assert _integrity(path) == "ok"
        kept = store.records(project_id, "committed")
        assert {r.id for r in kept} == set(committed)
        assert sorted(r.data["n"] for r in kept) == list(range(60))
        assert store.records(project_id, "uncommitted") == []
        assert store.add(project_id, "after", {"ok": True}, by=SAM).version == 1  # still writable
    finally:
        store.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("rows_before_kill", [5, 40, 120])
def test_sigkill_at_a_random_moment_loses_no_committed_row(sqlite_store, rows_before_kill):
    path, url, project_id = sqlite_store
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_add_one_by_one, args=(url, project_id, theirs))
    child.start()
    reported = []
    try:
        while len(reported) < rows_before_kill:
            assert ours.poll(120), "the writer stopped reporting"
            reported.append(ours.recv())
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.join(30)
    while ours.poll(0.1):  # ids sent just before the kill
        try:
            reported.append(ours.recv())
        except EOFError:
            break
    assert child.exitcode == -signal.SIGKILL
    assert _integrity(path) == "ok"
    store = open_store(url)
    try:
        found = {r.id for r in store.records(project_id, "stream")}
        assert set(reported) <= found
        assert len(found) - len(reported) <= 1  # at most the one committed as it was killed
        assert all(len(store.history(rid)) == 1 for rid in found)  # each record has its version row
    finally:
        store.dispose()
