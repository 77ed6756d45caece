"""the notes a section heading or a sponsor's name cites

Revision ID: marks01_notes_outside_paragraphs
Revises: outbox02_reset_lookup_index
Create Date: 2026-12-06 06:10:00

A heading may cite a note: a rule of procedure's title (`Rule 61` / `Associate members of
regional commissions17`), the heading over a programme of work (`Draft programme of work1`).
So may one name in a list of sponsors (`Armenia, China, Egypt,* Equatorial Guinea ...`: Egypt
on behalf of a group). A published revision's heading and sponsor rows keep those marks (a
heading's with its place in the heading's text), so that the draft view links their notes and
the exports write them where they were printed. The upgrade fills them from the revisions'
stored Documents (revisions read before the reader kept such marks have none to give).
"""

import sqlalchemy as sa
from alembic import op

revision = "marks01_notes_outside_paragraphs"
down_revision = "outbox02_reset_lookup_index"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("revision_headings") as batch_op:
        batch_op.add_column(sa.Column("marks", sa.JSON(), nullable=True))
    with op.batch_alter_table("revision_sponsors") as batch_op:
        batch_op.add_column(sa.Column("mark", sa.String(length=10), nullable=True))
    _copy_from_documents()


def _copy_from_documents() -> None:
    """Each published revision's heading and sponsor rows, by position, take the marks its
    stored Document gives them."""
    bind = op.get_bind()
    meta = sa.MetaData()
    revisions = sa.Table("revisions", meta, autoload_with=bind)
    headings = sa.Table("revision_headings", meta, autoload_with=bind)
    sponsors = sa.Table("revision_sponsors", meta, autoload_with=bind)
    published = bind.execute(
        sa.select(revisions.c.id, revisions.c.document_data).where(
            revisions.c.state == "published"
        )
    ).all()
    for revision_id, data in published:
        document = data or {}
        rows = [
            (headings, position, {"marks": heading["footnote_refs"]})
            for position, heading in enumerate(document.get("headings", []))
            if heading.get("footnote_refs")
        ] + [
            (sponsors, position, {"mark": mark[:10]})
            for position, mark in enumerate(document.get("sponsor_name_marks", []))
            if mark
        ]
        for table, position, values in rows:
            bind.execute(
                table.update()
                .where(table.c.revision_id == revision_id, table.c.position == position)
                .values(**values)
            )


def downgrade():
    with op.batch_alter_table("revision_sponsors") as batch_op:
        batch_op.drop_column("mark")
    with op.batch_alter_table("revision_headings") as batch_op:
        batch_op.drop_column("marks")
