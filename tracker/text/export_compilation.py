"""The compilation of proposals: each paragraph of a revision followed by what delegations proposed.

Laid out like the compilation documents co-facilitators circulate before a reading: the paragraph
as it stands, then indented entries such as "Mexico, joined by Chile: amend to read" with the
proposed text showing insertions in bold underline and deletions struck through. Proposals of a
new paragraph after OP5 are numbered `OP5 bis`, `OP5 ter` ... in the order given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from tracker.text.diff import DiffOp, Op
from tracker.text.document import Document, Kind, Paragraph
from tracker.text.export_docx import (
    ANNEX_LABEL,
    ANNEX_LABEL_FORMAT,
    STEP,
    SYMBOL_FORMAT,
    FootnoteWriter,
    PageSize,
    ParagraphFormat,
    RunPiece,
    annex_lines,
    append_front_lines,
    append_paragraph,
    append_pieces,
    append_section_headings,
    new_un_document,
    paragraph_element,
    printed_number,
    prints_annex_label,
    register_footnotes,
    save,
    symbol_line,
    text_pieces,
)
from tracker.text.typed import contained, isolated

#: What each kind of proposal reads as after the delegations' names.
KIND_PHRASES = {
    "amend": "amend to read",
    "delete": "delete",
    "retain": "retain",
    "new_after": "add a new paragraph",
    "comment": "comment",
    "reservation": "reservation",
    "question": "question",
}
#: What a proposal to amend made on the room's wording in a meeting reads as, when the room had
#: changed the paragraph from the text as circulated.
ROOM_AMEND_PHRASE = "amend the room's wording to read"
_LATIN = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


@dataclass(frozen=True)
class CompilationEntry:
    """One proposal on a paragraph, by one delegation and those who joined it."""

    #: One of KIND_PHRASES: amend, delete, retain, new_after, comment, reservation, question.
    kind: str
    #: As read out: `Mexico, joined by Chile`, `European Union`, `G-77 and China`.
    delegations: str
    #: The delegation's words: explanation, comment or question; may be empty.
    text: str
    #: For amend and new_after: the paragraph as proposed.
    proposed_text: str | None = None
    #: For amend: the word diff from the current text to the proposed one.
    diff: tuple[DiffOp, ...] = ()
    #: For amend made on the room's wording in a meeting that had changed the paragraph: that
    #: wording against the text as circulated (`diff` is then against the room's wording).
    room_changes: tuple[DiffOp, ...] = ()


def _new_label(label: str, index: int) -> str:
    suffix = _LATIN[index] if index < len(_LATIN) else f"({index + 1})"
    return f"{label} {suffix}"


def _marked(ops: Sequence[DiffOp]) -> list[RunPiece]:
    """A word diff as compilations print it: insertions in bold underline, deletions struck."""
    pieces: list[RunPiece] = []
    for op in ops:
        # Without the controls that could show a delegation's words as others (typed).
        text = contained(op.text)
        if op.op is Op.INSERT:
            pieces.append(RunPiece(text, bold=True, underline=True))
        elif op.op is Op.DELETE:
            pieces.append(RunPiece(text, strike=True))
        else:
            pieces.append(RunPiece(text))
    return pieces


def _check(doc: Document, proposals: Mapping[str, Sequence[CompilationEntry]]) -> None:
    labels = {p.label for p in doc.paragraphs}
    unknown = sorted(set(proposals) - labels)
    if unknown:
        raise ValueError(f"proposals for {', '.join(unknown)}, which the revision does not have")
    for label, entries in proposals.items():
        for number, entry in enumerate(entries, start=1):
            where = f"{label}, proposal {number} ({entry.delegations or 'no delegation'})"
            if entry.kind not in KIND_PHRASES:
                raise ValueError(f"{where}: unknown kind {entry.kind!r}")
            if entry.kind in ("amend", "new_after") and not (entry.proposed_text or entry.diff):
                raise ValueError(f"{where}: {entry.kind} needs the proposed text")


class _CompilationWriter:
    def __init__(self, doc: Document, title: str, page_size: PageSize) -> None:
        self.doc = doc
        self.title = title
        self.document = new_un_document(page_size)
        self.footnotes = FootnoteWriter()
        self.footnote_ids = register_footnotes(doc, self.footnotes)

    def line(self, fmt: ParagraphFormat, pieces: Sequence[RunPiece]) -> None:
        p = paragraph_element(fmt)
        append_pieces(p, pieces)
        append_paragraph(self.document, p)

    def paragraph(self, paragraph: Paragraph, depth: int) -> None:
        pieces: list[RunPiece] = []
        if depth == 0:
            pieces.append(RunPiece(f"{paragraph.label}", bold=True))
            pieces.append(RunPiece(tab=True))
        if paragraph.number and paragraph.kind is not Kind.PREAMBULAR:
            pieces.append(RunPiece(printed_number(paragraph, depth) + " "))
        pieces.extend(text_pieces(paragraph, self.footnote_ids))
        if depth == 0:
            fmt = ParagraphFormat(left=STEP * 2, first_line=-STEP * 2, tab=STEP * 2)
        else:
            fmt = ParagraphFormat(left=STEP * (2 + depth), first_line=0)
        self.line(fmt, pieces)
        for sub in paragraph.subparagraphs:
            self.paragraph(sub, depth + 1)
        for line in paragraph.tail_lines:
            self.line(
                ParagraphFormat(left=STEP * 2, first_line=0), text_pieces(line, self.footnote_ids)
            )

    def entry(self, entry: CompilationEntry, new_label: str) -> None:
        indent = ParagraphFormat(left=STEP * 3, first_line=0, space_after=60)
        phrase = KIND_PHRASES[entry.kind]
        if entry.kind == "new_after":
            phrase = f"add a new paragraph {new_label}"
        elif entry.room_changes:
            phrase = ROOM_AMEND_PHRASE
        pieces = [RunPiece(entry.delegations, bold=True), RunPiece(f": {phrase}")]
        # The delegation's words share the line with its name: isolated, an Arabic comment
        # reads right to left without reordering the line, and no control reorders it.
        words = isolated(entry.text)
        if entry.kind in ("amend", "new_after"):
            pieces.append(RunPiece(":"))
            if words:
                pieces.append(RunPiece(f" ({words})", italic=True))
        elif words:
            pieces.append(RunPiece(f": {words}"))
        self.line(indent, pieces)
        if entry.kind in ("amend", "new_after"):
            proposal = ParagraphFormat(left=STEP * 4, first_line=0, space_after=120)
            for pieces in _lines(self.proposed(entry, new_label)):
                self.line(proposal, pieces)
        if entry.kind == "amend" and entry.room_changes:
            # The room's changes apart, so that none is read as the delegation's.
            label = RunPiece(
                "The room's wording it was made on, against the text as circulated: ", italic=True
            )
            for number, pieces in enumerate(_lines(_marked(entry.room_changes))):
                self.line(proposal, [label, *pieces] if number == 0 else pieces)

    def proposed(self, entry: CompilationEntry, new_label: str) -> list[RunPiece]:
        pieces: list[RunPiece] = []
        if entry.kind == "new_after":
            pieces.append(RunPiece(f"{new_label}", bold=True))
            pieces.append(RunPiece(" "))
        if entry.diff:
            pieces.extend(_marked(entry.diff))
        else:
            pieces.append(RunPiece(isolated(entry.proposed_text or "")))
        return pieces

    def write(self, proposals: Mapping[str, Sequence[CompilationEntry]]) -> bytes:
        doc = self.doc
        self.line(
            ParagraphFormat(align="center", left=0, first_line=0, space_after=120),
            [RunPiece(self.title, bold=True)],
        )
        if doc.symbol:
            self.line(SYMBOL_FORMAT, text_pieces(symbol_line(doc), self.footnote_ids))
        append_front_lines(self.document, doc, self.footnote_ids)
        if doc.title:
            self.line(
                ParagraphFormat(align="center", left=0, first_line=0, space_after=240),
                [RunPiece(doc.title, italic=True)],
            )
        if doc.formula:
            self.line(ParagraphFormat(left=STEP * 2, first_line=0), [RunPiece(doc.formula)])
        labels = {p.label for p in doc.paragraphs}
        headings = doc.headings_before()
        trailing = headings.get("", ())
        body_end = len(doc.preamble) + len(doc.operative)
        for index, paragraph in enumerate(doc.paragraphs):
            if index == body_end:
                append_section_headings(
                    self.document, (h for h in trailing if h.part != "annex"), self.footnote_ids
                )
            if doc.annex is not None and index == body_end:
                if prints_annex_label(doc):
                    self.line(ANNEX_LABEL_FORMAT, [RunPiece(ANNEX_LABEL, bold=True)])
                for heading in annex_lines(doc):
                    if heading.text:
                        pieces = text_pieces(heading, self.footnote_ids)
                        self.line(
                            ParagraphFormat(align="center", left=0, first_line=0),
                            [replace(p, bold=True) if p.text else p for p in pieces],
                        )
            append_section_headings(
                self.document, headings.get(paragraph.label, ()), self.footnote_ids
            )
            self.paragraph(paragraph, 0)
            new_count = 0
            for entry in proposals.get(paragraph.label, ()):
                new_label = ""
                if entry.kind == "new_after":
                    # Skip labels the revision already uses (an OP5 bis from an earlier round).
                    while _new_label(paragraph.label, new_count) in labels:
                        new_count += 1
                    new_label = _new_label(paragraph.label, new_count)
                    new_count += 1
                self.entry(entry, new_label)
        # Headings closing the body were printed before the annex when it has paragraphs.
        in_annex = len(doc.paragraphs) > body_end
        append_section_headings(
            self.document,
            (h for h in trailing if h.part == "annex" or not in_annex),
            self.footnote_ids,
        )
        self.footnotes.attach(self.document)
        return save(self.document)


def write_compilation_docx(
    doc: Document,
    proposals: Mapping[str, Sequence[CompilationEntry]],
    *,
    title: str,
    page_size: PageSize = "A4",
) -> bytes:
    """The revision as .docx with every proposal (by paragraph label) under its paragraph."""
    _check(doc, proposals)
    return _CompilationWriter(doc, title, page_size).write(proposals)


def _lines(pieces: Sequence[RunPiece]) -> list[list[RunPiece]]:
    """The pieces of a proposal line by line, as its sub-paragraphs stand (`(a) ...` on a
    line of its own, deleted ones too): Word reads a line break in a run's text as a space."""
    lines: list[list[RunPiece]] = [[]]
    for piece in pieces:
        first, *more = piece.text.split("\n")
        if first or not more:
            lines[-1].append(replace(piece, text=first))
        for text in more:
            lines.append([replace(piece, text=text)] if text else [])
    return [line for line in lines if line]
