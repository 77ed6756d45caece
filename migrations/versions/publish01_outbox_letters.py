"""letters to many in the outbox, each copy written by the mail worker

Revision ID: publish01_outbox_letters
Revises: pages01_data_generation
Create Date: 2026-12-03 08:16:13

A circulation letter (or any notice to many) is one row rendered once in the request that
publishes: who gets it and its text with each reader's name and unsubscribe link left to fill
in. `flask send-mail` writes the copies into `outbox` and removes the letter in one transaction.
"""

import sqlalchemy as sa
from alembic import op

revision = "publish01_outbox_letters"
down_revision = "pages01_data_generation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("text_parts", sa.JSON(), nullable=False),
        sa.Column("html_parts", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_outbox_letters_negotiation_id_negotiations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_letters")),
    )


def downgrade():
    op.drop_table("outbox_letters")
