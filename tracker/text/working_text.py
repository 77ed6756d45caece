"""The working text of a live meeting, the parts that need no database: labels for paragraphs
inserted in the room (`OP5 bis`, `OP5 ter`, `(a bis)`), italics and footnote marks carried
through an edit, and the meeting summary written as Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tracker.text.days import written_moment
from tracker.text.diff import DiffOp, Op, word_diff
from tracker.text.document import (
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Kind,
    Paragraph,
    paragraph_path,
    top_label,
)
from tracker.text.numbering import LETTERS, ROMANS
from tracker.text.read.vocabulary import derive_emphasis

#: The Latin suffixes of inserted paragraphs, in order.
SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


@dataclass(frozen=True)
class Sibling:
    """A paragraph among those of one parent, as numbering sees it: its current label and
    number, and whether it was inserted in the meeting (and so is numbered here)."""

    label: str
    number: str
    inserted: bool
    #: Preambular paragraphs are unnumbered: one inserted among them stays unlabelled.
    numbered: bool = True
    #: Paragraphs take their number from the kept paragraph of the same kind before them.
    kind: str = ""


def _split_number(number: str) -> tuple[str, int]:
    """`5 bis` -> (`5`, 1); `5` -> (`5`, 0); `a` -> (`a`, 0)."""
    root, _, suffix = number.partition(" ")
    if suffix in SUFFIXES:
        return root, SUFFIXES.index(suffix) + 1
    return number, 0


def _relabelled(label: str, old_number: str, new_number: str) -> str:
    """The anchor's label with its number replaced: (`OP5`, `5`, `5 bis`) -> `OP5 bis`."""
    at = label.rfind(old_number)
    if at < 0 or not old_number:
        return f"{label} {new_number}".strip()
    return label[:at] + new_number + label[at + len(old_number) :]


def insertion_labels(siblings: Sequence[Sibling]) -> list[tuple[str, str]]:
    """(label, number) for every sibling, in order: those kept from the circulated text keep
    theirs; each inserted one takes the number of the kept paragraph before it with the next
    unused suffix (`OP5 bis`, `OP5 ter`), an inserted preambular paragraph none, and one
    inserted before any kept paragraph `New <first label>`. Labels follow the reading order:
    between a kept `OP5` and a kept `OP5 bis` no suffix fits, so the paragraphs inserted
    there are `New OP5 bis`, `New OP5 bis (2)`."""
    used = {s.number for s in siblings if not s.inserted}
    result: list[tuple[str, str]] = []
    anchors: dict[str, tuple[Sibling, int]] = {}
    before_first: dict[str, int] = {}
    before_next: dict[int, int] = {}
    for at, sibling in enumerate(siblings):
        if not sibling.inserted:
            anchors[sibling.kind] = (sibling, _split_number(sibling.number)[1])
            result.append((sibling.label, sibling.number))
            continue
        if not sibling.numbered:
            result.append(("", ""))
            continue
        if sibling.kind not in anchors:
            before_first[sibling.kind] = before_first.get(sibling.kind, 0) + 1
            first = next(
                (s.label for s in siblings if not s.inserted and s.kind == sibling.kind), ""
            )
            nth = before_first[sibling.kind]
            if not first and sibling.kind == "sub":
                # The sub-paragraphs of a paragraph that had none: (a), (b) ...
                number = LETTERS[nth - 1] if nth <= len(LETTERS) else f"new {nth}"
                result.append((f"({number})", number))
                continue
            count = f" ({nth})" if nth > 1 else ""
            result.append((f"New {first}{count}".strip(), ""))
            continue
        anchor, suffix = anchors[sibling.kind]
        root = _split_number(anchor.number)[0]
        number = ""
        while suffix < len(SUFFIXES):
            suffix += 1
            candidate = f"{root} {SUFFIXES[suffix - 1]}".strip()
            if candidate not in used:
                number = candidate
                break
        if not number:
            number = f"{root} new {suffix - len(SUFFIXES) + 1}"
            suffix += 1
        following = _next_kept(siblings, at)
        if following is not None and _no_room(root, suffix, following[1]):
            # No suffix left between the kept paragraph before and the one after.
            nth = before_next[following[0]] = before_next.get(following[0], 0) + 1
            count = f" ({nth})" if nth > 1 else ""
            result.append((f"New {following[1].label}{count}", ""))
            continue
        used.add(number)
        anchors[sibling.kind] = (anchor, suffix)
        result.append((_relabelled(anchor.label, anchor.number, number), number))
    return result


def _next_kept(siblings: Sequence[Sibling], at: int) -> tuple[int, Sibling] | None:
    """The kept paragraph of the same kind after `siblings[at]` (with its index), if any."""
    kind = siblings[at].kind
    return next(
        (
            (i, s)
            for i, s in enumerate(siblings[at + 1 :], at + 1)
            if not s.inserted and s.kind == kind
        ),
        None,
    )


def _no_room(root: str, suffix: int, following: Sibling) -> bool:
    """Whether the kept paragraph after would read before the `suffix` given after `root`."""
    next_root, next_suffix = _split_number(following.number)
    return next_root == root and 0 < next_suffix <= suffix


def _offset_map(old: str, new: str) -> list[int]:
    """For every offset 0..len(old) of the old text, where it lands in the new one."""
    mapping: list[int] = []
    new_at = 0
    for op in word_diff(old, new):
        if op.op == Op.EQUAL:
            mapping.extend(range(new_at, new_at + len(op.text)))
            new_at += len(op.text)
        elif op.op == Op.DELETE:
            mapping.extend([new_at] * len(op.text))
        else:
            new_at += len(op.text)
    mapping.append(new_at)
    return mapping


def carry_styling(
    old: str,
    new: str,
    emphasis: Sequence[Emphasis],
    refs: Sequence[FootnoteRef],
) -> tuple[tuple[Emphasis, ...], tuple[FootnoteRef, ...]]:
    """The italics and footnote marks of `old` placed in `new`: words kept keep their
    italics; a mark stays after the word it followed; italics of deleted words go."""
    if old == new:
        return tuple(emphasis), tuple(refs)
    mapping = _offset_map(old, new)

    def moved(offset: int) -> int:
        return mapping[min(max(offset, 0), len(old))]

    carried = tuple(
        Emphasis(moved(e.start), moved(e.end)) for e in emphasis if moved(e.start) < moved(e.end)
    )
    marks = tuple(FootnoteRef(r.mark, moved(r.offset)) for r in refs)
    return carried, marks


# Italics written in the edit box -----------------------------------------------------------

#: An italic run as the marked text format writes it (`*Decides*`), on one line.
_ITALIC_RUN = re.compile(r"\*([^*\n]+)\*")


def read_italics(text: str) -> tuple[str, tuple[Emphasis, ...]] | None:
    """Words written with their italics marked as the marked text format does (`*Decides* to
    convene`): the words without the marks and their italic runs; None when nothing is
    marked (a lone `*` stays a character of the text)."""
    if not _ITALIC_RUN.search(text):
        return None
    words: list[str] = []
    emphasis: list[Emphasis] = []
    at = length = 0
    for match in _ITALIC_RUN.finditer(text):
        before = text[at : match.start()]
        words.append(before)
        length += len(before)
        words.append(match.group(1))
        emphasis.append(Emphasis(length, length + len(match.group(1))))
        length += len(match.group(1))
        at = match.end()
    words.append(text[at:])
    return "".join(words), tuple(emphasis)


def with_italic_marks(text: str, emphasis: Sequence[Emphasis]) -> str:
    """The words with their italic runs marked `*...*`, as the edit box shows them."""
    pieces: list[str] = []
    at = 0
    for run in sorted(emphasis, key=lambda e: e.start):
        start, end = max(run.start, at), min(run.end, len(text))
        if start >= end:
            continue
        pieces += [text[at:start], "*", text[start:end], "*"]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def opening_italics(text: str, kind: Kind) -> tuple[Emphasis, ...]:
    """The italic opening words the genre gives an operative or preambular paragraph
    (`Decides`, `Recalling also`), as the readers italicise them; none for others."""
    if kind not in (Kind.OPERATIVE, Kind.PREAMBULAR):
        return ()
    return derive_emphasis(text, kind)


@dataclass(frozen=True)
class StyledOp:
    """A run of the tracked changes, in italics or not."""

    op: Op
    text: str
    italic: bool = False


def styled_ops(ops: Sequence[DiffOp], emphasis: Sequence[Emphasis]) -> tuple[StyledOp, ...]:
    """The tracked changes with the new text's italics: runs of kept or added words split
    where italics start or end (`emphasis` is on the new text); taken-out words plain."""
    bounds = sorted({e.start for e in emphasis} | {e.end for e in emphasis})
    pieces: list[StyledOp] = []
    at = 0
    for op in ops:
        if op.op == Op.DELETE:
            pieces.append(StyledOp(op.op, op.text))
            continue
        end = at + len(op.text)
        cuts = [at, *(b for b in bounds if at < b < end), end]
        for start, stop in zip(cuts, cuts[1:], strict=False):
            italic = any(e.start <= start < e.end for e in emphasis)
            pieces.append(StyledOp(op.op, op.text[start - at : stop - at], italic))
        at = end
    return tuple(pieces)


# The working text as the next revision ---------------------------------------------------------


@dataclass(frozen=True)
class WorkingItem:
    """A paragraph of the working text to write into the next revision (deleted ones left
    out), with its sub-paragraphs."""

    key: str
    kind: Kind
    label: str
    number: str
    text: str
    emphasis: tuple[Emphasis, ...]
    footnote_refs: tuple[FootnoteRef, ...]
    #: The path (`OP3`, `OP3 (a)`) of the base paragraph it continues; None when inserted.
    origin: str | None
    children: tuple[WorkingItem, ...] = ()
    #: Moved in the meeting: a heading over it stays where it stood, over the next paragraph.
    moved: bool = False


@dataclass(frozen=True)
class WorkingDocument:
    """The next revision made from a working text, and how it pairs with the base."""

    document: Document
    #: Top-level label in the new text -> the base label it continues (None: new paragraph).
    pairing: dict[str, str | None]
    #: Working-text key -> the paragraph's path in the new text.
    paths: dict[str, str]


def _by_path(paragraphs: Sequence[Paragraph], prefix: str = "") -> Iterator[tuple[str, Paragraph]]:
    for paragraph in paragraphs:
        path = paragraph_path(prefix, paragraph.label)
        yield path, paragraph
        yield from _by_path(paragraph.subparagraphs, path)


_PP_LABEL = re.compile(r"PP\d+")


def working_document(base: Document, items: Sequence[WorkingItem]) -> WorkingDocument:
    """The base document with the working text's paragraphs, in their order, keeping what each
    continued paragraph had besides its words (line, tail, section). Preambular paragraphs are
    numbered again in order (PP labels are never printed), so one inserted in the room gets a
    label like the others."""
    base_paragraphs = dict(_by_path(base.paragraphs))
    preambular = [item for item in items if item.kind == Kind.PREAMBULAR]
    renumber = all(_PP_LABEL.fullmatch(p.label) for p in base.preamble)
    pp_labels = {
        item.key: (top_label(Kind.PREAMBULAR, n) if renumber else item.label or f"PP new {n}")
        for n, item in enumerate(preambular, start=1)
    }
    numbered = _numbered_again(items, 0)
    paths: dict[str, str] = {}

    def built(item: WorkingItem, prefix: str, section: str, depth: int) -> Paragraph:
        label, number = numbered.get(item.key, (pp_labels.get(item.key, item.label), item.number))
        path = f"{prefix} {label}".strip()
        paths[item.key] = path
        origin = base_paragraphs.get(item.origin) if item.origin is not None else None
        own_section = origin.section if origin is not None else section
        numbered.update(_numbered_again(item.children, depth + 1))
        children = tuple(built(child, path, own_section, depth + 1) for child in item.children)
        if origin is None:
            return Paragraph(
                kind=item.kind,
                label=label,
                text=item.text,
                number=number,
                emphasis=item.emphasis,
                footnote_refs=item.footnote_refs,
                subparagraphs=children,
                section=section,
            )
        return replace(
            origin,
            label=label,
            number=number,
            text=item.text,
            emphasis=item.emphasis,
            footnote_refs=item.footnote_refs,
            subparagraphs=children,
        )

    parts: dict[Kind, list[Paragraph]] = {Kind.PREAMBULAR: [], Kind.OPERATIVE: [], Kind.ANNEX: []}
    section = ""
    for item in items:
        paragraph = built(item, "", section, 0)
        section = paragraph.section
        parts.get(item.kind, parts[Kind.OPERATIVE]).append(paragraph)
    pairing = {paths[item.key]: item.origin for item in items}
    new_labels = {
        item.origin: paths[item.key] for item in items if item.origin is not None and not item.moved
    }
    annex = base.annex
    document = replace(
        base,
        preamble=tuple(parts[Kind.PREAMBULAR]),
        operative=tuple(parts[Kind.OPERATIVE]),
        annex=replace(annex, paragraphs=tuple(parts[Kind.ANNEX])) if annex else None,
        headings=_moved_headings(base, new_labels),
        footnotes=(),
        warnings=(),
        others=(),
    )
    return WorkingDocument(
        replace(document, footnotes=_kept_footnotes(base, document)), pairing, paths
    )


def _numbered_again(siblings: Sequence[WorkingItem], depth: int) -> dict[str, tuple[str, str]]:
    """key -> (label, number) for the numbered paragraphs of one level numbered again in
    order (1, 2 …; (a), (b) … below; (i), (ii) … further down) when one of them has no number
    of its own: inserted where no suffix fits (`New OP5 bis`, between a kept OP5 and OP5 bis),
    it would be printed unnumbered in the next text. {} when each has a number."""
    again: dict[str, tuple[str, str]] = {}
    for kind in (Kind.OPERATIVE, Kind.ANNEX, Kind.SUB):
        of_kind = [item for item in siblings if item.kind == kind]
        if all(item.number for item in of_kind):
            continue
        for n, item in enumerate(of_kind, start=1):
            if depth == 0:
                number = str(n)
                label = top_label(kind, n)
            else:
                number = (LETTERS if depth == 1 else ROMANS)[n - 1]
                label = f"({number})"
            again[item.key] = (label, number)
    return again


def _cited(document: Document) -> dict[str, str]:
    """footnote mark -> label of the first top-level paragraph citing it."""
    cited: dict[str, str] = {}
    for paragraph in document.paragraphs:
        for ref in paragraph.cited_refs():
            cited.setdefault(ref.mark, paragraph.label)
    return cited


def _kept_footnotes(base: Document, document: Document) -> tuple[Footnote, ...]:
    """The footnotes the new text still cites (under their paragraph's new label), and those
    no paragraph cited (the sponsors' note, a title's footnote); those of deleted words go."""
    before, now = _cited(base), _cited(document)
    return tuple(
        replace(footnote, paragraph_label=now[footnote.mark]) if footnote.mark in now else footnote
        for footnote in base.footnotes
        if footnote.mark in now or footnote.mark not in before
    )


def _moved_headings(base: Document, new_labels: dict[str, str]) -> tuple[Heading, ...]:
    """Each heading stays over the paragraph it stood over, under its new label; when that one
    was deleted or moved away, over the next one still in its place; one over nothing that
    remains goes."""
    order = [p.label for p in base.paragraphs]
    headings = []
    for heading in base.headings:
        if not heading.before:
            headings.append(heading)
            continue
        start = order.index(heading.before) if heading.before in order else len(order)
        kept = next((new_labels[label] for label in order[start:] if label in new_labels), None)
        if kept is not None:
            headings.append(replace(heading, before=kept))
    return tuple(headings)


# The meeting summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordEntry:
    """One change of the meeting's record, as the summary prints it."""

    when: datetime
    who: str
    what: str
    label: str = ""
    before: str = ""
    after: str = ""
    #: The proposal read in: `Mexico's amendment (comment 12)`; empty otherwise.
    proposal: str = ""


@dataclass(frozen=True)
class StatusLine:
    """A paragraph of the working text at the end of the meeting."""

    label: str
    status: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class MeetingSummaryText:
    """What a meeting summary says."""

    negotiation: str
    round: str
    base_label: str
    started: datetime
    ended: datetime | None
    started_by: str
    entries: tuple[RecordEntry, ...]
    paragraphs: tuple[StatusLine, ...]
    preview_label: str = ""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def _escaped(text: str) -> str:
    """Text as Markdown prints it literally (brackets of the room included)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def meeting_facts(summary: MeetingSummaryText) -> list[tuple[str, str]]:
    """The meeting's facts that head its summary, as (what, value)."""
    facts = [
        ("Round", summary.round),
        ("Text discussed", summary.base_label),
        ("Started", f"{written_moment(summary.started)} by {summary.started_by}"),
        ("Ended", written_moment(summary.ended) if summary.ended else "still in progress"),
    ]
    if summary.preview_label:
        facts.append(
            ("Next revision", f"the working text became the preview of {summary.preview_label}")
        )
    return facts


def proposals_read_in(summary: MeetingSummaryText) -> list[RecordEntry]:
    """The changes that read a delegation's proposal into the text."""
    return [entry for entry in summary.entries if entry.proposal]


def paragraph_name(line: StatusLine) -> str:
    """The paragraph's label, or what it is when it has none yet."""
    return line.label or "(new preambular paragraph)"


def write_meeting_summary(summary: MeetingSummaryText) -> str:
    """The meeting summary as Markdown: the meeting, every change with who made it and when,
    the proposals read in, and each paragraph's status at the end
    (tracker.text.export_meeting_summary writes the same as a Word document)."""
    lines = [f"# Meeting summary: {_escaped(summary.negotiation)}", ""]
    lines += [f"- {what}: {_escaped(value)}" for what, value in meeting_facts(summary)]
    read_in = proposals_read_in(summary)
    lines += ["", f"## Proposals read in ({len(read_in)})", ""]
    lines += [
        f"- {written_moment(e.when)}, {_escaped(e.label)}: {_escaped(e.proposal)} (read in by "
        f"{_escaped(e.who)})"
        for e in read_in
    ] or ["None."]
    lines += ["", f"## Changes ({len(summary.entries)})", ""]
    for entry in summary.entries:
        # "on OP2: Kaha Imnadze edited the text", not "Kaha Imnadze: OP2 edited the text".
        where = f", on {_escaped(entry.label)}" if entry.label else ""
        lines.append(f"- {written_moment(entry.when)}{where}: {_escaped(entry.who)} {entry.what}")
        if entry.before and entry.before != entry.after:
            lines.append(f"    - before: {_escaped(entry.before)}")
        if entry.after and entry.before != entry.after:
            lines.append(f"    - after: {_escaped(entry.after)}")
    lines += ["", "## Paragraphs at the end of the meeting", ""]
    for paragraph in summary.paragraphs:
        note = f" ({paragraph.note})" if paragraph.note else ""
        label = _escaped(paragraph_name(paragraph))
        lines.append(f"- **{label}**, {paragraph.status}{note}: {_escaped(paragraph.text)}")
    return "\n".join(lines) + "\n"
