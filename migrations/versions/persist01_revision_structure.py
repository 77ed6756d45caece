"""a published revision's sponsors, headings, symbol, link line, sponsor note and annex title

Revision ID: persist01_revision_structure
Revises: library01_adopted_texts
Create Date: 2026-12-03 02:20:00

Until now these were kept only inside `revisions.document_data`. The upgrade copies them out of
that JSON for every published revision, so the columns and tables are complete from the start.
"""

import sqlalchemy as sa
from alembic import op

revision = "persist01_revision_structure"
down_revision = "library01_adopted_texts"
branch_labels = None
depends_on = None

NEW_COLUMNS = (
    ("symbol", sa.String(length=100)),
    ("link_line", sa.Text()),
    ("sponsor_mark", sa.String(length=10)),
    ("sponsor_note", sa.Text()),
    ("annex_intro", sa.Text()),
)


def upgrade():
    for name, kind in NEW_COLUMNS:
        op.add_column("revisions", sa.Column(name, kind, nullable=False, server_default=""))
    op.add_column("revisions", sa.Column("annex_title", sa.Text(), nullable=True))
    sponsors = op.create_table(
        "revision_sponsors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
            name=op.f("fk_revision_sponsors_delegation_id_delegations"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name=op.f("fk_revision_sponsors_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision_sponsors")),
        sa.UniqueConstraint(
            "revision_id", "position", name=op.f("uq_revision_sponsors_revision_id")
        ),
    )
    op.create_index(op.f("ix_revision_sponsors_revision_id"), "revision_sponsors", ["revision_id"])
    headings = op.create_table(
        "revision_headings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraphs.id"],
            name=op.f("fk_revision_headings_paragraph_id_paragraphs"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name=op.f("fk_revision_headings_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision_headings")),
        sa.UniqueConstraint(
            "revision_id", "position", name=op.f("uq_revision_headings_revision_id")
        ),
    )
    op.create_index(op.f("ix_revision_headings_revision_id"), "revision_headings", ["revision_id"])
    _copy_from_documents(sponsors, headings)


def _copy_from_documents(sponsors: sa.Table, headings: sa.Table) -> None:
    """Fill the new columns and tables of every published revision from its stored Document."""
    bind = op.get_bind()
    meta = sa.MetaData()
    revisions = sa.Table("revisions", meta, autoload_with=bind)
    paragraphs = sa.Table("paragraphs", meta, autoload_with=bind)
    delegations = sa.Table("delegations", meta, autoload_with=bind)
    by_name = dict(bind.execute(sa.select(delegations.c.name, delegations.c.id)).all())
    published = bind.execute(
        sa.select(revisions.c.id, revisions.c.document_data).where(
            revisions.c.state == "published"
        )
    ).all()
    for revision_id, data in published:
        document = data or {}
        annex = document.get("annex")
        mark = document.get("sponsor_mark", "")
        note = next(
            (f["text"] for f in document.get("footnotes", []) if mark and f["mark"] == mark), ""
        )
        bind.execute(
            revisions.update()
            .where(revisions.c.id == revision_id)
            .values(
                symbol=(document.get("symbol") or "")[:100],
                link_line=document.get("link", ""),
                sponsor_mark=mark if note else "",
                sponsor_note=note,
                annex_title=None if annex is None else annex.get("title", ""),
                annex_intro="" if annex is None else annex.get("intro", ""),
            )
        )
        for position, name in enumerate(document.get("sponsors", [])):
            bind.execute(
                sponsors.insert().values(
                    revision_id=revision_id,
                    position=position,
                    name=name[:200],
                    delegation_id=by_name.get(name),
                )
            )
        top = dict(
            bind.execute(
                sa.select(paragraphs.c.label, paragraphs.c.id).where(
                    paragraphs.c.revision_id == revision_id, paragraphs.c.parent_id.is_(None)
                )
            ).all()
        )
        for position, heading in enumerate(document.get("headings", [])):
            bind.execute(
                headings.insert().values(
                    revision_id=revision_id,
                    position=position,
                    part=heading.get("part", "operative"),
                    number=heading.get("number", ""),
                    text=heading["text"],
                    paragraph_id=top.get(heading.get("before", "")),
                    line=heading.get("line", 0),
                )
            )


def downgrade():
    op.drop_index(op.f("ix_revision_headings_revision_id"), table_name="revision_headings")
    op.drop_table("revision_headings")
    op.drop_index(op.f("ix_revision_sponsors_revision_id"), table_name="revision_sponsors")
    op.drop_table("revision_sponsors")
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later): copying the table instead
    # would break the foreign keys that point at revisions.
    for name in ("annex_title", *(name for name, _ in NEW_COLUMNS)):
        op.drop_column("revisions", name)
