"""What keeps the library a library of adopted texts: drafts are refused on every way in, the
symbol a document prints wins over its file's name, and a text with other wording does not
silently take an adopted text's place."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.conftest import FIXTURES, STARTER_LIBRARY, publish
from tracker.extensions import db
from tracker.models import LibraryText
from tracker.services import Invalid
from tracker.services.library import (
    add_revision,
    import_file,
    library_size,
    revision_entry,
    revision_refusal,
)

DOCS = FIXTURES / "corpus" / "docs"
SOURCE = (STARTER_LIBRARY / "A_RES_80_20.md").read_bytes()
TITLE_80_20 = "No first placement of weapons in outer space"

ADOPTED = """United Nations A/RES/79/902

General Assembly

Resolution adopted by the General Assembly on 2 December 2024

79/902. Women’s economic empowerment

The General Assembly,

Recalling the role of non-governmental organizations in women’s economic empowerment,

1. Decides to remain seized of the matter.

50th plenary meeting
2 December 2024
"""


def _entry(symbol: str) -> LibraryText | None:
    return db.session.scalar(select(LibraryText).where(LibraryText.symbol == symbol))


def test_a_committee_draft_is_refused_with_the_reason_and_nothing_is_stored(app):
    result = import_file(None, "A_C.2_80_L.42.txt", (DOCS / "A_C.2_80_L.42.txt").read_bytes())
    assert result.error.startswith(
        "A_C.2_80_L.42.txt: not imported: A/C.2/80/L.42 is a draft (an L. document)"
    )
    assert library_size() == (0, 0)


def test_a_draft_with_a_resolution_symbol_in_front_matter_is_still_refused(app):
    body = (DOCS / "A_C.1_80_L.23.txt").read_bytes()
    result = import_file(None, "catalogue.txt", b"---\nsymbol: A/RES/80/20\n---\n" + body)
    assert "A/C.1/80/L.23 is a draft" in result.error
    assert "the front matter says A/RES/80/20 but the text prints A/C.1/80/L.23" in result.error
    assert library_size() == (0, 0)


def test_a_misnamed_draft_does_not_replace_the_adopted_resolution_it_is_named_after(app):
    assert not import_file(None, "A_RES_80_20.md", SOURCE).error
    before = library_size()
    result = import_file(None, "A_RES_80_20.txt", (DOCS / "A_C.1_80_L.23.txt").read_bytes())
    assert "the text prints A/C.1/80/L.23 but the file's name says A/RES/80/20" in result.error
    assert "A/C.1/80/L.23 is a draft" in result.error
    assert library_size() == before
    entry = _entry("A/RES/80/20")
    assert entry is not None and entry.title == TITLE_80_20


def test_the_printed_symbol_wins_over_the_files_name_and_the_result_says_so(app):
    result = import_file(None, "A_RES_80_20.txt", (DOCS / "A_RES_79_280.txt").read_bytes())
    assert not result.error
    assert result.symbol == "A/RES/79/280"
    assert result.note == (
        "the text prints A/RES/79/280 but the file's name says A/RES/80/20: read as A/RES/79/280"
    )
    assert result.line().startswith("A_RES_80_20.txt: imported A/RES/79/280 (")
    assert result.line().endswith("; " + result.note)
    assert _entry("A/RES/80/20") is None


def test_other_wording_under_a_symbol_in_the_library_is_refused_unless_replace_is_chosen(app):
    assert not import_file(None, "A_RES_80_20.md", SOURCE).error
    other = SOURCE.replace(b"Reaffirms the importance", b"Stresses the importance", 1)
    refused = import_file(None, "A_RES_80_20.md", other)
    assert refused.error == (
        f"A_RES_80_20.md: not imported: A/RES/80/20 is already in the library as “{TITLE_80_20}”"
        ", and this file's text has other wording (OP1 is the first paragraph that differs); "
        "to put it in its place, import it again with “Replace texts with other wording” chosen"
    )
    # Another title is named.
    retitled = other.replace(b"80/20. No first placement", b"80/20. No first deployment", 1)
    assert "and this file's “No first deployment of weapons in outer space” has other" in (
        import_file(None, "A_RES_80_20.md", retitled).error
    )
    replaced = import_file(None, "A_RES_80_20.md", retitled, replace=True)
    assert not replaced.error and replaced.replaced
    assert replaced.replaced_title == TITLE_80_20
    assert replaced.line() == (
        f"A_RES_80_20.md: replaced A/RES/80/20 “{TITLE_80_20}” with “No first deployment of "
        "weapons in outer space” (21 paragraphs)"
    )
    entry = _entry("A/RES/80/20")
    assert entry is not None and entry.title == "No first deployment of weapons in outer space"


def test_the_same_wording_again_replaces_quietly(app):
    assert not import_file(None, "A_RES_80_20.md", SOURCE).error
    again = import_file(None, "A_RES_80_20.md", SOURCE)
    assert not again.error and again.replaced and not again.replaced_title
    assert again.line() == "A_RES_80_20.md: replaced A/RES/80/20 (21 paragraphs)"


def test_hostile_files_are_still_refused_as_before(app):
    wrong_type = import_file(None, "A_RES_80_20.exe", b"MZ\x90\x00")
    assert wrong_type.error.startswith("A_RES_80_20.exe: only ")
    broken = import_file(None, "A_RES_80_20.pdf", b"%PDF-1.4 broken")
    assert broken.error.startswith("A_RES_80_20.pdf: ")
    assert library_size() == (0, 0)


def test_a_zero_draft_cannot_go_into_the_library(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, "zero-draft-2021-hlm-modalities.txt")
    assert revision_refusal(zero).startswith("nothing shows the text was adopted")
    with pytest.raises(Invalid, match="Zero draft cannot be added to the library: nothing"):
        add_revision(cast.secretariat, zero)
    assert library_size() == (0, 0)


def test_the_draft_page_asks_about_a_published_text_without_reading_its_parsed_text_again(
    app, cast
):
    """The draft page asks whether its text may go into the library for every co-facilitator
    and secretariat officer who opens it; its parsed text, not otherwise read by the page, is
    read for the first of them only."""
    from sqlalchemy import inspect

    from tracker.extensions import db
    from tracker.models import Revision

    zero = publish(cast.cofac_a, cast.negotiation_a, "zero-draft-2021-hlm-modalities.txt")
    first = revision_refusal(zero)
    db.session.expunge_all()  # the next page's request reads the revision afresh
    again = db.session.get(Revision, zero.id)
    assert revision_refusal(again) == first
    assert "document_data" in inspect(again).unloaded


def test_a_committee_draft_published_in_a_negotiation_cannot_go_into_the_library(app, cast):
    draft = publish(
        cast.cofac_a,
        cast.negotiation_a,
        "A_C.2_80_L.42.txt",
        data=(DOCS / "A_C.2_80_L.42.txt").read_bytes(),
    )
    with pytest.raises(Invalid, match=r"A/C\.2/80/L\.42 is a draft"):
        add_revision(cast.cofac_a, draft)
    assert library_size() == (0, 0)


def test_an_adopted_text_goes_in_dated_the_day_it_was_adopted(app, cast):
    adopted = publish(cast.cofac_a, cast.negotiation_a, "final.txt", data=ADOPTED.encode())
    assert revision_refusal(adopted) == ""
    entry = add_revision(cast.cofac_a, adopted)
    assert (entry.symbol, entry.date, entry.kind) == (
        "A/RES/79/902",
        date(2024, 12, 2),
        "resolution",
    )
    assert entry.revision_id == adopted.id


def test_an_adopted_text_that_prints_no_date_is_dated_the_day_it_is_added(app, cast):
    undated = ADOPTED.replace(" on 2 December 2024", "").replace("2 December 2024\n", "")
    adopted = publish(cast.cofac_a, cast.negotiation_a, "final.txt", data=undated.encode())
    assert revision_entry(cast.secretariat, adopted).facts.date == datetime.now(UTC).date()
