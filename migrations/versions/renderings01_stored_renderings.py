"""stored renderings: published texts and comparisons shared by every worker without Redis

Revision ID: renderings01_stored_renderings
Revises: publish01_outbox_letters
Create Date: 2026-12-03 19:10:00

A published text was rendered once in each worker process of a deployment without Redis: four
times in the first seconds after a publication, while every delegation opened it.
"""

from alembic import op
import sqlalchemy as sa


revision = "renderings01_stored_renderings"
down_revision = "publish01_outbox_letters"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_renderings",
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_stored_renderings")),
    )


def downgrade():
    op.drop_table("stored_renderings")
