"""lifted objections: a delegation that broke silence may lift its objection

Revision ID: silence01_lifted_objections
Revises: rounds01_calendar_sequence
Create Date: 2026-12-07 03:40:00

After consultations a delegation often tells the co-facilitators that it lifts the objection
with which it broke silence; its statement stays on record, marked lifted, and silence can
then pass.
"""

from alembic import op
import sqlalchemy as sa


revision = "silence01_lifted_objections"
down_revision = "rounds01_calendar_sequence"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("silence_breaks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lifted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("lifted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("lift_note", sa.Text(), nullable=False, server_default=""))
        batch_op.create_foreign_key(
            batch_op.f("fk_silence_breaks_lifted_by_id_users"), "users", ["lifted_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("silence_breaks", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_silence_breaks_lifted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("lift_note")
        batch_op.drop_column("lifted_by_id")
        batch_op.drop_column("lifted_at")
