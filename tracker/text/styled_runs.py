"""A paragraph's text cut into runs for display: plain, italic, and footnote marks; and a word
diff of two paragraphs printed so, each word in the style of the text it comes from."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

from tracker.text.align import Pair
from tracker.text.diff import DiffOp, Op, fitted_diff
from tracker.text.document import Footnote, MarkedLine, MarkedText


@dataclass(frozen=True)
class Run:
    """A piece of text in one style, or a footnote mark (text empty, mark set)."""

    text: str
    italic: bool = False
    footnote: str = ""
    #: What the note the mark cites says, where a comparison tells (it lists no notes).
    note: str = ""
    #: The comma printed between two marks a text cites at one place (`conflict,10,11`).
    separator: bool = False


@dataclass(frozen=True)
class StyledOp:
    """A run of a word diff as printed: kept, inserted or deleted, as runs of one style and
    footnote marks."""

    op: Op
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        """The words of the run, without its marks."""
        return "".join(run.text for run in self.runs)


#: Whether a mark of the old text and a mark of the new one cite the same note.
SameNote = Callable[[str, str], bool]


class _Printed:
    """A text's italics and note marks, looked up by offset (once per text, not per word)."""

    def __init__(self, paragraph: MarkedText) -> None:
        self.text = text = paragraph.text
        size = len(text)
        #: offset -> the marks cited there, in order; an offset past the end is at the end.
        self.marks: dict[int, list[str]] = {}
        for ref in paragraph.footnote_refs:
            self.marks.setdefault(max(0, min(ref.offset, size)), []).append(ref.mark)
        self.places = sorted(self.marks)
        emphasis = paragraph.emphasis
        bounds = {0, size, *(max(0, min(c, size)) for e in emphasis for c in (e.start, e.end))}
        #: (start, end, italic) pieces one after the other, covering the text.
        self.pieces = [
            (a, b, any(e.start <= a and b <= e.end for e in emphasis))
            for a, b in pairwise(sorted(bounds))
        ]
        self.starts = [a for a, _, _ in self.pieces]

    def text_runs(self, start: int, end: int) -> Iterator[Run]:
        """The text from `start` to `end`, cut where italics begin or end."""
        index = max(0, bisect_right(self.starts, start) - 1)
        while index < len(self.pieces) and self.pieces[index][0] < end:
            a, b, italic = self.pieces[index]
            if max(a, start) < min(b, end):
                yield Run(self.text[max(a, start) : min(b, end)], italic=italic)
            index += 1

    def places_in(self, start: int, size: int) -> list[int]:
        """Offsets into the span of `size` from `start` at which the text cites notes."""
        low, high = bisect_left(self.places, start), bisect_right(self.places, start + size)
        return [place - start for place in self.places[low:high]]

    def marks_here(self, start: int, at: int) -> list[str]:
        """The marks cited `at` characters into a span beginning at `start`: a mark belongs to
        the span of the text it follows, one before the first character to the first span."""
        return self.marks.get(start + at, []) if at or not start else []


def _span(
    printed: _Printed,
    start: int,
    size: int,
    marked: Sequence[int],
    marks_at: Callable[[int], Iterable[tuple[Op, Run]]],
    op: Op,
) -> Iterator[tuple[Op, Run]]:
    """`size` characters of a text from `start`, styled as it prints them, with the marks
    `marks_at` gives at each of the offsets `marked` into the span."""
    if not marked:
        yield from ((op, run) for run in printed.text_runs(start, start + size))
        return
    if 0 in marked:
        yield from marks_at(0)
    for a, b in pairwise(sorted({0, size, *marked})):
        yield from ((op, run) for run in printed.text_runs(start + a, start + b))
        if b in marked:
            yield from marks_at(b)


def runs(paragraph: MarkedText) -> list[Run]:
    """The paragraph's (or heading's) text as runs in reading order, footnote marks placed at
    their offsets."""
    printed = _Printed(paragraph)

    def marks_at(at: int) -> Iterator[tuple[Op, Run]]:
        return ((Op.EQUAL, Run("", footnote=mark)) for mark in printed.marks.get(at, ()))

    spanned = _span(printed, 0, len(printed.text), printed.places, marks_at, Op.EQUAL)
    return [run for _, run in spanned]


def _one_side(printed: _Printed, start: int, size: int, op: Op) -> Iterator[tuple[Op, Run]]:
    def marks_at(at: int) -> Iterator[tuple[Op, Run]]:
        return ((op, Run("", footnote=mark)) for mark in printed.marks_here(start, at))

    return _span(printed, start, size, printed.places_in(start, size), marks_at, op)


def _same_mark(old_mark: str, new_mark: str) -> bool:
    return old_mark == new_mark


def styled_diff(
    ops: Iterable[DiffOp],
    old: MarkedText,
    new: MarkedText,
    same_note: SameNote = _same_mark,
    styled_as: Literal["old", "new"] = "new",
) -> tuple[StyledOp, ...]:
    """The diff `ops` of old.text -> new.text printed as the texts print them: deleted words in
    the old text's italics, inserted ones in the new's, kept ones in those of `styled_as`; each
    note mark beside the words it follows, inserted or deleted when only one text cites it
    (`same_note` tells which marks are one note). The edits stay exactly the diff's."""
    old_printed, new_printed = _Printed(old), _Printed(new)
    pieces: list[tuple[Op, Run]] = []
    o = n = 0
    # A last, empty span prints the marks of a side with no text (no span of its own).
    for op in (*ops, DiffOp(Op.EQUAL, "")):
        size = len(op.text)
        if op.op is Op.DELETE:
            pieces += _one_side(old_printed, o, size, Op.DELETE)
            o += size
        elif op.op is Op.INSERT:
            pieces += _one_side(new_printed, n, size, Op.INSERT)
            n += size
        else:
            pieces += _equal(old_printed, new_printed, o, n, size, same_note, styled_as)
            o, n = o + size, n + size
    return _grouped(_separated(pieces))


def _equal(
    old: _Printed,
    new: _Printed,
    o: int,
    n: int,
    size: int,
    same_note: SameNote,
    styled_as: Literal["old", "new"],
) -> Iterator[tuple[Op, Run]]:
    """Words both texts share, with the marks either cites among them."""

    def marks_at(at: int) -> Iterator[tuple[Op, Run]]:
        old_here, new_here = old.marks_here(o, at), new.marks_here(n, at)
        for op, old_mark, new_mark in _merged_marks(old_here, new_here, same_note):
            shown = (
                new_mark if op is Op.INSERT or (op is Op.EQUAL and styled_as == "new") else old_mark
            )
            yield op, Run("", footnote=shown)

    marked = sorted({*old.places_in(o, size), *new.places_in(n, size)})
    styled, start = (new, n) if styled_as == "new" else (old, o)
    return _span(styled, start, size, marked, marks_at, Op.EQUAL)


def _merged_marks(
    old_here: Sequence[str], new_here: Sequence[str], same_note: SameNote
) -> Iterator[tuple[Op, str, str]]:
    """The marks both texts cite at one place, each side's in its order: (op, old mark, new
    mark), a note one text cites alone deleted or inserted, a deletion before an insertion as
    a replaced word is."""
    kept = 0
    inserted: list[str] = []
    for new_mark in new_here:
        found = next(
            (k for k in range(kept, len(old_here)) if same_note(old_here[k], new_mark)), None
        )
        if found is None:
            inserted.append(new_mark)
            continue
        yield from ((Op.DELETE, old_mark, "") for old_mark in old_here[kept:found])
        yield from ((Op.INSERT, "", mark) for mark in inserted)
        yield Op.EQUAL, old_here[found], new_mark
        kept, inserted = found + 1, []
    yield from ((Op.DELETE, old_mark, "") for old_mark in old_here[kept:])
    yield from ((Op.INSERT, "", mark) for mark in inserted)


def _separated(pieces: Iterable[tuple[Op, Run]]) -> Iterator[tuple[Op, Run]]:
    """The pieces with a comma before each mark that a text cites straight after another of
    its marks: kept when both texts print it there, else of the one that does."""
    in_new = in_old = False
    for op, run in pieces:
        if not run.footnote:
            in_new = in_old = False
        else:
            apart_new = in_new and op is not Op.DELETE
            apart_old = in_old and op is not Op.INSERT
            if apart_new or apart_old:
                side = (
                    Op.EQUAL if apart_new and apart_old else Op.INSERT if apart_new else Op.DELETE
                )
                yield side, Run("", separator=True)
            in_new, in_old = in_new or op is not Op.DELETE, in_old or op is not Op.INSERT
        yield op, run


def _grouped(pieces: Iterable[tuple[Op, Run]]) -> tuple[StyledOp, ...]:
    groups: list[StyledOp] = []
    for op, run in pieces:
        if run.text or run.footnote or run.separator:
            if groups and groups[-1].op is op:
                groups[-1] = StyledOp(op, (*groups[-1].runs, run))
            else:
                groups.append(StyledOp(op, (run,)))
    return tuple(groups)


def note_partners(old: Sequence[Footnote], new: Sequence[Footnote]) -> dict[str, str]:
    """Old note mark -> the mark of the same note in the new text: the same mark with the same
    text, or a note renumbered (a note before it deleted or added: old 18 is new 10), whose text
    is that of no other note on either side."""
    new_text = {note.mark: note.text for note in new}
    new_mark_of = _marks_by_unique_text(new)
    old_unique = _marks_by_unique_text(old)
    partners: dict[str, str] = {}
    for note in old:
        if note.mark in partners:
            continue
        if new_text.get(note.mark) == note.text:
            partners[note.mark] = note.mark
        elif old_unique.get(note.text) == note.mark and note.text in new_mark_of:
            partners[note.mark] = new_mark_of[note.text]
    return partners


def reworded_notes(
    old: Sequence[Footnote], new: Sequence[Footnote], partners: Mapping[str, str]
) -> dict[str, str]:
    """Old note mark -> the same mark in the new text, for a note reworded in place: both texts
    have a note with the mark, their words differ, and neither is the same note as another of
    the other text (`partners`, from `note_partners`). Cited at one place in both texts, it is
    one note whose words changed, not one note struck and another added."""
    new_marks = {note.mark for note in new}
    taken = set(partners.values())
    return {
        note.mark: note.mark
        for note in old
        if note.mark in new_marks and note.mark not in partners and note.mark not in taken
    }


def _marks_by_unique_text(notes: Sequence[Footnote]) -> dict[str, str]:
    """note text -> its mark, for the texts of one note only."""
    marks: dict[str, set[str]] = {}
    for note in notes:
        marks.setdefault(note.text, set()).add(note.mark)
    return {text: next(iter(found)) for text, found in marks.items() if len(found) == 1}


@dataclass(frozen=True)
class ComparedNotes:
    """The notes of two texts compared: which marks cite one note, and what each says."""

    #: mark -> the note's text, in the old text and in the new.
    old: Mapping[str, str]
    new: Mapping[str, str]
    #: old mark -> the mark of the same note in the new text (`note_partners`).
    partners: Mapping[str, str]

    @classmethod
    def of(cls, old: Sequence[Footnote], new: Sequence[Footnote]) -> ComparedNotes:
        """The notes of two texts, paired."""
        return cls(_texts(old), _texts(new), note_partners(old, new))

    def same(self, old_mark: str, new_mark: str) -> bool:
        """Whether the two marks cite the same note; a mark with no note on either side is the
        same as that mark."""
        if old_mark in self.old:
            return self.partners.get(old_mark) == new_mark
        return old_mark == new_mark and new_mark not in self.new


def _texts(notes: Sequence[Footnote]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for note in notes:
        texts.setdefault(note.mark, note.text)
    return texts


def compared_runs(
    pair: Pair, side: Literal["both", "old", "new"], notes: ComparedNotes | None = None
) -> tuple[StyledOp, ...]:
    """A pair's paragraphs (sub-paragraphs and closing lines included) as a comparison prints
    them: `both` sides in one text, kept words in the new text's italics, or one `side` alone,
    the text it was; a paragraph only one text has is inserted or deleted whole. With the
    `notes`, a renumbered note is one note and each mark carries what its note says."""
    old = pair.old.marked_full_text() if pair.old else MarkedLine("")
    new = pair.new.marked_full_text() if pair.new else MarkedLine("")
    ops = fitted_diff(old.text, new.text, pair.diff)
    styled_as: Literal["old", "new"] = "old" if side == "old" else "new"
    same = notes.same if notes is not None else _same_mark
    left_out = {"both": None, "old": Op.INSERT, "new": Op.DELETE}[side]
    shown = [
        change
        for change in styled_diff(ops, old, new, same, styled_as)
        if change.op is not left_out
    ]
    if notes is None:
        return tuple(shown)
    return tuple(_noted(change, notes, styled_as) for change in shown)


def _noted(change: StyledOp, notes: ComparedNotes, styled_as: Literal["old", "new"]) -> StyledOp:
    """The change with what each of its marks' notes says, in the text the mark is from."""
    if not any(run.footnote for run in change.runs):
        return change
    from_old = change.op is Op.DELETE or (change.op is Op.EQUAL and styled_as == "old")
    texts = notes.old if from_old else notes.new
    return StyledOp(
        change.op,
        tuple(
            replace(run, note=texts.get(run.footnote, "")) if run.footnote else run
            for run in change.runs
        ),
    )
