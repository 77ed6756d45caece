"""Near copies in the library: every paragraph is signed as it is stored, and on PostgreSQL
the signatures find a draft paragraph's edited source by themselves."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import STARTER_LIBRARY, library_text_id
from tests.text.test_library_signature import EDITED_OP1
from tracker.extensions import db
from tracker.models import LibraryParagraph, LibrarySignature
from tracker.services.library import _PostgresIndex, import_file, match_text
from tracker.text.library import signature

SOURCE = (STARTER_LIBRARY / "A_RES_80_20.md").read_bytes()


def _import(*names: str) -> None:
    for name in names:
        assert not import_file(None, name, (STARTER_LIBRARY / name).read_bytes()).error


def test_every_paragraph_is_signed_and_reimporting_replaces_the_signatures(app):
    _import("A_RES_80_20.md", "A_RES_80_19.md")
    assert not import_file(None, "A_RES_80_20.md", SOURCE).error
    signed = db.session.execute(
        select(
            LibrarySignature.paragraph_id,
            LibrarySignature.library_text_id,
            LibrarySignature.bands,
            LibraryParagraph.library_text_id,
            LibraryParagraph.text,
        ).join(LibraryParagraph, LibraryParagraph.id == LibrarySignature.paragraph_id)
    ).all()
    paragraphs = db.session.scalar(select(func.count()).select_from(LibraryParagraph))
    assert (
        len(signed)
        == paragraphs
        == db.session.scalar(select(func.count()).select_from(LibrarySignature))
    )
    for _, text_id, bands, paragraph_text_id, body in signed:
        assert text_id == paragraph_text_id
        assert list(bands) == signature(body)


def test_an_edited_paragraph_has_its_source_as_nearest_precedent(app):
    _import("A_RES_80_20.md", "A_RES_80_19.md", "A_RES_80_44.md")
    nearest = match_text(EDITED_OP1)[0]
    assert nearest.citation == "A/RES/80/20 OP1"
    assert 0.9 < nearest.similarity < 1
    assert not nearest.verbatim


def test_postgresql_finds_near_copies_by_their_bands_and_leaves_out_excluded_texts(app):
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("signatures are searched on PostgreSQL only")
    _import("A_RES_80_20.md", "A_RES_80_19.md", "A_RES_80_44.md")
    source = db.session.scalar(
        select(LibraryParagraph.id).where(
            LibraryParagraph.library_text_id == library_text_id("A/RES/80/20"),
            LibraryParagraph.label == "OP1",
        )
    )
    index = _PostgresIndex()
    [near] = index._near_copies([EDITED_OP1], 12, [])
    assert near[0][0] == source
    assert near[0][1] >= 2
    [left_out] = index._near_copies([EDITED_OP1], 12, [library_text_id("A/RES/80/20")])
    assert source not in [paragraph_id for paragraph_id, _ in left_out]


def test_wording_none_of_whose_words_is_in_the_library_has_no_precedents(app):
    _import("A_RES_80_20.md")
    assert match_text("Zyxwvut qwertyuiop asdfghjkl.") == ()
    assert match_text(EDITED_OP1)[0].citation == "A/RES/80/20 OP1"
