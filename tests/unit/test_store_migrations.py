"""Schema versions: an old store upgrades in place with nothing lost; new stores start at head."""
from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import traceback
from contextlib import closing

import pytest
import sqlalchemy as sa
import store_v1

from coprod_helpers.errors import InputError, PermissionDenied
from coprod_helpers.people import Person
from coprod_helpers.store import open_store
from coprod_helpers.store.migrate import current_revision, head_revision

SAM = Person("Sam", "staff")


@pytest.fixture
def v1_copy(tmp_path):
    """A copy of the schema-0001 store in tests/data (the original is never opened)."""
    if not store_v1.V1_PATH.exists():
        pytest.fail("tests/data/store_v1.sqlite is missing; see tests/data/README.md to regenerate it")
    target = tmp_path / "old.sqlite"
    shutil.copy(store_v1.V1_PATH, target)
    return target


def _dump(path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall())
                for t in ("alembic_version", "projects", "records", "record_versions")}


def test_v1_file_is_schema_0001_and_matches_its_generator(v1_copy, tmp_path):
    with closing(sqlite3.connect(v1_copy)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        columns = {r[1] for r in conn.execute("PRAGMA table_info(projects)")}
    assert "settings" not in columns and "reviewer_hash" not in columns
    fresh = store_v1.write_store_v1(tmp_path / "regenerated.sqlite")
    assert _dump(fresh) == _dump(v1_copy)


def test_v1_store_upgrades_in_place_with_rows_and_history_kept(v1_copy):
    before = _dump(v1_copy)
    store = open_store(f"sqlite:///{v1_copy}")
    try:
        assert current_revision(store.engine) == head_revision() != "0001"
        projects = {p.id: p for p in store.list_projects()}
        assert set(projects) == {row[0] for row in before["projects"]}
        young = projects["access-young-men-a1b2"]
        assert (young.name, young.area, young.created_by, young.created_role) == (
            "Access for young men", "demo", "Sam", "staff")
        assert young.created_at.isoformat() == "2024-03-01T10:00:00+00:00"
        assert young.settings == {} and young.has_reviewer_passphrase is False

        for rid, pid, kind, (cby, crole), versions in store_v1.RECORDS:
            rec = store.get(rid, include_deleted=True)
            assert (rec.project_id, rec.kind, rec.created_by, rec.created_role) == (pid, kind, cby, crole)
            assert rec.version == len(versions) and rec.data == versions[-1][1]
            assert rec.deleted is versions[-1][2]
            assert rec.status is None and rec.about_id is None
            history = store.history(rid)
            assert [(v.version, v.action, v.data, v.deleted, v.changed_by, v.changed_role) for v in history] == [
                (n, a, d, dl, by, role) for n, (a, d, dl, _at, by, role) in enumerate(versions, start=1)]
            assert all(v.status is None and v.note is None for v in history)
        assert [r.id for r in store.records("access-young-men-a1b2")] == ["0" * 31 + "1"]
        assert len(store.records("access-young-men-a1b2", include_deleted=True)) == 2
    finally:
        store.dispose()
    after = _dump(v1_copy)
    assert len(after["record_versions"]) == len(before["record_versions"])


def test_v1_project_sets_its_first_passphrase_then_needs_a_key(v1_copy):
    store = open_store(f"sqlite:///{v1_copy}")
    try:
        pid = "carers-voices-c3d4"
        with pytest.raises(PermissionDenied):
            store.unlock(pid, "anything at all")
        store.set_reviewer_passphrase(pid, "carers first phrase")
        assert store.get_project(pid).has_reviewer_passphrase
        key = store.unlock(pid, "carers first phrase")
        with pytest.raises(PermissionDenied):
            store.set_reviewer_passphrase(pid, "someone else's phrase")
        store.set_reviewer_passphrase(pid, "carers second phrase", reviewer=key)
        store.unlock(pid, "carers second phrase")
        # old records keep working with the new columns
        rec = store.update("0" * 31 + "3", {"name": "Carers' café (Fridays)"}, by=SAM, expected_version=1)
        assert rec.version == 2 and [v.action for v in store.history(rec.id)] == ["add", "edit"]
    finally:
        store.dispose()


def test_reopening_an_upgraded_store_changes_nothing(v1_copy):
    open_store(f"sqlite:///{v1_copy}").dispose()
    once = _dump(v1_copy)
    open_store(f"sqlite:///{v1_copy}").dispose()
    assert _dump(v1_copy) == once


def test_schema_0001_database_upgrades_on_each_backend(backend_url):
    from coprod_helpers.store.engine import make_engine

    engine = make_engine(backend_url)
    store_v1.fill_schema_0001(engine)
    assert current_revision(engine) == "0001"
    engine.dispose()
    store = open_store(backend_url)
    try:
        assert current_revision(store.engine) == head_revision()
        assert all(p.settings == {} and not p.has_reviewer_passphrase for p in store.list_projects())
        for rid, _pid, _kind, _by, versions in store_v1.RECORDS:
            assert [(v.action, v.data, v.deleted) for v in store.history(rid)] == [
                (a, d, dl) for a, d, dl, *_ in versions]
        young = store.get_project("access-young-men-a1b2")
        assert young.created_at.isoformat() == "2024-03-01T10:00:00+00:00"
        key = store.set_reviewer_passphrase(young.id, "young men phrase")
        rec = store.add(young.id, "asset", {"name": "New"}, by=SAM, status="published", reviewer=key)
        assert rec.status == "published" and store.get_project(young.id).settings == {}
        assert len(store.records(young.id, include_deleted=True)) == 3
    finally:
        store.dispose()


def test_fresh_store_is_at_head(backend_url):
    store = open_store(backend_url)
    try:
        assert current_revision(store.engine) == head_revision()
        inspector = sa.inspect(store.engine)
        assert {"projects", "records", "record_versions"} <= set(inspector.get_table_names())
        assert {"settings", "reviewer_hash"} <= {c["name"] for c in inspector.get_columns("projects")}
    finally:
        store.dispose()


def test_store_from_a_newer_workbook_gives_a_clear_error(tmp_path):
    path = tmp_path / "future.sqlite"
    open_store(f"sqlite:///{path}").dispose()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(InputError, match="newer version of the workbook"):
        open_store(f"sqlite:///{path}")


def _open_and_add(url: str, worker: int, start, results) -> None:
    try:
        start.wait(60)
        store = open_store(url)
        project = store.create_project(f"Opened by {worker}", by=SAM, reviewer_passphrase="team passphrase 1")
        store.add(project.id, "note", {"worker": worker}, by=SAM)
        store.dispose()
        results.put((worker, None))
    except BaseException:
        results.put((worker, traceback.format_exc()))


@pytest.mark.slow
@pytest.mark.parametrize("processes", [2, 6])
def test_processes_opening_a_brand_new_store_at_once_all_succeed(backend_url, processes):
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(processes), ctx.Queue()
    workers = [ctx.Process(target=_open_and_add, args=(backend_url, n, start, results)) for n in range(processes)]
    for w in workers:
        w.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for w in workers:
        w.join(30)
    assert {n: err for n, err in outcomes.items() if err} == {}
    store = open_store(backend_url)
    try:
        assert current_revision(store.engine) == head_revision()
        assert sorted(p.name for p in store.list_projects()) == sorted(f"Opened by {n}" for n in range(processes))
    finally:
        store.dispose()
