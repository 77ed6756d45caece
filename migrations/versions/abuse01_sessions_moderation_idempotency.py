"""revocable sessions, writing suspension, lockout per address, hidden comments, one-time keys

Revision ID: abuse01_sessions_moderation_idempotency
Revises: library01_adopted_texts
Create Date: 2026-12-03 02:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "abuse01_sessions_moderation_idempotency"
down_revision = "library01_adopted_texts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch.add_column(sa.Column("writing_suspended_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("login_attempts") as batch:
        batch.add_column(
            sa.Column("address", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("submission_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hidden_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("hidden_by_id", sa.Integer(), nullable=True))
        batch.create_unique_constraint("uq_comments_submission_key", ["submission_key"])
        batch.create_foreign_key(
            "fk_comments_hidden_by_id_users", "users", ["hidden_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("comments") as batch:
        batch.drop_constraint("fk_comments_hidden_by_id_users", type_="foreignkey")
        batch.drop_constraint("uq_comments_submission_key", type_="unique")
        batch.drop_column("hidden_by_id")
        batch.drop_column("hidden_at")
        batch.drop_column("submission_key")
    with op.batch_alter_table("login_attempts") as batch:
        batch.drop_column("address")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("writing_suspended_at")
        batch.drop_column("session_version")
