"""The project store: every team's work, with who changed what and when, and full history.

All domain modules (assets, votes, themes, aims, audits...) keep their records here as
``kind`` + JSON ``data``. Every add, edit, status change, delete and restore writes a new
row in ``record_versions``, so any earlier state can be listed and restored.
"""
from __future__ import annotations

import json
import math
import re
import secrets
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa

from ..errors import ConflictError, InputError, PermissionDenied
from ..people import Person
from . import access, schema
from .engine import make_engine, run_read, run_write
from .models import Project, Record, Version

#: Statuses whose setting changes what others see: only reviewers may set them.
REVIEW_STATUSES = {"published", "declined", "archived"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(value: datetime | None) -> datetime | None:
    """Every time the store hands back is timezone-aware UTC, whatever the backend."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _check_record(kind: str, data, status: str | None) -> None:
    """Catch what the database would reject (or one backend would and another would not)."""
    if not isinstance(kind, str) or not kind.strip() or len(kind) > 60:
        raise InputError(f"'{kind}' cannot be used as a record kind.", field="kind",
                         fix="Use a short name of up to 60 characters, such as 'asset_comment'.")
    if status is not None and (not isinstance(status, str) or len(status) > 30):
        raise InputError(f"'{status}' cannot be used as a status.", field="status",
                         fix="Use a short word of up to 30 characters, such as 'submitted'.")
    if not isinstance(data, dict):
        raise InputError("A record's data must be a dictionary of fields.", field=kind)
    try:
        json.dumps(data, allow_nan=False)
    except (TypeError, ValueError) as err:
        bad = [k for k, v in data.items() if isinstance(v, float) and not math.isfinite(v)]
        raise InputError(f"Some of this {kind}'s data cannot be saved ({err}).", field=", ".join(bad) or kind,
                         fix="Save dates as text (ISO, like 2024-05-01) and leave missing values as None, "
                             "not NaN.") from None


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:30].strip("-")
    return slug or "project"


class Store:
    """A project store on a SQLAlchemy engine. Make one with :func:`open_store`."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        # token -> (project id, the passphrase hash it was unlocked with): changing the
        # passphrase makes every earlier key stop working.
        self._issued: dict[str, tuple[str, str]] = {}

    # -- projects -------------------------------------------------------------------
    def create_project(self, name: str, *, area: str = "demo", by: Person, reviewer_passphrase: str,
                       settings: dict | None = None, project_id: str | None = None) -> Project:
        """Create a project. The creator sets the team's reviewer passphrase.

        ``project_id`` fixes the short id (the demo project's is ``demo``); by default it is
        made from the name plus four random hex digits.
        """
        name = (name or "").strip()
        if not name:
            raise InputError("Please give the project a name.", field="name",
                             fix="For example 'Improving access for young Black men'.")
        if len(name) > 200:
            raise InputError("The project name is longer than 200 characters.", field="name",
                             fix="Please shorten it.")
        hashed = access.hash_passphrase(reviewer_passphrase)
        pid = project_id or f"{_slug(name)}-{secrets.token_hex(2)}"
        row = dict(id=pid, name=name, area=area, created_at=_now(), created_by=by.pseudonym,
                   created_role=by.role, settings=settings or {}, reviewer_hash=hashed)
        run_write(self.engine, lambda c: c.execute(schema.projects.insert().values(**row)))
        return self.get_project(pid)

    def list_projects(self) -> list[Project]:
        rows = run_read(self.engine, lambda c: c.execute(
            sa.select(schema.projects).order_by(schema.projects.c.created_at)).all())
        return [self._project(r) for r in rows]

    def get_project(self, project_id: str) -> Project:
        row = run_read(self.engine, lambda c: c.execute(
            sa.select(schema.projects).where(schema.projects.c.id == project_id)).first())
        if row is None:
            raise InputError(f"There is no project with the id '{project_id}'.", field="project",
                             fix="Choose a project from the list on the start page.")
        return self._project(row)

    @staticmethod
    def _project(row) -> Project:
        return Project(id=row.id, name=row.name, area=row.area, created_at=_utc(row.created_at),
                       created_by=row.created_by, created_role=row.created_role,
                       settings=dict(row.settings or {}), has_reviewer_passphrase=bool(row.reviewer_hash))

    def update_project_settings(self, project_id: str, settings: dict, *, reviewer: access.ReviewerKey) -> Project:
        """Merge ``settings`` into the project's settings (reviewers only)."""
        self.require_reviewer(project_id, reviewer)

        def work(c):
            current = c.execute(sa.select(schema.projects.c.settings).where(
                schema.projects.c.id == project_id)).scalar_one()
            c.execute(schema.projects.update().where(schema.projects.c.id == project_id).values(
                settings={**(current or {}), **settings}))
        run_write(self.engine, work)
        return self.get_project(project_id)

    # -- reviewers ------------------------------------------------------------------
    def _reviewer_hash(self, project_id: str) -> str | None:
        return run_read(self.engine, lambda c: c.execute(sa.select(schema.projects.c.reviewer_hash).where(
            schema.projects.c.id == project_id)).scalar_one_or_none())

    def unlock(self, project_id: str, passphrase: str) -> access.ReviewerKey:
        """Exchange the team's reviewer passphrase for a :class:`ReviewerKey`.

        Raises
        ------
        PermissionDenied
            When the passphrase is wrong (or the project has none yet).
        """
        stored = self._reviewer_hash(project_id)
        if not access.check_passphrase(passphrase, stored):
            raise PermissionDenied("That is not the team's reviewer passphrase. Check with your team "
                                   "and type it again.")
        key = access.ReviewerKey(project_id)
        self._issued[key.token] = (project_id, stored)
        return key

    def set_reviewer_passphrase(self, project_id: str, new: str, *,
                                reviewer: access.ReviewerKey | None = None) -> access.ReviewerKey:
        """Change the passphrase (reviewers only) and return a key for the new one.

        Keys unlocked with the old passphrase stop working. A project from an older
        store that has no passphrase yet may set its first one without a key.
        """
        if self.get_project(project_id).has_reviewer_passphrase:
            self.require_reviewer(project_id, reviewer)
        hashed = access.hash_passphrase(new)
        run_write(self.engine, lambda c: c.execute(schema.projects.update().where(
            schema.projects.c.id == project_id).values(reviewer_hash=hashed)))
        key = access.ReviewerKey(project_id)
        self._issued[key.token] = (project_id, hashed)
        return key

    def is_reviewer(self, project_id: str, reviewer) -> bool:
        """True when ``reviewer`` is a key this store issued for ``project_id`` and still valid."""
        if not isinstance(reviewer, access.ReviewerKey) or reviewer.project_id != project_id:
            return False
        issued = self._issued.get(reviewer.token)
        return issued is not None and issued == (project_id, self._reviewer_hash(project_id))

    def require_reviewer(self, project_id: str, reviewer) -> None:
        """Raise :class:`PermissionDenied` unless ``reviewer`` is a valid key for ``project_id``."""
        if not self.is_reviewer(project_id, reviewer):
            raise PermissionDenied("Only the team's reviewers can do this. Ask a reviewer to unlock "
                                   "reviewing with the team's passphrase.")

    # -- records --------------------------------------------------------------------
    def add(self, project_id: str, kind: str, data: dict, *, by: Person, status: str | None = None,
            about_id: str | None = None, reviewer: access.ReviewerKey | None = None) -> Record:
        """Save a new record of ``kind`` with ``data`` (JSON-serialisable) and return it."""
        _check_record(kind, data, status)
        if status in REVIEW_STATUSES:
            self.require_reviewer(project_id, reviewer)
        rid, now = uuid.uuid4().hex, _now()
        row = dict(id=rid, project_id=project_id, kind=kind, data=data, version=1, deleted=False,
                   status=status, about_id=about_id, created_at=now, created_by=by.pseudonym,
                   created_role=by.role, updated_at=now, updated_by=by.pseudonym, updated_role=by.role)

        def work(c):
            _require_project(c, project_id)
            c.execute(schema.records.insert().values(**row))
            self._log(c, rid, 1, "add", data, status, False, now, by, None)
        run_write(self.engine, work)
        return self.get(rid)

    def add_many(self, project_id: str, kind: str, items: list[dict], *, by: Person,
                 status: str | None = None, reviewer: access.ReviewerKey | None = None) -> list[str]:
        """Save several records in one transaction: all are saved, or none are."""
        for item in items:
            _check_record(kind, item, status)
        if status in REVIEW_STATUSES:
            self.require_reviewer(project_id, reviewer)
        now = _now()
        rows = [dict(id=uuid.uuid4().hex, project_id=project_id, kind=kind, data=d, version=1, deleted=False,
                     status=status, about_id=None, created_at=now, created_by=by.pseudonym, created_role=by.role,
                     updated_at=now, updated_by=by.pseudonym, updated_role=by.role) for d in items]
        if not rows:
            return []

        def work(c):
            _require_project(c, project_id)
            c.execute(schema.records.insert(), rows)
            c.execute(schema.record_versions.insert(), [
                dict(record_id=r["id"], version=1, action="add", data=r["data"], status=status, deleted=False,
                     changed_at=now, changed_by=by.pseudonym, changed_role=by.role, note=None) for r in rows])
        run_write(self.engine, work)
        return [r["id"] for r in rows]

    def update(self, record_id: str, data: dict, *, by: Person, expected_version: int | None = None,
               note: str | None = None) -> Record:
        """Replace a record's data, keeping the earlier version.

        ``expected_version`` guards against overwriting someone else's save.
        """
        current = self.get(record_id)
        _check_record(current.kind, data, None)
        return self._change(record_id, by=by, action="edit", data=data, expected_version=expected_version,
                            note=note)

    def set_status(self, record_id: str, status: str, *, by: Person, reviewer=None, note: str | None = None) -> Record:
        """Change a record's status; publishing, declining, archiving (and undoing them) need a reviewer."""
        current = self.get(record_id)
        _check_record(current.kind, {}, status)
        if status in REVIEW_STATUSES or current.status in REVIEW_STATUSES:
            self.require_reviewer(current.project_id, reviewer)
        # expected_version: a record published meanwhile cannot be quietly unpublished.
        return self._change(record_id, by=by, action="status", status=status, note=note,
                            expected_version=current.version)

    def delete(self, record_id: str, *, by: Person, reviewer, note: str | None = None) -> Record:
        """Hide a record (reviewers only). Its versions are kept and it can be restored."""
        self.require_reviewer(self.get(record_id, include_deleted=True).project_id, reviewer)
        return self._change(record_id, by=by, action="delete", deleted=True, note=note)

    def restore(self, record_id: str, version: int, *, by: Person, reviewer, note: str | None = None) -> Record:
        """Bring back an earlier version as a new version (reviewers only)."""
        self.require_reviewer(self.get(record_id, include_deleted=True).project_id, reviewer)
        old = next((v for v in self.history(record_id) if v.version == version), None)
        if old is None:
            raise InputError(f"Version {version} of this record does not exist.", field="version")
        return self._change(record_id, by=by, action="restore", data=old.data, status=old.status,
                            deleted=False, note=note or f"restored version {version}")

    def _change(self, record_id, *, by, action, data=None, status=None, deleted=None, expected_version=None,
                note=None) -> Record:
        R = schema.records.c
        now = _now()

        def work(c):
            cur = c.execute(sa.select(schema.records).where(R.id == record_id)).first()
            if cur is None:
                raise InputError("That record no longer exists.", field="record")
            if cur.deleted and action != "restore":
                raise InputError("That record has been removed, so it cannot be changed.", field="record",
                                 fix="A reviewer can bring it back from its history first.")
            if expected_version is not None and cur.version != expected_version:
                raise ConflictError(f"Someone else changed this since you opened it (by {cur.updated_by}). "
                                    "Your text is kept: reload to see their change, then save again.")
            new = dict(version=cur.version + 1, updated_at=now, updated_by=by.pseudonym, updated_role=by.role,
                       data=cur.data if data is None else data,
                       status=cur.status if status is None else status,
                       deleted=cur.deleted if deleted is None else deleted)
            result = c.execute(schema.records.update().where(R.id == record_id, R.version == cur.version)
                               .values(**new))
            if result.rowcount != 1:
                raise ConflictError("Someone else saved this at the same moment. Please try again.")
            self._log(c, record_id, new["version"], action, new["data"], new["status"], new["deleted"], now, by, note)
        run_write(self.engine, work)
        return self.get(record_id, include_deleted=True)

    @staticmethod
    def _log(c, record_id, version, action, data, status, deleted, when, by, note):
        c.execute(schema.record_versions.insert().values(
            record_id=record_id, version=version, action=action, data=data, status=status, deleted=deleted,
            changed_at=when, changed_by=by.pseudonym, changed_role=by.role, note=note))

    # -- reading --------------------------------------------------------------------
    def get(self, record_id: str, *, include_deleted: bool = False) -> Record:
        row = run_read(self.engine, lambda c: c.execute(
            sa.select(schema.records).where(schema.records.c.id == record_id)).first())
        if row is None or (row.deleted and not include_deleted):
            raise InputError("That record does not exist or has been removed.", field="record")
        return self._record(row)

    def records(self, project_id: str, kind: str | None = None, *, status=None, about_id: str | None = None,
                include_deleted: bool = False) -> list[Record]:
        """Records of a project, oldest first; ``status`` may be one value or a list."""
        R = schema.records.c
        q = sa.select(schema.records).where(R.project_id == project_id)
        if kind is not None:
            q = q.where(R.kind == kind)
        if status is not None:
            q = q.where(R.status.in_([status] if isinstance(status, str) else list(status)))
        if about_id is not None:
            q = q.where(R.about_id == about_id)
        if not include_deleted:
            q = q.where(R.deleted == sa.false())
        q = q.order_by(R.created_at, R.id)
        return [self._record(r) for r in run_read(self.engine, lambda c: c.execute(q).all())]

    def history(self, record_id: str) -> list[Version]:
        """Every version of a record, oldest first."""
        V = schema.record_versions.c
        rows = run_read(self.engine, lambda c: c.execute(
            sa.select(schema.record_versions).where(V.record_id == record_id).order_by(V.version)).all())
        return [Version(record_id=r.record_id, version=r.version, action=r.action, data=r.data, status=r.status,
                        deleted=r.deleted, changed_at=_utc(r.changed_at), changed_by=r.changed_by,
                        changed_role=r.changed_role, note=r.note) for r in rows]

    @staticmethod
    def _record(r) -> Record:
        return Record(id=r.id, project_id=r.project_id, kind=r.kind, data=r.data, version=r.version, status=r.status,
                      about_id=r.about_id, deleted=bool(r.deleted), created_at=_utc(r.created_at),
                      created_by=r.created_by, created_role=r.created_role, updated_at=_utc(r.updated_at),
                      updated_by=r.updated_by, updated_role=r.updated_role)

    def dispose(self) -> None:
        self.engine.dispose()


def _require_project(c, project_id: str) -> None:
    found = c.execute(sa.select(schema.projects.c.id).where(schema.projects.c.id == project_id)).first()
    if found is None:
        raise InputError(f"There is no project with the id '{project_id}'.", field="project",
                         fix="Choose a project from the list on the start page.")


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (creating or upgrading as needed) the project store at ``url``.

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL. Defaults to ``$COPROD_STORE_URL``, else a SQLite file in the
        user's data folder (see :func:`coprod_helpers.config.default_store_path`).
    upgrade : bool
        Bring an older schema up to date in place (no data is lost).

    Examples
    --------
    >>> from coprod_helpers.store import open_store
    >>> from coprod_helpers.people import Person
    >>> store = open_store("sqlite:///:memory:")
    >>> p = store.create_project("Access for young men", by=Person("Sam", "staff"),
    ...                          reviewer_passphrase="green kettle moon")
    >>> rec = store.add(p.id, "note", {"text": "hello"}, by=Person("Ade", "lived_experience"))
    >>> [v.action for v in store.history(rec.id)]
    ['add']
    """
    from .. import config
    from .migrate import upgrade_to_head

    engine = make_engine(config.store_url(url))
    if upgrade:
        upgrade_to_head(engine)
    return Store(engine)
