"""Review workflow and project settings: a status on each record, links between records,
project settings and the reviewer passphrase hash.

Revision ID: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("settings", sa.JSON, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("reviewer_hash", sa.String(300), nullable=True))
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("status", sa.String(30), nullable=True))
        batch.add_column(sa.Column("about_id", sa.String(36), nullable=True))
        batch.create_index("ix_records_about", ["about_id"])
    with op.batch_alter_table("record_versions") as batch:
        batch.add_column(sa.Column("status", sa.String(30), nullable=True))
        batch.add_column(sa.Column("note", sa.Text, nullable=True))


def downgrade():
    with op.batch_alter_table("record_versions") as batch:
        batch.drop_column("note")
        batch.drop_column("status")
    with op.batch_alter_table("records") as batch:
        batch.drop_index("ix_records_about")
        batch.drop_column("about_id")
        batch.drop_column("status")
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("reviewer_hash")
        batch.drop_column("settings")
