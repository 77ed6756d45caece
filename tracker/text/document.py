"""The structured form of a resolution or draft: what every reader produces and every writer takes.

Everything here is immutable. Text is stored plain (no Markdown, no footnote marks); italics and
footnote references are kept beside it as character offsets into that plain text, so diffs and
alignment work on words while exports can still set the opening verb in italics and place the
footnote reference where it stood.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol


class Kind(StrEnum):
    """Where a paragraph stands in the resolution."""

    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    #: A numbered paragraph of an annex or of an inline declaration (`1. Reaffirm ...`).
    ANNEX = "annex"
    #: A lettered or roman sub-paragraph of any of the above.
    SUB = "sub"


@dataclass(frozen=True)
class Emphasis:
    """An italic run, as character offsets into the paragraph's plain text."""

    start: int
    end: int


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote mark cited in a paragraph, placed after `offset` characters of its text."""

    mark: str
    offset: int


class MarkedText(Protocol):
    """Text printed with italic runs and footnote marks: a paragraph or a section heading."""

    @property
    def text(self) -> str: ...

    @property
    def emphasis(self) -> tuple[Emphasis, ...]: ...

    @property
    def footnote_refs(self) -> tuple[FootnoteRef, ...]: ...


#: Between the blocks of a paragraph's tail (`Paragraph.tail`), each printed on a line.
TAIL_LINE_BREAK = "\n"

#: The part of a heading that stands in the list a paragraph sets out after its colon (`decides
#: to defer ... the following documents:` / `Item 136` / `Report of the Secretary-General ...`):
#: it is a line of the paragraph's tail, printed there, and names the paragraph as `before`.
LIST_PART = "list"


#: The word a programme of work prints before its items' numbers (`Item 3.` / `Advancement of
#: women.`), which the item's label keeps (`Item 3`).
ITEM_WORD = "Item"


#: What a top-level paragraph's label says before its number (the reader's own labels: a
#: preambular paragraph's number is never printed, an operative one's is).
_LABEL_PREFIX = {Kind.PREAMBULAR: "PP", Kind.OPERATIVE: "OP", Kind.ANNEX: "Annex "}


def top_label(kind: Kind, number: int | str) -> str:
    """The label of a top-level paragraph of `kind` numbered `number` (`PP3`, `OP5`, `OP5 bis`,
    `Annex 2`)."""
    return f"{_LABEL_PREFIX[kind]}{number}"


def paragraph_path(parent: str, label: str) -> str:
    """The path that addresses a paragraph in its revision: its label after its parent's path
    (`OP2`, `OP2 (a)`, `OP2 (a) (i)`; `parent` empty for a top-level paragraph)."""
    return f"{parent} {label}" if parent else label


@dataclass(frozen=True)
class Paragraph:
    """One preambular, operative, annex or sub-paragraph."""

    kind: Kind
    #: As shown to people: `PP3`, `OP5`, `OP5 bis`, `Annex 2`, `(a)`, `(ii)`; `OP (a)` for an
    #: operative paragraph printed with a letter (decisions: `(a) Expresses ...`).
    label: str
    text: str
    #: The number as printed, without punctuation: `5`, `5 bis`, `a`, `ii`; empty for PPs and
    #: for the single unnumbered operative paragraph of a resolution adopting a declaration.
    number: str = ""
    emphasis: tuple[Emphasis, ...] = ()
    footnote_refs: tuple[FootnoteRef, ...] = ()
    subparagraphs: tuple[Paragraph, ...] = ()
    #: 1-based line (or Word paragraph) of the source where the paragraph starts; 0 if unknown.
    line: int = 0
    #: Text that follows the sub-paragraphs and closes the paragraph (rare "chapeau ... (a) ...
    #: (b) ..., and requests ..." constructions), or what it sets out after its colon (a list,
    #: a table): its blocks as printed, one a line (TAIL_LINE_BREAK between them); empty
    #: almost always.
    tail: str = ""
    #: Notes the tail cites, at offsets into `tail` (a list of documents a decision defers,
    #: each with the note that gives its symbol).
    tail_refs: tuple[FootnoteRef, ...] = ()
    #: The part and numbered sections the paragraph stands in, as a path: `A`, `A.II.B`, `IV`;
    #: empty when the text has none. Numbering may restart in a part or section.
    section: str = ""

    @property
    def marked_tail(self) -> MarkedLine:
        """The tail with the notes it cites."""
        return MarkedLine(self.tail, self.tail_refs)

    @property
    def tail_lines(self) -> tuple[MarkedLine, ...]:
        """The tail's blocks as printed, each with the notes it cites, to be written one a
        line (`Adopting macroeconomic policies ...,` / `Supporting a favourable ...,`)."""
        return self.marked_tail.split(TAIL_LINE_BREAK) if self.tail else ()

    @property
    def printed_number(self) -> str:
        """The number printed before a top-level paragraph's text: `5.`, `(a)` for a decision's
        lettered paragraph, `Item 3.` for an item of a programme of work; "" without one."""
        if not self.number:
            return ""
        if self.number[:1].isalpha():
            return f"({self.number})"
        if self.label == f"{ITEM_WORD} {self.number}":
            return f"{ITEM_WORD} {self.number}."
        return f"{self.number}."

    @property
    def anchor(self) -> str:
        """A URL fragment and XML-id-safe form of the label: `OP5-bis`, `a`, `OP-a`."""
        return self.label.replace(" ", "-").replace("(", "").replace(")", "")

    def walk(self) -> Iterator[Paragraph]:
        """This paragraph, then its sub-paragraphs depth first."""
        yield self
        for sub in self.subparagraphs:
            yield from sub.walk()

    def walk_with_paths(self, parent: str = "") -> Iterator[tuple[str, Paragraph]]:
        """`walk`, each with the path that addresses it in its revision (`parent`: the path of
        the paragraph this one is under, empty for a top-level one)."""
        path = paragraph_path(parent, self.label)
        yield path, self
        for sub in self.subparagraphs:
            yield from sub.walk_with_paths(path)

    def cited_refs(self) -> Iterator[FootnoteRef]:
        """Every note mark the paragraph prints, in reading order: its text's, its
        sub-paragraphs', its tail's."""
        yield from self.footnote_refs
        for sub in self.subparagraphs:
            yield from sub.cited_refs()
        yield from self.tail_refs

    def full_text(self) -> str:
        """The paragraph's own text with its sub-paragraphs' text, as one string for comparison:
        each sub-paragraph and its end, if any, on lines of their own, as printed."""
        if not self.subparagraphs and not self.tail:
            return self.text
        return self.marked_full_text().text

    def marked_full_text(self) -> MarkedLine:
        """`full_text()` with the italics and the notes of each of its parts where they fall."""
        own = MarkedLine(self.text, self.footnote_refs, self.emphasis)
        if not self.subparagraphs and not self.tail:
            return own
        parts = [own]
        for sub in self.subparagraphs:
            parts.append(MarkedLine.joined((MarkedLine(sub.label), sub.marked_full_text()), " "))
        body = MarkedLine.joined([p for p in parts if p.text], TAIL_LINE_BREAK)
        if self.tail and body.text:
            return MarkedLine.joined((body, self.marked_tail), TAIL_LINE_BREAK)
        return body if body.text else self.marked_tail

    def italic_text(self) -> str:
        """The italic words of the paragraph (usually its opening verb or participle)."""
        return " ".join(self.text[e.start : e.end] for e in self.emphasis)


@dataclass(frozen=True)
class Footnote:
    """A footnote body, linked to the label of the paragraph that cites it."""

    mark: str
    text: str
    #: Label of the citing top-level paragraph (`OP9`), or empty when no paragraph cites it.
    paragraph_label: str = ""


@dataclass(frozen=True)
class MarkedLine:
    """Text that cites notes outside any paragraph: the list of sponsors, an annex's title or
    its opening words."""

    text: str
    footnote_refs: tuple[FootnoteRef, ...] = ()
    emphasis: tuple[Emphasis, ...] = ()

    @classmethod
    def joined(cls, pieces: Sequence[MarkedLine], separator: str) -> MarkedLine:
        """The pieces one after the other, `separator` between each two, marks and italics
        kept."""
        text = ""
        refs: list[FootnoteRef] = []
        emphasis: list[Emphasis] = []
        for index, piece in enumerate(pieces):
            text += separator if index else ""
            refs.extend(FootnoteRef(r.mark, r.offset + len(text)) for r in piece.footnote_refs)
            emphasis.extend(
                Emphasis(e.start + len(text), e.end + len(text)) for e in piece.emphasis
            )
            text += piece.text
        return cls(text, tuple(refs), tuple(emphasis))

    def split(self, separator: str) -> tuple[MarkedLine, ...]:
        """The pieces between separators (an annex title's lines), each with its marks."""
        pieces: list[MarkedLine] = []
        start = 0
        for chunk in self.text.split(separator):
            end = start + len(chunk)
            refs = tuple(
                FootnoteRef(r.mark, r.offset - start)
                for r in self.footnote_refs
                if start <= r.offset <= end
            )
            pieces.append(MarkedLine(chunk, refs))
            start = end + len(separator)
        return tuple(pieces)


@dataclass(frozen=True)
class Annex:
    """An annex or inline declaration adopted by the resolution."""

    #: Heading lines, e.g. `Political declaration of the high-level meeting ...`.
    title: str = ""
    #: Unnumbered opening text: `We, the Heads of State and Government ...`.
    intro: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    #: Notes the title and the opening words cite, at offsets into `title` and `intro` (`We,
    #: Heads of State ... on the fight against tuberculosis,1 ...`).
    title_refs: tuple[FootnoteRef, ...] = ()
    intro_refs: tuple[FootnoteRef, ...] = ()

    @property
    def marked_title(self) -> MarkedLine:
        return MarkedLine(self.title, self.title_refs)

    @property
    def marked_intro(self) -> MarkedLine:
        return MarkedLine(self.intro, self.intro_refs)


@dataclass(frozen=True)
class Heading:
    """A section heading printed between paragraphs (`I. Global context`): never a paragraph."""

    text: str
    #: The printed numeral or letter without its full stop (`I`, `B`); empty when unnumbered.
    number: str = ""
    #: Label of the first paragraph under the heading; empty when nothing follows it. For a
    #: heading in a paragraph's list (`LIST_PART`), that paragraph.
    before: str = ""
    #: Where it stands: `preamble`, `operative` or `annex`; or `LIST_PART`.
    part: str = "operative"
    line: int = 0
    #: Notes its text cites (`Rule 61 Associate members of regional commissions17`, `Draft
    #: programme of work1`), at offsets into `text`.
    footnote_refs: tuple[FootnoteRef, ...] = ()

    @property
    def in_list(self) -> bool:
        """Whether it stands in the list its paragraph sets out (`LIST_PART`)."""
        return self.part == LIST_PART

    @property
    def printed(self) -> str:
        """The heading as one printed line: `I. Global context`, or `Global context`."""
        return f"{self.number}. {self.text}" if self.number else self.text

    @property
    def emphasis(self) -> tuple[Emphasis, ...]:
        """A heading is printed in one style: no italic runs of its own."""
        return ()


@dataclass(frozen=True)
class ParseWarning:
    """Something a person should check: where (line, or paragraph label) and what."""

    message: str
    line: int = 0
    label: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else (f"{self.label}: " if self.label else "")
        return f"{where}{self.message}"


#: Between two marks printed after the sponsors, as in `Iraq:*,** draft resolution`.
SPONSOR_MARK_SEPARATOR = ","


@dataclass(frozen=True)
class Document:
    """A resolution or draft resolution."""

    title: str
    formula: str
    preamble: tuple[Paragraph, ...] = ()
    operative: tuple[Paragraph, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    annex: Annex | None = None
    #: Everything before the resolution: cover letters, signatures, document symbol.
    front_matter: str = ""
    #: Everything after it: the meeting line (`73rd plenary meeting 7 June 2021`), and so on.
    back_matter: str = ""
    warnings: tuple[ParseWarning, ...] = ()
    #: The document symbol when the source names one (`A/RES/79/286`, `A/75/L.12`).
    symbol: str = ""
    #: The star mark printed after the symbol of a reissued document (`A/C.1/80/L.42*`), whose
    #: note says so (`* Reissued for technical reasons on 4 November 2025.`); empty when none
    #: is printed or its note is missing.
    symbol_mark: str = ""
    #: The sponsors of a draft, as listed before `: draft resolution`; empty for resolutions
    #: and for drafts submitted by an officer (the Chair, a Vice-Chair).
    sponsors: tuple[str, ...] = ()
    #: The star mark printed after the sponsors (`Egypt:* draft resolution`), whose footnote is
    #: the note that goes with the list (`* Any changes to the list of sponsors ...`); two
    #: marks when two notes go with it (`Iraq:*,**`: on behalf of a group, and the list's
    #: own); empty when the list carries no mark or its note is missing.
    sponsor_mark: str = ""
    #: The mark printed after one sponsor's name within the list, for each sponsor in order
    #: (`Armenia, China, Egypt,* Equatorial Guinea ...`: Egypt on behalf of a group); an empty
    #: string for a name without one, and no entries at all when no name has one.
    sponsor_name_marks: tuple[str, ...] = ()
    #: What the sponsors' line calls the text (`draft decision`, `revised draft resolution`,
    #: `amendments to draft resolution A/C.3/80/L.20`), as a Word export prints it again.
    sponsored_as: str = "draft resolution"
    #: The mark printed after what the line calls the text (`Tajikistan:* draft decision**`),
    #: whose note says how the Assembly may take it up (`** In order for the General Assembly
    #: to take action on the present proposal, ...`); two joined as in `sponsor_mark`; empty
    #: when none is printed or its note is missing.
    sponsored_as_mark: str = ""
    #: Who submits a draft that no delegation sponsors, as printed in its place (`Draft
    #: decision submitted by the Bureau`, `Draft resolution submitted by the Vice-Chair of the
    #: Committee, ... on the basis of informal consultations on draft resolution A/C.2/80/L.3`);
    #: empty when sponsors are listed, and for resolutions.
    submitted_by: str = ""
    #: Section headings of the preamble, operative part and annex, in reading order.
    headings: tuple[Heading, ...] = ()
    #: The line linking a resolution to its draft or report:
    #: `[without reference to a Main Committee (A/80/L.9)]`, without its brackets.
    link: str = ""
    #: The letters of the parts of a resolution in parts (`A`, `B`), each with its own formula;
    #: a paragraph's `section` starts with its part's letter. Empty for most resolutions.
    parts: tuple[str, ...] = ()
    #: Further resolutions or decisions printed in the same document after this one (a
    #: committee report's `Draft resolution II`, `Draft decision`), each read on its own.
    others: tuple[Document, ...] = ()

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """All top-level paragraphs in reading order: preamble, operative part, annex."""
        annex = self.annex.paragraphs if self.annex else ()
        return self.preamble + self.operative + annex

    def body(self) -> tuple[Paragraph, ...]:
        """Preambular and operative paragraphs as printed: in a resolution with sections that
        have their own preambular paragraphs, the source order (by line) where it is known."""
        paragraphs = self.preamble + self.operative
        if any(p.section for p in paragraphs) and all(p.line for p in paragraphs):
            return tuple(sorted(paragraphs, key=lambda p: p.line))
        return paragraphs

    def walk(self) -> Iterator[Paragraph]:
        """Every paragraph and sub-paragraph in reading order."""
        for paragraph in self.paragraphs:
            yield from paragraph.walk()

    def walk_with_paths(self) -> Iterator[tuple[str, Paragraph]]:
        """Every paragraph and sub-paragraph in reading order, with the path that addresses it
        in its revision: its label after its parents' (`OP2`, `OP2 (a)`, `OP2 (a) (i)`)."""
        for paragraph in self.paragraphs:
            yield from paragraph.walk_with_paths()

    def find(self, label: str) -> Paragraph | None:
        """The top-level paragraph with this label, if any."""
        return next((p for p in self.paragraphs if p.label == label), None)

    def counts(self) -> dict[str, int]:
        """How many PPs, OPs, annex paragraphs, sub-paragraphs and footnotes the document has."""
        subs = sum(1 for p in self.walk() if p.kind is Kind.SUB)
        return {
            "preambular": len(self.preamble),
            "operative": len(self.operative),
            "annex": len(self.annex.paragraphs) if self.annex else 0,
            "subparagraphs": subs,
            "footnotes": len(self.footnotes),
        }

    def declares_inline(self) -> bool:
        """Whether the annex is a declaration adopted inline by a single unnumbered operative
        paragraph (`Adopts the following political declaration:`), before any meeting line."""
        return (
            self.annex is not None
            and len(self.operative) == 1
            and not self.operative[0].number
            and self.operative[0].text.rstrip().endswith(":")
        )

    def sponsor_marks(self) -> tuple[str, ...]:
        """The marks printed after the sponsors, one by one (`*`, `**`)."""
        return tuple(m for m in self.sponsor_mark.split(SPONSOR_MARK_SEPARATOR) if m)

    def sponsored_as_marks(self) -> tuple[str, ...]:
        """The marks printed after what the sponsors' line calls the text, one by one."""
        return tuple(m for m in self.sponsored_as_mark.split(SPONSOR_MARK_SEPARATOR) if m)

    def sponsor_notes(self) -> tuple[tuple[str, str], ...]:
        """Each mark printed after the sponsors with the text of the note it calls."""
        texts = {f.mark: f.text for f in self.footnotes}
        return tuple((m, texts[m]) for m in self.sponsor_marks() if m in texts)

    def marked_sponsors(self) -> tuple[tuple[str, str], ...]:
        """Each sponsor with the mark printed after its name (empty for most)."""
        marks = self.sponsor_name_marks or ("",) * len(self.sponsors)
        return tuple(zip(self.sponsors, marks, strict=True))

    def sponsored_as_note(self) -> str:
        """The text of the notes marked after what the sponsors' line calls the text."""
        texts = {f.mark: f.text for f in self.footnotes}
        return " ".join(texts[m] for m in self.sponsored_as_marks() if m in texts)

    def sponsor_note(self) -> str:
        """The text of the notes marked on the list of sponsors, in order; empty when there is
        none."""
        return " ".join(text for _, text in self.sponsor_notes())

    def text_kind(self) -> str:
        """`resolution` for an adopted resolution (its symbol has `/RES/`), `decision` for a
        draft decision, `draft` for any other draft (an amendment too: `is_amendment`)."""
        if "/RES/" in self.symbol:
            return "resolution"
        if "decision" in f"{self.sponsored_as} {self.submitted_by}".lower():
            return "decision"
        return "draft"

    def is_amendment(self) -> bool:
        """Whether the text amends a draft (`Russian Federation: amendment to draft resolution
        A/80/L.18`)."""
        return self.text_kind() == "draft" and self.sponsored_as.lower().startswith("amendment")

    def submitter(self) -> str:
        """Who submits a draft that no delegation sponsors, as its line names them (`the
        Chair`, `the Vice-Chair of the Committee, Weronika Garbacz (Poland)`); empty when
        sponsors are listed, and for resolutions."""
        _, found, who = self.submitted_by.partition("submitted by ")
        return who.strip() if found else ""

    def headings_before(self) -> dict[str, tuple[Heading, ...]]:
        """Headings by the label of the first paragraph under them (`""`: none follows); the
        headings in a paragraph's list are printed with its tail, not here."""
        grouped: dict[str, tuple[Heading, ...]] = {}
        for heading in self.headings:
            if heading.in_list:
                continue
            grouped[heading.before] = (*grouped.get(heading.before, ()), heading)
        return grouped

    def list_heading_texts(self, label: str) -> frozenset[str]:
        """The texts of the headings in the list that paragraph `label` sets out, each printed
        as a line of its end (`Item 136` over the reports a decision defers)."""
        return frozenset(h.text for h in self.headings if h.in_list and h.before == label)

    def opens_part(self, paragraph: Paragraph, before: Paragraph | None) -> str:
        """The letter of the part of a resolution in parts that `paragraph` opens, the
        paragraph before it (`before`, None for the first) standing in another; "" if none."""
        part = paragraph.section.split(".")[0]
        if part not in self.parts or (before is not None and before.section.split(".")[0] == part):
            return ""
        return part

    @staticmethod
    def part_titles(headings: Sequence[Heading]) -> tuple[list[Heading], list[Heading]]:
        """Of the headings over the first paragraph of a part of a resolution in parts, the
        part's titles, printed between its letter and its formula (`B` / `Income estimates for
        2026` / `The General Assembly`), and the numbered sections' headings, printed under
        the formula."""
        return [h for h in headings if not h.number], [h for h in headings if h.number]

    def heading_anchor(self, heading: Heading) -> str:
        """The URL fragment of a section heading where it stands in the text: `heading-3`."""
        return f"heading-{self.headings.index(heading) + 1}"

    def under_headings(
        self, paragraphs: tuple[Paragraph, ...], part: str
    ) -> tuple[tuple[Heading | None, tuple[Paragraph, ...]], ...]:
        """These paragraphs of one part (`preamble`, `operative`, `annex`) in runs, each under
        the heading that stands over it (None for paragraphs before any heading), in order;
        headings of the part that no paragraph follows close the list with empty runs."""
        before = self.headings_before()
        groups: list[tuple[Heading | None, list[Paragraph]]] = []
        for paragraph in paragraphs:
            for heading in before.get(paragraph.label, ()):
                groups.append((heading, []))
            if not groups:
                groups.append((None, []))
            groups[-1][1].append(paragraph)
        groups.extend((h, []) for h in before.get("", ()) if h.part == part)
        return tuple((heading, tuple(run)) for heading, run in groups)

    def with_warnings(self, *extra: ParseWarning) -> Document:
        """A copy with more warnings appended."""
        return replace(self, warnings=self.warnings + tuple(extra))


class ParseError(ValueError):
    """The input cannot be read as a resolution; says where and why."""

    def __init__(self, message: str, line: int = 0) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


# -- serialisation ----------------------------------------------------------------------------
# Two forms: the full one below round-trips a Document exactly (used to store revisions), and
# the public JSON of `flask parse --json` (see `public_json`), documented in the README.


def _paragraph_to_dict(p: Paragraph) -> dict[str, Any]:
    d: dict[str, Any] = {
        "kind": p.kind.value,
        "label": p.label,
        "number": p.number,
        "text": p.text,
        "emphasis": [[e.start, e.end] for e in p.emphasis],
        "footnote_refs": [[f.mark, f.offset] for f in p.footnote_refs],
        "subparagraphs": [_paragraph_to_dict(s) for s in p.subparagraphs],
        "line": p.line,
        "tail": p.tail,
        "section": p.section,
    }
    if p.tail_refs:
        d["tail_footnote_refs"] = [[f.mark, f.offset] for f in p.tail_refs]
    return d


def _paragraph_from_dict(d: dict[str, Any]) -> Paragraph:
    return Paragraph(
        kind=Kind(d["kind"]),
        label=d["label"],
        number=d.get("number", ""),
        text=d["text"],
        emphasis=tuple(Emphasis(s, e) for s, e in d.get("emphasis", [])),
        footnote_refs=tuple(FootnoteRef(m, o) for m, o in d.get("footnote_refs", [])),
        subparagraphs=tuple(_paragraph_from_dict(s) for s in d.get("subparagraphs", [])),
        line=d.get("line", 0),
        tail=d.get("tail", ""),
        tail_refs=tuple(FootnoteRef(m, o) for m, o in d.get("tail_footnote_refs", ())),
        section=d.get("section", ""),
    )


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The full, lossless dictionary form of a Document (JSON-serialisable)."""
    d = {
        "title": doc.title,
        "formula": doc.formula,
        "symbol": doc.symbol,
        "preamble": [_paragraph_to_dict(p) for p in doc.preamble],
        "operative": [_paragraph_to_dict(p) for p in doc.operative],
        "footnotes": [
            {"mark": f.mark, "text": f.text, "paragraph_label": f.paragraph_label}
            for f in doc.footnotes
        ],
        "annex": _annex_to_dict(doc.annex, _paragraph_to_dict),
        "front_matter": doc.front_matter,
        "back_matter": doc.back_matter,
        "warnings": [
            {"message": w.message, "line": w.line, "label": w.label} for w in doc.warnings
        ],
        "sponsors": list(doc.sponsors),
        "sponsor_mark": doc.sponsor_mark,
        "symbol_mark": doc.symbol_mark,
        "sponsored_as": doc.sponsored_as,
        "sponsored_as_mark": doc.sponsored_as_mark,
        "submitted_by": doc.submitted_by,
        "headings": [_heading_to_dict(h) for h in doc.headings],
        "link": doc.link,
        "parts": list(doc.parts),
        "others": [document_to_dict(o) for o in doc.others],
    }
    if doc.sponsor_name_marks:
        d["sponsor_name_marks"] = list(doc.sponsor_name_marks)
    return d


def _annex_to_dict(
    annex: Annex | None, paragraph_to_dict: Callable[[Paragraph], dict[str, Any]]
) -> dict[str, Any] | None:
    """The annex's title, introduction and paragraphs (each written by `paragraph_to_dict`)."""
    if annex is None:
        return None
    d: dict[str, Any] = {
        "title": annex.title,
        "intro": annex.intro,
        "paragraphs": [paragraph_to_dict(p) for p in annex.paragraphs],
    }
    if annex.title_refs:
        d["title_footnote_refs"] = [[r.mark, r.offset] for r in annex.title_refs]
    if annex.intro_refs:
        d["intro_footnote_refs"] = [[r.mark, r.offset] for r in annex.intro_refs]
    return d


def _heading_to_dict(h: Heading) -> dict[str, Any]:
    d: dict[str, Any] = {
        "text": h.text,
        "number": h.number,
        "before": h.before,
        "part": h.part,
        "line": h.line,
    }
    if h.footnote_refs:
        d["footnote_refs"] = [[r.mark, r.offset] for r in h.footnote_refs]
    return d


def _heading_from_dict(d: dict[str, Any]) -> Heading:
    refs = tuple(FootnoteRef(mark, offset) for mark, offset in d.get("footnote_refs", ()))
    return Heading(
        text=d["text"],
        number=d.get("number", ""),
        before=d.get("before", ""),
        part=d.get("part", "operative"),
        line=d.get("line", 0),
        footnote_refs=refs,
    )


def document_from_dict(d: dict[str, Any]) -> Document:
    """Rebuild a Document from `document_to_dict` output."""
    annex = d.get("annex")
    return Document(
        title=d["title"],
        formula=d["formula"],
        symbol=d.get("symbol", ""),
        preamble=tuple(_paragraph_from_dict(p) for p in d.get("preamble", [])),
        operative=tuple(_paragraph_from_dict(p) for p in d.get("operative", [])),
        footnotes=tuple(
            Footnote(f["mark"], f["text"], f.get("paragraph_label", ""))
            for f in d.get("footnotes", [])
        ),
        annex=None
        if annex is None
        else Annex(
            title=annex.get("title", ""),
            intro=annex.get("intro", ""),
            paragraphs=tuple(_paragraph_from_dict(p) for p in annex.get("paragraphs", [])),
            title_refs=tuple(FootnoteRef(m, o) for m, o in annex.get("title_footnote_refs", ())),
            intro_refs=tuple(FootnoteRef(m, o) for m, o in annex.get("intro_footnote_refs", ())),
        ),
        front_matter=d.get("front_matter", ""),
        back_matter=d.get("back_matter", ""),
        warnings=tuple(
            ParseWarning(w["message"], w.get("line", 0), w.get("label", ""))
            for w in d.get("warnings", [])
        ),
        sponsors=tuple(d.get("sponsors", ())),
        sponsor_mark=d.get("sponsor_mark", ""),
        symbol_mark=d.get("symbol_mark", ""),
        sponsor_name_marks=tuple(d.get("sponsor_name_marks", ())),
        sponsored_as=d.get("sponsored_as", "draft resolution"),
        sponsored_as_mark=d.get("sponsored_as_mark", ""),
        submitted_by=d.get("submitted_by", ""),
        headings=tuple(_heading_from_dict(h) for h in d.get("headings", ())),
        link=d.get("link", ""),
        parts=tuple(d.get("parts", ())),
        others=tuple(document_from_dict(o) for o in d.get("others", ())),
    )


def _public_paragraph(p: Paragraph) -> dict[str, Any]:
    return {
        "label": p.label,
        "kind": p.kind.value,
        "text": p.text,
        "emphasis": [p.text[e.start : e.end] for e in p.emphasis],
        "footnotes": [f.mark for f in p.footnote_refs],
        "subparagraphs": [_public_paragraph(s) for s in p.subparagraphs],
        "section": p.section,
        "tail": p.tail,
        "tail_footnotes": [f.mark for f in p.tail_refs],
    }


def public_json(doc: Document) -> dict[str, Any]:
    """The documented JSON of `flask parse --json` (a public interface: change with care)."""
    return {
        "title": doc.title,
        "formula": doc.formula,
        "symbol": doc.symbol,
        "kind": doc.text_kind(),
        "subkind": "amendment" if doc.is_amendment() else None,
        "paragraphs": [_public_paragraph(p) for p in doc.preamble + doc.operative],
        "annex": _annex_to_dict(doc.annex, _public_paragraph),
        "footnotes": [
            {"mark": f.mark, "text": f.text, "paragraph": f.paragraph_label} for f in doc.footnotes
        ],
        "front_matter": doc.front_matter,
        "back_matter": doc.back_matter,
        "warnings": [str(w) for w in doc.warnings],
        "sponsors": list(doc.sponsors),
        "sponsor_name_marks": list(doc.sponsor_name_marks),
        "sponsor_note": {"mark": doc.sponsor_mark, "text": doc.sponsor_note()}
        if doc.sponsor_mark
        else None,
        "sponsored_as": doc.sponsored_as if doc.sponsors else None,
        "sponsored_as_note": {"mark": doc.sponsored_as_mark, "text": doc.sponsored_as_note()}
        if doc.sponsored_as_mark
        else None,
        "submitted_by": doc.submitter() or None,
        "headings": [
            {
                "text": h.text,
                "number": h.number,
                "before": h.before,
                "part": h.part,
                "footnotes": [r.mark for r in h.footnote_refs],
            }
            for h in doc.headings
        ],
        "link": doc.link,
        "parts": list(doc.parts),
        "others": [public_json(o) for o in doc.others],
    }
