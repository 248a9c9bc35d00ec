"""Plain objects the store hands back: projects, records and earlier versions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    area: str
    created_at: datetime
    created_by: str
    created_role: str
    settings: dict = field(default_factory=dict)
    has_reviewer_passphrase: bool = False


@dataclass(frozen=True)
class Record:
    """One thing someone saved: an asset, a vote, a comment, an audit answer..."""

    id: str
    project_id: str
    kind: str
    data: dict
    version: int
    status: str | None
    about_id: str | None
    deleted: bool
    created_at: datetime
    created_by: str
    created_role: str
    updated_at: datetime
    updated_by: str
    updated_role: str


@dataclass(frozen=True)
class Version:
    """An earlier (or the current) state of a record, kept so that nothing is ever lost."""

    record_id: str
    version: int
    action: str
    data: dict
    status: str | None
    deleted: bool
    changed_at: datetime
    changed_by: str
    changed_role: str
    note: str | None
