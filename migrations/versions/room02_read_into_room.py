"""a proposal read into a meeting's text says so until that text is circulated

Revision ID: room02_read_into_room
Revises: room01_room_text
Create Date: 2026-12-07 20:40:00

A proposal read in during a meeting was labelled "Reflected in Rev.2" before any Rev.2 was
circulated. The comment now says whether its triage is such a reading-in still waiting for its
text (`read_into_room`), and each triage decision whether it was one (`triage_changes.read_in`).
Read-ins stored before are left as they were labelled.
"""

from alembic import op
import sqlalchemy as sa


revision = "room02_read_into_room"
down_revision = "room01_room_text"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comments") as batch_op:
        batch_op.add_column(
            sa.Column("read_into_room", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("triage_changes") as batch_op:
        batch_op.add_column(
            sa.Column("read_in", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("triage_changes") as batch_op:
        batch_op.drop_column("read_in")
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_column("read_into_room")
