"""data generation: a number every committed write moves on

Revision ID: pages01_data_generation
Revises: meeting01_live_working_text
Create Date: 2026-12-03 08:30:00

Pages a person has seen are kept and served again while the database's generation stays the
same (tracker.data_generation): one row, moved on by every transaction that writes.
"""

from alembic import op
import sqlalchemy as sa


revision = "pages01_data_generation"
down_revision = "meeting01_live_working_text"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade():
    op.drop_table("data_generation")
