"""Events: every change in a negotiation as live pages receive it

Revision ID: live01_events
Revises: control01_withdrawn_revisions
Create Date: 2026-12-03 03:10:00

One row per change, written in the change's own transaction; the id orders them, and a page
that reconnects asks for everything after the last id it saw.
"""

import sqlalchemy as sa
from alembic import op


revision = "live01_events"
down_revision = "control01_withdrawn_revisions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_events_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_events_negotiation_id_negotiations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_negotiation_id"), ["negotiation_id"])


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_negotiation_id"))
    op.drop_table("events")
