"""when each person last visited a negotiation, and comments by negotiation and time

Revision ID: visits01_negotiation_visits
Revises: library02_unaccented_search
Create Date: 2026-12-07 18:10:00

A delegate back at a negotiation the next morning is shown what was written since their last
visit. `negotiation_visits` keeps, per person and negotiation, the latest page of the current
visit and where the visit before it ended. The comments made in a negotiation since a moment are
read by an index on (negotiation_id, created_at), not by reading every comment of it.
"""

from alembic import op
import sqlalchemy as sa


revision = "visits01_negotiation_visits"
down_revision = "library02_unaccented_search"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "negotiation_visits",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("previous_visit_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_negotiation_visits_negotiation_id_negotiations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_negotiation_visits_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "negotiation_id", name=op.f("pk_negotiation_visits")),
    )
    op.create_index(
        "ix_comments_negotiation_id_created_at",
        "comments",
        ["negotiation_id", "created_at"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_comments_negotiation_id_created_at", table_name="comments")
    op.drop_table("negotiation_visits")
