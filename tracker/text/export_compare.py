"""A revision marked up against the one before it with genuine Word tracked changes.

Word's Accept All must give exactly the newer text and Reject All exactly the older one,
paragraph order and numbering included. So paragraph numbers are literal text (a renumbered
paragraph reads `<del>10.</del><ins>11.</ins>`), whole paragraphs carry a revision mark on their
paragraph mark too, and a paragraph whose position changed relative to the others is shown as a
deletion where it stood and an insertion where it now stands.

Which paragraphs are shown in place with word-level marks is decided from the alignment: the
largest set of paired paragraphs that keep their relative order in both texts, a split or merged
paragraph paired with its main part (as the compare page shows it). Every other paragraph of
either text is a whole-paragraph deletion or insertion, so the result is correct whatever the
alignment says, and at worst coarser than it could be.

A note cited in both texts at one place is one footnote; any other reference has a footnote of
its own, deleted or inserted with it, as Word's own Compare writes them: Word and LibreOffice
allow one reference per footnote and print a second one as an extra, empty note.

LibreOffice must resolve the file as Word does, and it reads two kinds of paragraph boundary
differently (see `_settle_for_libreoffice`), so those are written in an equivalent form it reads
correctly: an insertion's order against a neighbouring deletion, a borrowed word, or the mark of
a whole inserted paragraph carried on the paragraph mark before it, as LibreOffice itself does.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from lxml import etree

from tracker.text.align import Alignment, Pair, increasing_run
from tracker.text.diff import DiffOp, Op, fitted_diff
from tracker.text.document import (
    TAIL_LINE_BREAK,
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Kind,
    MarkedLine,
    MarkedText,
    Paragraph,
)
from tracker.text.export_docx import (
    ANNEX_LABEL,
    ANNEX_LABEL_FORMAT,
    MARK_SEPARATOR,
    SECTION_HEADING_FORMAT,
    STEP,
    SYMBOL_FORMAT,
    FootnoteWriter,
    Mark,
    PageSize,
    ParagraphFormat,
    RevisionMarks,
    RunPiece,
    append_paragraph,
    append_pieces,
    custom_mark,
    footnote_pieces,
    new_un_document,
    paragraph_element,
    paragraph_format,
    printed_number,
    prints_annex_label,
    save,
    symbol_line,
    text_pieces,
)
from tracker.text.export_text import sponsor_line
from tracker.text.styled_runs import note_partners, reworded_notes, styled_diff

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FootnoteIds = dict[str, tuple[int, str]]
Marked = list[tuple[RunPiece, Mark]]
_CHANGE_MARK: dict[Op, Mark] = {Op.EQUAL: None, Op.INSERT: "ins", Op.DELETE: "del"}


@dataclass(frozen=True)
class _AnnexHeading:
    """An annex's title and opening words, with the notes they cite."""

    title: MarkedLine
    intro: MarkedLine


@dataclass(frozen=True)
class _SectionHeading:
    """A section heading between paragraphs, as one printed line (`I. Global context`) with the
    marks of the notes it cites."""

    text: str
    footnote_refs: tuple[FootnoteRef, ...] = ()
    emphasis: tuple[Emphasis, ...] = ()

    @classmethod
    def of(cls, heading: Heading) -> _SectionHeading:
        shift = len(heading.printed) - len(heading.text)
        refs = tuple(replace(r, offset=r.offset + shift) for r in heading.footnote_refs)
        return cls(heading.printed, refs)


_Item = Paragraph | _AnnexHeading | _SectionHeading


@dataclass
class _Block:
    """One Word paragraph waiting to be written: its runs and the mark on its paragraph mark."""

    fmt: ParagraphFormat
    pieces: Marked
    mark: Mark


def _is_text(piece: RunPiece) -> bool:
    return piece.footnote_id is None and not piece.tab and bool(piece.text.strip())


def _end_without_insertion(pieces: Marked) -> Marked | None:
    """The same runs reordered so that they do not end with an insertion, or None if impossible.

    A deletion just before the final insertion moves after it; otherwise the last plain word is
    taken into the insertion and shown deleted after it. Both sides read exactly as before.
    """
    start = len(pieces)
    while start and pieces[start - 1][1] == "ins":
        start -= 1
    inserted = pieces[start:]
    if not start or not inserted:
        return None
    before, mark = pieces[start - 1]
    if mark == "del":
        first = start - 1
        while first and pieces[first - 1][1] == "del":
            first -= 1
        return pieces[:first] + inserted + pieces[first:start]
    if not _is_text(before):
        return None
    split = re.search(r"\S+\s*$", before.text)
    cut = split.start() if split else 0
    word = replace(before, text=before.text[cut:])
    kept: Marked = [(replace(before, text=before.text[:cut]), None)] if cut else []
    return pieces[: start - 1] + kept + [(word, "ins"), *inserted, (word, "del")]


def _start_without_insertion(pieces: Marked) -> Marked | None:
    """The same runs reordered so that they do not start with an insertion, or None if not."""
    end = 0
    while end < len(pieces) and pieces[end][1] == "ins":
        end += 1
    inserted = pieces[:end]
    if not end or end == len(pieces):
        return None
    after, mark = pieces[end]
    if mark == "del":
        last = end + 1
        while last < len(pieces) and pieces[last][1] == "del":
            last += 1
        return pieces[end:last] + inserted + pieces[last:]
    if not _is_text(after):
        return None
    split = re.match(r"\s*\S+", after.text)
    cut = split.end() if split else len(after.text)
    word = replace(after, text=after.text[:cut])
    rest: Marked = [(replace(after, text=after.text[cut:]), None)] if cut < len(after.text) else []
    return [(word, "del"), *inserted, (word, "ins"), *rest, *pieces[end + 1 :]]


def _marks_to_previous_paragraph(blocks: list[_Block], first: int, last: int) -> None:
    """Move the marks of whole paragraphs `first`..`last` each onto the paragraph mark before it.

    Each of these paragraphs then goes with the mark in front of it, as LibreOffice writes a
    paragraph inserted after another, and the unmarked mark of the paragraph before them ends
    the last one. Accept All and Reject All read the same as before.
    """
    for index in range(first - 1, last):
        blocks[index].mark = blocks[index + 1].mark
    blocks[last].mark = None


def _inserted_at_start(block: _Block) -> bool:
    return block.pieces[0][1] == "ins" if block.pieces else block.mark == "ins"


def _settle_for_libreoffice(blocks: list[_Block]) -> None:
    """Rewrite marks that Word reads correctly but LibreOffice does not, keeping both texts.

    LibreOffice takes two insertions by one author within a minute of each other, with only an
    unmarked paragraph mark between them, as one insertion, so Reject All removes that paragraph
    mark too and joins the two paragraphs. And it cannot remove the last paragraph mark of a
    document, so a text ending in a whole inserted (or deleted) paragraph would keep an empty one.
    """
    if blocks and blocks[-1].mark is not None:
        first = len(blocks) - 1
        while first and blocks[first - 1].mark is not None:
            first -= 1
        if first:
            _marks_to_previous_paragraph(blocks, first, len(blocks) - 1)
    for index in range(len(blocks) - 1):
        block, following = blocks[index], blocks[index + 1]
        if block.mark is not None or not block.pieces or block.pieces[-1][1] != "ins":
            continue
        if not _inserted_at_start(following):
            continue
        ending = _end_without_insertion(block.pieces)
        if ending is not None:
            block.pieces = ending
            continue
        starting = _start_without_insertion(following.pieces) if following.mark is None else None
        if starting is not None:
            following.pieces = starting
            continue
        if following.mark is not None:
            last = index + 1
            while last + 1 < len(blocks) and blocks[last + 1].mark is not None:
                last += 1
            # Insertions first, so that a deletion, not an insertion, meets the next paragraph.
            group = blocks[index + 1 : last + 1]
            group.sort(key=lambda b: b.mark != "ins")
            blocks[index + 1 : last + 1] = group
            _marks_to_previous_paragraph(blocks, index + 1, last)


def merge_order(
    old_count: int, new_count: int, matches: Sequence[tuple[int, int]]
) -> list[tuple[int | None, int | None]]:
    """One reading order for two sequences: (old, new) index pairs kept in place, (old, None)
    deletions and (None, new) insertions; old and new indices each appear in their own order.

    Of `matches`, only the longest run that is increasing on both sides stays in place; the rest
    become a deletion plus an insertion (a move).
    """
    by_new = sorted(set(matches), key=lambda m: (m[1], m[0]))
    # Longest increasing subsequence of old indices, ties broken by new order.
    kept = [by_new[k] for k in sorted(increasing_run([o for o, _ in by_new]))]
    kept_old = {o for o, _ in kept}
    order: list[tuple[int | None, int | None]] = []
    i = j = 0
    for old_index, new_index in [*kept, (old_count, new_count)]:
        for o in range(i, old_index):
            if o not in kept_old:
                order.append((o, None))
        order.extend((None, n) for n in range(j, new_index))
        if old_index < old_count:
            order.append((old_index, new_index))
        i, j = old_index + 1, new_index + 1
    return order


def _items(doc: Document) -> list[_Item]:
    headings = doc.headings_before()
    items: list[_Item] = []
    for paragraph in (*doc.preamble, *doc.operative):
        items.extend(_SectionHeading.of(h) for h in headings.get(paragraph.label, ()))
        items.append(paragraph)
    if doc.annex is not None:
        items.append(_AnnexHeading(doc.annex.marked_title, doc.annex.marked_intro))
        for paragraph in doc.annex.paragraphs:
            items.extend(_SectionHeading.of(h) for h in headings.get(paragraph.label, ()))
            items.append(paragraph)
    items.extend(_SectionHeading.of(h) for h in headings.get("", ()))
    return items


def _present(line: MarkedLine) -> MarkedLine | None:
    """The line, or None when the text has none (a comparison shows it inserted or deleted)."""
    return line if line.text else None


def _one_line(line: MarkedLine) -> MarkedLine:
    """The line with its breaks as spaces, its marks where they were."""
    return replace(line, text=line.text.replace(TAIL_LINE_BREAK, " "))


def _link_line(doc: Document) -> str:
    return f"[{doc.link}]" if doc.link else ""


def _heading_matches(old: list[_Item], new: list[_Item]) -> dict[tuple[int, int], None]:
    """Section headings printed the same on both sides, each once: shown unchanged."""
    old_at = {item.text: i for i, item in enumerate(old) if isinstance(item, _SectionHeading)}
    new_at = {item.text: i for i, item in enumerate(new) if isinstance(item, _SectionHeading)}
    counts = [item.text for item in (*old, *new) if isinstance(item, _SectionHeading)]
    return {
        (old_at[line], new_at[line]): None
        for line in old_at.keys() & new_at.keys()
        if counts.count(line) == 2
    }


@dataclass(frozen=True)
class _Notes:
    """Each side's mark -> (note, custom mark), the text of each note, and the earlier words of
    each note reworded in place."""

    new_ids: FootnoteIds
    old_ids: FootnoteIds
    texts: dict[int, str]
    #: note -> what it said in the old text, for a note whose words changed (`reworded_notes`)
    earlier: dict[int, str]


def _register(new: Sequence[Footnote], old: Sequence[Footnote]) -> _Notes:
    """The notes of both texts, numbered.

    The numbers name notes, not footnotes: a note both texts hold (the same text, or the same
    mark with its words changed, written with the same kind of mark) has one number on both
    sides. Word allows one reference per footnote, so `_CompareWriter.flush` gives every
    reference a footnote of its own.
    """
    texts: dict[int, str] = {}

    def note(text: str, custom: str) -> tuple[int, str]:
        texts[len(texts) + 1] = text
        return len(texts), custom

    new_ids: FootnoteIds = {}
    numbered = 0
    for footnote in new:
        if footnote.mark not in new_ids:
            custom = custom_mark(footnote.mark, numbered)
            numbered += 0 if custom else 1
            new_ids[footnote.mark] = note(footnote.text, custom)
    # A note renumbered (a note before it deleted or added) is the same note when Word would
    # print it with the same mark after Reject All.
    partners = note_partners(old, new)
    reworded = reworded_notes(old, new, partners)
    old_ids: FootnoteIds = {}
    earlier: dict[int, str] = {}
    numbered = 0
    for footnote in old:
        if footnote.mark in old_ids:
            continue
        # Word numbers footnotes itself, so after Reject All an old footnote is numbered as it
        # was; only a mark Word would not produce is written out.
        custom = custom_mark(footnote.mark, numbered)
        numbered += 0 if custom else 1
        partner = partners.get(footnote.mark) or reworded.get(footnote.mark)
        if partner is not None and new_ids[partner][1] == custom:
            old_ids[footnote.mark] = new_ids[partner]
            if footnote.mark in reworded:
                earlier[new_ids[partner][0]] = footnote.text
        else:
            old_ids[footnote.mark] = note(footnote.text, custom)
    return _Notes(new_ids, old_ids, texts, earlier)


class _CompareWriter:
    def __init__(
        self, old: Document, new: Document, author: str, date: datetime, page_size: PageSize
    ) -> None:
        self.old = old
        self.new = new
        stamp = date.astimezone(UTC) if date.tzinfo else date.replace(tzinfo=UTC)
        self.revisions = RevisionMarks(author, stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.document = new_un_document(page_size)
        self.footnotes = FootnoteWriter()
        self.notes = _register(new.footnotes, old.footnotes)
        self.new_ids, self.old_ids = self.notes.new_ids, self.notes.old_ids
        #: Sub-paragraph pairs of each paired paragraph, by (id(old), id(new)).
        self.subpairs: dict[tuple[int, int], tuple[Pair, ...]] = {}
        #: Paragraphs of the body in reading order, written out together by `flush`.
        self.blocks: list[_Block] = []
        self.back_matter_written = False

    # -- output ---------------------------------------------------------------------------

    def emit(self, fmt: ParagraphFormat, pieces: Marked, mark: Mark = None) -> None:
        self.blocks.append(_Block(fmt, list(pieces), mark))

    def flush(self) -> None:
        """Write the collected paragraphs, settled so that LibreOffice resolves them as Word."""
        _settle_for_libreoffice(self.blocks)
        for block in self.blocks:
            p = paragraph_element(block.fmt, block.mark, self.revisions)
            run: Marked = []
            for note_piece, piece_mark in block.pieces:
                piece = self.footnote_of(note_piece, piece_mark)
                # Consecutive pieces with the same mark share one w:ins/w:del, as Word writes.
                if run and run[-1][1] != piece_mark:
                    append_pieces(p, [x for x, _ in run], run[-1][1], self.revisions)
                    run = []
                run.append((piece, piece_mark))
            if run:
                append_pieces(p, [x for x, _ in run], run[-1][1], self.revisions)
            append_paragraph(self.document, p)
        self.blocks = []

    def footnote_of(self, piece: RunPiece, mark: Mark) -> RunPiece:
        """A reference to a note, given a footnote of its own: one cited where both texts cite
        it once, one deleted with a deleted reference, one inserted with an inserted one. Word
        and LibreOffice print a second reference to one footnote as an extra, empty note. A
        note reworded in place and cited at one place in both texts shows its words changed
        inside the footnote, as Word's own Compare marks them."""
        if piece.footnote_id is None:
            return piece
        text, earlier = (
            self.notes.texts[piece.footnote_id],
            self.notes.earlier.get(piece.footnote_id),
        )
        if earlier is not None and mark is None:
            body: Marked = [
                (RunPiece(op.text), _CHANGE_MARK[op.op]) for op in fitted_diff(earlier, text)
            ]
        else:
            body = [(RunPiece(earlier if earlier is not None and mark == "del" else text), mark)]
        return replace(piece, footnote_id=self.footnotes.add(body, custom_mark=piece.custom_mark))

    def plain_line(
        self, old: str, new: str, fmt: ParagraphFormat, *, bold: bool = False, italic: bool = False
    ) -> None:
        """A one-run line (title, formula, annex heading) diffed word by word."""
        if not old and not new:
            return
        pieces: Marked = []
        for op in fitted_diff(old, new):
            pieces.append((RunPiece(op.text, bold=bold, italic=italic), _CHANGE_MARK[op.op]))
        whole: Mark = None if old and new else ("ins" if new else "del")
        self.emit(fmt, pieces, whole)

    # -- paragraphs -------------------------------------------------------------------------

    def number_pieces(self, paragraph: Paragraph, depth: int, mark: Mark) -> Marked:
        number = printed_number(paragraph, depth) if paragraph.kind is not Kind.PREAMBULAR else ""
        return [(RunPiece(number), mark), (RunPiece(tab=True), mark)] if number else []

    def whole(self, paragraph: Paragraph, depth: int, mark: Mark) -> None:
        """A paragraph (with its sub-paragraphs) inserted or deleted as a whole."""
        ids = self.new_ids if mark == "ins" else self.old_ids
        pieces = self.number_pieces(paragraph, depth, mark)
        pieces += [(piece, mark) for piece in text_pieces(paragraph, ids)]
        self.emit(self.layout(paragraph, depth), pieces, mark)
        for sub in paragraph.subparagraphs:
            self.whole(sub, depth + 1, mark)
        for line in paragraph.tail_lines:
            tail = [(piece, mark) for piece in text_pieces(line, ids)]
            self.emit(ParagraphFormat(left=STEP, first_line=0), tail, mark)

    def layout(self, paragraph: Paragraph, depth: int) -> ParagraphFormat:
        if paragraph.kind is Kind.PREAMBULAR or not paragraph.number:
            return ParagraphFormat(left=STEP, first_line=STEP)
        return paragraph_format(paragraph, depth)

    def kept(self, old: Paragraph, new: Paragraph, depth: int, given: Sequence[DiffOp]) -> None:
        """A paragraph present in both texts at the same place: word-level marks inside it."""
        old_number = self.number_pieces(old, depth, "del")
        new_number = self.number_pieces(new, depth, "ins")
        if [p for p, _ in old_number] == [p for p, _ in new_number]:
            pieces: Marked = [(p, None) for p, _ in new_number]
        else:
            pieces = old_number + new_number
        pieces += self.diff_pieces(old, new, given)
        self.emit(self.layout(new, depth), pieces)
        self.sequence(
            list(old.subparagraphs), list(new.subparagraphs), self.sub_matches(old, new), depth + 1
        )
        # Diffed as one text, its lines one after the other (the words of a list's entries
        # move between them).
        self.marked_line(
            _present(_one_line(old.marked_tail)),
            _present(_one_line(new.marked_tail)),
            ParagraphFormat(left=STEP, first_line=0),
        )

    def diff_pieces(self, old: MarkedText, new: MarkedText, given: Sequence[DiffOp]) -> Marked:
        """The words of both texts, deleted, inserted or kept, in the italics of the text each
        comes from, with the notes each cites (a note both cite is one footnote)."""

        def same_footnote(old_mark: str, new_mark: str) -> bool:
            # Cited once when it is one note on both sides (the same text, whatever its number:
            # _register); a mark with no note to write is the same by its mark.
            return self.old_ids.get(old_mark, old_mark) == self.new_ids.get(new_mark, new_mark)

        ops = fitted_diff(old.text, new.text, given)
        pieces: Marked = []
        for styled in styled_diff(ops, old, new, same_footnote):
            change = _CHANGE_MARK[styled.op]
            ids = self.old_ids if styled.op is Op.DELETE else self.new_ids
            for run in styled.runs:
                if run.separator:
                    pieces.append((MARK_SEPARATOR, change))
                elif run.footnote:
                    pieces += [(p, change) for p in footnote_pieces(run.footnote, ids)]
                else:
                    pieces.append((RunPiece(run.text, italic=run.italic), change))
        return pieces

    def sub_matches(self, old: Paragraph, new: Paragraph) -> dict[tuple[int, int], Pair | None]:
        old_at = {id(s): i for i, s in enumerate(old.subparagraphs)}
        new_at = {id(s): i for i, s in enumerate(new.subparagraphs)}
        old_label = {s.label: i for i, s in enumerate(old.subparagraphs)}
        new_label = {s.label: i for i, s in enumerate(new.subparagraphs)}
        pairs = self.subpairs.get((id(old), id(new)), ())
        matches: dict[tuple[int, int], Pair | None] = {}
        for pair in pairs:
            if pair.old is None or pair.new is None:
                continue
            oi = old_at.get(id(pair.old), old_label.get(pair.old.label))
            ni = new_at.get(id(pair.new), new_label.get(pair.new.label))
            if oi is not None and ni is not None:
                matches[(oi, ni)] = pair
        if not pairs:
            # No sub-paragraph pairing given: same position, same paragraph.
            for i in range(min(len(old.subparagraphs), len(new.subparagraphs))):
                matches[(i, i)] = None
        return matches

    def sequence(
        self,
        old: Sequence[_Item],
        new: Sequence[_Item],
        matches: dict[tuple[int, int], Pair | None],
        depth: int,
    ) -> None:
        for oi, ni in merge_order(len(old), len(new), list(matches)):
            if oi is not None and ni is not None:
                a, b = old[oi], new[ni]
                if isinstance(a, _AnnexHeading) and isinstance(b, _AnnexHeading):
                    self.annex_heading(a, b)
                elif isinstance(a, _SectionHeading) and isinstance(b, _SectionHeading):
                    self.section_heading(a, b)
                elif isinstance(a, Paragraph) and isinstance(b, Paragraph):
                    pair = matches[(oi, ni)]
                    self.kept(a, b, depth, pair.diff if pair else ())
                continue
            # merge_order gives one side at least: a deletion or an insertion.
            mark: Mark = "del" if oi is not None else "ins"
            item = old[oi] if oi is not None else new[ni] if ni is not None else None
            assert item is not None
            if isinstance(item, _AnnexHeading):
                empty = _AnnexHeading(MarkedLine(""), MarkedLine(""))
                self.annex_heading(*((item, empty) if mark == "del" else (empty, item)))
            elif isinstance(item, _SectionHeading):
                self.section_heading(*((item, None) if mark == "del" else (None, item)))
            else:
                self.whole(item, depth, mark)

    def section_heading(self, old: _SectionHeading | None, new: _SectionHeading | None) -> None:
        """A section heading kept, inserted or deleted, in the layout of the clean export."""
        self.marked_line(old, new, SECTION_HEADING_FORMAT, bold=True)

    def front_lines(self) -> None:
        """The sponsors (with the notes they cite) and the link line of both texts, diffed word
        by word."""
        fmt = ParagraphFormat(align="left", left=0, first_line=0)
        self.marked_line(_present(sponsor_line(self.old)), _present(sponsor_line(self.new)), fmt)
        self.plain_line(_link_line(self.old), _link_line(self.new), fmt)

    def marked_line(
        self,
        old: MarkedText | None,
        new: MarkedText | None,
        fmt: ParagraphFormat,
        bold: bool = False,
    ) -> None:
        """A line that cites notes (a heading, the sponsors) kept with word-level marks, or
        inserted or deleted whole."""
        if old is not None and new is not None:
            pieces = self.diff_pieces(old, new, ())
            whole: Mark = None
        elif old is not None or new is not None:
            whole = "del" if old is not None else "ins"
            line = old if old is not None else new
            assert line is not None
            ids = self.old_ids if whole == "del" else self.new_ids
            pieces = [(piece, whole) for piece in text_pieces(line, ids)]
        else:
            return
        if bold:
            pieces = [(replace(p, bold=True) if p.text else p, m) for p, m in pieces]
        self.emit(fmt, pieces, whole)

    def annex_heading(self, old: _AnnexHeading, new: _AnnexHeading) -> None:
        """The annex's opening, as the clean export prints it: an annex after the meeting line
        has that line and `Annex` before its title."""
        labelled = (prints_annex_label(self.old), prints_annex_label(self.new))
        if any(labelled):
            self.back_matter()
        self.plain_line(
            ANNEX_LABEL if labelled[0] else "",
            ANNEX_LABEL if labelled[1] else "",
            ANNEX_LABEL_FORMAT,
            bold=True,
        )
        heading = ParagraphFormat(align="center", left=0, first_line=0, keep_next=True)
        self.marked_line(_present(old.title), _present(new.title), heading, bold=True)
        self.marked_line(
            _present(old.intro), _present(new.intro), ParagraphFormat(left=STEP, first_line=STEP)
        )

    def back_matter(self) -> None:
        """The meeting line and date, right-aligned, once: before an annex that follows them,
        else at the end."""
        if self.back_matter_written:
            return
        self.back_matter_written = True
        back = ParagraphFormat(align="right", left=0, first_line=0)
        old_back = [line.strip() for line in self.old.back_matter.splitlines() if line.strip()]
        new_back = [line.strip() for line in self.new.back_matter.splitlines() if line.strip()]
        for index in range(max(len(old_back), len(new_back))):
            self.plain_line(
                old_back[index] if index < len(old_back) else "",
                new_back[index] if index < len(new_back) else "",
                back,
            )

    def write(self, alignment: Alignment) -> bytes:
        old_items, new_items = _items(self.old), _items(self.new)
        old_at = {id(p): i for i, p in enumerate(old_items)}
        new_at = {id(p): i for i, p in enumerate(new_items)}
        old_label = {p.label: i for i, p in enumerate(old_items) if isinstance(p, Paragraph)}
        new_label = {p.label: i for i, p in enumerate(new_items) if isinstance(p, Paragraph)}
        candidates: dict[tuple[int, int], Pair | None] = {}
        for pair in alignment.pairs:
            # The lesser parts of a split or merge are words of the main part's paragraph that
            # went to or came from another one: the main pair marks them deleted or inserted,
            # and the other paragraph is inserted or deleted whole, as the compare page shows.
            if pair.old is None or pair.new is None or not pair.main:
                continue
            oi = old_at.get(id(pair.old), old_label.get(pair.old.label))
            ni = new_at.get(id(pair.new), new_label.get(pair.new.label))
            if oi is None or ni is None:
                continue
            candidates[(oi, ni)] = pair
            self.subpairs[(id(old_items[oi]), id(new_items[ni]))] = pair.subpairs
        # A paragraph still in several pairs (a pairing given without its main part) is shown
        # deleted and re-inserted.
        olds = [o for o, _ in candidates]
        news = [n for _, n in candidates]
        matches = {
            (o, n): pair
            for (o, n), pair in candidates.items()
            if olds.count(o) == 1 and news.count(n) == 1
        }
        if self.old.annex is not None and self.new.annex is not None:
            annex_old = next(i for i, x in enumerate(old_items) if isinstance(x, _AnnexHeading))
            annex_new = next(i for i, x in enumerate(new_items) if isinstance(x, _AnnexHeading))
            matches[(annex_old, annex_new)] = None
        matches.update(_heading_matches(old_items, new_items))
        self.marked_line(
            _present(symbol_line(self.old)), _present(symbol_line(self.new)), SYMBOL_FORMAT
        )
        self.front_lines()

        title = ParagraphFormat(align="left", left=STEP, first_line=0, space_after=240)
        self.plain_line(self.old.title, self.new.title, title, bold=True)
        formula = ParagraphFormat(left=STEP, first_line=STEP)
        self.plain_line(self.old.formula, self.new.formula, formula, italic=True)
        self.sequence(old_items, new_items, matches, 0)
        self.back_matter()
        self.flush()
        self.footnotes.attach(self.document, self.revisions)
        return save(self.document)


def write_tracked_docx(
    old: Document,
    new: Document,
    alignment: Alignment,
    *,
    author: str,
    date: datetime,
    page_size: PageSize = "A4",
) -> bytes:
    """The new revision as .docx with Word tracked changes by `author` at `date` against the old."""
    return _CompareWriter(old, new, author, date, page_size).write(alignment)


# -- reading the marks back -------------------------------------------------------------------


def _part(docx_bytes: bytes, name: str) -> etree._Element | None:
    """A part of the package parsed, or None when the package has no such part."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
            if name not in package.namelist():
                return None
            return etree.fromstring(package.read(name))
    except zipfile.BadZipFile as error:
        raise ValueError(f"not a Word document: {error}") from error


def _dropped(accept: bool) -> set[str]:
    return {f"{_W}del", f"{_W}moveFrom"} if accept else {f"{_W}ins", f"{_W}moveTo"}


def _kept_text(element: etree._Element, dropped: set[str]) -> str:
    """The text of an element with the changes in `dropped` left out."""
    parts: list[str] = []
    for child in element:
        if child.tag in dropped or child.tag == f"{_W}pPr":
            continue
        if child.tag in (f"{_W}t", f"{_W}delText"):
            parts.append(child.text or "")
        elif child.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append(_kept_text(child, dropped))
    return "".join(parts)


def _resolve(docx_bytes: bytes, accept: bool) -> list[str]:
    root = _part(docx_bytes, "word/document.xml")
    if root is None:
        raise ValueError("not a Word document: it has no word/document.xml")
    dropped = _dropped(accept)
    texts: list[str] = []
    carried = ""
    for p in root.iter(f"{_W}p"):
        text = carried + _kept_text(p, dropped)
        mark = p.find(f"{_W}pPr/{_W}rPr")
        if mark is not None and any(child.tag in dropped for child in mark):
            # Removing a paragraph mark joins what is left of the paragraph to the next one.
            carried = text
            continue
        carried = ""
        texts.append(text)
    if carried:
        texts.append(carried)
    return texts


def _resolve_notes(docx_bytes: bytes, accept: bool) -> list[str]:
    root = _part(docx_bytes, "word/document.xml")
    if root is None:
        raise ValueError("not a Word document: it has no word/document.xml")
    dropped = _dropped(accept)
    notes = _part(docx_bytes, "word/footnotes.xml")
    bodies = {} if notes is None else {n.get(f"{_W}id"): n for n in notes.iter(f"{_W}footnote")}
    texts: list[str] = []
    for ref in root.iter(f"{_W}footnoteReference"):
        if any(outer.tag in dropped for outer in ref.iterancestors()):
            continue
        body = bodies.get(ref.get(f"{_W}id"))
        custom = ref.get(f"{_W}customMarkFollows") in ("1", "true", "on")
        texts.append("" if body is None else _note_words(body, custom, dropped))
    return texts


def _note_words(body: etree._Element, custom: bool, dropped: set[str]) -> str:
    """A footnote's words, without the mark it opens with: Word's number, or the mark of its
    own (`*`) that a reference with `customMarkFollows` prints."""
    body = copy.deepcopy(body)
    first = body.find(f".//{_W}r")
    if first is not None and (custom or first.find(f"{_W}footnoteRef") is not None):
        parent = first.getparent()
        if parent is not None:
            parent.remove(first)
    return _kept_text(body, dropped).strip()


def accept_all(docx_bytes: bytes) -> list[str]:
    """The paragraph texts of a .docx after accepting every tracked change."""
    return _resolve(docx_bytes, accept=True)


def reject_all(docx_bytes: bytes) -> list[str]:
    """The paragraph texts of a .docx after rejecting every tracked change."""
    return _resolve(docx_bytes, accept=False)


def accepted_notes(docx_bytes: bytes) -> list[str]:
    """The text of the note each footnote reference of a .docx cites, in reading order, after
    accepting every tracked change ('' for a reference to a footnote that is not there)."""
    return _resolve_notes(docx_bytes, accept=True)


def rejected_notes(docx_bytes: bytes) -> list[str]:
    """The same after rejecting every tracked change."""
    return _resolve_notes(docx_bytes, accept=False)
