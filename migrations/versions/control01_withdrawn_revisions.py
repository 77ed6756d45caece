"""withdrawn revisions, pairing corrections made in a preview, splits and merges recorded by hand

Revision ID: control01_withdrawn_revisions
Revises: abuse01_sessions_moderation
Create Date: 2026-12-03 02:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "control01_withdrawn_revisions"
down_revision = "abuse01_sessions_moderation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("preview_pairing", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_revisions_withdrawn_by_id_users"), "users", ["withdrawn_by_id"], ["id"]
        )
    with op.batch_alter_table("lineages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_lineages_merged_into_id_lineages"), "lineages", ["merged_into_id"], ["id"]
        )
    with op.batch_alter_table("lineage_corrections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="continues")
        )


def downgrade():
    with op.batch_alter_table("lineage_corrections", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("lineages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lineages_merged_into_id_lineages"), type_="foreignkey"
        )
        batch_op.drop_column("merged_into_id")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_revisions_withdrawn_by_id_users"), type_="foreignkey")
        batch_op.drop_column("preview_pairing")
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_by_id")
        batch_op.drop_column("withdrawn_at")
