"""Schema upgrades with Alembic, safe when several pages open a new store at once."""
from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..errors import InputError
from .engine import run_read, run_write

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of the workbook knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every schema revision this version of the workbook can upgrade from."""
    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def _revision_on(conn: sa.Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def current_revision(engine: sa.Engine) -> str | None:
    """The store's schema revision, or None for an empty database (retried while busy)."""
    return run_read(engine, _revision_on)


def _check_known(revision: str | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise InputError(f"This project store was saved by a newer version of the workbook (schema {revision}).",
                         field="store", fix="Update the workbook (pull the latest version), then open it again.")


@contextmanager
def _upgrade_lock(engine: sa.Engine):
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        lock_path = Path(engine.url.database + ".lock")
        with open(lock_path, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    elif engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(727001)"))
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(727001)"))
                conn.commit()
    else:
        yield


def upgrade_to_head(engine: sa.Engine, revision: str = "head") -> None:
    """Upgrade the store's schema to ``revision`` (the newest by default)."""
    target = head_revision() if revision == "head" else revision
    found = current_revision(engine)
    if found == target:
        return
    _check_known(found)

    def work(conn: sa.Connection) -> None:
        # Checked again inside the write transaction: another process may have upgraded
        # while we waited. Alembic joins this transaction, so the upgrade is all or nothing.
        found = _revision_on(conn)
        if found == target:
            return
        _check_known(found)
        command.upgrade(_config(conn), target)

    with _upgrade_lock(engine):
        # run_write: on SQLite take the write lock at BEGIN (a page writing meanwhile waits),
        # and wait out a busy database (rolled back, then tried again) instead of failing.
        run_write(engine, work)
