"""Stage 4, assembly: blocks -> Document. Every reader (text, Markdown, PDF, .docx) ends here.

Reads: `TextBlock`s with markers and `FootnoteBody`s. Writes: the Document: front matter,
sponsors, link line, title, formula, preambular and operative paragraphs with their
sub-paragraphs, section headings, parts and sections, annex and back matter, footnotes linked
to the paragraphs that cite them, and warnings a person should check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from tracker.text.document import (
    ITEM_WORD,
    LIST_PART,
    SPONSOR_MARK_SEPARATOR,
    TAIL_LINE_BREAK,
    Annex,
    Document,
    FootnoteRef,
    Heading,
    Kind,
    MarkedLine,
    Paragraph,
    ParseError,
    ParseWarning,
    top_label,
)
from tracker.text.numbering import LETTERS, ROMANS
from tracker.text.read.blocks import TextBlock
from tracker.text.read.footnotes import FootnoteBody, link_footnotes, take_out_footnote_paragraphs
from tracker.text.read.labels import label_warnings, set_aside_labels
from tracker.text.read.marks import (
    BULLET,
    EM_CLOSE,
    EM_OPEN,
    FN_CLOSE,
    FN_OPEN,
    clean_inline,
    marked_offset,
    materialise,
    starts_with_bullet,
)
from tracker.text.read.vocabulary import (
    ANNEX_RE,
    ANNEX_TITLED_RE,
    ARTICLE_RE,
    BACK_RE,
    CHAPEAU_RE,
    FORMULA_RE,
    FORMULA_START_RE,
    FRONT_HEADING_RE,
    HEADING_NUMBER_RE,
    LABEL_PREFIX_RE,
    LONE_DATE_RE,
    NUMBERED_HEADING_MAX_CHARS,
    NUMBERED_RE,
    PART_LETTER_RE,
    RESOLUTION_NUMBER_RE,
    SECTION_NUMBER_ONLY_RE,
    SEPARATOR_BLOCK_RE,
    SHORT_HEADING_WORDS,
    SUB_RE,
    TESTIMONIUM_RE,
    UNPUNCTUATED_NUMBER_RE,
    derive_emphasis,
    ends_terminal,
    is_heading_like,
    is_table_cell,
    last_character,
    looks_like_opener,
    opens_operative,
    opens_with_operative_verb,
)


@dataclass
class _Top:
    """A top-level paragraph being built, with its sub-paragraphs."""

    kind: Kind
    label: str
    number: str
    text: str
    line: int
    subs: list[_Sub] = field(default_factory=list)
    #: Pieces of unnumbered text after the sub-paragraphs, joined once at the end (appending
    #: to one string would make a long run of such blocks quadratic).
    tail: list[str] = field(default_factory=list)
    section: str = ""


@dataclass
class _Sub:
    """A lettered or roman sub-paragraph being built."""

    label: str
    number: str
    text: str
    line: int
    subs: list[_Sub] = field(default_factory=list)


_ROMAN = list(ROMANS)


_LETTERS = list(LETTERS)


def _next_in(sequence: list[str], previous: str | None) -> str:
    """The label after `previous` in a numbering sequence (`b` after `a`), or empty."""
    if previous is None:
        return sequence[0]
    try:
        return sequence[sequence.index(previous) + 1]
    except (ValueError, IndexError):
        return ""


def _is_unnumbered_operative(plain: str) -> bool:
    """`Adopts the following political declaration:` -- a lone operative paragraph; or an
    amendment's instruction (`Delete operative paragraph 9.`), which the amendment's own
    paragraph is, also with the text it quotes (`... insert a new operative paragraph,
    reading: Notes with alarm ...;`, as a Word file written from it has them)."""
    match = re.match(r"^(?:(?:Also|Further|Hereby)\s+)?([A-Z][a-z]+s)\b", plain)
    lone = match is not None and not match.group(1).endswith("ss")
    return (lone and plain.rstrip()[-1:] in ":.") or _is_instruction(plain)


#: How an amendment's instruction opens: `Delete operative paragraph 9.`, `Insert a new
#: preambular paragraph ...`, `In operative paragraph 21, delete ...`.
_INSTRUCTION_RE = re.compile(
    r"^(?:(?:Delete|Insert|Replace|Add|Move|Renumber)\b"
    r"|(?:In|After|Before)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:preambular|operative)\s+paragraph)"
)


#: The line that says a document amends a draft: `Cuba: amendment to draft resolution
#: A/80/L.18`, `... amendments to draft resolution A/C.3/80/L.20/Rev.1`.
_AMENDMENT_RE = re.compile(r"\bamendments?\s+to\s+(?:the\s+)?(?:revised\s+)?draft\b", re.IGNORECASE)


def _is_instruction(plain: str) -> bool:
    """Whether a block is an instruction of an amendment to a draft."""
    return _INSTRUCTION_RE.match(plain) is not None


def _enumerated_inline(paragraph: _Top, token: str) -> bool:
    """Whether `(token)` goes on a list written inside the paragraph's sentence: the paragraph
    has no sub-paragraphs and its text already holds the letters before it (`(a)`, `(b)`)."""
    if paragraph.subs or token not in _LETTERS or token == _LETTERS[0]:
        return False
    plain = materialise(paragraph.text)[0]
    earlier = _LETTERS[: _LETTERS.index(token)]
    return all(f"({letter})" in plain for letter in earlier)


#: A row of a table of amounts, numbered: a few words and an amount, without punctuation
#: (`Income from staff assessment 278 735 200`, `Peacekeeping operations (57 725 000)`).
_TABLE_ROW_RE = re.compile(r"^[A-Z][^.;:,]{0,100}?\s\(?\d{1,3}(?:[ \u00a0]\d{3})+\)?(?:\s.*\d)?$")


def _numbered_row(text: str) -> bool:
    """Whether what follows a number is a row of a table of amounts (`1.` / `Income from staff
    assessment 278 735 200`), not a paragraph's text."""
    return not ends_terminal(text) and _TABLE_ROW_RE.match(text) is not None


#: A convention's chapter heading, with or without its title (`Chapter I General provisions`).
_CHAPTER_RE = re.compile(r"^\s*Chapter\s+(?:[IVXLC]{1,6}|\d{1,2})\b")

#: The first page's masthead read as one block (`United Nations General Assembly Distr.:
#: Limited ... Agenda item 15 Information and communications technologies for sustainable
#: development`), with the agenda item's title.
_MASTHEAD_RE = re.compile(
    r"^United Nations\b.*?\bDistr\.:.*?(?:\bAgenda items?\s+[\d, and()a-z]+?\s+([A-Z].*))?$"
)

#: A part's letter and its title in one block (`C Financing of appropriations for 2026`).
_TITLED_PART_RE = re.compile(r"^\s*([A-H])\s+([A-Z][^.;:,]*)$")


def _formula_follows(body: list[TextBlock], index: int) -> bool:
    """Whether the formula stands at `index`, or after one heading (a part's own title)."""
    if index < len(body) and FORMULA_RE.match(body[index].plain):
        return True
    return (
        index + 1 < len(body)
        and is_heading_like(body[index].plain)
        and FORMULA_RE.match(body[index + 1].plain) is not None
    )


def _opens_part(body: list[TextBlock], index: int) -> bool:
    """Whether the block at `index` opens a further part of the resolution: its letter over
    the formula, with or without the part's title between (`B` / `Income estimates for 2022`
    / `The General Assembly`), or read with the title (`C Financing of appropriations ...`)."""
    plain = body[index].plain
    if PART_LETTER_RE.match(plain):
        return _formula_follows(body, index + 1)
    return (
        _TITLED_PART_RE.match(plain) is not None
        and index + 1 < len(body)
        and FORMULA_RE.match(body[index + 1].plain) is not None
    )


def _closes_text(body: list[TextBlock], index: int) -> bool:
    """Whether the block at `index` is the line that closes the text: the plenary meeting's
    (`56th plenary meeting`), or the date alone where a resolution was adopted without a
    meeting (`13 April 2020`) as the last of the body or before its annex."""
    plain = body[index].plain
    if BACK_RE.match(plain):
        return True
    if not LONE_DATE_RE.match(plain):
        return False
    after = next((b.plain for b in body[index + 1 :] if not SEPARATOR_BLOCK_RE.match(b.plain)), "")
    return not after.strip() or bool(ANNEX_RE.match(after) or ANNEX_TITLED_RE.match(after))


def _part_title(titled: re.Match[str], line: int) -> TextBlock:
    """The title of a part read with its letter (`C Financing of appropriations ...`), as a
    block of its own."""
    title = titled.group(2)
    return TextBlock(title, line, [title], title)


def _heading_marks(marked: str, text: str) -> tuple[FootnoteRef, ...]:
    """The notes a heading's line cites (`Draft programme of work1`), at offsets into the
    heading's text as kept, its number and the spaces around it taken off."""
    plain, _, refs = materialise(marked)
    start = plain.find(text)
    if not refs or start < 0:
        return ()
    return tuple(FootnoteRef(r.mark, min(max(r.offset - start, 0), len(text))) for r in refs)


def _numbered_at(body: list[TextBlock], index: int) -> bool:
    """Whether the block at `index` is a numbered paragraph (`1. Notes ...`)."""
    return index < len(body) and NUMBERED_RE.match(body[index].plain) is not None


def _numbered_without_stop(plain: str, earlier: list[_Top]) -> re.Match[str] | None:
    """The number of an operative paragraph printed without its full stop (`25` / `Condemns
    ...` after paragraph 24): only the number due next, before words that open a paragraph."""
    match = UNPUNCTUATED_NUMBER_RE.match(plain)
    if match is None or not earlier or not earlier[-1].number.isdigit():
        return None
    due = int(match.group(1)) == int(earlier[-1].number) + 1
    return match if due and opens_operative(plain[match.end() :]) else None


def _leads_into_numbered(body: list[TextBlock], index: int) -> bool:
    """Whether a numbered paragraph comes at `index`, or after the headings there (a lead-in
    `..., we will:` over `Create health-promoting environments` over `42. Address ...`)."""
    while index < len(body) and is_heading_like(body[index].plain):
        index += 1
    return _numbered_at(body, index)


def _ends_with(top: _Top, ending: str) -> bool:
    """Whether `top`'s own text ends with `ending`, nothing read after it (sub-paragraphs or
    an end)."""
    return not top.subs and not top.tail and materialise(top.text)[0].rstrip().endswith(ending)


def _opens_numbered_list(top: _Top, number: str, headings_between: list[Heading]) -> bool:
    """Whether a `1.` right after `top` opens a list of `top`'s own: `top` is numbered, ends
    with a colon, and no heading stands between (a section numbers afresh under one)."""
    return (
        number == "1"
        and top.number.isdigit()
        and top.number != "0"
        and not headings_between
        and _ends_with(top, ":")
    )


def _numbered_next(top: _Top, number: str) -> bool:
    """Whether `number` is the one after `top`'s (`12` after `11`, `12 bis` too)."""
    base = number.partition(" ")[0]
    return base.isdigit() and top.number.isdigit() and int(base) == int(top.number) + 1


def _stretch_after_colon(top: _Top, body: list[TextBlock], index: int) -> tuple[int, bool]:
    """The blocks from `index` that `top` sets out after its colon, up to the next numbered
    paragraph: where they end (0 when `top` does not end with a colon), and whether they are
    a table (`19. Approves the changes to the staffing table as set out in the table below:` /
    `A. Secretariat of the Pension Board` / `Action Title of post ...` / `P-4` / `1` ... /
    `20. Also approves ...`): some line holds a cell of a table on its own, and the next
    paragraph takes the number after `top`'s."""
    if not top.number.isdigit() or _written_ending(top) != ":":
        return 0, False
    cells = False
    for at in range(index, len(body)):
        numbered = NUMBERED_RE.match(body[at].plain)
        # A numbered row of the table (`1. Income from staff assessment 278 735 200`) is no
        # paragraph: the stretch goes on past it.
        row = numbered is not None and _numbered_row(body[at].plain[numbered.end() :])
        if numbered and not row:
            return at, cells and _numbered_next(top, numbered.group(1))
        cells = cells or row or any(is_table_cell(materialise(line)[0]) for line in body[at].raw)
    return len(body), False


def _introduces_paragraph(top: _Top, number: str) -> bool:
    """Whether `top` ends by naming the paragraph numbered `number` that it quotes next (`...
    Article 9, new paragraph 4:`)."""
    return _ends_with(top, f"paragraph {number}:")


def _quotes(text: str) -> bool:
    """Whether an amendment's instruction quotes the text that follows it (`... reading:`)."""
    return text.rstrip().endswith(":") and _is_instruction(materialise(text)[0])


def assemble_document(
    blocks: list[TextBlock],
    footnote_bodies: Sequence[FootnoteBody | tuple[str, str]],
    warnings: list[ParseWarning],
    symbol: str = "",
    markdown: bool = False,
    symbol_mark: str = "",
) -> Document:
    """Turn paragraph-sized blocks (text with markers) into a Document; shared by every reader.

    `markdown` says whether `*`, `_` and `[text](link)` in the blocks are markup or text;
    `symbol_mark` is the star printed after the symbol (`A/C.1/80/L.42*`), if any.
    """
    bodies = [
        b if isinstance(b, FootnoteBody) else FootnoteBody(b[0], clean_inline(b[1], markdown), 0)
        for b in footnote_bodies
    ]
    blocks = take_out_footnote_paragraphs(blocks, bodies, markdown)
    for block in blocks:
        block.text = block.text.lstrip()
    app_labels = set_aside_labels(blocks)
    for block in blocks:
        block.text = clean_inline(LABEL_PREFIX_RE.sub(_label_as_number, block.text), markdown)
    for block in blocks:
        block.plain = materialise(block.text)[0]
    blocks = [b for b in blocks if b.plain or FN_OPEN in b.text]
    segments = _split_resolutions(blocks)
    if len(segments) == 1:
        doc = _assemble_one(blocks, bodies, warnings, symbol, markdown, symbol_mark)
        return doc.with_warnings(*label_warnings(doc, app_labels))
    # A committee report's `Draft resolution I`, `Draft resolution II`, `Draft decision`: each
    # is read on its own, with the footnotes it cites; the first is the document, the others
    # follow it so that a person can pick the one to use.
    documents = []
    claimed: set[str] = set()
    for index, segment in enumerate(segments):
        cited = {m.group(1) for b in segment for m in _CITED_MARK_RE.finditer(b.text)}
        own = [b for b in bodies if b.mark in cited and b.mark not in claimed]
        claimed.update(b.mark for b in own)
        if index == 0:
            own += [b for b in bodies if not b.mark.isdigit() and b.mark not in cited]
        doc = _assemble_one(
            segment, own, list(warnings), symbol, markdown, "" if index else symbol_mark
        )
        in_segment = {b.line: app_labels[b.line] for b in segment if b.line in app_labels}
        documents.append(doc.with_warnings(*label_warnings(doc, in_segment)))
    return replace(documents[0], others=tuple(documents[1:]))


#: A footnote mark carried in block text.
_CITED_MARK_RE = re.compile(f"{FN_OPEN}([^{FN_CLOSE}]*){FN_CLOSE}")
#: The heading over each of several texts in one document: `Draft resolution II`.
_DRAFT_HEADING_RE = re.compile(
    r"^\s*(?:revised\s+)?draft\s+(?:resolution|decision)(?:\s+(?:[IVXL]{1,6}|\d{1,2}))?\s*$",
    re.IGNORECASE,
)
#: How many blocks (the title, a line of front matter) may stand between such a heading and
#: the formula of its text.
_FORMULA_WITHIN = 5


def _split_resolutions(blocks: list[TextBlock]) -> list[list[TextBlock]]:
    """The blocks of each resolution or decision, where several follow each other."""
    starts = [
        i
        for i, block in enumerate(blocks)
        if _DRAFT_HEADING_RE.match(block.plain)
        and any(
            FORMULA_RE.match(b.plain) or FORMULA_START_RE.match(b.plain)
            for b in blocks[i + 1 : i + 1 + _FORMULA_WITHIN]
        )
    ]
    if len(starts) < 2:
        return [blocks]
    bounds = [0, *starts[1:], len(blocks)]
    return [blocks[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _assemble_one(
    blocks: list[TextBlock],
    bodies: list[FootnoteBody],
    warnings: list[ParseWarning],
    symbol: str,
    markdown: bool,
    symbol_mark: str = "",
) -> Document:
    """One resolution's blocks (cleaned, plain text set) -> its Document."""
    formula_at = next((i for i, b in enumerate(blocks) if FORMULA_RE.match(b.plain)), None)
    if formula_at is None:
        formula_at = _split_run_in_formula(blocks)
    if formula_at is None:
        first_numbered = next(
            (i for i, b in enumerate(blocks) if NUMBERED_RE.match(b.plain)),
            # An amendment of one or more instructions, not numbered (`Delete operative
            # paragraph 9.`): they are its paragraphs.
            next((i for i, b in enumerate(blocks) if _is_instruction(b.plain)), None),
        )
        if first_numbered is None:
            line = blocks[0].line if blocks else 1
            raise ParseError(
                "No resolution found: expected a formula such as 'The General Assembly,' "
                "followed by preambular paragraphs and numbered operative paragraphs '1. ...'",
                line,
            )
        start = first_numbered
        # Preambular paragraphs above the numbered ones, not a title that opens like one
        # (`Strengthening of the coordination of emergency humanitarian assistance`).
        while (
            start > 0
            and looks_like_opener(blocks[start - 1].plain)
            and not is_heading_like(blocks[start - 1].plain)
        ):
            start -= 1
        # An amendment to a draft has no formula of its own: only a text that should have
        # one is warned.
        if not any(_AMENDMENT_RE.search(b.plain) for b in blocks[:start]):
            warnings.append(
                ParseWarning(
                    "No formula such as 'The General Assembly,' was found; the paragraphs were "
                    "read without one",
                    blocks[start].line,
                )
            )
        head, formula, body = blocks[:start], "", blocks[start:]
    else:
        head = blocks[:formula_at]
        formula = blocks[formula_at].plain
        body = blocks[formula_at + 1 :]
    part, part_title = "", None
    if head and PART_LETTER_RE.match(head[-1].plain):
        # `A` over the formula: the first part of a resolution in parts.
        part, head = head[-1].plain.strip(), head[:-1]
    elif len(head) > 2 and PART_LETTER_RE.match(head[-2].plain) and is_heading_like(head[-1].plain):
        # `A` and the part's own title over the formula (`Budget appropriations for 2026`).
        part, part_title, head = head[-2].plain.strip(), head[-1], head[:-2]
    elif len(head) > 1 and (titled := _TITLED_PART_RE.match(head[-1].plain)):
        # The two read as one line (`A Budget appropriations for 2022`).
        part, part_title, head = titled.group(1), _part_title(titled, head[-1].line), head[:-1]
    title_index = next(
        (i for i in range(len(head) - 1, -1, -1) if not FRONT_HEADING_RE.match(head[i].plain)),
        None,
    )
    masthead = _MASTHEAD_RE.match(head[title_index].plain) if title_index is not None else None
    if masthead and title_index is not None:
        # No title between the masthead and the formula (a draft by the President whose
        # title is its annex's): the agenda item's title names the text.
        if masthead.group(1):
            warnings.append(
                ParseWarning(
                    "No title above the formula: the agenda item's title was used",
                    head[title_index].line,
                )
            )
        title_index = None
    title = masthead.group(1).strip() if masthead and masthead.group(1) else ""
    front_blocks = head
    if title_index is not None:
        first = title_index
        if (
            first
            and RESOLUTION_NUMBER_RE.match(head[first - 1].plain)
            and not RESOLUTION_NUMBER_RE.match(head[first].plain)
        ):
            # A numbered title set in two blocks (`79/243. United Nations Convention against
            # Cybercrime;` / `Strengthening International Cooperation ...`) is one title.
            first -= 1
        printed = " ".join(b.plain for b in head[first : title_index + 1])
        title = RESOLUTION_NUMBER_RE.sub("", printed)
        number = RESOLUTION_NUMBER_RE.match(printed)
        if number and "/RES/" not in symbol and "General Assembly" in formula:
            # An adopted resolution is known by its number (`80/13.`); symbols elsewhere in
            # the front matter are the report or draft it came from.
            symbol, symbol_mark = "A/RES/" + number.group(0).strip().rstrip("."), ""
        front_blocks = head[:first] + head[title_index + 1 :]
    front_matter = "\n\n".join(
        "\n".join(materialise(clean_inline(r, markdown))[0] for r in b.raw) for b in front_blocks
    )
    doc = _build_body(
        [*([part_title] if part_title else []), *body],
        bodies,
        warnings,
        title,
        formula,
        front_matter,
        symbol,
        markdown,
        part,
    )
    sponsor_line = read_sponsor_line(_marks_written_out(b.text) for b in head)
    marked, sponsored_as = sponsor_line.sponsors, sponsor_line.sponsored_as
    submitted_by, submitted_as, submitted_mark = ("", "", "") if marked else _submission_line(head)
    sponsored_as = submitted_as or sponsored_as
    # Each mark after the sponsors calls a note (`Iraq:*,** draft resolution`: on behalf of a
    # group, and the list's own), and so do one after a sponsor's name (`Egypt,*`) and one
    # after what the line calls the text (`draft decision**`, or after the line that says who
    # submits it: `... submitted by the President of the General Assembly*`); a mark without
    # its note is dropped.
    notes = {f.mark for f in doc.footnotes}

    def with_notes(marks: str) -> str:
        return SPONSOR_MARK_SEPARATOR.join(
            m for m in marks.split(SPONSOR_MARK_SEPARATOR) if m in notes
        )

    name_marks = tuple(mark if mark in notes else "" for _, mark in marked)
    sponsor_mark = with_notes(sponsor_line.mark)
    sponsored_as_mark = with_notes(sponsor_line.kind_mark if marked else submitted_mark)
    # The star after a reissued document's symbol calls the note on its reissue, unless the
    # sponsors' line calls that note.
    on_the_sponsors_line = {*sponsor_mark.split(SPONSOR_MARK_SEPARATOR), *name_marks}
    on_the_sponsors_line |= set(sponsored_as_mark.split(SPONSOR_MARK_SEPARATOR))
    return replace(
        doc,
        symbol_mark="" if symbol_mark in on_the_sponsors_line else with_notes(symbol_mark),
        sponsors=tuple(name for name, _ in marked),
        sponsor_name_marks=name_marks if any(name_marks) else (),
        sponsor_mark=sponsor_mark,
        sponsored_as=sponsored_as,
        sponsored_as_mark=sponsored_as_mark,
        submitted_by=submitted_by,
        link=_link_line(head),
    )


def _build_body(
    body: list[TextBlock],
    bodies: list[FootnoteBody],
    warnings: list[ParseWarning],
    title: str,
    formula: str,
    front_matter: str,
    symbol: str,
    markdown: bool = False,
    part: str = "",
) -> Document:
    """The blocks after the formula, read in one pass through phases (preamble, operative,
    declaration, annex, back matter), with the part and sections the reading is in."""
    preamble: list[_Top] = []
    operative: list[_Top] = []
    annex_paragraphs: list[_Top] = []
    annex_title: list[MarkedLine] = []
    #: the blocks of the annex's opening words (`We, the Heads of State ...`)
    annex_intro: list[TextBlock] = []
    has_annex = False
    back: list[str] = []
    headings: list[Heading] = []
    #: Headings read but not yet followed by a paragraph: they take its label.
    waiting: list[Heading] = []
    #: The name of a further annex the reading is in (`Annex II`), empty in the first.
    further_annex = ""
    #: The paragraph whose own numbered list is being read (`1.` ... under `11. ...:`), and
    #: the number of the list's last item read.
    numbered_list_of: _Top | None = None
    list_items = 0
    #: The label before the letters of an annex section's own list (`III.A`, `II.B 33`).
    list_of = ""
    #: The blocks after a paragraph's colon up to the paragraph numbered next (`19. ... as set
    #: out in the table below:` ... `20.`): where they end, and whether they are a table.
    stretch_end, stretch_is_table = 0, False
    # preamble, operative, declaration (annex before its paragraphs), further annex (a further
    # annex before its paragraphs), annex, back
    phase = "preamble"
    current: _Top | None = None
    #: The part letter (`A`) and the numbers of the sections the reading is in (`II`, `B`).
    levels: list[str] = []
    used: set[str] = set()
    parts: list[str] = [part] if part else []
    in_section: dict[tuple[str, Kind], list[_Top]] = {}
    #: The sections (and kinds) whose paragraphs name their section in their labels.
    numbered_afresh: set[tuple[str, Kind]] = set()
    #: An amendment's instruction that quotes what follows it (`Delete the thirty-eighth
    #: preambular paragraph, reading:`): the quoted text is part of it.
    quoting: _Top | None = None
    #: A sub-paragraph that leads into entries printed without letters, taking them in.
    entries_of: _Sub | None = None

    def section() -> str:
        return ".".join(n for n in [part, *levels] if n)

    def start(paragraph: _Top, into: list[_Top]) -> _Top:
        paragraph.section = section()
        in_article = paragraph.label != paragraph.section and paragraph.section.startswith(
            ("Article", "Rule")
        )
        place = (paragraph.section, paragraph.kind)
        if paragraph.kind is Kind.ANNEX and not paragraph.number:
            # An annex's paragraph without a number, known by its section (`A.C`, `Article
            # 4`, `Annex`); the next such in the same section is counted in it (`A.C (2)`), so
            # that every label names one paragraph.
            paragraph.label = _first_free_label(paragraph.label, used)
        elif paragraph.label in used or in_article or place in numbered_afresh:
            # Numbering restarts in a part, a section or an article: the label says which,
            # for each of its paragraphs (`IV OP3`, then `IV OP4`, though no `OP4` came before).
            paragraph.label = f"{paragraph.section} {paragraph.label}".strip()
            if paragraph.section:
                numbered_afresh.add(place)
        used.add(paragraph.label)
        into.append(paragraph)
        in_section.setdefault(place, []).append(paragraph)
        for heading in waiting:
            if not heading.text:  # a section's letter with no title under it prints alone
                heading = replace(heading, text=heading.number, number="")
            if heading.part == "preamble" and paragraph.kind is Kind.OPERATIVE:
                # Read before the first operative paragraph, it heads the operative part
                # (`Peacebuilding Commission` / `1. Reaffirms ...`).
                heading = replace(heading, part="operative")
            headings.append(replace(heading, before=paragraph.label))
        waiting.clear()
        return paragraph

    def start_unnumbered_annex_paragraph(text: str, line: int) -> _Top:
        return start(_Top(Kind.ANNEX, section() or "Annex", "", text, line), annex_paragraphs)

    def same_section(kind: Kind) -> list[_Top]:
        return in_section.get((section(), kind), [])

    # Whether the text had page furniture to take out (copied from a PDF's text layer).
    furniture_taken_out = any(block.after_removed for block in body)

    def running_title(block: TextBlock) -> bool:
        # The running title left between paragraphs by a page break: not a heading (a heading
        # that cites a note is no running title: `Draft programme of work1` under the title
        # `Draft programme of work of the Second Committee ...`). Where the page furniture was
        # taken out, it stands after a page break, so the words of the title on the page of
        # the paragraph before are a heading (`Draft programme of work` under the decision
        # that approves it); in a text that had none to take out, only the whole title is
        # taken for the running title a converter left.
        plain = block.plain
        return (
            len(plain.split()) >= 3
            and plain in title
            and FN_OPEN not in block.text
            and (block.after_removed or (plain == title and not furniture_taken_out))
        )

    def heading(block: TextBlock, where: str) -> None:
        plain, line = block.plain, block.line
        if running_title(block):
            return
        article = ARTICLE_RE.match(plain)
        if article and where == "annex":
            # `Article 3` of a convention in the annex (or `Rule 8` of rules of procedure):
            # its paragraphs number from 1 again.
            levels[:] = [f"{article.group(1)} {article.group(2)}"]
            text = plain.strip()
            waiting.append(Heading(text, "", "", where, line, _heading_marks(block.text, text)))
            return
        if waiting and waiting[-1].number and not waiting[-1].text:
            # The title under a section's letter alone on its line (`A` / `Base/floor salary
            # scale`): the two are one heading.
            text = plain.strip()
            waiting[-1] = replace(
                waiting[-1], text=text, footnote_refs=_heading_marks(block.text, text)
            )
            return
        numbered = HEADING_NUMBER_RE.match(plain)
        number, text = (numbered.group(1), numbered.group(2)) if numbered else ("", plain)
        if not numbered and SECTION_NUMBER_ONLY_RE.match(plain):
            number, text = plain.strip().rstrip("."), ""
        if (
            number
            and re.fullmatch(r"[IVXLC]+", number)
            and not (levels and len(number) == 1 and number in "ABCDEFGH")
            # `I` after `H` is the next letter (A/RES/78/317's section III.I), not a roman one.
            and not (number == "I" and levels[-1:] == ["H"])
        ):
            levels[:] = [number]
        elif number:
            # A letter after a section's letter is the next section (`A`, then `B`); under a
            # roman section or an article it is a subsection (`II.B`).
            after_a_letter = bool(levels) and len(levels[0]) == 1 and levels[0] not in "IVX"
            levels[:] = [levels[0], number] if levels and not after_a_letter else [number]
        text = text.strip()
        waiting.append(Heading(text, number, "", where, line, _heading_marks(block.text, text)))

    # Where the operative part ends (the plenary meeting's line, if any), and its last
    # numbered paragraph: unnumbered text between them closes the text.
    operative_end = next((k for k in range(len(body)) if _closes_text(body, k)), len(body))
    last_numbered = max((k for k in range(operative_end) if _numbered_at(body, k)), default=-1)
    # The last entry of what the last paragraph sets out after its colon, before any annex: a
    # line that is no heading, or that cites a note (`Report of the Secretary-General on ...1`).
    list_end = next(
        (k for k in range(last_numbered + 1, operative_end) if ANNEX_RE.match(body[k].plain)),
        operative_end,
    )
    last_list_entry = max(
        (
            k
            for k in range(last_numbered + 1, list_end)
            if FN_OPEN in body[k].text or not is_heading_like(body[k].plain)
        ),
        default=-1,
    )
    for index, block in enumerate(body):
        plain = block.plain
        titled_annex = (
            ANNEX_TITLED_RE.match(plain) if phase == "back" and not ANNEX_RE.match(plain) else None
        )
        if titled_annex:
            # After the plenary meeting's line, `Annex Awaza Political Declaration` opens the
            # annex with its title.
            has_annex, phase, current = True, "declaration", None
            annex_title.append(MarkedLine(titled_annex.group(1).strip()))
            continue
        if phase == "back" and _opens_part(body, index):
            # An adopted resolution in parts closes each with the meeting's line (`54th
            # (resumed) plenary meeting`) before the next part's letter: it goes on (the part
            # is opened below), and the line is the back matter once, after the last part.
            back.clear()
            phase = "preamble"
        if phase == "back" and not ANNEX_RE.match(plain):
            back.append("\n".join(materialise(clean_inline(r, markdown))[0] for r in block.raw))
            continue
        if _closes_text(body, index):
            phase = "back"
            back.append("\n".join(materialise(clean_inline(r, markdown))[0] for r in block.raw))
            continue
        if ANNEX_RE.match(plain):
            if annex_paragraphs:
                # A further annex (`Annex II`, or `Annex I` after the declaration a resolution
                # adopts): its paragraphs number from 1 again, under its name as a heading and
                # in a section of their own (`Annex II.1`).
                further_annex = " ".join(["Annex", *plain.rstrip(" .").split()[1:]])
                part, levels[:] = further_annex, []
                waiting.append(Heading(further_annex, "", "", "annex", block.line))
                phase, current = "further annex", None
                continue
            if annex_intro:
                # A further annex after one that has no numbered paragraphs (a table, its
                # title over it): its name stays a line of the annexes' text, where it stands.
                annex_intro.append(block)
            has_annex, phase, current = True, "declaration", None
            continue
        if SEPARATOR_BLOCK_RE.match(plain):
            continue
        if _opens_part(body, index):
            # The resolution goes on in a further part: `B` over a formula, with or without
            # the part's own title between, or `C Financing of appropriations for the year
            # 2026` over it, the letter read with the title.
            titled_part = _TITLED_PART_RE.match(plain)
            part, levels[:] = titled_part.group(1) if titled_part else plain.strip(), []
            parts.append(part)
            if titled_part:
                heading(_part_title(titled_part, block.line), "preamble")
            continue
        if FORMULA_RE.match(plain) and phase != "declaration":
            phase, current = "preamble", None
            continue
        numbered = NUMBERED_RE.match(block.text.lstrip(EM_OPEN)) or (
            _numbered_without_stop(plain, same_section(Kind.OPERATIVE))
            if phase == "operative"
            else None
        )
        sub = SUB_RE.match(block.text.lstrip(EM_OPEN))
        if current is not None and not numbered and not sub and phase in ("operative", "annex"):
            if index >= stretch_end:
                # Each stretch is looked at once, so that reading stays linear in its length.
                stretch_end, stretch_is_table = _stretch_after_colon(current, body, index)
            if index < stretch_end and stretch_is_table:
                # A table the paragraph sets out after its colon is its end as printed: its
                # captions (`A. Secretariat of the Pension Board`) are no section headings,
                # its rows and cells no paragraphs.
                current.tail.append(block.text)
                continue
        if block.run_in or (
            # In a Word file a decision's text may stand as a paragraph of its own under the
            # formula (`The General Assembly,` / `decides to include ...`); no preambular
            # paragraph opens in lower case.
            plain[:1].islower()
            and (FORMULA_RE.match(body[index - 1].plain) if index else bool(formula))
        ):
            # The rest of `The General Assembly, recalling ..., decides ...`: one unnumbered
            # operative paragraph, or a preambular phrase when lettered paragraphs follow.
            following = body[index + 1].plain if index + 1 < len(body) else ""
            if plain.rstrip().endswith(":") and SUB_RE.match(following):
                current = start(
                    _Top(
                        Kind.PREAMBULAR, top_label(Kind.PREAMBULAR, 1), "", block.text, block.line
                    ),
                    preamble,
                )
            else:
                current = start(
                    _Top(Kind.OPERATIVE, top_label(Kind.OPERATIVE, 1), "", block.text, block.line),
                    operative,
                )
                phase = "operative"
            continue
        if numbered:
            number = numbered.group(1) + (f" {numbered.group(2)}" if numbered.group(2) else "")
            text = _strip_prefix(block.text, numbered)
            if current is not None and _numbered_row(materialise(text)[0]):
                # `1 Income from staff assessment 278 735 200`: a numbered row of a table in
                # the paragraph above, not a paragraph.
                current.tail.append(block.text)
                continue
            if current is not None and (
                (
                    current is numbered_list_of
                    and number == str(list_items + 1)
                    and not _numbered_next(current, number)
                    and not waiting
                )
                or _opens_numbered_list(current, number, waiting)
            ):
                # A list the paragraph sets out after its colon, numbered from 1 (`11. Approves
                # the following provisional agenda:` / `1. Opening of the Congress.` ... `7.
                # Adoption of the report of the Congress.`, then `12.`): its end. The list
                # ends at the paragraph's next number, a heading, or a number out of its turn.
                numbered_list_of = current
                list_items = int(number)
                current.tail.append(block.text)
                continue
            numbered_list_of = None
            if current is not None and _introduces_paragraph(current, number):
                # The paragraph of a statute or of rules that the paragraph above quotes
                # (`14. Decides to approve the following amendment to the statute ...: Article
                # 9, new paragraph 4:` / `4. In hearing an application ...`): its end.
                current.tail.append(block.text)
                continue
            if phase in ("declaration", "further annex", "annex"):
                phase = "annex"
                label = (
                    f"{further_annex}.{number}" if further_annex else top_label(Kind.ANNEX, number)
                )
                current = _Top(Kind.ANNEX, label, number, text, block.line)
                _check_number(
                    same_section(Kind.ANNEX), annex_paragraphs, current, warnings, "annex paragraph"
                )
                start(current, annex_paragraphs)
            else:
                phase = "operative"
                current = _Top(
                    Kind.OPERATIVE,
                    f"{ITEM_WORD} {number}"
                    if numbered.group(0).startswith(ITEM_WORD)
                    else top_label(Kind.OPERATIVE, number),
                    number,
                    text,
                    block.line,
                )
                _check_number(
                    same_section(Kind.OPERATIVE),
                    operative,
                    current,
                    warnings,
                    "operative paragraph",
                )
                start(current, operative)
                quoting = current if _quotes(text) else None
            continue
        if sub:
            token, text = sub.group(1), _strip_prefix(block.text, sub)
            rest = materialise(text)[0]
            if current is not None and _enumerated_inline(current, token):
                # `... by (a) providing ...; (b) investing ...;` / `(c) eradicating ...`: the
                # line break fell before a letter of a list inside the sentence.
                current.text = f"{current.text} {block.text}"
                continue
            if (
                current is not None
                and phase in ("operative", "annex")
                and not current.tail
                and _written_ending(current) == "."
                and is_heading_like(rest)
                and FN_OPEN not in block.text
                and _numbered_at(body, index + 1)
            ):
                # A lettered heading over the numbered paragraphs after it, once the paragraph
                # above has ended with its full stop (A/RES/76/258, the Doha Programme of
                # Action: `135. ... green bonds.` / `(b)` / `Energy` / `136. Notwithstanding
                # ...`): no sub-paragraph, which a full stop would not introduce.
                heading(block, "annex" if phase == "annex" else "operative")
                continue
            lettered_op = (
                current is not None
                and current.kind is Kind.OPERATIVE
                and current.number[:1].isalpha()
                and token == _next_in(_LETTERS, current.number)
            )
            if lettered_op or (
                phase == "preamble" and token == "a" and opens_operative(rest) and not operative
            ):
                # A decision whose operative part is lettered: `(a) Expresses ...; (b) ...`.
                phase = "operative"
                current = start(
                    _Top(Kind.OPERATIVE, f"OP ({token})", token, text, block.line), operative
                )
                continue
            lettered_annex = (
                current is not None
                and current.kind is Kind.ANNEX
                and current.number[:1].isalpha()
                and token == _next_in(_LETTERS, current.number)
            )
            if phase == "annex" and (lettered_annex or (token == "a" and waiting)):
                # A list of a section's own, lettered under its heading (`B. Scale up climate
                # action ...` / `(a) Accelerated actions ... by:` / `(i) Taking urgent
                # actions ...;` / `(b) ...`): its items are the section's paragraphs, not
                # sub-paragraphs of the paragraph above the heading, whose letters they
                # would repeat. A further list in the same section is known by the numbered
                # paragraph it follows (`33. To scale up foreign direct investment ...:` /
                # `Foreign direct investment` / `(a) We will promote ...`: `II.B 33 (a)`).
                if not lettered_annex:
                    list_of = section() or "Annex"
                    if f"{list_of} ({token})" in used and current is not None and current.number:
                        list_of = f"{list_of} {current.number}"
                current = start(
                    _Top(Kind.ANNEX, f"{list_of} ({token})", token, text, block.line),
                    annex_paragraphs,
                )
                continue
            if (
                current is None
                and phase == "declaration"
                and token == "a"
                and annex_intro
                and annex_intro[-1].plain.rstrip().endswith(":")
            ):
                # An annex whose opening words end with a colon over a lettered list (A/RES/73/5:
                # `The additional rights ... shall be given effect through the following
                # modalities ...:` / `(a) The right to make statements ...`): they are its first
                # paragraph, without a number, and the list its sub-paragraphs.
                opening_words = annex_intro.pop()
                phase = "annex"
                current = start_unnumbered_annex_paragraph(opening_words.text, opening_words.line)
            if current is not None and phase == "declaration" and not annex_paragraphs:
                # `Decides:` followed by lettered sub-paragraphs, not by a declaration.
                phase = "operative"
            if current is not None and (
                phase in ("operative", "annex")
                or (phase == "preamble" and current.subs)
                or (phase == "preamble" and materialise(current.text)[0].endswith(":"))
            ):
                _add_sub(current, token, text, block.line, warnings)
                continue
            warnings.append(
                ParseWarning(
                    f"Sub-paragraph ({token}) has no numbered paragraph above it", block.line
                )
            )
        if phase == "preamble":
            if (
                current is not None
                and not looks_like_opener(plain)
                and materialise(current.text)[0].rstrip().endswith(":")
                and not current.subs
            ):
                # Quoted text after `... the following question:` belongs to its paragraph.
                current.text = f"{current.text} {block.text}"
            elif current is None and CHAPEAU_RE.match(plain) and _numbered_at(body, index + 1):
                # `Resolves that, for 2026:` over numbered provisions: the formula goes on.
                if len(parts) <= 1:
                    formula = f"{formula} {plain}"
            elif _is_unnumbered_operative(plain):
                current = start(
                    _Top(Kind.OPERATIVE, top_label(Kind.OPERATIVE, 1), "", block.text, block.line),
                    operative,
                )
                quoting = current if _quotes(plain) else None
                phase = (
                    "declaration" if plain.rstrip().endswith(":") and not quoting else "operative"
                )
            elif (
                is_heading_like(plain)
                and plain[:1].isupper()
                # `Peacebuilding financing` opens like `Recalling ...`, but is short and
                # has no comma to end it.
                and (not looks_like_opener(plain) or len(plain.split()) <= SHORT_HEADING_WORDS)
            ):
                heading(block, "preamble")
            else:
                label = top_label(Kind.PREAMBULAR, len(preamble) + 1)
                current = start(_Top(Kind.PREAMBULAR, label, "", block.text, block.line), preamble)
            continue
        if phase == "further annex":
            # Before its numbered paragraphs, a further annex has its title and section
            # headings, and paragraphs without numbers (a declaration's preamble). A title
            # right under the annex's name may be long (`Interpretative notes on specific
            # articles of the United Nations Convention against Cybercrime; ...`).
            titled = bool(waiting) and waiting[-1].text == further_annex
            if (
                is_heading_like(plain) or (titled and not ends_terminal(plain))
            ) and FN_OPEN not in block.text:
                heading(block, "annex")
            else:
                current = start_unnumbered_annex_paragraph(block.text, block.line)
            continue
        if phase == "declaration":
            # A chapter's or an article's title stands under it (`Article 1` / `Statement of
            # purpose`); an article's text without a number is its paragraph (`The purposes
            # of this Convention are to:` / `(a) Promote ...`).
            titles = bool(waiting) and bool(
                ARTICLE_RE.match(waiting[-1].text) or _CHAPTER_RE.match(waiting[-1].text)
            )
            in_article = bool(levels) and bool(ARTICLE_RE.match(levels[0]))
            # A title whose part ends with a semicolon goes on in the next block (`United
            # Nations Convention against Cybercrime;` / `Strengthening International
            # Cooperation ...`), which may open as a paragraph does.
            title_part = not (annex_intro or annex_paragraphs or waiting) and (
                plain.rstrip().endswith(";")
                if not annex_title
                else annex_title[-1].text.rstrip().endswith(";")
                and not plain.rstrip().endswith(",")
            )
            if title_part:
                annex_title.append(MarkedLine(plain, _heading_marks(block.text, plain)))
            elif is_heading_like(plain) and (
                HEADING_NUMBER_RE.match(plain)
                or ARTICLE_RE.match(plain)
                or _CHAPTER_RE.match(plain)
                or titles
            ):
                # A convention's first chapter and article stand under its title.
                heading(block, "annex")
            elif not is_heading_like(plain) and in_article:
                phase = "annex"
                current = start_unnumbered_annex_paragraph(block.text, block.line)
            elif not is_heading_like(plain) and (
                annex_paragraphs or (looks_like_opener(plain) and not plain.startswith("We"))
            ):
                # A preamble under the annex's opening words (`We, the Ministers ...,` /
                # `Recalling resolution 79/277, ...,` / `... the Sevilla Commitment,1 ...`):
                # paragraphs, without numbers, to be read, commented on and compared as the
                # resolution's own are, their notes' marks kept.
                current = start_unnumbered_annex_paragraph(block.text, block.line)
            elif (
                not (annex_title or annex_intro or annex_paragraphs or waiting)
                and not plain.startswith("We")
                and not ends_terminal(plain)
                and len(plain) < NUMBERED_HEADING_MAX_CHARS
            ):
                # The declaration's title, first under the paragraph that adopts it, may be
                # longer than a heading (A/RES/74/3: `Political declaration of the high-level
                # meeting to review progress made in addressing the priorities of small
                # island developing States through ... (SAMOA) Pathway`, 215 characters).
                annex_title.append(MarkedLine(plain, _heading_marks(block.text, plain)))
            elif plain.startswith("We") or not is_heading_like(plain) or annex_intro:
                # Once the annex's text has begun, a line like a heading is a line of it (a
                # table's row label, the title of a further annex), not more of its title.
                annex_intro.append(block)
            else:
                annex_title.append(MarkedLine(plain, _heading_marks(block.text, plain)))
            continue
        if (
            phase == "operative"
            and (
                waiting
                or (current and current.section != section())
                # A section's own preamble goes on (`Recalling ...,` / `Having considered ...,`).
                or (current and current.kind is Kind.PREAMBULAR)
            )
            and ends_terminal(plain)
        ):
            # Under a new section heading, unnumbered paragraphs open afresh. One that ends with
            # a comma above the section's numbered paragraphs is its preamble, whatever verb
            # opens it (`Recalls its resolution 79/258 A, ..., or 27,880,300 dollars,` over
            # `1. Notes that ...`).
            if looks_like_opener(plain) or (
                plain.rstrip().endswith(",") and _numbered_at(body, index + 1)
            ):
                label = top_label(Kind.PREAMBULAR, len(preamble) + 1)
                current = start(_Top(Kind.PREAMBULAR, label, "", block.text, block.line), preamble)
                continue
            if opens_operative(plain):
                label = top_label(Kind.OPERATIVE, len(same_section(Kind.OPERATIVE)) + 1)
                current = start(_Top(Kind.OPERATIVE, label, "", block.text, block.line), operative)
                continue
        if phase == "annex" and (
            plain.startswith(BULLET) or (block.raw and starts_with_bullet(block.raw[0]))
        ):
            # An item of a bulleted list (`Targets:` / `• Increase labour productivity ...`):
            # a paragraph of its own, without a number, its bullet printed as its number is.
            text = block.text if plain.startswith(BULLET) else f"{BULLET} {block.text}"
            current = start_unnumbered_annex_paragraph(text, block.line)
            continue
        if phase == "annex" and TESTIMONIUM_RE.match(plain) and levels:
            # A convention's closing words after its last article stand in none of them.
            levels[:] = []
            current = start_unnumbered_annex_paragraph(block.text, block.line)
            continue
        if phase == "annex" and waiting and levels and ends_terminal(plain):
            # An article's paragraph that is not numbered, known by the article (`Article 4`
            # / `This Convention ...`, or `For the purposes of this Convention:` over its
            # numbered paragraphs).
            current = start_unnumbered_annex_paragraph(block.text, block.line)
            continue
        if (
            phase == "operative"
            and current is not None
            and current.kind is Kind.PREAMBULAR
            and opens_operative(plain)
        ):
            label = top_label(Kind.OPERATIVE, len(same_section(Kind.OPERATIVE)) + 1)
            current = start(_Top(Kind.OPERATIVE, label, "", block.text, block.line), operative)
            continue
        if current is None:
            continue
        if current is quoting:
            current.text = f"{current.text} {block.text}"
            continue
        if (
            phase == "operative"
            and last_numbered < index < last_list_entry
            and not waiting
            and is_heading_like(plain)
            and FN_OPEN not in block.text
            and not HEADING_NUMBER_RE.match(plain)
            and not SECTION_NUMBER_ONLY_RE.match(plain)
            and _written_ending(current) == ":"
            # Right after the colon, the title's words are the caption of what the paragraph
            # sets out (`... as set out below:` / `Proposed programme of work and timetable of
            # ...`), not a running title; further down the list they may be one.
            and not (current.tail and running_title(block))
        ):
            # A heading in the list the last paragraph sets out after its colon, with entries
            # after it (`decides to defer ... the following documents:` / `Item 136` / `Proposed
            # programme budget for 2026` / `Report of the Secretary-General on ...1`): a line of
            # the paragraph's end, where it stands, and one of the text's headings.
            current.tail.append(block.text)
            headings.append(Heading(plain.strip(), "", current.label, LIST_PART, block.line))
        elif (
            (is_heading_like(plain) and FN_OPEN not in block.text)
            or (phase == "annex" and ARTICLE_RE.match(plain))
            or (plain.rstrip().endswith(":") and _leads_into_numbered(body, index + 1))
            or (
                is_heading_like(plain)
                and _numbered_at(body, index + 1)
                and not current.tail
                and _written_ending(current) != ":"
            )
        ):
            # A line that cites a footnote is an entry of a list (`Report of the
            # Secretary-General on ...`, with the symbol in the note), not a heading; a rule's
            # heading is one, though its title cites a note (`Rule 61` / `Associate members of
            # regional commissions17`), and so is a line that stands over the numbered
            # paragraphs after it once the paragraph before has ended (`(b) Invites ...
            # A/C.2/80/CRP.1.` / `Draft programme of work1` / `1. Information and ...`). A line
            # that leads into the numbered paragraphs after it stands above them as a heading
            # does (`We therefore commit to urgently:` / `41. Fast-track ...`).
            heading(block, "annex" if phase == "annex" else "operative")
        elif (
            not markdown
            and current.subs
            and not current.tail
            and plain[:1].isupper()
            and (_written_last(current) is entries_of or _written_ending(current) == ":")
        ):
            # Entries a sub-paragraph leads into, printed without letters (`(b) The panels
            # will address the following themes:` / `Panel 1: Tackling ...;` / `Panel 2:
            # ...;`), are its text: a PDF's text keeps every letter printed, so none was lost.
            entries_of = _deepest_sub(current.subs[-1])
            entries_of.text = f"{entries_of.text} {block.text}"
        elif (
            _lists_items(current)
            and (markdown or current.subs)
            and plain[:1].isupper()
            and (last_character(plain) in ";:" or (last_character(plain) == "." and current.subs))
        ):
            # A sub-paragraph whose letter the text lost (Markdown converted from a PDF drops
            # some: `1. ... by:` / `Requesting ...;` / `(ii) Inviting ...;` / `(e) ...`): it
            # takes the letter due, and the co-facilitator is told. It ends as a sub-paragraph
            # does; the last may end the paragraph with a full stop. A PDF's or a plain text
            # keeps every letter printed: there, what a paragraph sets out after its colon
            # before any lettered item is its end (`... as follows:` / `Monday, 9 June: from
            # 9 a.m. to 1 p.m. ...;`).
            token = _letter_due(current)
            _add_sub(current, token, block.text, block.line, warnings)
            last = current.subs[-1]
            read_as = (
                f"({last.number}) ({token})"
                if last.subs and last.subs[-1].line == block.line
                else f"({token})"
            )
            warnings.append(
                ParseWarning(
                    f"A sub-paragraph of {current.label} has no letter; it was read as {read_as}",
                    block.line,
                )
            )
        else:
            # A provision the paragraph quotes (`... continues to read as follows:` / `“(a) On
            # appointment, ...` / `“(b) On promotion, ...”`) ends it as printed: no warning;
            # nor does what a last paragraph sets out after its colon, closing the text (the
            # question a request for an advisory opinion puts to the Court, the documents a
            # decision defers).
            own = materialise(_written_last(current).text)[0]
            before = materialise(current.tail[-1])[0] if current.tail else own
            quoted = plain.startswith("“") and (
                last_character(before) == ":" or (bool(current.tail) and before.startswith("“"))
            )
            # What a paragraph sets out after its colon is its end as printed: in an annex
            # (`34. ... five priority areas for action, as follows:` / `Priority area 1: ...`),
            # after the last paragraph, or wherever it does not open as a paragraph of the
            # operative part does (`10. ... will be held as follows:` / `Monday, 9 June: from 9
            # a.m. ...`); one that does may have lost its number.
            closing = last_character(own) == ":" and (
                phase == "annex"
                or last_numbered < index < operative_end
                or not opens_operative(plain)
            )
            # After its list, the paragraph's own sentence may resume in lower case (`(c)
            # Relevant background information;` / `and its request that ...`).
            resumed = bool(current.subs) and plain[:1].islower()
            current.tail.append(block.text)
            if not (quoted or closing or resumed):
                warnings.append(
                    ParseWarning(
                        f"Unnumbered text after {current.label} was kept as the end of "
                        f"{current.label}",
                        block.line,
                    )
                )
    headings.extend(waiting)
    if not preamble and not operative and not annex_paragraphs:
        raise ParseError(
            "No paragraphs found after the formula: expected preambular paragraphs "
            "('Recalling ...,') and numbered operative paragraphs ('1. Decides ...;')",
            body[0].line if body else 0,
        )
    built_pre = tuple(_finish(p) for p in preamble)
    built_op = tuple(_finish(p) for p in operative)
    operative_annexes = _operative_annexes(annex_paragraphs)
    built_annex = tuple(_finish(p, operative_annexes) for p in annex_paragraphs)
    annex_heading = MarkedLine.joined(annex_title, "\n")
    opening = MarkedLine.joined(
        [MarkedLine(b.plain, _heading_marks(b.text, b.plain)) for b in annex_intro], "\n\n"
    )
    annex = (
        Annex(
            annex_heading.text,
            opening.text,
            built_annex,
            title_refs=annex_heading.footnote_refs,
            intro_refs=opening.footnote_refs,
        )
        if has_annex or built_annex or annex_title or annex_intro
        else None
    )
    footnotes = link_footnotes(
        bodies,
        built_pre + built_op + built_annex,
        warnings,
        tuple(headings),
        (annex_heading, opening),
    )
    return Document(
        title=title,
        formula=formula,
        preamble=built_pre,
        operative=built_op,
        footnotes=footnotes,
        annex=annex,
        front_matter=front_matter,
        back_matter="\n".join(back),
        warnings=tuple(warnings),
        symbol=symbol,
        headings=tuple(headings),
        parts=tuple(parts),
    )


#: Star marks printed together, a comma between each two (`*,**`), as after the sponsors.
_STAR_MARKS = r"\*+(?:\s*,\s*\*+)*"
#: The line that names a draft's sponsors: `Austria, Belgium and Chile:* draft resolution`; an
#: amendment's names the draft it amends by its symbol, or by its number in a Main Committee's
#: report (`amendment to draft resolution 4 recommended by the Second Committee in its report
#: contained in document A/80/555`).
_SPONSOR_LINE_RE = re.compile(
    r"^(?P<names>[A-Z][^:]{1,3000}?)\s*(?P<mark>\**)\s*:\s*(?P<after>\**(?:\s*,\s*\*+)*)\s*"
    r"(?P<kind>(?:revised\s+)?draft\s+(?:resolution|decision)"
    r"|amendments?\s+to\b(?:\s+(?:the\s+)?(?:revised\s+)?draft\s+(?:resolution|decision))?"
    r"(?:\s+(?:[\dIVXL]{1,5}\s+recommended\s+by\s[^*:]{1,300}?\s)?[A-Z]/[\w./-]+[\w])?)"
    rf"(?P<kind_mark>\s*{_STAR_MARKS})?",
    re.IGNORECASE,
)


#: The line that says who submits a draft no delegation sponsors: `Draft decision submitted by
#: the Bureau`, `Revised draft resolution submitted by the Vice-Chair of the Committee, ...`.
_SUBMITTED_BY_RE = re.compile(
    r"^(?P<kind>(?:revised\s+)?draft\s+(?:resolution|decision))\s+submitted\s+by\s+\S",
    re.IGNORECASE,
)


def _submission_line(head: Sequence[TextBlock]) -> tuple[str, str, str]:
    """The front matter's line that says who submits the draft, whitespace collapsed, what it
    calls the text (`Draft decision submitted by ...` -> `draft decision`) and the star marks
    printed at its end (`... of the General Assembly*`); empty when there is none."""
    for block in head:
        text = " ".join(materialise(_marks_written_out(block.text))[0].split())
        if match := _SUBMITTED_BY_RE.match(text):
            marks = _SUBMISSION_MARKS_RE.search(text)
            if marks is None:
                return text, match.group("kind").lower(), ""
            printed = "".join(marks.group(1).split())
            return text[: marks.start()], match.group("kind").lower(), printed
    return "", "", ""


#: The star marks at the end of the line that says who submits a draft (`... of the General
#: Assembly*`).
_SUBMISSION_MARKS_RE = re.compile(rf"(?<=[\w.)’”])({_STAR_MARKS})$")


#: Member States whose names contain `and`, which would otherwise end a list of sponsors.
_NAMES_WITH_AND = (
    "Antigua and Barbuda", "Bosnia and Herzegovina", "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines", "Sao Tome and Principe", "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland", "Heard Island and McDonald Islands",
)  # fmt: skip


def _marks_written_out(text: str) -> str:
    """A block's text with its footnote marks printed (`Egypt:*`, two together with the comma
    between them: `Iraq:*,**`) and its italics dropped."""
    text = text.replace(FN_CLOSE + FN_OPEN, SPONSOR_MARK_SEPARATOR)
    for marker in (FN_OPEN, FN_CLOSE, EM_OPEN, EM_CLOSE):
        text = text.replace(marker, "")
    return text


@dataclass(frozen=True)
class SponsorLine:
    """The line that names a draft's sponsors, as read (`Egypt,* Iraq:** draft decision***`)."""

    #: each sponsor in printed order, with the mark printed after its name (empty for most)
    sponsors: tuple[tuple[str, str], ...] = ()
    #: the star marks of the notes that go with the list (`**`; `*,**` for two)
    mark: str = ""
    #: what the line calls the text (`draft decision`)
    sponsored_as: str = Document.sponsored_as
    #: the star marks printed after that (`***`)
    kind_mark: str = ""


def read_sponsor_line(texts: Iterable[str]) -> SponsorLine:
    """The sponsors' line of the front matter: the first of `texts` that names sponsors before
    `: draft resolution`."""
    for text in texts:
        match = _SPONSOR_LINE_RE.match(" ".join(text.split()))
        if match:
            kind = " ".join(match.group("kind").split())
            return SponsorLine(
                marked_names(match.group("names")),
                "".join((match.group("mark") or match.group("after")).split()),
                kind[:1].lower() + kind[1:],
                "".join((match.group("kind_mark") or "").split()),
            )
    return SponsorLine()


#: A mark printed at a piece of a list's start, after the comma that ends the name before
#: (`Egypt,* Equatorial Guinea`), or at its end (`Egypt*, Equatorial Guinea`).
_LEADING_MARK_RE = re.compile(r"^\s*(\*+)")
_TRAILING_MARK_RE = re.compile(r"(\*+)\s*$")


def marked_names(listed: str) -> tuple[tuple[str, str], ...]:
    """`Austria, Egypt,* Chile and Trinidad and Tobago` -> each name with the mark printed
    after it (`("Egypt", "*")`; empty for the others)."""
    protected = listed
    for index, name in enumerate(_NAMES_WITH_AND):
        protected = protected.replace(name, f"\x00{index}\x00")
    pieces = protected.split(",")
    last = pieces.pop() if pieces else ""
    pieces.extend(last.split(" and "))

    def restore(piece: str) -> str:
        return re.sub("\x00(\\d+)\x00", lambda m: _NAMES_WITH_AND[int(m.group(1))], piece)

    names: list[tuple[str, str]] = []
    for piece in pieces:
        leading = _LEADING_MARK_RE.match(piece)
        if leading and names:
            names[-1] = (names[-1][0], leading.group(1))
        trailing = _TRAILING_MARK_RE.search(piece)
        name = restore(piece.replace("*", "").strip())
        if name:
            names.append((name, trailing.group(1) if trailing else ""))
    return tuple(names)


_LINK_RE_LINE = re.compile(r"^\[((?:on the report of|without reference to)[^\]]*)\]$", re.I)


def _link_line(head: list[TextBlock]) -> str:
    """`[on the report of the Third Committee (A/80/...)]` in the front matter, unbracketed."""
    for block in head:
        match = _LINK_RE_LINE.match(" ".join(block.plain.split()))
        if match:
            return match.group(1)
    return ""


def _split_run_in_formula(blocks: list[TextBlock]) -> int | None:
    """Split the first block that opens with a formula run into text; return its index."""
    for index, block in enumerate(blocks):
        match = FORMULA_START_RE.match(block.plain)
        if not match:
            continue
        formula = block.plain[: match.end()].strip()
        cut = marked_offset(block.text, match.end())
        rest = TextBlock(block.text[cut:], block.line, block.raw, block.plain[match.end() :])
        rest.run_in = True
        blocks[index : index + 1] = [TextBlock(formula, block.line, [formula], formula), rest]
        return index
    return None


def _first_free_label(label: str, used: set[str]) -> str:
    """`label`, or when a paragraph already has it, the first of `label (2)`, `label (3)` ...
    that none has."""
    if label not in used:
        return label
    count = 2
    while f"{label} ({count})" in used:
        count += 1
    return f"{label} ({count})"


def _label_as_number(match: re.Match[str]) -> str:
    """`OP5 bis:` becomes the printed number `5 bis. `; a `PP3` label is dropped (PPs count)."""
    if match.group(1) == "PP":
        return ""
    return f"{match.group(2)}{' ' + match.group(3) if match.group(3) else ''}. "


def _strip_prefix(text: str, match: re.Match[str]) -> str:
    """The block text after its number, keeping an italic marker that opened before it."""
    lead = len(text) - len(text.lstrip(EM_OPEN))
    rest = text[lead + match.end() :]
    return (EM_OPEN if lead else "") + rest


def _check_number(
    existing: list[_Top],
    earlier: list[_Top],
    new: _Top,
    warnings: list[ParseWarning],
    what: str,
) -> None:
    """Warn when numbering jumps or repeats; the paragraphs are kept as printed. `existing`
    are the paragraphs of the same section, `earlier` those of every section so far: a
    section may restart its numbering at 1 or run on from the section before."""
    base, _, suffix = new.number.partition(" ")
    # The last number printed before, past a section's lettered or unnumbered paragraphs.
    last = next(
        (p.number.partition(" ")[0] for p in reversed(earlier) if p.number[:1].isdigit()), ""
    )
    runs_on = last.isdigit() and base.isdigit() and int(base) == int(last) + 1 and not suffix
    if not existing:
        if base != "1" and not suffix and not runs_on:
            warnings.append(
                ParseWarning(f"The first {what} is numbered {new.number}, not 1", new.line)
            )
        return
    if runs_on:
        return  # numbered on from the section before, though one of its name came earlier
    previous = existing[-1].number.partition(" ")[0]
    if not previous.isdigit() or not base.isdigit():
        return
    if suffix and base == previous:
        return
    if int(base) == int(previous) and not suffix:
        warnings.append(ParseWarning(f"Paragraph number {base} is repeated ({what})", new.line))
    elif int(base) != int(previous) + 1:
        warnings.append(
            ParseWarning(f"Numbering jumps from {previous} to {new.number} ({what})", new.line)
        )


def _add_sub(top: _Top, token: str, text: str, line: int, warnings: list[ParseWarning]) -> None:
    """Place `(token)` as a lettered sub-paragraph or a roman one under the last letter; under
    a lettered paragraph (`(a) Accelerated actions ... by:`), as one of its romans."""
    if top.number[:1].isalpha() and token in _ROMAN:
        if token != _next_in(_ROMAN, top.subs[-1].number if top.subs else None):
            warnings.append(ParseWarning(f"Sub-paragraph ({token}) is out of sequence", line))
        top.subs.append(_Sub(f"({token})", token, text, line))
        return
    last_letter = top.subs[-1].number if top.subs else None
    expected_letter = _next_in(_LETTERS, last_letter)
    expected_roman = ""
    if top.subs:
        nested = top.subs[-1].subs
        expected_roman = _next_in(_ROMAN, nested[-1].number if nested else None)
    nested_level = False
    listing = (
        _listing_inline(top, token) if token not in (expected_letter, expected_roman) else None
    )
    if listing is not None:
        # `... by: (i) implementing ...; (ii) restricting ...;` / `(iii) comprehensively ...`:
        # an item of a list the paragraph runs inline, wrapped to a line's start.
        listing.text = f"{listing.text} ({token}) {text}"
        return
    if token == expected_letter and token == expected_roman:
        # `(i)` after `(h)`: a new letter unless `(h)` opened a list of its own.
        nested_level = materialise(top.subs[-1].text)[0].rstrip().endswith(":")
    elif token == expected_letter:
        nested_level = False
    elif token == expected_roman:
        nested_level = True
    elif token in _ROMAN and top.subs and top.subs[-1].subs:
        nested_level = True
        warnings.append(ParseWarning(f"Sub-paragraph ({token}) is out of sequence", line))
    else:
        warnings.append(ParseWarning(f"Sub-paragraph ({token}) is out of sequence", line))
    if nested_level and top.subs:
        top.subs[-1].subs.append(_Sub(f"({token})", token, text, line))
    else:
        top.subs.append(_Sub(f"({token})", token, text, line))


def _listing_inline(top: _Top, token: str) -> _Top | _Sub | None:
    """The paragraph written last, when its own text holds the item before `(token)` of an
    inline list (`(ii)` before `(iii)`, `(e)` before `(f)`); else None."""
    last = _written_last(top)
    text = materialise(last.text)[0]
    for series in (_LETTERS, _ROMAN):
        if token in series[1:] and f"({series[series.index(token) - 1]}) " in text:
            return last
    return None


def _lists_items(top: _Top) -> bool:
    """Whether a numbered paragraph is listing sub-paragraphs and the last ended: its text
    ends with a colon (`... and in this regard:`), or its last sub-paragraph with a colon or
    a semicolon, and no unplaced text came after it."""
    if top.kind is Kind.PREAMBULAR or not top.number or top.tail:
        return False
    return _written_ending(top) in (";:" if top.subs else ":")


def _written_ending(top: _Top) -> str:
    """The last character of what `top` wrote last (its text, or its last sub-paragraph's)."""
    return last_character(materialise(_written_last(top).text)[0])


def _written_last(top: _Top) -> _Top | _Sub:
    """The paragraph or sub-paragraph of `top` written last: its deepest last sub-paragraph."""
    return _deepest_sub(top.subs[-1]) if top.subs else top


def _deepest_sub(sub: _Sub) -> _Sub:
    """`sub`, or the last of its sub-paragraphs at the deepest level."""
    while sub.subs:
        sub = sub.subs[-1]
    return sub


def _letter_due(top: _Top) -> str:
    """The label the next sub-paragraph of `top` takes: the first roman under a lettered one
    that ends with a colon, else the next letter."""
    if not top.subs:
        return _LETTERS[0]
    last = top.subs[-1]
    if not last.subs and materialise(last.text)[0].rstrip().endswith(":"):
        return _ROMAN[0]
    return _next_in(_LETTERS, last.number)


#: The share of an annex's numbered paragraphs that open with an operative verb from which
#: the annex is one of operative paragraphs (a political declaration: `1. Reaffirm ...`,
#: `2. Recognize that ...`), not of prose (a programme of action, model strategies,
#: principles: `1. Reducing reoffending is ...`, `2. Businesses should ...`).
_OPERATIVE_ANNEX_SHARE = 0.5


def _annex_of(top: _Top) -> str:
    """The annex a paragraph stands in: a further annex's name, or empty for the first."""
    first = top.section.split(".", 1)[0]
    return first if first.startswith("Annex") else ""


def _operative_annexes(annex_paragraphs: list[_Top]) -> set[str]:
    """The annexes whose numbered paragraphs open as operative paragraphs do, mostly with an
    operative verb: only theirs take italic opening words where the source gave none."""
    verbs: dict[str, list[int]] = {}
    for top in annex_paragraphs:
        if top.number:
            count = verbs.setdefault(_annex_of(top), [0, 0])
            count[0] += opens_with_operative_verb(materialise(top.text)[0])
            count[1] += 1
    return {
        annex
        for annex, (opening, numbered) in verbs.items()
        if opening >= _OPERATIVE_ANNEX_SHARE * numbered
    }


def _finish(top: _Top | _Sub, operative_annexes: AbstractSet[str] = frozenset()) -> Paragraph:
    """Build the immutable paragraph, deriving italics where the source had none: an annex's
    numbered paragraph only in an annex of operative paragraphs (`operative_annexes`)."""
    text, emphasis, refs = materialise(top.text)
    # The end of the paragraph as printed after its sub-paragraphs, with the notes it cites
    # (`Report of the Secretary-General on ... special political missions1`).
    tail, _, tail_refs = materialise(
        TAIL_LINE_BREAK.join(p for p in top.tail if p) if isinstance(top, _Top) else ""
    )
    kind = top.kind if isinstance(top, _Top) else Kind.SUB
    # An item of a programme of work opens with its subject, not with a verb to italicize
    # (`Item 6.` / `Rights of Indigenous Peoples:`).
    if not emphasis and kind is not Kind.SUB and not top.label.startswith(f"{ITEM_WORD} "):
        if kind is Kind.ANNEX and not top.number:
            # An annex's paragraph without a number opens like a preambular one, if at all
            # (a declaration's preamble: `Reaffirming our commitments ...,`).
            emphasis = derive_emphasis(text, Kind.PREAMBULAR)
        elif kind is not Kind.ANNEX or (
            isinstance(top, _Top) and _annex_of(top) in operative_annexes
        ):
            emphasis = derive_emphasis(text, kind)
    return Paragraph(
        kind=kind,
        label=top.label,
        text=text,
        number=top.number,
        emphasis=emphasis,
        footnote_refs=refs,
        subparagraphs=tuple(_finish(s) for s in top.subs),
        line=top.line,
        tail=tail,
        tail_refs=tail_refs,
        section=top.section if isinstance(top, _Top) else "",
    )
