"""calendar sequence: how many times a round's schedule was changed

Revision ID: rounds01_calendar_sequence
Revises: marks01_notes_outside_paragraphs
Create Date: 2026-12-07 03:30:00

A round's calendar file (.ics) keeps its UID from one schedule to the next; calendars take a
file with the same UID as a newer version of the meeting only when its SEQUENCE is higher.
"""

from alembic import op
import sqlalchemy as sa


revision = "rounds01_calendar_sequence"
down_revision = "marks01_notes_outside_paragraphs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultation_rounds") as batch:
        batch.add_column(
            sa.Column("sequence", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("consultation_rounds") as batch:
        batch.drop_column("sequence")
