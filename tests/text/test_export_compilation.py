"""The compilation of proposals: every entry under its paragraph, changes visible."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import docx
import pytest
from docx.text.paragraph import Paragraph as DocxParagraph

from tracker.text.diff import DiffOp, Op
from tracker.text.document import Document, Emphasis, Footnote, Heading, Kind, Paragraph
from tracker.text.export_compilation import CompilationEntry, write_compilation_docx


def op(number: str, text: str) -> Paragraph:
    verb = len(text.split(" ")[0])
    return Paragraph(Kind.OPERATIVE, f"OP{number}", text, number, (Emphasis(0, verb),))


DOC = Document(
    title="Modalities of the high-level meeting",
    formula="The General Assembly,",
    preamble=(
        Paragraph(
            Kind.PREAMBULAR, "PP1", "Recalling its resolution 64/293,", emphasis=(Emphasis(0, 9),)
        ),
    ),
    operative=(
        op("1", "Decides to convene the meeting in New York;"),
        op("2", "Requests a report;"),
        op("2 bis", "Invites all States;"),
        op("3", "Decides to remain seized of the matter."),
    ),
)

PROPOSALS = {
    "OP1": (
        CompilationEntry(
            "amend",
            "Mexico, joined by Chile",
            "",
            "Decides to convene the meeting in Geneva;",
            (
                DiffOp(Op.EQUAL, "Decides to convene the meeting in "),
                DiffOp(Op.DELETE, "New York"),
                DiffOp(Op.INSERT, "Geneva"),
                DiffOp(Op.EQUAL, ";"),
            ),
        ),
        CompilationEntry("retain", "European Union", ""),
    ),
    "OP2": (
        CompilationEntry("new_after", "G-77 and China", "", "Also requests a summary;"),
        CompilationEntry("new_after", "Japan", "", "Further requests a briefing;"),
        CompilationEntry("question", "Norway", "Who prepares the report?"),
    ),
    "PP1": (CompilationEntry("delete", "Russian Federation", ""),),
}


def paragraphs() -> list[DocxParagraph]:
    data = write_compilation_docx(DOC, PROPOSALS, title="Compilation of proposals, first reading")
    return list(docx.Document(io.BytesIO(data)).paragraphs)


def entries_under(label: str) -> list[str]:
    """Texts of the paragraphs after the one starting with `label`, up to the next paragraph."""
    texts = [p.text for p in paragraphs()]
    start = next(i for i, t in enumerate(texts) if t.startswith(f"{label}\t"))
    following = []
    for text in texts[start + 1 :]:
        if "\t" in text:
            break
        following.append(text)
    return following


def test_entries_stand_under_their_paragraph() -> None:
    assert entries_under("OP1") == [
        "Mexico, joined by Chile: amend to read:",
        "Decides to convene the meeting in New YorkGeneva;",
        "European Union: retain",
    ]
    assert entries_under("PP1") == ["Russian Federation: delete"]
    assert entries_under("OP3") == []


def test_new_paragraphs_are_numbered_after_existing_bis() -> None:
    # The revision already has OP2 bis, so proposals after OP2 become OP2 ter and OP2 quater.
    assert entries_under("OP2") == [
        "G-77 and China: add a new paragraph OP2 ter:",
        "OP2 ter Also requests a summary;",
        "Japan: add a new paragraph OP2 quater:",
        "OP2 quater Further requests a briefing;",
        "Norway: question: Who prepares the report?",
    ]


def test_insertions_are_bold_underlined_and_deletions_struck_through() -> None:
    proposal = next(p for p in paragraphs() if p.text.endswith("New YorkGeneva;"))
    runs = {r.text: r for r in proposal.runs}
    assert runs["Geneva"].bold and runs["Geneva"].underline
    assert runs["New York"].font.strike and not runs["New York"].bold
    assert not runs["Decides to convene the meeting in "].font.strike


def test_a_proposal_on_the_room_wording_prints_the_room_changes_apart() -> None:
    """Made in a meeting on the room's wording, which had changed OP1: the proposal's own
    change against that wording, then the room's change against the text as circulated, on a
    line of its own, never one diff that would make the room's words the delegation's."""
    mexico = PROPOSALS["OP1"][0]
    entry = replace(
        mexico,
        delegations="Norway",
        proposed_text="Decides to convene the meeting in Geneva in 2027;",
        diff=(
            DiffOp(Op.EQUAL, "Decides to convene the meeting in Geneva"),
            DiffOp(Op.INSERT, " in 2027"),
            DiffOp(Op.EQUAL, ";"),
        ),
        # The room had made Mexico's change (New York became Geneva) before Norway's.
        room_changes=mexico.diff,
    )
    data = write_compilation_docx(DOC, {"OP1": (entry,)}, title="C")
    lines = [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]
    at = next(i for i, p in enumerate(lines) if p.text.startswith("Norway"))
    assert [p.text for p in lines[at : at + 3]] == [
        "Norway: amend the room's wording to read:",
        "Decides to convene the meeting in Geneva in 2027;",
        "The room's wording it was made on, against the text as circulated: "
        "Decides to convene the meeting in New YorkGeneva;",
    ]
    assert [r.text for r in lines[at + 1].runs if r.bold and r.underline] == [" in 2027"]
    room = lines[at + 2]
    assert [r.text for r in room.runs if r.bold and r.underline] == ["Geneva"]
    assert [r.text for r in room.runs if r.font.strike] == ["New York"]
    assert room.runs[0].italic


def test_proposal_for_a_paragraph_the_revision_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="OP9"):
        write_compilation_docx(DOC, {"OP9": (CompilationEntry("retain", "Peru", ""),)}, title="C")


def test_unknown_kind_and_missing_text_say_where() -> None:
    with pytest.raises(ValueError, match="OP1, proposal 1 \\(Peru\\): unknown kind 'rewrite'"):
        write_compilation_docx(DOC, {"OP1": (CompilationEntry("rewrite", "Peru", ""),)}, title="C")
    with pytest.raises(ValueError, match="amend needs the proposed text"):
        write_compilation_docx(DOC, {"OP1": (CompilationEntry("amend", "Peru", ""),)}, title="C")


def test_headings_stand_where_the_text_prints_them_and_sponsors_head_the_text() -> None:
    doc = replace(
        DOC,
        sponsors=("Mexico", "Chile", "Norway"),
        sponsor_mark="*",
        footnotes=(Footnote("*", "Any changes to the list of sponsors will be reflected."),),
        headings=(
            Heading("Modalities", number="I", before="OP1"),
            Heading("Follow-up", before="OP2"),
            Heading("Closing remarks", before=""),
        ),
    )
    data = write_compilation_docx(doc, PROPOSALS, title="Compilation of proposals, first reading")
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts.index("Mexico, Chile and Norway:* draft resolution") < texts.index(
        "Modalities of the high-level meeting"
    )
    order = [
        texts.index(t)
        for t in (
            "Russian Federation: delete",
            "I.\tModalities",
            next(t for t in texts if t.startswith("OP1\t")),
            "European Union: retain",
            "Follow-up",
            next(t for t in texts if t.startswith("OP2\t")),
            next(t for t in texts if t.startswith("OP3\t")),
            "Closing remarks",
        )
    ]
    assert order == sorted(order)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "Any changes to the list of sponsors" in package.read("word/footnotes.xml").decode()


def test_a_paragraphs_end_keeps_its_notes() -> None:
    """A/C.5/80/L.22: the deferred documents end the decision, each citing its symbol's note."""
    from tests.text.corpus import DOCS
    from tests.text.test_export_compare import W, _notes_cited_in_paragraph, document_xml
    from tracker.text.read import read_document

    doc = read_document("L.22.txt", (DOCS / "A_C.5_80_L.22.txt").read_bytes())
    data = write_compilation_docx(doc, {}, title="Compilation")
    body = document_xml(data).findall(f".//{W}body/{W}p")
    at = next(i for i, p in enumerate(body) if "backstopping" in "".join(p.itertext()))
    # One line a document, as printed, each with its note.
    assert _notes_cited_in_paragraph(data, at) == ["A/66/340."]
    assert "".join(body[at + 1].itertext()).startswith("Related report of the Advisory")
    assert _notes_cited_in_paragraph(data, at + 1) == ["A/66/7/Add.21."]


def test_the_symbol_heads_the_text_and_annex_stands_over_the_annex_title() -> None:
    """A/RES/79/314 (the ocean conference's declaration, annexed): as the clean text prints
    it, the symbol at the top and `Annex` over the declaration's title, where the compilation
    ran from the last operative paragraph straight into the title."""
    from tests.text.corpus import DOCS
    from tracker.text.read import read_document

    doc = read_document("79-314.txt", (DOCS / "A_RES_79_314.txt").read_bytes())
    assert doc.annex is not None and not doc.declares_inline()
    data = write_compilation_docx(doc, {}, title="Compilation")
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts[:2] == ["Compilation", "A/RES/79/314"]
    title = doc.annex.title.split("\n")[0]
    annex_title_at = len(texts) - 1 - texts[::-1].index(title)  # the resolution's own, too
    assert texts[annex_title_at - 1] == "Annex"
