"""The working text's pure parts: labels of inserted paragraphs, italics carried through an
edit, the next revision written from the working text, the meeting summary."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import docx
import pytest
from docx.oxml.ns import qn

from tests.text.corpus import DOCS
from tracker.text.diff import DiffOp, Op
from tracker.text.document import Document, Emphasis, Footnote, FootnoteRef, Heading, Kind
from tracker.text.document import Paragraph as TextParagraph
from tracker.text.export_meeting_summary import write_meeting_summary_docx
from tracker.text.read import read_document
from tracker.text.working_text import (
    MeetingSummaryText,
    RecordEntry,
    Sibling,
    StatusLine,
    WorkingItem,
    carry_styling,
    insertion_labels,
    opening_italics,
    read_italics,
    styled_ops,
    with_italic_marks,
    working_document,
    write_meeting_summary,
)


def kept(label: str, number: str, kind: str = "operative") -> Sibling:
    return Sibling(label, number, inserted=False, kind=kind)


def new(kind: str = "operative", numbered: bool = True) -> Sibling:
    return Sibling("", "", inserted=True, numbered=numbered, kind=kind)


def test_inserted_paragraphs_take_the_next_latin_suffix_in_reading_order():
    labels = insertion_labels([kept("OP5", "5"), new(), new(), kept("OP6", "6"), new()])
    assert labels == [
        ("OP5", "5"), ("OP5 bis", "5 bis"), ("OP5 ter", "5 ter"), ("OP6", "6"),
        ("OP6 bis", "6 bis"),
    ]  # fmt: skip


def test_labels_follow_the_reading_order_around_a_suffix_the_circulated_text_uses():
    labels = insertion_labels(
        [kept("OP5", "5"), new(), new(), kept("OP5 bis", "5 bis"), new(), kept("OP6", "6")]
    )
    # No suffix fits between OP5 and OP5 bis; after OP5 bis the next one is free.
    assert [label for label, _ in labels] == [
        "OP5", "New OP5 bis", "New OP5 bis (2)", "OP5 bis", "OP5 ter", "OP6",
    ]  # fmt: skip
    subs = insertion_labels([kept("(a)", "a", "sub"), new("sub"), kept("(a bis)", "a bis", "sub")])
    assert [label for label, _ in subs] == ["(a)", "New (a bis)", "(a bis)"]
    # A gap left by a suffix deleted earlier is used: OP5 bis between OP5 and OP5 ter.
    gap = insertion_labels([kept("OP5", "5"), new(), kept("OP5 ter", "5 ter")])
    assert [label for label, _ in gap] == ["OP5", "OP5 bis", "OP5 ter"]
    # OP10 is not OP5's: its number sorts before "5" as text but follows it in reading.
    later = insertion_labels([kept("OP5", "5"), new(), kept("OP10", "10")])
    assert [label for label, _ in later] == ["OP5", "OP5 bis", "OP10"]


def test_sub_paragraphs_preambular_and_first_paragraphs():
    subs = insertion_labels([kept("(a)", "a", "sub"), new("sub")])
    assert subs[1] == ("(a bis)", "a bis")
    # The first sub-paragraphs of a paragraph that had none.
    assert insertion_labels([new("sub"), new("sub")]) == [("(a)", "a"), ("(b)", "b")]
    top = insertion_labels(
        [kept("PP1", "", "preambular"), new("preambular", numbered=False), new(), new(),
         kept("OP1", "1")]
    )  # fmt: skip
    assert [label for label, _ in top] == ["PP1", "", "New OP1", "New OP1 (2)", "OP1"]


def test_running_out_of_latin_suffixes_still_gives_unique_labels():
    labels = insertion_labels([kept("OP5", "5"), *[new() for _ in range(12)]])
    names = [label for label, _ in labels]
    assert names[9] == "OP5 decies"
    assert len(set(names)) == len(names)


def test_italics_and_footnote_marks_follow_their_words():
    # The opening verb rewritten is still the opening verb: the new words take its italics.
    old = "Decides to convene a meeting in 2025;"
    new_text = "Further decides to convene a high-level meeting in 2025;"
    emphasis, refs = carry_styling(old, new_text, [Emphasis(0, 7)], [FootnoteRef("1", 36)])
    assert [new_text[e.start : e.end] for e in emphasis] == ["Further decides"]
    assert new_text[: refs[0].offset].endswith("in 2025")


def test_italics_of_deleted_words_go():
    emphasis, _ = carry_styling("Decides to act;", "To act;", [Emphasis(0, 7)], [])
    assert emphasis == ()


def paragraph(kind: Kind, label: str, text: str, **extra) -> TextParagraph:
    return TextParagraph(kind=kind, label=label, text=text, **extra)


BASE = Document(
    title="Title",
    formula="The General Assembly,",
    preamble=(
        paragraph(Kind.PREAMBULAR, "PP1", "Recalling one,"),
        paragraph(Kind.PREAMBULAR, "PP2", "Noting two,"),
    ),
    operative=(
        paragraph(Kind.OPERATIVE, "OP1", "Decides one;", number="1"),
        paragraph(
            Kind.OPERATIVE,
            "OP2",
            "Requests two;",
            number="2",
            footnote_refs=(FootnoteRef("1", 12),),
            subparagraphs=(paragraph(Kind.SUB, "(a)", "first;", number="a"),),
        ),
    ),
    footnotes=(Footnote("1", "A/RES/1.", "OP2"),),
    headings=(Heading("I. Follow-up", "I", before="OP2"),),
)


def item(key, kind, label, text, origin, number="", children=(), refs=()):
    return WorkingItem(key, kind, label, number, text, (), tuple(refs), origin, tuple(children))


def test_the_working_text_is_written_as_the_next_revision_with_its_pairing():
    written = working_document(
        BASE,
        [
            item("p1", Kind.PREAMBULAR, "PP1", "Recalling one,", "PP1"),
            item("p9", Kind.PREAMBULAR, "", "Welcoming new,", None),
            item(
                "p4", Kind.OPERATIVE, "OP2", "Requests two;", "OP2", "2",
                [item("p5", Kind.SUB, "(a)", "first;", "OP2 (a)", "a")], [FootnoteRef("1", 12)],
            ),
            item("p3", Kind.OPERATIVE, "OP1", "Decides one, changed;", "OP1", "1"),
            item("p8", Kind.OPERATIVE, "OP1 bis", "Decides more;", None, "1 bis"),
        ],
    )  # fmt: skip
    document = written.document
    assert [p.label for p in document.paragraphs] == ["PP1", "PP2", "OP2", "OP1", "OP1 bis"]
    assert document.preamble[1].text == "Welcoming new,"
    assert written.pairing == {
        "PP1": "PP1", "PP2": None, "OP2": "OP2", "OP1": "OP1", "OP1 bis": None,
    }  # fmt: skip
    assert written.paths == {
        "p1": "PP1", "p9": "PP2", "p4": "OP2", "p5": "OP2 (a)", "p3": "OP1", "p8": "OP1 bis",
    }  # fmt: skip
    assert document.footnotes == (Footnote("1", "A/RES/1.", "OP2"),)
    assert document.headings[0].before == "OP2"


def test_a_heading_over_a_deleted_paragraph_moves_to_the_next_one_and_footnotes_go_with_it():
    written = working_document(
        BASE, [item("p3", Kind.OPERATIVE, "OP1", "Decides one;", "OP1", "1")]
    )
    assert written.document.headings == ()
    assert written.document.footnotes == ()
    heading_before_op1 = Document(
        title="T", formula="F", operative=BASE.operative,
        headings=(Heading("I.", "I", before="OP1"),),
    )  # fmt: skip
    kept_op2 = working_document(
        heading_before_op1, [item("p4", Kind.OPERATIVE, "OP2", "Requests two;", "OP2", "2")]
    )
    assert kept_op2.document.headings[0].before == "OP2"
    # OP2 moved before OP1: the heading stays where it stood, now over nothing.
    op2_moved = working_document(
        BASE,
        [
            WorkingItem(
                "p4", Kind.OPERATIVE, "OP2", "2", "Requests two;", (), (), "OP2", moved=True
            ),
            item("p3", Kind.OPERATIVE, "OP1", "Decides one;", "OP1", "1"),
        ],
    )
    assert op2_moved.document.headings == ()


#: When the meetings of the summary tests started.
WHEN = datetime(2026, 3, 30, 15, 5, tzinfo=UTC)
#: A meeting that edited OP3, read in Mexico's proposal on OP4, and made Rev.1's preview.
SUMMARY = MeetingSummaryText(
    negotiation="Modalities [HLM]",
    round="First reading",
    base_label="Zero draft",
    started=WHEN,
    ended=WHEN,
    started_by="Ana",
    entries=(
        RecordEntry(WHEN, "Ana", "edited the text", "OP3", "old *words*", "new words"),
        RecordEntry(WHEN, "Ana", "read in a proposal", "OP4", proposal="Mexico's (amend)"),
    ),
    paragraphs=(StatusLine("OP3", "Agreed ad ref", "new [words (EU)]", "edited"),),
    preview_label="Rev.1",
)


def test_the_summary_lists_proposals_changes_and_statuses_as_markdown():
    text = write_meeting_summary(SUMMARY)
    assert "# Meeting summary: Modalities \\[HLM\\]" in text
    assert "## Proposals read in (1)" in text
    assert "30 March 2026 15:05 UTC, OP4: Mexico's (amend) (read in by Ana)" in text
    assert "- 30 March 2026 15:05 UTC, on OP3: Ana edited the text" in text
    assert "    - before: old \\*words\\*" in text
    assert "- **OP3**, Agreed ad ref (edited): new \\[words (EU)\\]" in text


def as_items(paragraphs, prefix: str = "") -> list[WorkingItem]:
    """A document's paragraphs as a working text in which nothing was changed."""
    found = []
    for p in paragraphs:
        path = f"{prefix} {p.label}".strip()
        children = tuple(as_items(p.subparagraphs, path))
        found.append(
            WorkingItem(
                path, p.kind, p.label, p.number, p.text, p.emphasis, p.footnote_refs, path, children
            )
        )
    return found


@pytest.mark.parametrize("name", ["A_80_L.1.txt", "A_80_L.26.txt", "A_RES_80_24.md"])
def test_a_real_text_left_unchanged_comes_back_whole(name: str) -> None:
    """Sponsors' notes and footnotes no paragraph cites stay; headings and the annex too."""
    path = DOCS / name
    document = read_document(path.name, path.read_bytes())
    written = working_document(document, as_items(document.paragraphs)).document
    assert written.paragraphs == document.paragraphs
    assert written.footnotes == document.footnotes
    assert written.headings == document.headings
    assert written.annex == document.annex


def test_italics_written_between_asterisks_read_back_as_the_marks_were_written():
    text, emphasis = read_italics("*Decides* to convene *ad hoc* meetings;") or ("", ())
    assert text == "Decides to convene ad hoc meetings;"
    assert [text[e.start : e.end] for e in emphasis] == ["Decides", "ad hoc"]
    assert with_italic_marks(text, emphasis) == "*Decides* to convene *ad hoc* meetings;"
    # Nothing marked (a lone asterisk is a character of the text): None.
    assert read_italics("Notes the 5* rating;") is None


def test_the_opening_words_are_italic_as_the_genre_prints_them():
    text = "Also decides to convene a meeting;"
    assert [text[e.start : e.end] for e in opening_italics(text, Kind.OPERATIVE)] == [
        "Also decides"
    ]
    recalling = "Recalling also its resolution 64/293,"
    assert [recalling[e.start : e.end] for e in opening_italics(recalling, Kind.PREAMBULAR)] == [
        "Recalling also"
    ]
    assert opening_italics("An opening plenary meeting;", Kind.SUB) == ()


def test_tracked_changes_carry_the_italics_of_the_new_text():
    ops = [DiffOp(Op.DELETE, "Decides"), DiffOp(Op.INSERT, "Further decides"),
           DiffOp(Op.EQUAL, " to act;")]  # fmt: skip
    pieces = styled_ops(ops, [Emphasis(0, 15)])
    assert [(p.op.value, p.text, p.italic) for p in pieces] == [
        ("delete", "Decides", False),
        ("insert", "Further decides", True),
        ("equal", " to act;", False),
    ]
    split = styled_ops([DiffOp(Op.EQUAL, "Decides to act;")], [Emphasis(0, 7)])
    assert [(p.text, p.italic) for p in split] == [("Decides", True), (" to act;", False)]


def test_the_word_summary_holds_the_same_facts_in_tables():
    summary = replace(
        SUMMARY,
        ended=None,
        entries=(*SUMMARY.entries, RecordEntry(WHEN + timedelta(hours=9), "Ana", "ended it")),
        paragraphs=(
            *SUMMARY.paragraphs,
            StatusLine("", "Pending", "Recalling its resolution 77/1,", "inserted"),
        ),
    )
    document = docx.Document(io.BytesIO(write_meeting_summary_docx(summary)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Meeting summary: Modalities [HLM]"
    assert "Started: 30 March 2026 15:05 UTC by Ana" in paragraphs
    assert "Ended: still in progress" in paragraphs
    assert any("words added are in bold and underlined" in p for p in paragraphs)
    rows = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    proposals, changes, statuses = rows
    # The day is given above; a change after midnight gives its own.
    assert proposals[1] == ["15:05", "OP4", "Mexico's (amend)", "Ana"]
    assert changes[1][:4] == ["15:05", "Ana", "OP3", "edited the text"]
    assert changes[3][0] == "31 March 2026 00:05 UTC"
    # The change's text with what it took out struck through and what it added marked: read
    # without the one, it is the text before; without the other, the text after.
    runs = document.tables[1].rows[1].cells[4].paragraphs[0].runs
    assert "".join(r.text for r in runs if not (r.bold and r.underline)) == "old *words*"
    assert "".join(r.text for r in runs if not r.font.strike) == "new words"
    assert any(r.font.strike for r in runs) and any(r.bold and r.underline for r in runs)
    assert changes[2][4] == ""  # reading a proposal in left the text as it was
    assert statuses[1:] == [
        ["OP3", "Agreed ad ref (edited)", "new [words (EU)]"],
        ["(new preambular paragraph)", "Pending (inserted)", "Recalling its resolution 77/1,"],
    ]
    # Each table's header row comes back at the top of every page it runs onto.
    assert all(
        table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for table in document.tables
    )


def test_the_word_summary_says_none_where_nothing_was_read_in():
    summary = replace(SUMMARY, entries=(), paragraphs=())
    document = docx.Document(io.BytesIO(write_meeting_summary_docx(summary)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.count("None.") == 3
    assert not any("words added" in p for p in paragraphs)  # no change to mark
    assert document.tables == []
