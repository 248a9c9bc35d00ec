"""Database engines tuned for several workshop pages writing at once.

SQLite: WAL journal (readers never block the writer), a busy timeout, ``BEGIN IMMEDIATE``
for writes so two writers queue instead of failing, and ``synchronous=FULL`` so a killed
process never loses a committed row. PostgreSQL needs none of this.
"""
from __future__ import annotations

import functools
import json
import random
import sqlite3
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

BUSY_TIMEOUT_MS = 30_000
RETRY_SECONDS = 60.0
# Strict JSON on every backend: PostgreSQL rejects NaN, so SQLite must not quietly accept it.
_dump_json = functools.partial(json.dumps, allow_nan=False, ensure_ascii=False)


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url``; for a SQLite file, its folder is created if needed."""
    sa_url = sa.make_url(url)
    if sa_url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, json_serializer=_dump_json)
    if sa_url.database and sa_url.database != ":memory:":
        Path(sa_url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                                  json_serializer=_dump_json)
    else:  # one shared in-memory database for the whole engine
        engine = sa.create_engine(url, connect_args={"check_same_thread": False},
                                  poolclass=sa.pool.StaticPool, json_serializer=_dump_json)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _set_wal(cur)
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _set_wal(cur) -> None:
    """``PRAGMA journal_mode=WAL``, waiting (with jittered back-off, up to a minute) while busy.

    Turning a brand-new file into WAL is a write: the pragma reads the file, then asks to
    upgrade its read lock to a write lock. When several processes open the same new file
    at once, the losers of that race get SQLITE_BUSY straight away; SQLite does not call
    the busy handler there (waiting could deadlock), so ``busy_timeout`` does not help.
    Once the winner has committed the change, asking again finds the file in WAL already.
    """
    deadline = time.monotonic() + RETRY_SECONDS
    delay = 0.005
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if not _is_busy_message(str(err)) or time.monotonic() > deadline:
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.25)


def is_sqlite(engine: sa.Engine) -> bool:
    """True when ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"


def is_transient(err: Exception) -> bool:
    """True when ``err`` means "busy, try again" rather than a real problem."""
    if not isinstance(err, OperationalError):
        return False
    return _is_busy_message(str(err.orig if err.orig is not None else err))


def _is_busy_message(text: str) -> bool:
    text = text.lower()
    return any(s in text for s in ("database is locked", "database is busy", "deadlock detected",
                                   "could not serialize", "server closed the connection"))


def _retrying(engine: sa.Engine, work, *, write: bool):
    deadline = time.monotonic() + RETRY_SECONDS
    delay = 0.01
    while True:
        try:
            with engine.connect().execution_options(write=write) as conn:
                with conn.begin():
                    return work(conn)
        except OperationalError as err:
            if not is_transient(err) or time.monotonic() > deadline:
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.5)


def run_write(engine: sa.Engine, work):
    """Run ``work(conn)`` in one short write transaction, retrying if the database is busy.

    A busy database is waited for (with jittered back-off, up to a minute) rather than
    reported to the person, who would otherwise see "database is locked". ``work`` may
    run more than once, so it must only use ``conn``.
    """
    return _retrying(engine, work, write=True)


def run_read(engine: sa.Engine, work):
    """Run ``work(conn)`` in a read transaction (never blocks writers under WAL), retrying if busy."""
    return _retrying(engine, work, write=False)
