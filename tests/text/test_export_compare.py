"""The comparison .docx: Word's Accept All gives the new revision, Reject All the old one."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tracker.text.align import Alignment, Change, Pair
from tracker.text.diff import DiffOp, Op
from tracker.text.document import Annex, Document, Emphasis, Footnote, FootnoteRef, Kind, Paragraph
from tracker.text.export_compare import (
    accept_all,
    accepted_notes,
    merge_order,
    reject_all,
    rejected_notes,
    write_tracked_docx,
)
from tracker.text.export_text import join_names

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = datetime(2021, 4, 9, 15, 30, tzinfo=UTC)


def pp(label: str, text: str, verb: int = 1, refs: tuple[FootnoteRef, ...] = ()) -> Paragraph:
    end = len(" ".join(text.split(" ")[:verb]))
    return Paragraph(Kind.PREAMBULAR, label, text, emphasis=(Emphasis(0, end),), footnote_refs=refs)


def op(number: str, text: str, subs: tuple[Paragraph, ...] = (), verb: int = 1) -> Paragraph:
    end = len(" ".join(text.split(" ")[:verb]))
    return Paragraph(
        Kind.OPERATIVE,
        f"OP{number}",
        text,
        number=number,
        emphasis=(Emphasis(0, end),),
        subparagraphs=subs,
    )


def sub(letter: str, text: str) -> Paragraph:
    return Paragraph(Kind.SUB, f"({letter})", text, number=letter)


PP1 = pp("PP1", "Recalling its resolution 74/176 of 23 January 2020,")
PP2_OLD = pp(
    "PP2",
    "Recalling also its resolution 64/293 of 30 July 2010, by which it adopted the Plan,",
    2,
    refs=(FootnoteRef("1", 53),),
)
PP3_OLD = pp("PP3", "Reaffirming its resolution 72/1 of 27 September 2017,")
OP1_OLD = op("1", "Decides that the high-level meeting will be held on Monday, 22 November 2021;")
OP2_OLD = op(
    "2",
    "Also decides that:",
    (sub("a", "The opening meeting will hear the President;"), sub("b", "Civil society speaks;")),
    2,
)
OP3_OLD = op("3", "Requests the Secretary-General to prepare a report;")
OP4_OLD = op("4", "Encourages Member States to take part at the highest level.")

OLD = Document(
    title="Modalities of the high-level meeting",
    formula="The General Assembly,",
    preamble=(PP1, PP2_OLD, PP3_OLD),
    operative=(OP1_OLD, OP2_OLD, OP3_OLD, OP4_OLD),
    footnotes=(Footnote("1", "United Nations, Treaty Series, vol. 2225.", "PP2"),),
    back_matter="73rd plenary meeting",
)

PP2_NEW = pp(
    "PP2",
    "Recalling also its resolution 64/293 of 30 July 2010, by which it adopted the Global Plan,",
    2,
    refs=(FootnoteRef("1", 53),),
)
OP1_NEW = op("1", "Decides that the high-level meeting will be held on Tuesday, 23 November 2021;")
OP2_NEW = op("2", "Encourages Member States to take part at the highest level;")
OP3_NEW = op(
    "3",
    "Also decides that:",
    (
        sub("a", "The opening meeting will hear the President;"),
        sub("b", "A survivor of trafficking will speak;"),
        sub("c", "Civil society speaks;"),
    ),
    2,
)
OP4_NEW = op("4", "Invites the United Nations Office on Drugs and Crime to support the meeting;")
OP5_NEW = op("5", "Requests the Secretary-General to prepare a report.")

NEW = Document(
    title="Modalities of the high-level meeting",
    formula="The General Assembly,",
    preamble=(PP1, PP2_NEW),
    operative=(OP1_NEW, OP2_NEW, OP3_NEW, OP4_NEW, OP5_NEW),
    footnotes=(Footnote("1", "United Nations, Treaty Series, vol. 2225.", "PP2"),),
    back_matter="74th plenary meeting",
)

ALIGNMENT = Alignment(
    (
        Pair(PP1, PP1, Change.UNCHANGED, 1.0),
        Pair(
            PP2_OLD,
            PP2_NEW,
            Change.MODIFIED,
            0.9,
            diff=(
                DiffOp(Op.EQUAL, "Recalling also its resolution 64/293 of 30 July 2010, by which "),
                DiffOp(Op.EQUAL, "it adopted the "),
                DiffOp(Op.INSERT, "Global "),
                DiffOp(Op.EQUAL, "Plan,"),
            ),
        ),
        Pair(PP3_OLD, None, Change.DELETED, 0.0),
        Pair(OP1_OLD, OP1_NEW, Change.MODIFIED, 0.8),
        # OP4 moved up above OP2 "Also decides" and now ends with a semicolon.
        Pair(OP4_OLD, OP2_NEW, Change.MOVED, 0.95, text_changed=True),
        Pair(
            OP2_OLD,
            OP3_NEW,
            Change.MODIFIED,
            0.8,
            subpairs=(
                Pair(OP2_OLD.subparagraphs[0], OP3_NEW.subparagraphs[0], Change.UNCHANGED, 1.0),
                Pair(None, OP3_NEW.subparagraphs[1], Change.ADDED, 0.0),
                Pair(OP2_OLD.subparagraphs[1], OP3_NEW.subparagraphs[2], Change.UNCHANGED, 1.0),
            ),
        ),
        Pair(None, OP4_NEW, Change.ADDED, 0.0),
        Pair(OP3_OLD, OP5_NEW, Change.MODIFIED, 0.9),
    )
)


def expected_lines(doc: Document, *, marks: bool = False) -> list[str]:
    """The paragraphs of a document as the comparison prints them, numbers as literal text
    (and footnote marks where they stand, as word processors show them, when `marks`); the
    symbol, the sponsors and the link line above the title, section headings above their
    paragraph, the meeting line before an annex that prints `Annex`, else at the end."""
    lines = [doc.symbol + (doc.symbol_mark if marks else "")] if doc.symbol else []
    lines += [f"{join_names(doc.sponsors)}: draft resolution"] if doc.sponsors else []
    lines += [f"[{doc.link}]"] if doc.link else []
    lines += [doc.title, doc.formula]
    headings = doc.headings_before()

    def heading_lines(label: str) -> list[str]:
        return [f"{h.number}. {h.text}" if h.number else h.text for h in headings.get(label, ())]

    def add(p: Paragraph, depth: int) -> None:
        number = ""
        if p.number and p.kind is not Kind.PREAMBULAR:
            number = (f"{p.number}." if depth == 0 else f"({p.number})") + "\t"
        text = p.text
        for ref in sorted(p.footnote_refs, key=lambda r: -r.offset) if marks else ():
            text = text[: ref.offset] + ref.mark + text[ref.offset :]
        if depth == 0:
            lines.extend(heading_lines(p.label))
        lines.append(number + text)
        for s in p.subparagraphs:
            add(s, depth + 1)

    for p in doc.preamble + doc.operative:
        add(p, 0)
    back = [line for line in doc.back_matter.splitlines() if line]
    if doc.annex:
        if not doc.declares_inline():
            lines += [*back, "Annex"]
            back = []
        lines += [line for line in (doc.annex.title, doc.annex.intro) if line]
        for p in doc.annex.paragraphs:
            add(p, 0)
    lines += heading_lines("")
    return lines + back


def document_xml(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def test_accept_all_gives_the_new_text_and_reject_all_the_old() -> None:
    docx = write_tracked_docx(OLD, NEW, ALIGNMENT, author="Secretariat", date=WHEN)
    assert accept_all(docx) == expected_lines(NEW)
    assert reject_all(docx) == expected_lines(OLD)


def test_renumbered_paragraph_shows_old_number_deleted_and_new_inserted() -> None:
    docx = write_tracked_docx(OLD, NEW, ALIGNMENT, author="Secretariat", date=WHEN)
    root = document_xml(docx)
    deleted = ["".join(d.itertext()) for d in root.iter(f"{W}del")]
    inserted = ["".join(i.itertext()) for i in root.iter(f"{W}ins")]
    # "Also decides" was OP2 and is OP3; "Requests" was OP3 and is OP5.
    assert "2." in deleted and "3." in inserted
    assert "Global " in inserted
    assert "Monday" in deleted and "Tuesday" in inserted


def test_marks_carry_author_date_and_unique_ids() -> None:
    docx = write_tracked_docx(OLD, NEW, ALIGNMENT, author="Secretariat", date=WHEN)
    root = document_xml(docx)
    marks = list(root.iter(f"{W}ins", f"{W}del"))
    assert marks
    assert {m.get(f"{W}author") for m in marks} == {"Secretariat"}
    assert {m.get(f"{W}date") for m in marks} == {"2021-04-09T15:30:00Z"}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))


def test_whole_paragraph_insertions_mark_the_paragraph_mark() -> None:
    docx = write_tracked_docx(OLD, NEW, ALIGNMENT, author="S", date=WHEN)
    root = document_xml(docx)
    marked = {
        "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")): mark.tag
        for p in root.iter(f"{W}p")
        for mark in p.findall(f"{W}pPr/{W}rPr/*")
    }
    assert marked["Reaffirming its resolution 72/1 of 27 September 2017,"] == f"{W}del"
    assert marked["(b)A survivor of trafficking will speak;"] == f"{W}ins"


def test_identical_revisions_have_no_marks() -> None:
    same = Alignment(tuple(Pair(p, p, Change.UNCHANGED, 1.0) for p in OLD.paragraphs))
    docx = write_tracked_docx(OLD, OLD, same, author="S", date=WHEN)
    assert not list(document_xml(docx).iter(f"{W}ins", f"{W}del"))
    assert accept_all(docx) == reject_all(docx) == expected_lines(OLD)


def test_empty_alignment_still_gives_both_texts() -> None:
    docx = write_tracked_docx(OLD, NEW, Alignment(()), author="S", date=WHEN)
    assert accept_all(docx) == expected_lines(NEW)
    assert reject_all(docx) == expected_lines(OLD)


def test_bis_numbers_and_annex_compare_exactly() -> None:
    declaration = Annex(
        "Political declaration",
        "We, the Heads of State and Government,",
        (op("1", "Reaffirm our commitment;"), op("2", "Commit to act.")),
    )
    old = Document("T", "The General Assembly,", operative=(op("1", "Adopts the declaration;"),))
    new_op = op("1 bis", "Decides to meet again.")
    new = Document(
        "T",
        "The General Assembly,",
        operative=(op("1", "Adopts the declaration;"), new_op),
        annex=declaration,
    )
    alignment = Alignment(
        (
            Pair(old.operative[0], new.operative[0], Change.UNCHANGED, 1.0),
            Pair(None, new_op, Change.ADDED, 0.0),
        )
    )
    docx = write_tracked_docx(old, new, alignment, author="S", date=WHEN)
    assert accept_all(docx) == expected_lines(new)
    assert "1 bis.\tDecides to meet again." in accept_all(docx)
    assert reject_all(docx) == expected_lines(old)


def test_footnote_references_are_real_footnotes() -> None:
    docx = write_tracked_docx(OLD, NEW, ALIGNMENT, author="S", date=WHEN)
    refs = list(document_xml(docx).iter(f"{W}footnoteReference"))
    assert len(refs) == 1
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        notes = package.read("word/footnotes.xml").decode()
    assert "Treaty Series, vol. 2225." in notes


def test_reading_something_that_is_not_a_docx_says_so() -> None:
    with pytest.raises(ValueError, match="not a Word document"):
        accept_all(b"plain text")


@pytest.mark.parametrize(
    ("matches", "expected"),
    [
        ([(0, 0), (1, 1)], [(0, 0), (1, 1)]),
        # Swapped: one of the two stays, the other becomes a deletion plus an insertion.
        ([(0, 1), (1, 0)], [(None, 0), (0, 1), (1, None)]),
        ([], [(0, None), (1, None), (None, 0)]),
    ],
)
def test_merge_order_keeps_both_orders(
    matches: list[tuple[int, int]], expected: list[tuple[int | None, int | None]]
) -> None:
    old_count = 2
    new_count = 2 if matches else 1
    order = merge_order(old_count, new_count, matches)
    assert order == expected


# -- LibreOffice ------------------------------------------------------------------------------

UNO_SCRIPT = r"""
import subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

profile, pipe, path = sys.argv[1:4]
office = subprocess.Popen(["soffice", "-env:UserInstallation=" + profile, "--headless",
    "--invisible", "--norestore", "--accept=pipe,name=%s;urp;" % pipe])
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.5)
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    for command in ("AcceptAllTrackedChanges", "RejectAllTrackedChanges", ""):
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                           (prop("Hidden", True),))
        if command:
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(),
                                       ".uno:" + command, "", 0, ())
        enum = doc.getText().createEnumeration()
        while enum.hasMoreElements():
            print(enum.nextElement().getString().replace("\n", " "))
        print("-----")
        notes = doc.getFootnotes()
        for k in range(notes.getCount()):
            note = notes.getByIndex(k)
            print(note.getAnchor().getString() + "\t" + note.getString().replace("\n", " "))
        print("=====")
        doc.close(True)
finally:
    office.terminate()
    office.wait(30)
"""


NEEDS_LIBREOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None or not Path("/usr/bin/python3").exists(),
    reason="needs LibreOffice (soffice) and the system python3 with its uno module",
)


def libreoffice_accept_and_reject(docx: bytes, tmp_path: Path) -> tuple[list[str], list[str]]:
    """Paragraph texts after LibreOffice's own Accept All and Reject All."""
    (accepted, _), (rejected, _), _ = libreoffice_reading(docx, tmp_path)
    return accepted, rejected


Reading = tuple[list[str], list[str]]


def libreoffice_reading(docx: bytes, tmp_path: Path) -> tuple[Reading, Reading, Reading]:
    """The paragraph texts and the notes (`mark<TAB>text`) LibreOffice reads after its own
    Accept All, after its Reject All, and with the changes shown."""
    path = tmp_path / "compare.docx"
    path.write_bytes(docx)
    probe = subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True)
    if probe.returncode:
        pytest.skip("the system python3 has no uno module (Debian package python3-uno)")
    result = subprocess.run(
        [
            "/usr/bin/python3",
            "-c",
            UNO_SCRIPT,
            (tmp_path / "profile").as_uri(),
            # Unique across processes too: parallel test workers number tmp_path alike.
            f"compare{os.getpid()}{tmp_path.name}",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    readings: list[Reading] = []
    for state in result.stdout.split("=====\n")[:3]:
        paragraphs, notes = state.split("-----\n")
        readings.append((paragraphs.splitlines(), notes.splitlines()))
    accepted, rejected, shown = readings
    return accepted, rejected, shown


@pytest.mark.libreoffice
@NEEDS_LIBREOFFICE
def test_libreoffice_accept_all_and_reject_all_give_the_two_revisions(tmp_path: Path) -> None:
    docx = write_tracked_docx(OLD, NEW, ALIGNMENT, author="Secretariat", date=WHEN)
    accepted, rejected = libreoffice_accept_and_reject(docx, tmp_path)
    assert accepted == expected_lines(NEW, marks=True)
    assert rejected == expected_lines(OLD, marks=True)


# Paragraph boundaries LibreOffice reads differently from Word: it takes two insertions by one
# author within a minute, with only an unmarked paragraph mark between them, as one insertion,
# and it cannot remove a document's last paragraph mark.
CONVENTION = "Recalling the Convention"
BOUNDARY_OLD = Document(
    title="Modalities of the high-level meeting",
    formula="The General Assembly,",
    preamble=(
        pp("PP1", CONVENTION, refs=(FootnoteRef("1", len(CONVENTION)),)),
        pp("PP2", "Recalling its resolution 74/176,"),
    ),
    operative=(
        op("1", "Decides to hold the meeting"),
        op("2", "Requests a report;"),
        op("3", "Invites States to attend."),
    ),
    footnotes=(Footnote("1", "United Nations, Treaty Series, vol. 2225.", "PP1"),),
)
BOUNDARY_NEW = Document(
    title="Modalities of the high-level meeting",
    formula="The General Assembly,",
    preamble=(
        # Inserted words right after a footnote reference, then a whole inserted paragraph.
        pp(
            "PP1",
            CONVENTION + " and its Protocols,",
            refs=(FootnoteRef("1", len(CONVENTION)),),
        ),
        pp("PP1 bis", "Welcoming the Pact for the Future,"),
        # Opens with inserted words.
        pp("PP2", "Further recalling its resolution 74/176,", 2),
    ),
    operative=(
        # Ends with an inserted colon, then inserted sub-paragraphs.
        op("1", "Decides to hold the meeting:", (sub("a", "In New York;"), sub("b", "In Geneva;"))),
        # Ends with a replaced semicolon, then a whole inserted paragraph.
        op("2", "Requests a report, and looks forward to it;"),
        op("3", "Invites Member States to contribute;"),
        op("4", "Invites States to attend."),
    ),
    footnotes=(Footnote("1", "United Nations, Treaty Series, vol. 2225.", "PP1"),),
    # Whole inserted lines at the very end of the document.
    back_matter="67th plenary meeting\n29 April 2025",
)
BOUNDARY_ALIGNMENT = Alignment(
    (
        Pair(
            BOUNDARY_OLD.preamble[0],
            BOUNDARY_NEW.preamble[0],
            Change.MODIFIED,
            0.9,
            diff=(DiffOp(Op.EQUAL, CONVENTION), DiffOp(Op.INSERT, " and its Protocols,")),
        ),
        Pair(None, BOUNDARY_NEW.preamble[1], Change.ADDED, 0.0),
        Pair(
            BOUNDARY_OLD.preamble[1],
            BOUNDARY_NEW.preamble[2],
            Change.MODIFIED,
            0.9,
            diff=(
                DiffOp(Op.INSERT, "Further "),
                DiffOp(Op.DELETE, "Recalling"),
                DiffOp(Op.INSERT, "recalling"),
                DiffOp(Op.EQUAL, " its resolution 74/176,"),
            ),
        ),
        Pair(
            BOUNDARY_OLD.operative[0],
            BOUNDARY_NEW.operative[0],
            Change.MODIFIED,
            0.9,
            diff=(DiffOp(Op.EQUAL, "Decides to hold the meeting"), DiffOp(Op.INSERT, ":")),
        ),
        Pair(
            BOUNDARY_OLD.operative[1],
            BOUNDARY_NEW.operative[1],
            Change.MODIFIED,
            0.9,
            diff=(
                DiffOp(Op.EQUAL, "Requests a report"),
                DiffOp(Op.DELETE, ";"),
                DiffOp(Op.INSERT, ", and looks forward to it;"),
            ),
        ),
        Pair(None, BOUNDARY_NEW.operative[2], Change.ADDED, 0.0),
        Pair(BOUNDARY_OLD.operative[2], BOUNDARY_NEW.operative[3], Change.MODIFIED, 0.9),
    )
)


def reversed_alignment(alignment: Alignment) -> Alignment:
    """The same pairing read from the newer text back to the older one."""
    swapped = {Op.INSERT: Op.DELETE, Op.DELETE: Op.INSERT, Op.EQUAL: Op.EQUAL}
    return Alignment(
        tuple(
            Pair(
                p.new,
                p.old,
                p.change,
                p.similarity,
                diff=tuple(DiffOp(swapped[d.op], d.text) for d in p.diff),
            )
            for p in alignment.pairs
        )
    )


BOUNDARY_CASES = {
    "forward": (BOUNDARY_OLD, BOUNDARY_NEW, BOUNDARY_ALIGNMENT),
    # Backwards, the trailing lines and paragraphs become deletions.
    "backward": (BOUNDARY_NEW, BOUNDARY_OLD, reversed_alignment(BOUNDARY_ALIGNMENT)),
}


@pytest.mark.parametrize("direction", BOUNDARY_CASES)
def test_paragraph_boundaries_libreoffice_misreads_still_give_both_texts(direction: str) -> None:
    old, new, alignment = BOUNDARY_CASES[direction]
    docx = write_tracked_docx(old, new, alignment, author="Secretariat", date=WHEN)
    assert accept_all(docx) == expected_lines(new)
    assert reject_all(docx) == expected_lines(old)


def test_no_insertion_meets_another_across_an_unmarked_paragraph_mark() -> None:
    docx = write_tracked_docx(
        BOUNDARY_OLD, BOUNDARY_NEW, BOUNDARY_ALIGNMENT, author="Secretariat", date=WHEN
    )
    paragraphs = list(document_xml(docx).iter(f"{W}p"))

    def content(p: etree._Element) -> list[str]:
        return [c.tag for c in p if c.tag in (f"{W}r", f"{W}ins", f"{W}del")]

    for p, following in zip(paragraphs, paragraphs[1:], strict=False):
        if p.find(f"{W}pPr/{W}rPr/*") is not None or not content(p):
            continue
        starts_inserted = (
            content(following)[0] == f"{W}ins"
            if content(following)
            else following.find(f"{W}pPr/{W}rPr/{W}ins") is not None
        )
        assert not (content(p)[-1] == f"{W}ins" and starts_inserted)
    last_mark = paragraphs[-1].find(f"{W}pPr/{W}rPr")
    assert last_mark is None or not len(last_mark)


@pytest.mark.libreoffice
@NEEDS_LIBREOFFICE
@pytest.mark.parametrize("direction", BOUNDARY_CASES)
def test_libreoffice_reads_the_awkward_paragraph_boundaries_exactly(
    direction: str, tmp_path: Path
) -> None:
    old, new, alignment = BOUNDARY_CASES[direction]
    docx = write_tracked_docx(old, new, alignment, author="Secretariat", date=WHEN)
    accepted, rejected = libreoffice_accept_and_reject(docx, tmp_path)
    assert accepted == expected_lines(new, marks=True)
    assert rejected == expected_lines(old, marks=True)


# -- real texts ---------------------------------------------------------------------------------

FIXTURES = Path(__file__).parent.parent / "fixtures"


def fixture_comparison() -> tuple[Document, Document, bytes]:
    """The zero draft of 2021 against resolution 79/286, paired by position."""
    from tracker.text.read import read_text

    zero = read_text((FIXTURES / "zero-draft-2021-hlm-modalities.txt").read_text())
    adopted = read_text((FIXTURES / "A_RES_79_286.pdf-text.txt").read_text())
    # Paired by position: the comparison must be exact whatever pairing it is given.
    pairs = tuple(
        Pair(a, b, Change.MODIFIED, 0.5)
        for a, b in zip(zero.paragraphs, adopted.paragraphs, strict=False)
    )
    docx = write_tracked_docx(zero, adopted, Alignment(pairs), author="Secretariat", date=WHEN)
    return zero, adopted, docx


def test_zero_draft_against_the_adopted_resolution_four_years_later() -> None:
    zero, adopted, docx = fixture_comparison()
    assert accept_all(docx) == expected_lines(adopted)
    assert reject_all(docx) == expected_lines(zero)


def computed_comparison(*, backwards: bool = False) -> tuple[Document, Document, bytes]:
    """The zero draft of 2021 against resolution 79/286 (or the other way round), aligned."""
    from tracker.text.align import align_documents
    from tracker.text.read import read_text

    zero = read_text((FIXTURES / "zero-draft-2021-hlm-modalities.txt").read_text())
    adopted = read_text((FIXTURES / "A_RES_79_286.pdf-text.txt").read_text())
    old, new = (adopted, zero) if backwards else (zero, adopted)
    docx = write_tracked_docx(old, new, align_documents(old, new), author="Secretariat", date=WHEN)
    return old, new, docx


REAL_COMPARISONS = {
    "aligned": computed_comparison,
    "paired by position": fixture_comparison,
    "backwards": lambda: computed_comparison(backwards=True),
}


@pytest.mark.libreoffice
@NEEDS_LIBREOFFICE
@pytest.mark.parametrize("comparison", REAL_COMPARISONS)
def test_libreoffice_accept_all_and_reject_all_on_the_real_texts(
    comparison: str, tmp_path: Path
) -> None:
    old, new, docx = REAL_COMPARISONS[comparison]()
    accepted, rejected = libreoffice_accept_and_reject(docx, tmp_path)
    assert accepted == expected_lines(new, marks=True)
    assert rejected == expected_lines(old, marks=True)


def test_comparison_with_the_computed_alignment_is_exact() -> None:
    from tracker.text.align import align_documents
    from tracker.text.read import read_text

    zero = read_text((FIXTURES / "zero-draft-2021-hlm-modalities.txt").read_text())
    adopted = read_text((FIXTURES / "A_RES_79_286.pdf-text.txt").read_text())
    alignment = align_documents(zero, adopted)
    docx = write_tracked_docx(zero, adopted, alignment, author="Secretariat", date=WHEN)
    assert accept_all(docx) == expected_lines(adopted)
    assert reject_all(docx) == expected_lines(zero)


def test_section_headings_and_sponsors_are_compared_too() -> None:
    from dataclasses import replace

    from tests.text.corpus import PAIR_DOCS
    from tracker.text.align import align_documents
    from tracker.text.read import read_document

    path = PAIR_DOCS / "A_C.2_80_L.16.txt"
    new = read_document(path.name, path.read_bytes())
    old = replace(new, headings=new.headings[:1], sponsors=("Turkmenistan", "Mongolia"))
    docx = write_tracked_docx(old, new, align_documents(old, new), author="S", date=WHEN)
    assert accept_all(docx) == expected_lines(new)
    assert reject_all(docx) == expected_lines(old)
    root = document_xml(docx)
    inserted = ["".join(i.itertext()) for i in root.iter(f"{W}ins")]
    assert "Implementation frameworks" in inserted
    assert "Implementation plan" not in inserted


def test_a_comma_sets_apart_two_marks_at_one_place_on_the_side_that_shows_both() -> None:
    from tracker.text.align import align_documents

    text = "Noting the highest number of fatalities ever recorded in a single conflict,"
    at = len(text)

    def with_marks(*marks: str) -> Document:
        return Document(
            title="Safety of personnel",
            formula="The General Assembly,",
            preamble=(pp("PP1", text, 1, refs=tuple(FootnoteRef(m, at) for m in marks)),),
            operative=(op("1", "Condemns all acts of violence."),),
            footnotes=tuple(Footnote(m, f"A/80/{m}.", "PP1") for m in ("1", "2")),
        )

    old, new = with_marks("1"), with_marks("1", "2")
    docx = write_tracked_docx(old, new, align_documents(old, new), author="S", date=WHEN)
    # The comma between notes 1 and 2 comes with note 2, as an insertion.
    inserted = ["".join(i.itertext()) for i in document_xml(docx).iter(f"{W}ins")]
    assert "," in inserted
    assert [line for line in accept_all(docx) if line.startswith("Noting")] == [text + ","]
    assert [line for line in reject_all(docx) if line.startswith("Noting")] == [text]
    # Unchanged on both sides, the comma is no change at all.
    docx = write_tracked_docx(new, new, align_documents(new, new), author="S", date=WHEN)
    assert not list(document_xml(docx).iter(f"{W}ins"))
    assert [line for line in reject_all(docx) if line.startswith("Noting")] == [text + ","]


def _footnote_elements(docx: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        if "word/footnotes.xml" not in package.namelist():
            return {}
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    return {n.get(f"{W}id"): n for n in notes.iter(f"{W}footnote")}


def _notes_cited_in_paragraph(docx: bytes, index: int) -> list[str]:
    """The text of each note the body's paragraph `index` cites, in order."""
    texts = {k: "".join(n.itertext()) for k, n in _footnote_elements(docx).items()}
    paragraph = document_xml(docx).findall(f".//{W}body/{W}p")[index]
    return [texts[ref.get(f"{W}id")] for ref in paragraph.iter(f"{W}footnoteReference")]


def test_the_sponsors_keep_the_notes_they_cite_in_the_comparison() -> None:
    """A/C.3/80/L.26: `Armenia, China, Egypt,* ...`, Egypt on behalf of the OIC; a sponsor
    added in the next text. The line shows the mark after Egypt as the clean text does."""
    from dataclasses import replace

    from tracker.text.align import align_documents
    from tracker.text.read import read_text

    new = read_text((FIXTURES / "sponsor-on-behalf-of-a-group.txt").read_text())
    old = replace(
        new,
        sponsors=new.sponsors[:-1],
        sponsor_name_marks=new.sponsor_name_marks[:-1],
    )
    docx = write_tracked_docx(old, new, align_documents(old, new), author="S", date=WHEN)
    body = document_xml(docx).findall(f".//{W}body/{W}p")
    assert "".join(body[0].itertext()) == new.symbol  # over the sponsors, as in the clean text
    (note,) = _notes_cited_in_paragraph(docx, 1)
    assert "On behalf of the States that are members of the Organization of Islamic" in note
    inserted = ["".join(i.itertext()) for i in document_xml(docx).iter(f"{W}ins")]
    assert any("Viet Nam" in text for text in inserted)
    # Notes 1 to 7 after the star are Word's own numbers, as in the clean export.
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    assert len(list(notes.iter(f"{W}footnoteRef"))) == 7
    refs = list(document_xml(docx).iter(f"{W}footnoteReference"))
    assert [r.get(f"{W}customMarkFollows") for r in refs].count("1") == 1


def test_a_section_heading_keeps_the_note_it_cites_in_the_comparison() -> None:
    """A/C.2/80/L.60: `Draft programme of work1`, the heading over the programme."""
    from tracker.text.align import align_documents
    from tracker.text.read import read_text

    doc = read_text((FIXTURES / "programme-of-work-with-noted-heading.txt").read_text())
    docx = write_tracked_docx(doc, doc, align_documents(doc, doc), author="S", date=WHEN)
    body = document_xml(docx).findall(f".//{W}body/{W}p")
    at = next(i for i, p in enumerate(body) if "".join(p.itertext()) == "Draft programme of work")
    (note,) = _notes_cited_in_paragraph(docx, at)
    assert "The final list of items and sub-items to be considered" in note


def test_a_declarations_opening_words_keep_their_notes_in_the_comparison() -> None:
    """A/RES/78/5: the declaration's opening words cite notes 1 and 2."""
    from tests.text.test_read_draft_shapes import tuberculosis_declaration
    from tracker.text.align import align_documents

    doc = tuberculosis_declaration()
    docx = write_tracked_docx(doc, doc, align_documents(doc, doc), author="S", date=WHEN)
    body = document_xml(docx).findall(f".//{W}body/{W}p")
    at = next(i for i, p in enumerate(body) if "".join(p.itertext()).startswith("We, Heads"))
    assert _notes_cited_in_paragraph(docx, at) == [
        "Resolution 73/3.",
        "See World Health Organization, document WHA67/2014/REC/1, resolution 67.1.",
    ]


def test_a_paragraphs_end_keeps_its_notes_in_the_comparison() -> None:
    """A/C.5/80/L.22: the deferred documents end the decision's paragraph, each citing the
    note that gives its symbol; kept or edited, the line still cites them."""
    from dataclasses import replace

    from tests.text.corpus import DOCS
    from tracker.text.align import align_documents
    from tracker.text.read import read_document

    old = read_document("L.22.txt", (DOCS / "A_C.5_80_L.22.txt").read_bytes())
    (decision,) = old.operative
    edited = replace(
        decision,
        tail=decision.tail.replace("Report of the Secretary-General", "Second report"),
        tail_refs=tuple(
            replace(r, offset=r.offset - len("Report of the Secretary-General") + 13)
            for r in decision.tail_refs
        ),
    )
    new = replace(old, operative=(edited,))
    for before, after in ((old, old), (old, new)):
        docx = write_tracked_docx(
            before, after, align_documents(before, after), author="S", date=WHEN
        )
        body = document_xml(docx).findall(f".//{W}body/{W}p")
        at = next(i for i, p in enumerate(body) if "backstopping" in "".join(p.itertext()))
        assert _notes_cited_in_paragraph(docx, at) == ["A/66/340.", "A/66/7/Add.21."]


def test_a_note_renumbered_by_a_deletion_before_it_is_no_change() -> None:
    """A/C.1/80/L.29, Rev.1 to Rev.2: a preambular paragraph citing notes 9 and 10 deleted, so
    every later note is numbered two lower. The paragraphs after it cite the same notes: no
    mark of theirs is struck and inserted again, and each note is written once."""
    from tracker.text.align import align_documents
    from tracker.text.read import read_text

    notes = {
        "old": ["A/CONF.1/1.", "A/CONF.1/2.", "See CCW/CONF.V/10.", "See CCW/CONF.VI/11."],
        "new": ["A/CONF.1/1.", "See CCW/CONF.V/10.", "See CCW/CONF.VI/11."],
    }
    old = read_text(
        "The General Assembly,\n\n*Recalling* the Convention,[^1]\n\n"
        "*Recalling also* the Protocol,[^2]\n\n"
        "1. *Welcomes* the Fifth Review Conference[^3] and the Sixth,[^4]\n\n"
        + "\n\n".join(f"[^{k}]: {text}" for k, text in enumerate(notes["old"], 1))
        + "\n"
    )
    new = read_text(
        "The General Assembly,\n\n*Recalling* the Convention,[^1]\n\n"
        "1. *Welcomes* the Fifth Review Conference[^2] and the Sixth,[^3]\n\n"
        + "\n\n".join(f"[^{k}]: {text}" for k, text in enumerate(notes["new"], 1))
        + "\n"
    )
    docx = write_tracked_docx(old, new, align_documents(old, new), author="S", date=WHEN)
    body = document_xml(docx).findall(f".//{W}body/{W}p")
    at = next(i for i, p in enumerate(body) if "".join(p.itertext()).startswith("1."))
    assert _notes_cited_in_paragraph(docx, at) == ["See CCW/CONF.V/10.", "See CCW/CONF.VI/11."]
    assert not list(body[at].iter(f"{W}ins")) and not list(body[at].iter(f"{W}del"))
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        written = etree.fromstring(package.read("word/footnotes.xml"))
    assert len(list(written.iter(f"{W}footnoteRef"))) == 4  # the three, and the deleted one
    assert accept_all(docx) == accept_all(
        write_tracked_docx(new, new, align_documents(new, new), author="S", date=WHEN)
    )
    assert reject_all(docx) == reject_all(
        write_tracked_docx(old, old, align_documents(old, old), author="S", date=WHEN)
    )


# -- notes and the parts of splits and merges ------------------------------------------------


def notes_cited(docx: bytes, *, accept: bool) -> list[str]:
    """The text of the note each footnote reference cites once every change is accepted (or
    rejected), in reading order; asserts that no two references share a footnote and that
    each cites one that is there and has words (a shared one prints an extra, empty note)."""
    refs = [r.get(f"{W}id") for r in document_xml(docx).iter(f"{W}footnoteReference")]
    assert len(refs) == len(set(refs)), "footnotes cited twice"
    bodies = _footnote_elements(docx)
    assert all(ref in bodies and "".join(bodies[ref].itertext()).strip() for ref in refs)
    return accepted_notes(docx) if accept else rejected_notes(docx)


def marked_text(docx: bytes, mark: str) -> str:
    """Everything the body marks as inserted (`ins`) or deleted (`del`), run together."""
    return " ".join("".join(m.itertext()) for m in document_xml(docx).iter(f"{W}{mark}"))


def test_a_note_cited_where_a_paragraph_stood_and_where_it_now_stands_is_written_twice() -> None:
    """A paragraph citing note 1 moved below two others: its old place shows the reference
    deleted with its note, its new place the reference inserted with its note, and neither
    prints an empty note."""
    note = "United Nations, Treaty Series, vol. 2225."
    cited = op("1", "Decides to hold the meeting in New York;")
    cited = replace(cited, footnote_refs=(FootnoteRef("1", len("Decides to hold the meeting")),))
    others = (op("2", "Requests a report;"), op("3", "Invites States to attend."))
    old = Document("T", "The General Assembly,", operative=(cited, *others))
    old = replace(old, footnotes=(Footnote("1", note, "OP1"),))
    moved = (*others, cited)
    new = replace(
        old,
        operative=tuple(replace(p, number=f"{k}", label=f"OP{k}") for k, p in enumerate(moved, 1)),
    )
    alignment = Alignment(
        tuple(Pair(a, b, Change.MOVED, 1.0) for a, b in zip(moved, new.operative, strict=True))
    )
    docx = write_tracked_docx(old, new, alignment, author="S", date=WHEN)
    assert notes_cited(docx, accept=True) == notes_cited(docx, accept=False) == [note]
    assert len(_footnote_elements(docx)) == 2 + 2  # the separators, a deleted and an inserted
    assert accept_all(docx) == expected_lines(new)
    assert reject_all(docx) == expected_lines(old)


def test_a_note_reworded_in_place_is_one_footnote_with_its_words_changed() -> None:
    """Note 1 cited at the same words in both texts, its reference now to a paragraph: one
    reference, kept, whose footnote shows the words struck and added, as Word's Compare marks
    a changed note; not the reference struck with the old note and inserted with the new."""
    before, after = "See A/RES/70/1.", "See A/RES/70/1, para. 5."
    cited = op("1", "Decides to hold the meeting in New York;")
    cited = replace(cited, footnote_refs=(FootnoteRef("1", len("Decides to hold the meeting")),))
    old = Document("T", "The General Assembly,", operative=(cited,))
    old = replace(old, footnotes=(Footnote("1", before, "OP1"),))
    new = replace(old, footnotes=(Footnote("1", after, "OP1"),))
    alignment = Alignment((Pair(cited, cited, Change.UNCHANGED, 1.0),))
    docx = write_tracked_docx(old, new, alignment, author="S", date=WHEN)
    assert notes_cited(docx, accept=True) == [after]
    assert notes_cited(docx, accept=False) == [before]
    assert len(list(document_xml(docx).iter(f"{W}footnoteReference"))) == 1
    assert marked_text(docx, "ins") == marked_text(docx, "del") == ""  # the body unchanged
    (note,) = [n for k, n in _footnote_elements(docx).items() if int(k) > 0]
    assert ", para. 5" in "".join("".join(i.itertext()) for i in note.iter(f"{W}ins"))
    assert accept_all(docx) == expected_lines(new)
    assert reject_all(docx) == expected_lines(old)


def test_a_note_with_a_mark_of_its_own_reads_back_as_its_words() -> None:
    """The `*` note on a sponsor's statement is written with its own mark: reading the notes
    back gives what each says, not the mark before it."""
    text = "Decides to act;"
    refs = (FootnoteRef("*", len("Decides")), FootnoteRef("1", len(text)))
    old = Document(
        "T",
        "The General Assembly,",
        operative=(replace(op("1", text), footnote_refs=refs),),
        footnotes=(Footnote("*", "Star note.", "OP1"), Footnote("1", "One note.", "OP1")),
    )
    new = replace(
        old,
        operative=(replace(op("1", "Decides to act now;"), footnote_refs=refs[:1]),),
        footnotes=old.footnotes[:1],
    )
    from tracker.text.align import align_documents

    docx = write_tracked_docx(old, new, align_documents(old, new), author="S", date=WHEN)
    assert notes_cited(docx, accept=True) == ["Star note."]
    assert notes_cited(docx, accept=False) == ["Star note.", "One note."]


def demo_comparison(*, backwards: bool = False) -> tuple[Document, Document, bytes]:
    """Rev.1 of the demo negotiation against its zero draft (or the other way round), as the
    export writes it."""
    from tracker.demo import DEMO_DATA
    from tracker.text.align import align_documents
    from tracker.text.read import read_text

    zero = read_text((DEMO_DATA / "zero-draft.txt").read_text())
    rev1 = read_text((DEMO_DATA / "rev1.txt").read_text())
    old, new = (rev1, zero) if backwards else (zero, rev1)
    docx = write_tracked_docx(old, new, align_documents(old, new), author="S", date=WHEN)
    return old, new, docx


def test_each_text_of_the_demo_comparison_keeps_exactly_its_own_notes() -> None:
    """Rev.1 against the zero draft cites each note once, with its text: Accept All leaves the
    notes the clean Rev.1 prints, Reject All those of the zero draft."""
    from tracker.text.export_docx import write_docx

    zero, rev1, docx = demo_comparison()
    assert notes_cited(docx, accept=True) == notes_cited(write_docx(rev1), accept=True)
    assert notes_cited(docx, accept=False) == notes_cited(write_docx(zero), accept=True)
    assert accept_all(docx) == expected_lines(rev1)
    assert reject_all(docx) == expected_lines(zero)


@pytest.mark.libreoffice
@NEEDS_LIBREOFFICE
def test_libreoffice_prints_each_note_of_the_demo_comparison_once_with_its_text(
    tmp_path: Path,
) -> None:
    """As the reviewer opened it: no note printed empty, and Accept All and Reject All leave
    each text's notes numbered 1, 2, 3 ... with their words."""
    from tracker.text.export_docx import write_docx

    zero, rev1, docx = demo_comparison()
    accepted, rejected, (_, shown) = libreoffice_reading(docx, tmp_path)
    assert all(note.split("\t", 1)[1].strip() for note in shown)
    for (paragraphs, notes), doc in ((accepted, rev1), (rejected, zero)):
        assert paragraphs == expected_lines(doc, marks=True)
        own = notes_cited(write_docx(doc), accept=True)
        assert [note.split("\t", 1) for note in notes] == [
            [str(k), text] for k, text in enumerate(own, 1)
        ]


@pytest.mark.parametrize("change", [Change.SPLIT, Change.MERGED])
def test_a_split_or_merged_paragraph_is_marked_word_by_word_as_on_the_compare_page(
    change: Change,
) -> None:
    """The zero draft's OP10 became Rev.1's OP10 and OP11 (`Welcomes the contribution of the
    hearing`), and read backwards Rev.1's two were merged into one: OP10 keeps its words and
    its note, only the words that went to (or came from) the other paragraph are marked."""
    from tracker.text.align import align_documents

    old, new, docx = demo_comparison(backwards=change is Change.MERGED)
    (main,) = [p for p in align_documents(old, new).pairs if p.change is change and p.main]
    assert main.old is not None and main.new is not None
    assert (main.old.label, main.new.label) == ("OP10", "OP10")
    body = document_xml(docx).findall(f".//{W}body/{W}p")
    at = next(
        i for i, p in enumerate(body) if "as part of the preparatory" in "".join(p.itertext())
    )
    unmarked = "".join(
        t.text or "" for t in body[at].iter(f"{W}t") if t.getparent().getparent() is body[at]
    )
    assert "Also requests the President of the General Assembly" in unmarked
    assert "Paris Principles" in unmarked
    moved = "Welcomes the contribution of the hearing"
    assert moved in marked_text(docx, "ins" if change is Change.SPLIT else "del")
    assert "Also requests" not in marked_text(docx, "del") + marked_text(docx, "ins")


CLAUSES = (
    "Decides to convene a high-level meeting on the appraisal of the Global Plan of Action",
    "requests the Secretary-General to submit a report on the implementation of the Plan",
    "invites Member States to be represented at the highest possible level",
    "encourages Member States to include parliamentarians in their delegations",
    "welcomes the work of the Inter-Agency Coordination Group against Trafficking in Persons",
    "urges Governments to protect and assist victims of trafficking in persons",
)


def clause_document(groups: list[list[int]], noted: set[int], renamed: set[int]) -> Document:
    """Operative paragraphs each joining some of CLAUSES; a noted clause cites its own note
    (worded differently when renamed), numbered in reading order."""
    paragraphs: list[Paragraph] = []
    notes: list[Footnote] = []
    for number, group in enumerate(groups, 1):
        text, refs = "", []
        for k in group:
            text += (" and " if text else "") + CLAUSES[k]
            if k in noted:
                mark = str(len(notes) + 1)
                refs.append(FootnoteRef(mark, len(text)))
                wording = "Revised report" if k in renamed else "Report"
                notes.append(Footnote(mark, f"{wording} A/80/{k}.", f"OP{number}"))
        paragraph = op(str(number), text[:1].upper() + text[1:] + ";")
        paragraphs.append(replace(paragraph, footnote_refs=tuple(refs)))
    return Document(
        "T", "The General Assembly,", operative=tuple(paragraphs), footnotes=tuple(notes)
    )


@st.composite
def clause_groups(draw: st.DrawFn) -> list[list[int]]:
    """Some of CLAUSES, each once, grouped into paragraphs in some order."""
    picked = draw(st.lists(st.sampled_from(range(len(CLAUSES))), unique=True, max_size=5))
    groups: list[list[int]] = []
    for k in picked:
        joined: bool = draw(st.booleans())
        if groups and joined:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


@settings(deadline=None)  # a busy machine must not fail a test of behaviour
@given(
    clause_groups(),
    clause_groups(),
    st.sets(st.sampled_from(range(len(CLAUSES)))),
    st.sets(st.sampled_from(range(len(CLAUSES)))),
)
def test_accept_all_gives_the_new_text_and_its_notes_and_reject_all_the_old(
    old_groups: list[list[int]],
    new_groups: list[list[int]],
    noted: set[int],
    renamed: set[int],
) -> None:
    """Paragraphs split, merged, moved, added and deleted, citing notes kept, renumbered,
    reworded, added and removed: each side of the comparison, notes included, is its text."""
    from tracker.text.align import align_documents

    old = clause_document(old_groups, noted, set())
    new = clause_document(new_groups, noted, renamed)
    docx = write_tracked_docx(old, new, align_documents(old, new), author="S", date=WHEN)
    assert accept_all(docx) == expected_lines(new)
    assert reject_all(docx) == expected_lines(old)
    assert notes_cited(docx, accept=True) == [note.text for note in new.footnotes]
    assert notes_cited(docx, accept=False) == [note.text for note in old.footnotes]
