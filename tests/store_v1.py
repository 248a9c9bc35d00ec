"""Writes ``tests/data/store_v1.sqlite``: a store as the first schema (0001) left it.

Only schema 0001 is created, and rows go in with plain SQL that matches 0001, so the
file stays what an early user of the workbook would have on disk, whatever the store
code becomes. Regenerate with::

    .venv/bin/python -c "import sys; sys.path.insert(0, 'tests'); import store_v1; store_v1.write_store_v1()"
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa

V1_PATH = Path(__file__).resolve().parent / "data" / "store_v1.sqlite"

PROJECTS = [
    # id, name, area, created_at, created_by, created_role
    ("access-young-men-a1b2", "Access for young men", "demo", "2024-03-01 10:00:00.000000", "Sam", "staff"),
    ("carers-voices-c3d4", "Carers' voices", "demo", "2024-03-02 11:30:00.000000", "Jo", "family_carer"),
]

# Each record: (id, project, kind, created by/role, [(action, data, deleted, at, by, role), ...])
RECORDS = [
    ("00000000000000000000000000000001", "access-young-men-a1b2", "asset", ("Ade", "lived_experience"), [
        ("add", {"name": "Youth drop-in", "postcode": "E15 1AA"}, False, "2024-03-01 10:05:00.000000",
         "Ade", "lived_experience"),
        ("edit", {"name": "Youth drop-in (Tuesdays)", "postcode": "E15 1AA"}, False,
         "2024-03-01 10:20:00.000000", "Sam", "staff"),
        ("edit", {"name": "Youth drop-in (Tues & Thurs)", "postcode": "E15 1AA"}, False,
         "2024-03-03 09:00:00.000000", "Ade", "lived_experience"),
    ]),
    ("00000000000000000000000000000002", "access-young-men-a1b2", "snippet", ("Kemi", "vcse"), [
        ("add", {"text": "I didn't know where to go — nobody asked me.", "source": "drop-in"}, False,
         "2024-03-01 10:30:00.000000", "Kemi", "vcse"),
        ("delete", {"text": "I didn't know where to go — nobody asked me.", "source": "drop-in"}, True,
         "2024-03-01 11:00:00.000000", "Sam", "staff"),
    ]),
    ("00000000000000000000000000000003", "carers-voices-c3d4", "asset", ("Jo", "family_carer"), [
        ("add", {"name": "Carers' café", "categories": ["peer support", "food"]}, False,
         "2024-03-02 12:00:00.000000", "Jo", "family_carer"),
    ]),
]


def write_store_v1(path: Path | str = V1_PATH) -> Path:
    """Write a schema-0001 store with two projects and three records (with history) to ``path``."""
    from coprod_helpers.store.engine import make_engine

    path = Path(path)
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    fill_schema_0001(engine)
    engine.dispose()
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:  # one file, no -wal beside it
        raw.execute("PRAGMA journal_mode=DELETE")
        raw.execute("VACUUM")
    Path(f"{path}.lock").unlink(missing_ok=True)
    return path


def fill_schema_0001(engine: sa.Engine) -> None:
    """Create schema 0001 only in an empty database and insert the v1 rows (any backend)."""
    from coprod_helpers.store.migrate import upgrade_to_head

    upgrade_to_head(engine, "0001")
    with engine.begin() as conn:
        for row in PROJECTS:
            conn.execute(sa.text("INSERT INTO projects (id, name, area, created_at, created_by, created_role) "
                                 "VALUES (:id, :name, :area, :at, :by, :role)"),
                         dict(zip(["id", "name", "area", "at", "by", "role"], row)))
        for rid, pid, kind, (cby, crole), versions in RECORDS:
            _, data, deleted, at, by, role = versions[-1]
            conn.execute(sa.text(
                "INSERT INTO records (id, project_id, kind, data, version, deleted, created_at, created_by, "
                "created_role, updated_at, updated_by, updated_role) VALUES (:id, :pid, :kind, :data, :version, "
                ":deleted, :created_at, :cby, :crole, :at, :by, :role)"),
                dict(id=rid, pid=pid, kind=kind, data=json.dumps(data), version=len(versions), deleted=deleted,
                     created_at=versions[0][3], cby=cby, crole=crole, at=at, by=by, role=role))
            for number, (action, vdata, vdeleted, vat, vby, vrole) in enumerate(versions, start=1):
                conn.execute(sa.text(
                    "INSERT INTO record_versions (record_id, version, action, data, deleted, changed_at, "
                    "changed_by, changed_role) VALUES (:rid, :v, :action, :data, :deleted, :at, :by, :role)"),
                    dict(rid=rid, v=number, action=action, data=json.dumps(vdata), deleted=vdeleted, at=vat,
                         by=vby, role=vrole))
