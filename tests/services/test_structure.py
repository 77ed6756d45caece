"""A published revision keeps its sponsors, their note, headings, annex title and intro, link
line and symbol in columns and tables of its own, and every reader of it takes them from there."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from tests.conftest import publish, sign_in
from tests.services.test_archive import fresh_app  # noqa: F401 - the fixture
from tests.text.corpus import DOCS, PAIR_DOCS
from tracker.extensions import db
from tracker.models import Revision, RevisionHeading, RevisionSponsor
from tracker.services import exports, revisions
from tracker.services.archive import (
    archive_json,
    archive_negotiation,
    import_negotiation,
    read_archive,
)
from tracker.services.structure import stored_document
from tracker.text.read import read_docx

SPONSORED = PAIR_DOCS / "A_C.2_80_L.16.txt"  # Turkmenistan's draft, two headings
NOTED = DOCS / "A_80_L.1.txt"  # seven sponsors, `:**` and its note; `*` is the agenda item's
ANNEXED = DOCS / "A_C.2_80_L.42.txt"  # an annex of principles with section headings
LINKED = DOCS / "A_RES_79_280.txt"  # [on the report of the Fifth Committee (...)]
#: A/C.2/80/L.60 cut short: the heading `Draft programme of work` cites note 1.
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOTED_HEADING = FIXTURES / "programme-of-work-with-noted-heading.txt"
#: A/C.3/80/L.26: `Egypt,*` marked in the list of sponsors.
MARKED_SPONSOR = FIXTURES / "sponsor-on-behalf-of-a-group.txt"
#: A/RES/78/5: the declaration's opening words cite notes 1 and 2.
OPENING_NOTES = FIXTURES / "declaration-opening-cites-notes.txt"


def _publish(cast, path):
    return publish(cast.cofac_a, cast.negotiation_a, path.name, path.read_bytes())


def test_sponsors_their_note_and_headings_are_rows_of_their_own(app, cast):
    revision = _publish(cast, SPONSORED)
    sponsors = db.session.scalars(
        select(RevisionSponsor).where(RevisionSponsor.revision_id == revision.id)
    ).all()
    assert [(s.position, s.name, s.delegation.code) for s in sponsors] == [
        (0, "Turkmenistan", "TKM")
    ]
    assert revision.symbol == "A/C.2/80/L.16"
    assert revision.sponsor_mark == revision.sponsor_note == ""
    headings = db.session.scalars(
        select(RevisionHeading)
        .where(RevisionHeading.revision_id == revision.id)
        .order_by(RevisionHeading.position)
    ).all()
    assert [(h.text, h.part, h.paragraph.label) for h in headings] == [
        ("Implementation plan", "operative", "OP7"),
        ("Implementation frameworks", "operative", "OP11"),
    ]
    assert all(h.paragraph.revision_id == revision.id for h in headings)


def test_the_note_on_the_list_of_sponsors_is_the_one_its_mark_calls(app, cast):
    revision = _publish(cast, NOTED)
    assert [s.name for s in revision.sponsors][-2:] == ["Saudi Arabia", "State of Palestine"]
    assert revision.sponsors[-1].delegation.code == "PSE"
    assert revision.sponsor_mark == "**"
    assert revision.sponsor_note.startswith("Any changes to the list of sponsors")


def test_an_annex_keeps_its_title_intro_and_headings(app, cast):
    revision = _publish(cast, ANNEXED)
    assert revision.annex_title == "United Nations principles for consumer product safety"
    annex_headings = [h for h in revision.headings if h.part == "annex"]
    assert annex_headings[0].number == "I"
    assert annex_headings[0].text == "General principles for the safety of products on the market"
    assert annex_headings[0].paragraph.label == "Annex 1"
    assert annex_headings[0].paragraph.kind == "annex"


def test_a_resolution_keeps_its_link_line_and_no_sponsors(app, cast):
    revision = _publish(cast, LINKED)
    assert revision.link_line == "on the report of the Fifth Committee (A/79/839, para. 7)"
    assert revision.symbol == "A/RES/79/280"
    assert revision.sponsors == [] and revision.annex_title is None


def test_the_stored_document_is_read_from_the_rows(app, cast):
    revision = _publish(cast, SPONSORED)
    assert stored_document(revision).headings == revision.document.headings
    assert stored_document(revision).sponsors == revision.document.sponsors
    # What the database holds wins over the parsed text kept beside it.
    revision.sponsors[0].name = "Tajikistan"
    revision.headings[1].text = "Frameworks"
    document = stored_document(revision)
    assert document.sponsors == ("Tajikistan",)
    assert [h.text for h in document.headings] == ["Implementation plan", "Frameworks"]
    noted = _publish(cast, NOTED)
    noted.sponsor_note = "Changes are recorded."
    assert stored_document(noted).sponsor_note() == "Changes are recorded."
    db.session.rollback()


def test_a_preview_stores_nothing_until_it_is_published(app, cast):
    preview = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=SPONSORED.name, data=SPONSORED.read_bytes()
    )
    assert preview.sponsors == [] and preview.headings == [] and preview.symbol == ""
    assert stored_document(preview).sponsors == ("Turkmenistan",)


def _structure_of(r):
    return (
        (r.symbol, r.link_line, r.sponsor_mark, r.sponsor_note, r.annex_title, r.annex_intro),
        [(s.name, s.delegation.code if s.delegation else None, s.mark) for s in r.sponsors],
        [
            (h.part, h.number, h.text, h.paragraph.path if h.paragraph else None, h.marks)
            for h in r.headings
        ],
    )


def test_sponsors_and_headings_survive_the_archive(app, cast, fresh_app):  # noqa: F811
    expected = [
        _structure_of(_publish(cast, path))
        for path in (NOTED, ANNEXED, NOTED_HEADING, MARKED_SPONSOR)
    ]
    data = archive_json(archive_negotiation(cast.negotiation_a))
    with fresh_app.app_context():
        restored = import_negotiation(read_archive(data)).published_revisions
        assert [_structure_of(r) for r in restored] == expected
        assert all(h.paragraph.revision_id == r.id for r in restored for h in r.headings)


def test_exports_write_what_the_database_holds(app, cast):
    revision = _publish(cast, SPONSORED)
    revision.headings[0].text = "Plan of implementation"
    db.session.commit()
    text = exports.export_clean(cast.delegate_a, revision, "txt").data.decode()
    assert "Turkmenistan: draft resolution" in text
    assert "\n\nPlan of implementation\n\n7. Recalls" in text
    xml = exports.export_clean(cast.delegate_a, revision, "xml").data.decode()
    assert "<docProponent>Turkmenistan</docProponent>" in xml
    assert "<heading>Plan of implementation</heading>" in xml
    words = exports.export_clean(cast.delegate_a, revision, "docx").data
    assert "Plan of implementation" in read_docx(words).headings[0].text


def test_the_migration_fills_the_structure_of_revisions_published_before_it(tmp_path):
    """Down to the revision before, and up again: the columns and tables are filled from the
    Documents stored until then."""
    from flask_migrate import downgrade, upgrade

    from tests.conftest import build_cast
    from tests.services.test_archive import _second_app

    second = _second_app(f"sqlite:///{tmp_path / 'migrate.sqlite'}")
    with second.app_context():
        cast = build_cast()
        expected = [
            _structure_of(_publish(cast, path))
            for path in (NOTED, ANNEXED, NOTED_HEADING, MARKED_SPONSOR)
        ]
        db.session.remove()
        downgrade(revision="library01_adopted_texts")
        upgrade()
        restored = db.session.scalars(
            select(Revision).where(Revision.state == "published").order_by(Revision.id)
        ).all()
        assert [_structure_of(r) for r in restored] == expected
        db.session.remove()
        db.engine.dispose()


def test_an_archive_written_before_takes_them_from_its_documents(app, cast, fresh_app):  # noqa: F811
    expected = [
        _structure_of(_publish(cast, path))
        for path in (NOTED, ANNEXED, NOTED_HEADING, MARKED_SPONSOR)
    ]
    archive = archive_negotiation(cast.negotiation_a)
    del archive["revision_sponsors"], archive["revision_headings"]
    for row in archive["revisions"]:
        for column in ("symbol", "link_line", "sponsor_mark", "sponsor_note", "annex_title"):
            del row[column]
    data = archive_json(archive)
    with fresh_app.app_context():
        restored = import_negotiation(read_archive(data)).published_revisions
        assert [_structure_of(r) for r in restored] == expected


def test_a_headings_note_is_kept_with_it(app, cast):
    # The heading over a programme of work cites note 1: its row keeps the mark and where it
    # stands, the draft view links it, and the Word export writes the note at the heading.
    revision = _publish(cast, NOTED_HEADING)
    assert [(h.text, h.marks) for h in revision.headings] == [
        ("Draft programme of work", [["1", 23]])
    ]
    document = stored_document(revision)
    assert document.headings == revision.document.headings
    assert document.headings[0].footnote_refs[0].mark == "1"
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").get_data(
        as_text=True
    )
    heading = re.search(r'<h3 class="section-heading[^>]*>(.*?)</h3>', html, re.S)
    assert heading is not None
    assert heading.group(1) == (
        'Draft programme of work<sup class="fn-ref"><a href="#fn1">1</a></sup>'
    )
    words = read_docx(exports.export_clean(cast.delegate_a, revision, "docx").data)
    assert words.headings[0].text == "Draft programme of work"
    assert [r.mark for r in words.headings[0].footnote_refs] == ["1"]
    assert words.footnotes[0].text.startswith("The final list of items and sub-items")


def test_a_sponsors_mark_in_the_list_is_kept_with_the_name(app, cast):
    # `Egypt,*` in A/C.3/80/L.26's list: the sponsor's row keeps the mark, the draft view
    # links the note after the name, and the Word export writes the note there.
    revision = _publish(cast, MARKED_SPONSOR)
    assert [(s.name, s.mark) for s in revision.sponsors][1:4] == [
        ("China", None),
        ("Egypt", "*"),
        ("Equatorial Guinea", None),
    ]
    assert stored_document(revision).marked_sponsors() == revision.document.marked_sponsors()
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").get_data(
        as_text=True
    )
    assert 'China, Egypt<sup><a href="#fn*">*</a></sup>, Equatorial Guinea' in html
    words = read_docx(exports.export_clean(cast.delegate_a, revision, "docx").data)
    assert words.marked_sponsors()[2] == ("Egypt", "*")
    assert words.footnotes[0].text.startswith("On behalf of the States that are members")


def test_a_declarations_opening_words_keep_their_notes(app, cast):
    # A/RES/78/5's opening words cite notes 1 and 2: the draft view links them, and the Word
    # export writes them there.
    revision = _publish(cast, OPENING_NOTES)
    document = stored_document(revision)
    assert document.annex is not None
    assert [r.mark for r in document.annex.intro_refs] == ["1", "2"]
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").get_data(
        as_text=True
    )
    opening = re.search(r'<p class="annex-intro">(.*?)</p>', html, re.S)
    assert opening is not None
    assert 'tuberculosis,<sup class="fn-ref"><a href="#fn1">1</a></sup>' in (opening.group(1))
    words = read_docx(exports.export_clean(cast.delegate_a, revision, "docx").data)
    assert words.annex is not None
    assert words.annex.marked_intro == document.annex.marked_intro
    assert [f.text for f in words.footnotes] == [f.text for f in document.footnotes]


NOTE_CITED_AGAIN = (
    "The General Assembly, \n \nRecalling the Universal Declaration of Human Rights,1 the "
    "International \nCovenant on Economic, Social and Cultural Rights2 and the International "
    "Covenant \non Civil and Political Rights,2 as well as other human rights instruments,  \n \n"
    "1. \nCalls upon States parties to the Covenants2 to report on their implementation; \n \n"
    "__________________ \n \n1  Resolution 217 A (III). \n \n2  See resolution 2200 A (XXI), "
    "annex. \n"
)


def test_a_note_cited_again_links_each_citation_without_repeating_an_id(app, cast):
    # Both Covenants share note 2, and the operative paragraph cites it a third time: every
    # citation links to the note, and the page gives no two elements the same id (a repeated
    # id breaks in-page links and what screen readers announce).
    revision = publish(cast.cofac_a, cast.negotiation_a, "covenants.txt", NOTE_CITED_AGAIN.encode())
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").get_data(
        as_text=True
    )
    assert html.count('<sup class="fn-ref"><a href="#fn2">2</a></sup>') == 3
    ids = re.findall(r'\sid="([^"]*)"', html)
    assert [i for i in set(ids) if ids.count(i) > 1] == []


def test_only_marks_side_by_side_are_printed_with_a_comma_between(app, cast):
    # `conflict,1,2 and in the year since,3`: the second mark follows the first directly and is
    # printed after a comma; the third follows words and is printed as it stands.
    text = (
        "The General Assembly,\n\nNoting the fatalities recorded in a single conflict,[^1][^2] "
        "and in the year since,[^3]\n\n1. Condemns all acts of violence.\n\n"
        "[^1]: A/80/1.\n\n[^2]: A/80/2.\n\n[^3]: A/80/3.\n"
    )
    revision = publish(cast.cofac_a, cast.negotiation_a, "marks.md", text.encode())
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}").get_data(
        as_text=True
    )
    assert re.findall(r'<sup class="([^"]*)"><a href="#fn(\d)"', html) == [
        ("fn-ref", "1"),
        ("fn-ref fn-next", "2"),
        ("fn-ref", "3"),
    ]
