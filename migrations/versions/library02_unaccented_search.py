"""unaccented library search on PostgreSQL: `communique` finds `communiqué`

Revision ID: library02_unaccented_search
Revises: names01_delegation_sort_name
Create Date: 2026-12-07 06:30:00

SQLite's index already sets accents aside (FTS5's `remove_diacritics 2`). PostgreSQL's
`english` configuration kept them, so a word typed without its accents (`Cote d'Ivoire`,
`Sao Tome`, `communique`) found nothing there. The search vector is now made with
`tracker_english`: `english` with the `unaccent` dictionary before its stemmer. The generated
column is made again with it, and `library_terms` (paragraphs per lexeme, kept by the triggers
as rows change) is counted again from the new vectors.
"""

from alembic import op


revision = "library02_unaccented_search"
down_revision = "names01_delegation_sort_name"
branch_labels = None
depends_on = None


def _vector_with(config: str) -> list[str]:
    return [
        "DELETE FROM library_terms",
        "ALTER TABLE library_paragraphs DROP COLUMN search_vector",
        "ALTER TABLE library_paragraphs ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('{config}', text)) STORED",
        "CREATE INDEX ix_library_paragraphs_search_vector ON library_paragraphs "
        "USING gin (search_vector)",
        "INSERT INTO library_terms (term, paragraphs) "
        "SELECT lexeme, count(*) FROM library_paragraphs, unnest(search_vector) "
        "GROUP BY lexeme",
    ]


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE TEXT SEARCH CONFIGURATION tracker_english (COPY = english)",
        "ALTER TEXT SEARCH CONFIGURATION tracker_english "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
        *_vector_with("tracker_english"),
    ]:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in [
        *_vector_with("english"),
        "DROP TEXT SEARCH CONFIGURATION tracker_english",
    ]:
        op.execute(statement)
