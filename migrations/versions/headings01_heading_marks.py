"""the notes a section heading cites

Revision ID: headings01_heading_marks
Revises: outbox02_reset_lookup_index
Create Date: 2026-12-06 05:30:00

A heading may cite a note: a rule of procedure's title (`Rule 61` / `Associate members of
regional commissions17`), the heading over a programme of work (`Draft programme of work1`).
A published revision's headings keep their marks, each with its place in the heading's text,
so that the draft view links them and the Word export writes the notes they cite.
"""

import sqlalchemy as sa
from alembic import op

revision = "headings01_heading_marks"
down_revision = "outbox02_reset_lookup_index"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("revision_headings") as batch_op:
        batch_op.add_column(sa.Column("marks", sa.JSON(), nullable=True))
    _copy_from_documents()


def _copy_from_documents() -> None:
    """The marks a published revision's stored Document gives its headings, by position
    (revisions read before headings kept their marks have none to give)."""
    bind = op.get_bind()
    meta = sa.MetaData()
    revisions = sa.Table("revisions", meta, autoload_with=bind)
    headings = sa.Table("revision_headings", meta, autoload_with=bind)
    published = bind.execute(
        sa.select(revisions.c.id, revisions.c.document_data).where(
            revisions.c.state == "published"
        )
    ).all()
    for revision_id, data in published:
        for position, heading in enumerate((data or {}).get("headings", [])):
            if heading.get("footnote_refs"):
                bind.execute(
                    headings.update()
                    .where(
                        headings.c.revision_id == revision_id, headings.c.position == position
                    )
                    .values(marks=heading["footnote_refs"])
                )


def downgrade():
    with op.batch_alter_table("revision_headings") as batch_op:
        batch_op.drop_column("marks")
