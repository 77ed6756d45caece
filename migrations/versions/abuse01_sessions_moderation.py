"""revocable sessions, writing suspensions, lockout per address, hidden comments, one-time keys

Revision ID: abuse01_sessions_moderation
Revises: library02_signatures
Create Date: 2026-12-03 02:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "abuse01_sessions_moderation"
down_revision = "library02_signatures"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )
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


    op.create_table(
        "writing_suspensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("suspended_by_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name="fk_writing_suspensions_negotiation_id_negotiations",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_writing_suspensions_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["suspended_by_id"], ["users.id"], name="fk_writing_suspensions_suspended_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"], ["users.id"], name="fk_writing_suspensions_lifted_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_writing_suspensions"),
    )
    op.create_index(
        "ix_writing_suspensions_negotiation_id", "writing_suspensions", ["negotiation_id"]
    )


def downgrade():
    op.drop_index("ix_writing_suspensions_negotiation_id", table_name="writing_suspensions")
    op.drop_table("writing_suspensions")
    with op.batch_alter_table("comments") as batch:
        batch.drop_constraint("fk_comments_hidden_by_id_users", type_="foreignkey")
        batch.drop_constraint("uq_comments_submission_key", type_="unique")
        batch.drop_column("hidden_by_id")
        batch.drop_column("hidden_at")
        batch.drop_column("submission_key")
    with op.batch_alter_table("login_attempts") as batch:
        batch.drop_column("address")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
