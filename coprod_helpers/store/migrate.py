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

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
    if current_revision(engine) == target:
        return
    with _upgrade_lock(engine):
        if current_revision(engine) == target:
            return
        with engine.connect() as conn:
            command.upgrade(_config(conn), revision)
            conn.commit()
