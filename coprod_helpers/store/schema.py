"""The tables of the project store (the newest schema; migrations/ holds how it grew)."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

projects = sa.Table(
    "projects", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("area", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("created_role", sa.String(40), nullable=False),
    # added in schema 0002
    sa.Column("settings", sa.JSON, nullable=False, server_default="{}"),
    sa.Column("reviewer_hash", sa.String(300), nullable=True),
)

records = sa.Table(
    "records", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("project_id", sa.String(64), sa.ForeignKey("projects.id"), nullable=False),
    sa.Column("kind", sa.String(60), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("created_role", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(80), nullable=False),
    sa.Column("updated_role", sa.String(40), nullable=False),
    # added in schema 0002
    sa.Column("status", sa.String(30), nullable=True),
    sa.Column("about_id", sa.String(36), nullable=True),
    sa.Index("ix_records_project_kind", "project_id", "kind"),
    sa.Index("ix_records_about", "about_id"),
)

record_versions = sa.Table(
    "record_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(36), sa.ForeignKey("records.id"), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("changed_by", sa.String(80), nullable=False),
    sa.Column("changed_role", sa.String(40), nullable=False),
    # added in schema 0002
    sa.Column("status", sa.String(30), nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.UniqueConstraint("record_id", "version", name="uq_record_version"),
)
