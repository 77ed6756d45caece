"""comments say when their wording last changed

Revision ID: edits01_comment_edited_at
Revises: tallies01_comment_tallies
Create Date: 2026-12-05 08:40:00

A list of comments showed which were edited by asking the earlier wordings of each comment.
PostgreSQL plans the app's statements once per connection (tracker.config.PLAN_CACHE_MODE):
planned while no comment had been edited yet, it searched every earlier wording for each comment
on the list, a cost that grew with every edit of the negotiation. The comment's row now says when
its wording last changed, filled here from the wordings stored.
"""

from alembic import op
import sqlalchemy as sa


revision = "edits01_comment_edited_at"
down_revision = "tallies01_comment_tallies"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comments") as batch_op:
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))
    op.execute(
        """
        UPDATE comments SET edited_at = (
            SELECT max(comment_versions.created_at) FROM comment_versions
            WHERE comment_versions.comment_id = comments.id
        )
        WHERE EXISTS (
            SELECT 1 FROM comment_versions WHERE comment_versions.comment_id = comments.id
        )
        """
    )


def downgrade():
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_column("edited_at")
