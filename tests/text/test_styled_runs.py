"""A word diff printed as the texts print it: italics and note marks of the text each word
comes from, the edits exactly the diff's."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from hypothesis import given
from hypothesis import strategies as st

from tracker.text.align import Change, Pair
from tracker.text.diff import DiffOp, Op, word_diff
from tracker.text.document import (
    Emphasis,
    Footnote,
    FootnoteRef,
    Kind,
    MarkedLine,
    MarkedText,
    Paragraph,
)
from tracker.text.styled_runs import (
    ComparedNotes,
    Run,
    StyledOp,
    compared_runs,
    note_partners,
    runs,
    styled_diff,
)


def _line(text: str, italic: str = "", marks: dict[str, int] | None = None) -> MarkedLine:
    """`text` with its first `italic` words in italics and marks after the given offsets."""
    emphasis = (Emphasis(0, len(italic)),) if italic else ()
    refs = tuple(FootnoteRef(mark, at) for mark, at in (marks or {}).items())
    return MarkedLine(text, refs, emphasis)


def _printed(styled: tuple[StyledOp, ...]) -> str:
    """The diff as a compact string: *italic*, ^mark, [+inserted+], [-deleted-]."""
    out = []
    for change in styled:
        body = "".join(
            f"^{run.footnote}"
            if run.footnote
            else ","
            if run.separator
            else f"*{run.text}*"
            if run.italic
            else run.text
            for run in change.runs
        )
        out.append({Op.EQUAL: body, Op.INSERT: f"[+{body}+]", Op.DELETE: f"[-{body}-]"}[change.op])
    return "".join(out)


def _diff(old: MarkedLine, new: MarkedLine, **options) -> str:
    return _printed(styled_diff(word_diff(old.text, new.text), old, new, **options))


def test_an_italic_opening_stays_italic_and_an_edit_inside_it_stays_word_exact() -> None:
    old = _line("Recalling its resolution 75/1,", italic="Recalling")
    new = _line("Recalling also its resolution 75/1,", italic="Recalling also")
    # The diff keeps "Recalling " and inserts "also ": the marks stay where the diff put them.
    assert _diff(old, new) == "*Recalling *[+*also* +]its resolution 75/1,"


def test_deleted_words_keep_the_old_texts_italics_and_inserted_the_new() -> None:
    old = _line("Welcoming the report,", italic="Welcoming")
    new = _line("Noting the report,", italic="Noting")
    assert _diff(old, new) == "[-*Welcoming*-][+*Noting*+] the report,"


def test_kept_words_follow_the_new_text_unless_the_old_side_is_printed() -> None:
    old = _line("Decides to act;")
    new = _line("Decides to act;", italic="Decides")
    assert _diff(old, new) == "*Decides* to act;"
    assert _diff(old, new, styled_as="old") == "Decides to act;"


def test_a_note_added_or_removed_is_inserted_or_deleted_and_one_kept_is_kept() -> None:
    old = _line("Recalling the Charter,", marks={"1": 22})
    new = _line("Recalling the Charter, and the Agenda,", marks={"2": 38})
    assert _diff(old, new) == "Recalling the Charter,[-^1-][+ and the Agenda,^2+]"
    kept = _line("Recalling the Charter,", marks={"1": 22})
    assert _diff(old, kept) == "Recalling the Charter,^1"
    unmarked = _line("Recalling the Charter,")
    assert _diff(old, unmarked) == "Recalling the Charter,[-^1-]"
    assert _diff(unmarked, old) == "Recalling the Charter,[+^1+]"


def test_a_renumbered_note_is_the_same_note_and_shows_its_number_on_each_side() -> None:
    old = _line("Recalling the Charter,", marks={"3": 22})
    new = _line("Recalling the Charter,", marks={"2": 22})
    notes = ComparedNotes.of(
        [Footnote("2", "Deleted note."), Footnote("3", "Charter of the United Nations.")],
        [Footnote("2", "Charter of the United Nations.")],
    )
    assert _diff(old, new, same_note=notes.same) == "Recalling the Charter,^2"
    assert _diff(old, new, same_note=notes.same, styled_as="old") == "Recalling the Charter,^3"
    # Without knowing the notes, two marks are one note only when alike; the old mark goes
    # first, as a replaced word does.
    assert _diff(old, new) == "Recalling the Charter,[-^3-][+^2+]"


def test_marks_at_one_place_keep_each_texts_order() -> None:
    old = _line("Recalling the Charter,", marks={"1": 22, "2": 22})
    new = _line("Recalling the Charter,", marks={"1": 22, "3": 22})
    # Each text prints a comma between two marks at one place (`Charter,1,3`).
    assert _diff(old, new) == "Recalling the Charter,^1[-,^2-][+,^3+]"
    before = _line("Recalling the Charter,", marks={"0": 22, "1": 22})
    assert _diff(old, before) == "Recalling the Charter,[+^0,+]^1[-,^2-]"


def test_a_mark_carries_what_its_note_says_in_the_text_it_is_from() -> None:
    old = _paragraph("Decides to act;", "Decides", footnote_refs=(FootnoteRef("1", 15),))
    new = _paragraph("Decides to act;", "Decides", footnote_refs=(FootnoteRef("1", 15),))
    notes = ComparedNotes.of([Footnote("1", "A/75/100.")], [Footnote("1", "A/75/200.")])
    pair = Pair(old, new, Change.UNCHANGED, 1.0)
    marks = [
        (change.op, run.note)
        for change in compared_runs(pair, "both", notes)
        for run in change.runs
        if run.footnote
    ]
    assert marks == [(Op.DELETE, "A/75/100."), (Op.INSERT, "A/75/200.")]
    same = ComparedNotes.of([Footnote("1", "A.")], [Footnote("1", "A.")])
    assert compared_runs(replace(pair, new=old), "old", same) == (
        StyledOp(
            Op.EQUAL,
            (Run("Decides", italic=True), Run(" to act;"), Run("", footnote="1", note="A.")),
        ),
    )


def test_notes_are_partners_by_mark_and_text_or_by_a_text_no_other_note_has() -> None:
    old = [Footnote("1", "A."), Footnote("2", "B."), Footnote("3", "C."), Footnote("4", "C.")]
    new = [Footnote("1", "A."), Footnote("2", "C."), Footnote("5", "B.")]
    assert note_partners(old, new) == {"1": "1", "2": "5"}


def test_a_mark_before_the_first_word_stays_there() -> None:
    old = _line("Text", marks={"a": 0})
    new = _line("New text", marks={"a": 0})
    assert _diff(old, new) == "[-^aText-][+^aNew text+]"


def test_runs_of_one_paragraph_are_its_text_in_italics_and_marks() -> None:
    assert runs(_line("Decides to act,", italic="Decides", marks={"1": 15})) == [
        Run("Decides", italic=True),
        Run(" to act,"),
        Run("", footnote="1"),
    ]


def _paragraph(text: str, italic: str, subs: tuple[Paragraph, ...] = (), **kw) -> Paragraph:
    emphasis = (Emphasis(0, len(italic)),) if italic else ()
    return Paragraph(Kind.OPERATIVE, "OP1", text, "1", emphasis, subparagraphs=subs, **kw)


def test_a_pair_prints_its_sub_paragraphs_and_each_side_alone() -> None:
    sub = Paragraph(Kind.SUB, "(a)", "A report;", "a", footnote_refs=(FootnoteRef("1", 8),), line=0)
    old = _paragraph("Requests that:", "Requests", (sub,))
    new = _paragraph("Also requests that:", "Also requests", (sub,))
    pair = Pair(old, new, Change.MODIFIED, 0.9)
    both = compared_runs(pair, "both")
    assert _printed(both) == "[-*Requests*-][+*Also requests*+] that:\n(a) A report^1;"
    assert _printed(compared_runs(pair, "old")) == "[-*Requests*-] that:\n(a) A report^1;"
    assert _printed(compared_runs(pair, "new")) == "[+*Also requests*+] that:\n(a) A report^1;"
    added = Pair(None, new, Change.ADDED, 0.0)
    assert _printed(compared_runs(added, "both")).startswith("[+*Also requests*")
    assert compared_runs(added, "old") == ()


# -- properties -----------------------------------------------------------------------------

_WORDS = st.lists(
    st.sampled_from(["Recalling", "also", "the", "Charter", ",", ";", " ", "  ", "1.", "é"]),
    max_size=12,
).map("".join)


@st.composite
def _marked(draw: st.DrawFn) -> MarkedLine:
    text = draw(_WORDS)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=4)))
    emphasis = tuple(Emphasis(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b)
    offsets = draw(st.lists(st.integers(0, len(text)), max_size=3))
    refs = tuple(FootnoteRef(str(index + 1), at) for index, at in enumerate(sorted(offsets)))
    return MarkedLine(text, refs, emphasis)


def _side(styled: tuple[StyledOp, ...], left_out: Op) -> list[Run]:
    return [run for change in styled if change.op is not left_out for run in change.runs]


def _styled_chars(printed: list[Run]) -> list[tuple[str, bool]]:
    return [(char, run.italic) for run in printed for char in run.text]


def _marks(printed: list[Run]) -> str:
    """The marks in order, with the commas printed between them."""
    return "".join(f"^{run.footnote}" if run.footnote else "," for run in printed if not run.text)


def _as_printed(text: MarkedText) -> str:
    """The marks of a text in order, a comma between two at one place."""
    marks = ""
    for run, after in zip(runs(text), [None, *runs(text)], strict=False):
        if run.footnote:
            marks += ("," if after is not None and after.footnote else "") + f"^{run.footnote}"
    return marks


@given(_marked(), _marked())
def test_each_side_of_the_diff_is_that_text_as_it_prints_it(old, new) -> None:
    ops = word_diff(old.text, new.text)
    as_new = styled_diff(ops, old, new)
    new_side = _side(as_new, Op.DELETE)
    assert "".join(run.text for run in new_side) == new.text
    assert _styled_chars(new_side) == _styled_chars(runs(new))
    assert _marks(new_side) == _as_printed(new)
    as_old = styled_diff(ops, old, new, styled_as="old")
    old_side = _side(as_old, Op.INSERT)
    assert "".join(run.text for run in old_side) == old.text
    assert _styled_chars(old_side) == _styled_chars(runs(old))
    assert _marks(old_side) == _as_printed(old)


@given(_marked(), _marked())
def test_the_edits_are_exactly_the_word_diffs(old, new) -> None:
    ops = word_diff(old.text, new.text)
    # Marks alone between two pieces of one edit leave the edit as it was.
    worded = [change for change in styled_diff(ops, old, new) if change.text]
    merged = [
        DiffOp(op, "".join(change.text for change in changes))
        for op, changes in groupby(worded, key=lambda change: change.op)
    ]
    assert tuple(merged) == ops


def test_the_full_text_of_a_paragraph_keeps_the_italics_and_marks_of_its_parts() -> None:
    sub = Paragraph(Kind.SUB, "(a)", "Further decides;", "a", (Emphasis(0, 15),))
    paragraph = _paragraph(
        "Decides:", "Decides", (sub,), tail="Item 1\nItem 2", tail_refs=(FootnoteRef("3", 6),)
    )
    marked = paragraph.marked_full_text()
    assert marked.text == paragraph.full_text() == "Decides:\n(a) Further decides;\nItem 1\nItem 2"
    assert _printed((StyledOp(Op.EQUAL, tuple(runs(marked))),)) == (
        "*Decides*:\n(a) *Further decides*;\nItem 1^3\nItem 2"
    )
