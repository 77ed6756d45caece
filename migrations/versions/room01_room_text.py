"""proposals to amend keep the room's wording they were made on

Revision ID: room01_room_text
Revises: visits01_negotiation_visits
Create Date: 2026-12-07 20:30:00

A delegate proposing an amendment while a meeting is live on the paragraph starts from the
room's wording: the comment keeps that wording (`room_text`), so that the chair can read the
proposal into a text that has moved on since. Comments made before have none: they were made
on the circulated text.
"""

from alembic import op
import sqlalchemy as sa


revision = "room01_room_text"
down_revision = "visits01_negotiation_visits"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comments") as batch_op:
        batch_op.add_column(sa.Column("room_text", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_column("room_text")
