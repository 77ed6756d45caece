"""library of adopted texts, with full-text indexes on either engine

Revision ID: library01_adopted_texts
Revises: messages01_people_and_messages
Create Date: 2026-12-02 21:50:00

PostgreSQL: a generated tsvector with a GIN index, pg_trgm on titles, and `library_terms`
(paragraphs per lexeme) kept by statement triggers. SQLite: an external-content FTS5 table and
its vocabulary, kept in step by row triggers.
"""

import sqlalchemy as sa
from alembic import op

revision = "library01_adopted_texts"
down_revision = "messages01_people_and_messages"
branch_labels = None
depends_on = None

POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE library_paragraphs ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX ix_library_paragraphs_search_vector ON library_paragraphs "
    "USING gin (search_vector)",
    "CREATE INDEX ix_library_texts_title_trgm ON library_texts USING gin (title gin_trgm_ops)",
    """
    CREATE FUNCTION library_terms_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE library_terms t SET paragraphs = t.paragraphs - gone.n
        FROM (SELECT lexeme, count(*) AS n FROM removed, unnest(removed.search_vector)
              GROUP BY lexeme) gone
        WHERE t.term = gone.lexeme;
        DELETE FROM library_terms WHERE paragraphs <= 0;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO library_terms (term, paragraphs)
        SELECT lexeme, count(*) FROM added, unnest(added.search_vector)
        GROUP BY lexeme ORDER BY lexeme
        ON CONFLICT (term) DO UPDATE
        SET paragraphs = library_terms.paragraphs + excluded.paragraphs;
      END IF;
      RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER library_terms_added AFTER INSERT ON library_paragraphs "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION library_terms_count()",
    "CREATE TRIGGER library_terms_removed AFTER DELETE ON library_paragraphs "
    "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION library_terms_count()",
    "CREATE TRIGGER library_terms_changed AFTER UPDATE ON library_paragraphs "
    "REFERENCING OLD TABLE AS removed NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION library_terms_count()",
]

SQLITE_UP = [
    "CREATE VIRTUAL TABLE library_paragraphs_fts USING fts5(text, content='library_paragraphs', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE library_paragraphs_vocab USING fts5vocab(library_paragraphs_fts, row)",
    "CREATE TRIGGER library_paragraphs_fts_insert AFTER INSERT ON library_paragraphs BEGIN "
    "INSERT INTO library_paragraphs_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER library_paragraphs_fts_delete AFTER DELETE ON library_paragraphs BEGIN "
    "INSERT INTO library_paragraphs_fts(library_paragraphs_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER library_paragraphs_fts_update AFTER UPDATE ON library_paragraphs BEGIN "
    "INSERT INTO library_paragraphs_fts(library_paragraphs_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO library_paragraphs_fts(rowid, text) VALUES (new.id, new.text); END",
]


def upgrade():
    op.create_table(
        "library_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("organ", sa.String(length=80), nullable=False),
        sa.Column("session", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_filename", sa.String(length=255), nullable=False),
        sa.Column("document_data", sa.JSON(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["users.id"], name=op.f("fk_library_texts_imported_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name=op.f("fk_library_texts_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_texts")),
        sa.UniqueConstraint("symbol", name=op.f("uq_library_texts_symbol")),
    )
    op.create_index(op.f("ix_library_texts_organ"), "library_texts", ["organ"])
    op.create_index(op.f("ix_library_texts_session"), "library_texts", ["session"])
    op.create_index(op.f("ix_library_texts_revision_id"), "library_texts", ["revision_id"])
    op.create_table(
        "library_paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("library_text_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_text_id"],
            ["library_texts.id"],
            name=op.f("fk_library_paragraphs_library_text_id_library_texts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_paragraphs")),
    )
    op.create_index(
        op.f("ix_library_paragraphs_library_text_id"), "library_paragraphs", ["library_text_id"]
    )
    op.create_index(
        op.f("ix_library_paragraphs_fingerprint"), "library_paragraphs", ["fingerprint"]
    )
    op.create_table(
        "library_terms",
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_library_terms")),
    )
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}.get(dialect, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TABLE library_terms")
        op.execute("DROP TABLE library_paragraphs")
        op.execute("DROP FUNCTION library_terms_count()")
    else:
        op.drop_table("library_terms")
        op.execute("DROP TABLE IF EXISTS library_paragraphs_vocab")
        op.execute("DROP TABLE IF EXISTS library_paragraphs_fts")
        op.drop_table("library_paragraphs")
    op.drop_table("library_texts")
