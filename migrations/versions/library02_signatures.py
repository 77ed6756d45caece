"""MinHash signatures of library paragraphs, to find a draft paragraph's near copies fast

Revision ID: library02_signatures
Revises: persist01_revision_structure
Create Date: 2026-12-03 02:10:00

`library_signatures` holds each paragraph's bands (`tracker.text.library.signature`); on
PostgreSQL a GIN index over them answers "which paragraphs share a band with this one" from
short posting lists, where the full-text index had to merge the long lists of common words.
Existing paragraphs are signed here, in batches. Titles get a trigram GiST index, which
returns the nearest titles first (the previous session's text of a recurring resolution).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from tracker.text.library import signature

revision = "library02_signatures"
down_revision = "persist01_revision_structure"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade():
    bands_type = sa.JSON().with_variant(postgresql.ARRAY(sa.Integer()), "postgresql")
    signatures = op.create_table(
        "library_signatures",
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("library_text_id", sa.Integer(), nullable=False),
        sa.Column("bands", bands_type, nullable=False),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["library_paragraphs.id"],
            name=op.f("fk_library_signatures_paragraph_id_library_paragraphs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("paragraph_id", name=op.f("pk_library_signatures")),
    )
    bind = op.get_bind()
    page = sa.text(
        "SELECT id, library_text_id, text FROM library_paragraphs WHERE id > :last "
        "ORDER BY id LIMIT :batch"
    )
    last = 0
    while batch := bind.execute(page, {"last": last, "batch": BATCH}).all():
        last = batch[-1][0]
        bind.execute(
            signatures.insert(),
            [
                {"paragraph_id": i, "library_text_id": text_id, "bands": signature(body)}
                for i, text_id, body in batch
            ],
        )
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_library_signatures_bands ON library_signatures USING gin (bands)"
        )
        # The nearest titles by trigram distance, read from a GiST index in distance order:
        # the GIN index had to merge the lists of every trigram of the title, and the planner
        # preferred scanning all titles.
        op.execute(
            "CREATE INDEX ix_library_texts_title_trgm_gist ON library_texts "
            "USING gist (title gist_trgm_ops)"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_library_texts_title_trgm_gist")
    op.drop_table("library_signatures")
