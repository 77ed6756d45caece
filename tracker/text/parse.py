"""Read a resolution from plain text, Markdown pasted from e-mail, or text copied from a UN PDF.

The reader works in three passes. Lines: page furniture (running headers, job numbers, page
numbers) and footnote bodies are taken out, footnote marks found. Blocks: lines are joined into
paragraph-sized blocks, rejoining paragraphs split by a page break or a footnote. Structure:
blocks become front matter, title, formula, preambular and operative paragraphs, sub-paragraphs,
annex and back matter (`assemble_document`, which the .docx reader shares).

Inside a block, italics and footnote marks travel as private-use characters so that offsets
can be computed once, when the block's plain text is final.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from tracker.text.document import (
    Annex,
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Kind,
    Paragraph,
    ParseError,
    ParseWarning,
)
from tracker.text.numbering import LETTERS, ROMANS

#: Markers carried inside block text: a footnote mark is FN_OPEN + mark + FN_CLOSE, an italic
#: run is EM_OPEN ... EM_CLOSE. They are private-use characters, removed from any input.
FN_OPEN, FN_CLOSE, EM_OPEN, EM_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKERS = FN_OPEN + FN_CLOSE + EM_OPEN + EM_CLOSE
#: Markdown's escaped characters (`\*`, `\_`, `\[`, `\]`, `\\`) stand in private-use
#: characters while the markup is read, so they come out as the literal characters.
_ESCAPABLE = "*_[]\\"
_ESCAPED = "\ue004\ue005\ue006\ue007\ue008"
_ESCAPE_RE = re.compile(r"\\([*_\[\]\\])")

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# -- genre vocabulary -------------------------------------------------------------------------

_BODY = (
    r"General Assembly|Economic and Social Council|Security Council|Human Rights Council"
    r"|Trusteeship Council|(?:Commission|Conference|Committee|Board|Council|Assembly|Forum)"
    r" (?:on|of|for) [^,:]{3,90}|[A-Z][A-Za-z’' -]{2,60} (?:Council|Assembly|Commission|Board"
    r"|Committee|Conference|Forum)"
)
FORMULA_RE = re.compile(rf"^\s*The (?:{_BODY})\s*[,:]?\s*$")
#: A document symbol: A/RES/79/286, A/75/L.12, A/C.3/75/L.5, E/RES/2021/5, A/HRC/RES/47/1.
SYMBOL_RE = re.compile(r"\b[AES]/(?:[A-Z0-9][A-Za-z0-9.]*/)+[A-Za-z0-9.]*[A-Za-z0-9]")
_SYMBOL_LINE_RE = re.compile(rf"^\s*{SYMBOL_RE.pattern}\s*$")
_JOB_RE = re.compile(r"\b\d{2}-\d{5}\b(?:\s*\([A-Z]\))?(?:\s+\d{6})?")
_PAGE_RE = re.compile(r"\b\d{1,3}/\d{1,3}\b")
_FURNITURE_LINE_RES = (
    _SYMBOL_LINE_RE,
    re.compile(r"^\s*\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?\s*$"),
    re.compile(r"^\s*\*\d{7,8}\*\s*$"),
    re.compile(r"^\s*\d{1,3}/\d{1,3}\s*$"),
    re.compile(r"^\s*\d{2}-\d{5}\s+\d{1,3}/\d{1,3}\s*$"),
    re.compile(r"^\s*\d{1,3}/\d{1,3}\s+\d{2}-\d{5}\s*$"),
)
_RESOLUTION_NUMBER_RE = re.compile(r"^\s*\d{1,3}/\d{1,4}\.\s+")
_FRONT_HEADING_RE = re.compile(
    r"^\s*(?:\[.*\]|draft resolution\b.*|resolution adopted by\b.*|revised draft resolution\b.*"
    r"|distr\.:.*|agenda item\b.*|.*\bsession\s*$|united nations\s*$|general assembly\s*$)",
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"^\s*_{5,}\s*$")
_SUFFIXES = "bis|ter|quater|quinquies|sexies|septies|octies|novies|decies"
_NUMBER_ONLY_RE = re.compile(
    rf"^\s*(?:\d{{1,4}}(?:\s+(?:{_SUFFIXES}))?\.|\([a-z]{{1,5}}\)|[IVXLC]{{1,6}}\.?)\s*$"
)
_NUMBERED_RE = re.compile(rf"^(\d{{1,4}})(?:\s+({_SUFFIXES}))?\.(?:\s+|$)")
_SUB_RE = re.compile(r"^\(([a-z]{1,2}|[ivxlc]{1,6})\)(?:\s+|$)")
#: Negotiation texts often print the paragraph's label in front: `PP3 Recalling`, `OP5 bis.`.
_LABEL_PREFIX_RE = re.compile(
    rf"^(?:\*\*)?(PP|OP)\s?(\d{{1,4}})(?:\s+({_SUFFIXES}))?(?:\*\*)?[.:)]?(?:\*\*)?\s+"
)
_STARTS_NUMBERED_RE = re.compile(
    rf"^\s*(?:[-•*]\s+)?(?:\d{{1,4}}(?:\s+(?:{_SUFFIXES}))?\.(?:\s|$)|\([a-z]{{1,6}}\)(?:\s|$)"
    rf"|(?:\*\*)?(?:PP|OP)\s?\d{{1,4}}\b|[IVXLC]{{1,6}}\.?\s*$)"
)
_BACK_RE = re.compile(
    r"^\s*\d{1,3}(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?plenary meeting\b", re.IGNORECASE
)
_ANNEX_RE = re.compile(r"^\s*(?:Annex|ANNEX)(?:\s+(?:[IVX]+|\d+))?\s*\.?\s*$")
_TERMINAL = ",;:."

_LEADING_ADVERBS = {
    "also", "further", "again", "once", "moreover", "furthermore", "strongly", "deeply",
    "gravely", "seriously", "firmly", "urgently", "fully", "profoundly", "greatly", "equally",
    "likewise", "still", "particularly", "extremely", "most", "very",
}  # fmt: skip
_TRAILING_ADVERBS = {"also", "further", "again", "moreover", "furthermore", "once", "therefore"}
_NOT_OPENERS = {
    "the", "a", "an", "in", "on", "at", "for", "to", "by", "with", "of", "this", "that",
    "these", "those", "it", "its", "we", "our", "they", "their", "all", "each", "every", "such",
    "any", "member", "states", "united", "general", "as", "if", "when", "while", "where", "and",
    "or", "no", "not", "there", "he", "she", "his", "her", "i", "ii", "iii", "annex", "chapter",
    "section", "part", "article", "paragraph", "secretary-general", "president", "governments",
    "state", "countries", "one", "two", "three", "both", "many", "some", "most", "other",
}  # fmt: skip
_PREAMBLE_ADJECTIVES = {
    "mindful", "aware", "conscious", "cognizant", "convinced", "determined", "guided",
    "alarmed", "concerned", "desirous", "anxious", "confident", "resolved", "acknowledging",
    "bearing", "having", "deeply", "gravely", "seriously", "emphasizing", "underlining",
    "stressing", "recognizing", "noting", "taking", "welcoming", "recalling", "reaffirming",
    "expressing", "considering", "affirming", "appreciating", "commending", "encouraging",
    "reiterating", "acting", "regretting", "deploring", "condemning", "observing", "believing",
    "fully", "further", "also", "firmly", "strongly", "profoundly", "sharing", "unable",
    "keen", "committed", "grateful", "pleased", "satisfied", "appalled", "shocked", "dismayed",
}  # fmt: skip
_WITH_OBJECTS = {"appreciation", "concern", "satisfaction", "interest", "regret", "alarm"}
_WITH_ADJECTIVES = {"deep", "great", "grave", "serious", "particular", "profound", "deepest"}


@dataclass
class TextBlock:
    """A paragraph-sized piece of source text, carrying italic and footnote markers."""

    text: str
    line: int
    #: The source lines as they were (used for front and back matter, where line breaks matter).
    raw: list[str] = field(default_factory=list)
    #: The text without markers, set once the text is final (see `assemble_document`).
    plain: str = ""
    #: The text that follows a formula on its own line (`The General Assembly, recalling ...`).
    run_in: bool = False


@dataclass
class _Line:
    number: int
    text: str
    removed: bool = False
    page_break: bool = False


# -- public entry point -----------------------------------------------------------------------


def looks_like_markdown(text: str) -> bool:
    """Whether text uses Markdown: `[^1]:` notes, `*italic*` or `**bold**` openings, `# ` titles."""
    return bool(_MARKDOWN_SIGNS_RE.search(text))


_MARKDOWN_SIGNS_RE = re.compile(
    r"^\s*\[\^[^\]\s]{1,10}\]:|^#{1,6}\s|(?<![\w*])\*{1,2}[A-Z][a-z]+[^*\n]{0,80}\*(?![\w])"
    r"|(?<!\w)_[A-Z][a-z]+[^_\n]{0,80}_(?!\w)|\]\([^)\s]*\)|\\[*_\[\]]",
    re.MULTILINE,
)


def parse_text(text: str, markdown: bool | None = None) -> Document:
    """Read a resolution from plain text, e-mail Markdown or text copied from a UN PDF.

    Only Markdown treats `*` and `_` as emphasis; in other text they are literal characters
    (`A/75/123*`, `2*3`). `markdown=None` decides by the text's own signs.
    """
    text = normalise_text(text)
    if markdown is None:
        markdown = looks_like_markdown(text)
    if not text.strip():
        raise ParseError("The file is empty")
    lines = [_Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    for line in lines:
        if "\f" in line.text:
            # A form feed starts a new page: it ends any footnote block of the page before.
            line.page_break = True
            line.removed = not line.text.strip()
        line.text = line.text.replace("\f", " ")
        if markdown:
            line.text = re.sub(r"^\s*#{1,6}\s+", "", line.text)
    warnings: list[ParseWarning] = []
    formula_index = next((i for i, ln in enumerate(lines) if FORMULA_RE.match(ln.text)), None)
    symbol = _find_symbol(lines, formula_index)
    _remove_page_furniture(lines, formula_index)
    _remove_stray_title_lines(lines, formula_index)
    footnotes = _extract_footnote_bodies(lines, markdown)
    _mark_pdf_footnote_refs(lines, footnotes, formula_index or 0)
    blocks = _segment(lines)
    return assemble_document(blocks, footnotes, warnings, symbol=symbol, markdown=markdown)


def normalise_text(text: str) -> str:
    """Unify line ends, hyphens and spaces so every source reads the same way."""
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(
        {
            0x2011: "-",  # non-breaking hyphen
            0x00AD: None,  # soft hyphen: a line-break hint, never part of the word
            0x00A0: " ",
            0x202F: " ",
            0x2007: " ",
            0x2009: " ",
            0x200B: None,
            0x0009: " ",
            0x000B: "\n",
            0x2028: "\n",
            0x2029: "\n",
        }
    )
    # Other control characters come only from binary junk; they must not reach the output.
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", text)
    return text.translate({ord(c): None for c in _MARKERS + _ESCAPED})


# -- pass 1: lines ----------------------------------------------------------------------------


def _find_symbol(lines: list[_Line], formula_index: int | None) -> str:
    """The document symbol printed before the formula (or in the first lines)."""
    head = lines[: formula_index if formula_index is not None else 40]
    found = [m.group(0) for ln in head for m in SYMBOL_RE.finditer(ln.text)]
    preferred = [s for s in found if "/RES/" in s or "/L." in s]
    return (preferred or found or [""])[0]


def _is_furniture(text: str) -> bool:
    return any(r.match(text) for r in _FURNITURE_LINE_RES)


def _title_text(lines: list[_Line], formula_index: int | None) -> str:
    """The lines just before the formula, whitespace collapsed: the title as printed."""
    if formula_index is None:
        return ""
    collected: list[str] = []
    i = formula_index - 1
    while i >= 0 and not lines[i].text.strip():
        i -= 1
    while i >= 0 and lines[i].text.strip() and len(collected) < 8:
        collected.append(lines[i].text.strip())
        i -= 1
    title = " ".join(reversed(collected))
    return _RESOLUTION_NUMBER_RE.sub("", " ".join(title.split()))


def _is_title_fragment(text: str, title: str) -> bool:
    stripped = _PAGE_RE.sub(" ", _JOB_RE.sub(" ", SYMBOL_RE.sub(" ", text)))
    stripped = " ".join(stripped.split())
    return bool(title) and len(stripped.split()) >= 3 and stripped in title


def _remove_page_furniture(lines: list[_Line], formula_index: int | None) -> None:
    """Mark running headers and footers (symbol, job number, page, repeated title) removed."""
    title = _title_text(lines, formula_index)
    for i, line in enumerate(lines):
        if not _is_furniture(line.text):
            continue
        line.removed = True
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and abs(j - i) <= 6:
                other = lines[j]
                if not other.text.strip() or _is_furniture(other.text):
                    j += step
                    continue
                if formula_index is not None and j <= formula_index:
                    break
                if not _is_title_fragment(other.text, title):
                    break
                other.removed = True
                j += step
    # Blank lines between two removed lines carry no paragraph break of their own.
    removed_before = [False] * len(lines)
    last = False
    for i, line in enumerate(lines):
        removed_before[i] = last
        if line.text.strip():
            last = line.removed
    last = False
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.text.strip():
            last = line.removed
        elif last and removed_before[i]:
            line.removed = True


def _remove_stray_title_lines(lines: list[_Line], formula_index: int | None) -> None:
    """Drop a running header left alone between blank lines after the formula (cleaned text).

    Converters that strip page furniture sometimes keep the running title, or a piece of it,
    as a line of its own in the middle of a paragraph.
    """
    if formula_index is None:
        return
    title = _title_text(lines, formula_index)
    kept = [i for i in range(formula_index + 1, len(lines)) if not lines[i].removed]
    for position, i in enumerate(kept):
        text = lines[i].text
        if not text.strip() or _ends_terminal(text) or not _is_title_fragment(text, title):
            continue
        before = lines[kept[position - 1]].text if position > 0 else ""
        after = lines[kept[position + 1]].text if position + 1 < len(kept) else ""
        previous = next(
            (lines[k].text for k in reversed(kept[:position]) if lines[k].text.strip()), ""
        )
        if (
            not before.strip()
            and not after.strip()
            and len(text.split()) >= 4
            # After `Adopts the following declaration:` the same words are the annex's title.
            and not previous.rstrip().endswith(":")
        ):
            lines[i].removed = True


_FOOTNOTE_START_RE = re.compile(r"^\s*(\d{1,3}|\*{1,3})\s+(\S.*)$")
#: A note marked with stars (`* Any changes to the list of sponsors ...`, `** In order ...`),
#: taken as a note only when its mark stands glued to a word earlier in the document.
_STAR_NOTE_RE = re.compile(r"^\s*(\*{1,3})\s*([A-Z].*)$")
_STAR_MARK_RE = re.compile(r"(?<=[\w:;,.)\]’”])(\*{1,3})(?!\*)")
_SUPERSCRIPT_START_RE = re.compile(rf"^\s*([{_SUPERSCRIPT_CHARS}]+)\s*(\S.*)$")
_MD_FOOTNOTE_DEF_RE = re.compile(r"^\s*\[\^([^\]\s]{1,10})\]:\s*(.*)$")


@dataclass
class FootnoteBody:
    """A footnote's text as found in the source, before it is linked to its paragraph."""

    mark: str
    text: str
    line: int


def _extract_footnote_bodies(lines: list[_Line], markdown: bool = False) -> list[FootnoteBody]:
    """Take footnote bodies out of the flow: after a `____` separator, `¹ ...` or `[^1]: ...`."""
    bodies: list[FootnoteBody] = []
    i = 0
    n = len(lines)
    star_marks = set() if markdown else _star_marks(lines)
    while i < n:
        line = lines[i]
        if line.removed:
            i += 1
            continue
        start = _SUPERSCRIPT_START_RE.match(line.text) or _MD_FOOTNOTE_DEF_RE.match(line.text)
        star = _STAR_NOTE_RE.match(line.text)
        if not start and star and star.group(1) in star_marks:
            star_marks.discard(star.group(1))
            start = star
        if start:
            body = FootnoteBody(
                start.group(1).translate(_SUPERSCRIPTS), start.group(2), line.number
            )
            line.removed = True
            i += 1
            # A superscript or Markdown footnote runs on to the next blank line.
            while i < n and lines[i].text.strip() and not lines[i].removed:
                if _SUPERSCRIPT_START_RE.match(lines[i].text) or _MD_FOOTNOTE_DEF_RE.match(
                    lines[i].text
                ):
                    break
                body.text += " " + lines[i].text.strip()
                lines[i].removed = True
                i += 1
            bodies.append(body)
            continue
        if _SEPARATOR_RE.match(line.text):
            line.removed = True
            i = _read_separated_footnotes(lines, i + 1, bodies)
            continue
        i += 1
    for body in bodies:
        body.text = _clean_inline(body.text, markdown).strip()
    return bodies


def _star_marks(lines: list[_Line]) -> set[str]:
    """Star marks glued to a word somewhere (`Egypt:*`, `draft decision**`): notes can follow."""
    marks: set[str] = set()
    for line in lines:
        if "*" in line.text and not _STAR_NOTE_RE.match(line.text):
            marks.update(m.group(1) for m in _STAR_MARK_RE.finditer(line.text))
    return marks


def _read_separated_footnotes(lines: list[_Line], i: int, bodies: list[FootnoteBody]) -> int:
    """Read numbered footnotes after a separator line until the page ends; return next index."""
    current: FootnoteBody | None = None
    pending_mark = ""
    while i < len(lines):
        line = lines[i]
        if line.removed and pending_mark and not line.page_break:
            # pdftotext can set a page number between a footnote's mark and its text.
            i += 1
            continue
        if line.removed or line.page_break:
            break
        text = line.text.strip()
        if not text:
            k = i + 1
            while k < len(lines) and not (lines[k].text.strip() or lines[k].removed):
                k += 1
            nxt = lines[k] if k < len(lines) else None
            if (
                pending_mark
                or nxt is None
                or nxt.removed
                or _footnote_start(nxt.text, bodies, current)
            ):
                # The whole run of blank lines at once, so long runs cost no more than one.
                for blank in lines[i:k]:
                    blank.removed = True
                i = k
                continue
            break
        lone = re.fullmatch(r"\d{1,3}", text)
        start = _footnote_start(line.text, bodies, current)
        if lone and _expected_mark(bodies, current, text):
            pending_mark = text
        elif pending_mark:
            current = FootnoteBody(pending_mark, text, line.number)
            bodies.append(current)
            pending_mark = ""
        elif start:
            current = FootnoteBody(start.group(1), start.group(2), line.number)
            bodies.append(current)
        elif current is not None:
            current.text += " " + text
        else:
            break
        line.removed = True
        i += 1
    return i


def _expected_mark(bodies: list[FootnoteBody], current: FootnoteBody | None, mark: str) -> bool:
    """Whether `mark` can start the next footnote: a star, or the number after the last one."""
    if mark.startswith("*"):
        return all(b.mark != mark for b in bodies)
    numbers = [b.mark for b in bodies if b.mark.isdigit()]
    if not numbers:
        return True
    return mark.isdigit() and int(mark) == int(numbers[-1]) + 1


def _footnote_start(
    text: str, bodies: list[FootnoteBody], current: FootnoteBody | None
) -> re.Match[str] | None:
    match = _FOOTNOTE_START_RE.match(text)
    if match and _expected_mark(bodies, current, match.group(1)):
        return match
    return None


# A footnote mark in PDF text: digits glued after a word or punctuation (`Persons3 will`,
# `Crime,2`) or standing apart after punctuation or before a wide gap (`Crime 1  and`).
_GLUED_MARK_RE = re.compile(r"(?<=[A-Za-z’”\"),;:.])(\d{1,3})(?=[\s,;:.]|$)")
#: A mark glued to a year (`for 20244 and` = 2024 + mark 4): taken only when that mark is next.
_YEAR_MARK_RE = re.compile(r"(?<=(?<!\d)(?:19|20)\d\d)(\d{1,2})(?=[\s,;:.]|$)")
_SPACED_MARK_RE = re.compile(
    r"(?:(?<=[,;:.)’”\"])\s(\d{1,3})(?=\s|$))|(?:(?<=[A-Za-z])\s(\d{1,3})(?=\s\s|\s*$))"
)


def _mark_pdf_footnote_refs(lines: list[_Line], bodies: list[FootnoteBody], start: int) -> None:
    """Turn plain-digit footnote marks into markers, in the order the bodies are numbered."""
    numeric = [b.mark for b in bodies if b.mark.isdigit()]
    if not numeric:
        return
    expected = numeric
    position = 0
    for line in lines[start:]:
        if line.removed or position >= len(expected):
            continue
        text = line.text
        out: list[str] = []
        last = 0
        candidates = sorted(
            [(m.start(1), m.end(1), m.start(), m.group(1)) for m in _GLUED_MARK_RE.finditer(text)]
            + [
                (m.start(), m.end(), m.start(), m.group(1) or m.group(2))
                for m in _SPACED_MARK_RE.finditer(text)
            ]
            + [(m.start(1), m.end(1), -1, m.group(1)) for m in _YEAR_MARK_RE.finditer(text)]
        )
        for begin, end, kind, digits in candidates:
            if begin < last or position >= len(expected):
                continue
            if digits not in expected[position : position + (1 if kind < 0 else 2)]:
                continue
            before = text[max(0, begin - 2) : begin]
            if re.fullmatch(r"\d\.", before) or (re.fullmatch(r"\d,", before) and len(digits) > 2):
                continue
            out.append(text[last:begin])
            out.append(f"{FN_OPEN}{digits}{FN_CLOSE}")
            last = end
            position = expected.index(digits, position) + 1
        out.append(text[last:])
        line.text = "".join(out)


# -- pass 2: blocks ---------------------------------------------------------------------------


_OPENER_RE = re.compile(r"^\s*(?:[A-Z][a-z]+ly\s+)?([A-Z][a-z]+)\b")


def _looks_like_opener(text: str) -> bool:
    """Whether a line starts like a preambular paragraph (`Recalling`, `Deeply concerned`)."""
    match = _OPENER_RE.match(text)
    if not match:
        return False
    word = match.group(1).lower()
    return word.endswith("ing") or word in _PREAMBLE_ADJECTIVES


def _ends_terminal(text: str) -> bool:
    stripped = text.rstrip().rstrip(FN_CLOSE + "0123456789" + FN_OPEN + "”’\"') ")
    return bool(stripped) and stripped[-1] in _TERMINAL


#: A line ending in one of these (or in a letter or digit) leaves its sentence open.
_RUNS_ON = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,")


def _segment(lines: list[_Line]) -> list[TextBlock]:
    """Join lines into paragraph-sized blocks, rejoining text split by pages or footnotes."""
    words = _known_words(ln.text for ln in lines if not ln.removed)
    blocks: list[TextBlock] = []
    current: TextBlock | None = None
    parts: list[str] = []
    gap = removed_between = False
    previous = ""
    pending_number = after_annex = False

    base = _usual_indent(ln.text for ln in lines if not ln.removed)

    def indented(text: str) -> bool:
        """A first-line indent: deeper than the usual margin of continuation lines."""
        depth = len(text) - len(text.lstrip(" "))
        return depth > base and (base == 0 or depth >= base + 2)

    def close() -> None:
        if current is not None:
            current.text = "".join(parts)
            blocks.append(current)

    for line in lines:
        if line.removed:
            removed_between = True
            continue
        text = line.text
        if not text.strip():
            gap = True
            continue
        stripped = text.strip()
        numbered = bool(_STARTS_NUMBERED_RE.match(text))
        formula = bool(FORMULA_RE.match(text))
        if current is None or after_annex:
            boundary = True
        elif pending_number:
            boundary = False
        elif numbered or formula or FORMULA_RE.match(previous) or _BACK_RE.match(text):
            boundary = True
        else:
            boundary = (
                gap
                or (indented(text) and _ends_terminal(previous))
                or (_looks_like_opener(text) and previous.rstrip()[-1:] in ",;")
                or len(previous) > 160
            )
            # Text that starts in lower case, or with a number after a line that does not end
            # a sentence (`... of 12 November` / `1996, 52/10 ...`), runs on.
            starts_lower = stripped[:1].islower() or (
                stripped[:1].isdigit()
                and previous.rstrip()[-1:] in _RUNS_ON
                and not _RESOLUTION_NUMBER_RE.match(stripped)
            )
            if boundary and starts_lower:
                boundary = False
            # Across a page break or a removed footnote, a new paragraph shows itself by an
            # opening word or an indent; anything else continues the paragraph.
            if (
                boundary
                and removed_between
                and not _looks_like_opener(text)
                and not (indented(text) and _ends_terminal(previous))
            ):
                boundary = False
            if not boundary and (gap or removed_between) and _ANNEX_RE.match(text):
                boundary = True
        if boundary:
            close()
            current = TextBlock("", line.number, [])
            parts = [stripped]
        else:
            assert current is not None
            parts.append(_line_join(parts[-1] if parts else "", stripped, words))
        current.raw.append(stripped)  # type: ignore[union-attr]
        pending_number = bool(_NUMBER_ONLY_RE.match(text))
        # `Annex` stands on its own line: the annex title follows without a blank line.
        after_annex = bool(_ANNEX_RE.match(text))
        previous = text
        gap = removed_between = False
    close()
    return blocks


def _usual_indent(texts: Iterable[str]) -> int:
    """The most common left margin of non-blank lines (0 for most text, deeper for layouts)."""
    counts: dict[int, int] = {}
    for text in texts:
        if text.strip():
            depth = len(text) - len(text.lstrip(" "))
            counts[depth] = counts.get(depth, 0) + 1
    return max(counts, key=lambda depth: counts[depth]) if counts else 0


_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _known_words(texts: Iterable[str]) -> set[str]:
    """Every word of the document, lowercased, to judge hyphens at line ends."""
    words: set[str] = set()
    for text in texts:
        words.update(w.lower() for w in _WORD_RE.findall(text))
    return words


def _line_join(before: str, after: str, words: set[str]) -> str:
    """The text to append for the next line: a space, or nothing after a line-end hyphen.

    UN documents are set without word division, so a hyphen at a line end is kept (`Secretary-
    General`, `high-level`); it is dropped only when the joined word occurs elsewhere in the
    document and the hyphenated one does not (`inter-` + `national` where `international` is
    used), which is how a soft split made by a word processor shows itself. The decision is
    recorded as a control character (`\b` close up a spaced hyphen, `\a` drop the hyphen) that
    `_finish_block_text` applies; input never contains those, `normalise_text` removes them.
    """
    if before.endswith("-") and len(before) > 1 and after[:1].isalpha():
        left_match = re.search(r"([A-Za-z]+) ?-$", before)
        right_match = re.match(r"[A-Za-z]+", after)
        if left_match and right_match:
            left, right = left_match.group(1), right_match.group(0)
            if before.endswith(" -"):
                # A PDF text layer sometimes puts a space before a real hyphen (`drug -`).
                return "\b" + after
            joined, hyphenated = (left + right).lower(), f"{left}-{right}".lower()
            if right[0].islower() and joined in words and hyphenated not in words:
                return "\a" + after
            return after
    return " " + after


def _finish_block_text(text: str) -> str:
    """Apply the join decisions recorded by `_line_join` and collapse whitespace."""
    text = text.replace(" -\b", "-").replace("-\a", "")
    return " ".join(text.split())


# -- Markdown and marks inside a block -------------------------------------------------------

_LINK_RE = re.compile(r"\[([^\]\[^][^\]\[]*)\]\([^)\s]*\)")
_MD_REF_RE = re.compile(r"\[\^([^\]\s]{1,10})\]")
_SUPERSCRIPT_RUN_RE = re.compile(rf"\s?([{_SUPERSCRIPT_CHARS}]+)")
_ITALIC_RE = re.compile(
    r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)([^_]+?)(?<!\s)_(?!\w)"
)
_BULLET_RE = re.compile(r"^\s*(?:[-•]|\*(?=\s))\s+")
_TEXT_BULLET_RE = re.compile(r"^\s*[-•]\s+")


def _clean_inline(text: str, markdown: bool = False) -> str:
    """Footnote references as markers; in Markdown also links, bold and italics (as markers)."""
    text = _finish_block_text(text)
    if markdown:
        text = _ESCAPE_RE.sub(lambda m: _ESCAPED[_ESCAPABLE.index(m.group(1))], text)
        text = _BULLET_RE.sub("", text)
        text = _LINK_RE.sub(r"\1", text)
        text = text.replace("**", "").replace("__", "")
        text = _ITALIC_RE.sub(lambda m: f"{EM_OPEN}{m.group(1) or m.group(2)}{EM_CLOSE}", text)
        text = text.replace("*", "")
        text = text.translate(str.maketrans(_ESCAPED, _ESCAPABLE))
    else:
        text = _TEXT_BULLET_RE.sub("", text)
    text = _MD_REF_RE.sub(lambda m: f"{FN_OPEN}{m.group(1)}{FN_CLOSE}", text)
    text = _SUPERSCRIPT_RUN_RE.sub(
        lambda m: f"{FN_OPEN}{m.group(1).translate(_SUPERSCRIPTS)}{FN_CLOSE}", text
    )
    return text


_MARKER_SPLIT_RE = re.compile(f"([{_MARKERS}])")


def _materialise(text: str) -> tuple[str, tuple[Emphasis, ...], tuple[FootnoteRef, ...]]:
    """Plain text with italic runs and footnote references as offsets."""
    plain: list[str] = []
    length = 0
    emphasis: list[Emphasis] = []
    refs: list[FootnoteRef] = []
    italic_start: int | None = None
    in_mark = False
    for part in _MARKER_SPLIT_RE.split(text):
        if part == FN_OPEN:
            in_mark = True
            refs.append(FootnoteRef("", length))
        elif part == FN_CLOSE:
            in_mark = False
        elif part == EM_OPEN:
            italic_start = length
        elif part == EM_CLOSE:
            if italic_start is not None and length > italic_start:
                emphasis.append(Emphasis(italic_start, length))
            italic_start = None
        elif in_mark:
            refs[-1] = FootnoteRef(refs[-1].mark + part, refs[-1].offset)
        else:
            plain.append(part)
            length += len(part)
    joined = "".join(plain)
    # Trim spaces left around removed marks, then move offsets to match.
    stripped = joined.strip()
    lead = len(joined) - len(joined.lstrip())
    clamp = len(stripped)

    def move(offset: int) -> int:
        return max(0, min(clamp, offset - lead))

    emphasis = [Emphasis(move(e.start), move(e.end)) for e in emphasis]
    # An italic run should not carry the spaces around it.
    tidy: list[Emphasis] = []
    for e in emphasis:
        start, end = e.start, e.end
        while start < end and stripped[start].isspace():
            start += 1
        while end > start and stripped[end - 1].isspace():
            end -= 1
        if end > start:
            tidy.append(Emphasis(start, end))
    return stripped, tuple(tidy), tuple(FootnoteRef(r.mark, move(r.offset)) for r in refs)


def derive_emphasis(text: str, kind: Kind) -> tuple[Emphasis, ...]:
    """The italic opening words a UN text would print: `Recalling also`, `Once again urges`."""
    tokens = [
        (m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z-]*|\S", text[:160])
    ]
    if not tokens or not tokens[0][0][:1].isupper():
        return ()
    i = 0
    while i < len(tokens) - 1 and tokens[i][0].lower() in _LEADING_ADVERBS:
        i += 1
    head = tokens[i][0]
    lower = head.lower()
    if not head.isalpha() or lower in _NOT_OPENERS or (i == 0 and not head[0].isupper()):
        return ()
    if kind is Kind.PREAMBULAR and not (
        lower.endswith(("ing", "ed")) or lower in _PREAMBLE_ADJECTIVES
    ):
        return ()
    end = tokens[i][2]
    j = i + 1

    def word(k: int) -> str:
        return tokens[k][0].lower() if k < len(tokens) else ""

    if lower == "having" and word(j).isalpha():
        end, j = tokens[j][2], j + 1
    while word(j) in _TRAILING_ADVERBS or (word(j) == "again" and word(j - 1) == "once"):
        end, j = tokens[j][2], j + 1
    if lower in {"taking", "takes", "take", "took"} and word(j) == "note":
        end, j = tokens[j][2], j + 1
        while word(j) in _TRAILING_ADVERBS:
            end, j = tokens[j][2], j + 1
    if lower in {"taking", "takes", "take"} and word(j) == "into" and word(j + 1) == "account":
        end, j = tokens[j + 1][2], j + 2
    if lower in {"bearing", "bears", "bear"} and word(j) == "in" and word(j + 1) == "mind":
        end, j = tokens[j + 1][2], j + 2
    if lower in {"calls", "call", "calling"} and word(j) in {"upon", "on"}:
        end, j = tokens[j][2], j + 1
    if lower in {"looks", "look", "looking"} and word(j) == "forward" and word(j + 1) == "to":
        end, j = tokens[j + 1][2], j + 2
    if lower == "guided" and word(j) == "by":
        end, j = tokens[j][2], j + 1
    if word(j) == "with":
        k = j + 1
        if word(k) in _WITH_ADJECTIVES:
            k += 1
        if word(k) in _WITH_OBJECTS:
            end, j = tokens[k][2], k + 1
    return (Emphasis(tokens[0][1], end),)


# -- pass 3: structure ------------------------------------------------------------------------


@dataclass
class _Top:
    """A top-level paragraph being built, with its sub-paragraphs."""

    kind: Kind
    label: str
    number: str
    text: str
    line: int
    subs: list[_Sub] = field(default_factory=list)
    tail: str = ""


@dataclass
class _Sub:
    label: str
    number: str
    text: str
    line: int
    subs: list[_Sub] = field(default_factory=list)


_ROMAN = list(ROMANS)
_LETTERS = list(LETTERS)


def _next_in(sequence: list[str], previous: str | None) -> str:
    if previous is None:
        return sequence[0]
    try:
        return sequence[sequence.index(previous) + 1]
    except (ValueError, IndexError):
        return ""


def _is_heading_like(plain: str) -> bool:
    return len(plain) < 200 and not _ends_terminal(plain)


#: A numbered section heading: `I. Global context`, `B. Evolution of the margin`.
_HEADING_NUMBER_RE = re.compile(r"^([IVXLC]{1,6}|[A-Z])(?:\.\s+|(?<=[IVXLC])\s+(?=[A-Z]))(\S.*)$")
#: A separator line between parts: `* * *`.
_SEPARATOR_BLOCK_RE = re.compile(r"^[\s*]*\*[\s*]*$")


def _opens_operative(plain: str) -> bool:
    """Whether text opens like an operative paragraph: `Expresses`, `Also urges`, `Takes note`."""
    match = re.match(r"^(?:[A-Z][a-z]+ly\s+|Also\s+|Further\s+)?([A-Z][a-z]+s)\b", plain)
    return (
        bool(match)
        and not match.group(1).endswith("ss")
        and match.group(1).lower() not in _NOT_OPENERS
        and bool(derive_emphasis(plain, Kind.OPERATIVE))
    )


def _is_unnumbered_operative(plain: str) -> bool:
    """`Adopts the following political declaration:` -- a lone operative paragraph."""
    match = re.match(r"^(?:(?:Also|Further|Hereby)\s+)?([A-Z][a-z]+s)\b", plain)
    return bool(match) and plain.rstrip()[-1:] in ":." and not match.group(1).endswith("ss")


def _take_out_footnote_paragraphs(
    blocks: list[TextBlock], bodies: list[FootnoteBody], markdown: bool
) -> list[TextBlock]:
    """Footnote text typed as paragraphs (`¹ Ibid.` in a Word file) moved to the footnotes.

    The paragraph a footnote interrupted is rejoined when the text after it runs on in
    lower case, as it does when the footnote was pasted at a page break.
    """
    known = {b.mark for b in bodies}
    kept: list[TextBlock] = []
    interrupted = False
    for block in blocks:
        text = block.text.strip()
        start = _SUPERSCRIPT_START_RE.match(text) or _MD_FOOTNOTE_DEF_RE.match(text)
        if start:
            mark = start.group(1).translate(_SUPERSCRIPTS)
            if mark not in known:
                known.add(mark)
                bodies.append(
                    FootnoteBody(mark, _clean_inline(start.group(2), markdown), block.line)
                )
            interrupted = True
            continue
        if interrupted and kept and text[:1].islower():
            kept[-1].text = f"{kept[-1].text} {text}"
            kept[-1].raw.extend(block.raw)
        else:
            kept.append(block)
        interrupted = False
    return kept


def assemble_document(
    blocks: list[TextBlock],
    footnote_bodies: Sequence[FootnoteBody | tuple[str, str]],
    warnings: list[ParseWarning],
    symbol: str = "",
    markdown: bool = False,
) -> Document:
    """Turn paragraph-sized blocks (text with markers) into a Document; shared by every reader.

    `markdown` says whether `*`, `_` and `[text](link)` in the blocks are markup or text.
    """
    bodies = [
        b if isinstance(b, FootnoteBody) else FootnoteBody(b[0], _clean_inline(b[1], markdown), 0)
        for b in footnote_bodies
    ]
    blocks = _take_out_footnote_paragraphs(blocks, bodies, markdown)
    for block in blocks:
        block.text = _clean_inline(
            _LABEL_PREFIX_RE.sub(_label_as_number, block.text.lstrip()), markdown
        )
    for block in blocks:
        block.plain = _materialise(block.text)[0]
    blocks = [b for b in blocks if b.plain or FN_OPEN in b.text]
    formula_at = next((i for i, b in enumerate(blocks) if FORMULA_RE.match(b.plain)), None)
    if formula_at is None:
        formula_at = _split_run_in_formula(blocks)
    if formula_at is None:
        first_numbered = next(
            (i for i, b in enumerate(blocks) if _NUMBERED_RE.match(b.plain)), None
        )
        if first_numbered is None:
            line = blocks[0].line if blocks else 1
            raise ParseError(
                "No resolution found: expected a formula such as 'The General Assembly,' "
                "followed by preambular paragraphs and numbered operative paragraphs '1. ...'",
                line,
            )
        start = first_numbered
        while start > 0 and _looks_like_opener(blocks[start - 1].plain):
            start -= 1
        warnings.append(
            ParseWarning(
                "No formula such as 'The General Assembly,' was found; the paragraphs were read "
                "without one",
                blocks[start].line,
            )
        )
        head, formula, body = blocks[:start], "", blocks[start:]
    else:
        head = blocks[:formula_at]
        formula = blocks[formula_at].plain
        body = blocks[formula_at + 1 :]
    title_index = next(
        (i for i in range(len(head) - 1, -1, -1) if not _FRONT_HEADING_RE.match(head[i].plain)),
        None,
    )
    title = ""
    front_blocks = head
    if title_index is not None:
        title = _RESOLUTION_NUMBER_RE.sub("", head[title_index].plain)
        number = _RESOLUTION_NUMBER_RE.match(head[title_index].plain)
        if number and "/RES/" not in symbol and "General Assembly" in formula:
            # An adopted resolution is known by its number (`80/13.`); symbols elsewhere in
            # the front matter are the report or draft it came from.
            symbol = "A/RES/" + number.group(0).strip().rstrip(".")
        front_blocks = head[:title_index] + head[title_index + 1 :]
    front_matter = "\n\n".join(
        "\n".join(_materialise(_clean_inline(r, markdown))[0] for r in b.raw) for b in front_blocks
    )
    doc = _build_body(body, bodies, warnings, title, formula, front_matter, symbol, markdown)
    return replace(doc, sponsors=read_sponsors(b.plain for b in head), link=_link_line(head))


def _build_body(
    body: list[TextBlock],
    bodies: list[FootnoteBody],
    warnings: list[ParseWarning],
    title: str,
    formula: str,
    front_matter: str,
    symbol: str,
    markdown: bool = False,
) -> Document:
    preamble: list[_Top] = []
    operative: list[_Top] = []
    annex_paragraphs: list[_Top] = []
    annex_title: list[str] = []
    annex_intro: list[str] = []
    has_annex = False
    back: list[str] = []
    headings: list[Heading] = []
    #: Headings read but not yet followed by a paragraph: they take its label.
    waiting: list[Heading] = []
    # preamble, operative, declaration (annex before its paragraphs), annex, back
    phase = "preamble"
    current: _Top | None = None

    def start(paragraph: _Top, into: list[_Top]) -> _Top:
        into.append(paragraph)
        for heading in waiting:
            headings.append(replace(heading, before=paragraph.label))
        waiting.clear()
        return paragraph

    def heading(plain: str, line: int, part: str) -> None:
        numbered = _HEADING_NUMBER_RE.match(plain)
        number, text = (numbered.group(1), numbered.group(2)) if numbered else ("", plain)
        waiting.append(Heading(text.strip(), number, "", part, line))

    for index, block in enumerate(body):
        plain = block.plain
        if phase == "back" and not _ANNEX_RE.match(plain):
            back.append("\n".join(_materialise(_clean_inline(r, markdown))[0] for r in block.raw))
            continue
        if _BACK_RE.match(plain):
            phase = "back"
            back.append("\n".join(_materialise(_clean_inline(r, markdown))[0] for r in block.raw))
            continue
        if _ANNEX_RE.match(plain):
            if has_annex and annex_paragraphs:
                warnings.append(
                    ParseWarning(
                        f"A further annex ('{plain}') was read into the same annex", block.line
                    )
                )
            has_annex, phase, current = True, "declaration", None
            continue
        if _SEPARATOR_BLOCK_RE.match(plain):
            continue
        numbered = _NUMBERED_RE.match(block.text.lstrip(EM_OPEN))
        sub = _SUB_RE.match(block.text.lstrip(EM_OPEN))
        if block.run_in:
            # The rest of `The General Assembly, recalling ..., decides ...`: one unnumbered
            # operative paragraph, or a preambular phrase when lettered paragraphs follow.
            following = body[index + 1].plain if index + 1 < len(body) else ""
            if plain.rstrip().endswith(":") and _SUB_RE.match(following):
                current = start(_Top(Kind.PREAMBULAR, "PP1", "", block.text, block.line), preamble)
            else:
                current = start(_Top(Kind.OPERATIVE, "OP1", "", block.text, block.line), operative)
                phase = "operative"
            continue
        if numbered:
            number = numbered.group(1) + (f" {numbered.group(2)}" if numbered.group(2) else "")
            text = _strip_prefix(block.text, numbered)
            if phase in ("declaration", "annex"):
                phase = "annex"
                current = _Top(Kind.ANNEX, f"Annex {number}", number, text, block.line)
                _check_number(annex_paragraphs, current, warnings, "annex paragraph")
                start(current, annex_paragraphs)
            else:
                phase = "operative"
                current = _Top(Kind.OPERATIVE, f"OP{number}", number, text, block.line)
                _check_number(operative, current, warnings, "operative paragraph")
                start(current, operative)
            continue
        if sub:
            token, text = sub.group(1), _strip_prefix(block.text, sub)
            rest = _materialise(text)[0]
            lettered_op = (
                current is not None
                and current.kind is Kind.OPERATIVE
                and current.number[:1].isalpha()
                and token == _next_in(_LETTERS, current.number)
            )
            if lettered_op or (
                phase == "preamble" and token == "a" and _opens_operative(rest) and not operative
            ):
                # A decision whose operative part is lettered: `(a) Expresses ...; (b) ...`.
                phase = "operative"
                current = start(
                    _Top(Kind.OPERATIVE, f"OP ({token})", token, text, block.line), operative
                )
                continue
            if current is not None and phase == "declaration" and not annex_paragraphs:
                # `Decides:` followed by lettered sub-paragraphs, not by a declaration.
                phase = "operative"
            if current is not None and (
                phase in ("operative", "annex")
                or (phase == "preamble" and current.subs)
                or (phase == "preamble" and _materialise(current.text)[0].endswith(":"))
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
                and not _looks_like_opener(plain)
                and _materialise(current.text)[0].rstrip().endswith(":")
                and not current.subs
            ):
                # Quoted text after `... the following question:` belongs to its paragraph.
                current.text = f"{current.text} {block.text}"
            elif _is_unnumbered_operative(plain):
                current = start(_Top(Kind.OPERATIVE, "OP1", "", block.text, block.line), operative)
                phase = "declaration" if plain.rstrip().endswith(":") else "operative"
            elif _is_heading_like(plain) and not _looks_like_opener(plain) and plain[:1].isupper():
                heading(plain, block.line, "preamble")
            else:
                label = f"PP{len(preamble) + 1}"
                current = start(_Top(Kind.PREAMBULAR, label, "", block.text, block.line), preamble)
            continue
        if phase == "declaration":
            if _HEADING_NUMBER_RE.match(plain) and _is_heading_like(plain):
                heading(plain, block.line, "annex")
            elif plain.startswith("We") or not _is_heading_like(plain):
                annex_intro.append(plain)
            else:
                annex_title.append(plain)
            continue
        if current is None:
            continue
        if _is_heading_like(plain):
            heading(plain, block.line, "annex" if phase == "annex" else "operative")
        else:
            current.tail = (current.tail + " " + plain).strip()
            warnings.append(
                ParseWarning(
                    f"Unnumbered text after {current.label} was kept as the end of {current.label}",
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
    built_annex = tuple(_finish(p) for p in annex_paragraphs)
    annex = (
        Annex("\n".join(annex_title), "\n\n".join(annex_intro), built_annex)
        if has_annex or built_annex or annex_title or annex_intro
        else None
    )
    footnotes = _link_footnotes(bodies, built_pre + built_op + built_annex, warnings)
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
    )


#: The line that names a draft's sponsors: `Austria, Belgium and Chile:* draft resolution`.
_SPONSOR_LINE_RE = re.compile(
    r"^(?P<names>[A-Z][^:]{1,3000}?)\s*\**\s*:\s*\**\s*(?:revised\s+)?"
    r"(?:draft\s+(?:resolution|decision)|amendments?\s+to\b)",
    re.IGNORECASE,
)
#: Member States whose names contain `and`, which would otherwise end a list of sponsors.
_NAMES_WITH_AND = (
    "Antigua and Barbuda", "Bosnia and Herzegovina", "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines", "Sao Tome and Principe", "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland", "Heard Island and McDonald Islands",
)  # fmt: skip


def read_sponsors(texts: Iterable[str]) -> tuple[str, ...]:
    """The sponsors named before `: draft resolution` in the front matter, in printed order."""
    for text in texts:
        match = _SPONSOR_LINE_RE.match(" ".join(text.split()))
        if match:
            return split_names(match.group("names"))
    return ()


def split_names(listed: str) -> tuple[str, ...]:
    """`Austria, Belgium and Trinidad and Tobago` -> the three names, stars and marks dropped."""
    listed = listed.replace("*", "")
    protected = listed
    for index, name in enumerate(_NAMES_WITH_AND):
        protected = protected.replace(name, f"\x00{index}\x00")
    pieces = [p.strip() for p in protected.split(",")]
    last = pieces.pop() if pieces else ""
    pieces.extend(part.strip() for part in last.split(" and "))

    def restore(piece: str) -> str:
        return re.sub("\x00(\\d+)\x00", lambda m: _NAMES_WITH_AND[int(m.group(1))], piece)

    return tuple(restore(p) for p in pieces if p)


_LINK_RE_LINE = re.compile(r"^\[((?:on the report of|without reference to)[^\]]*)\]$", re.I)


def _link_line(head: list[TextBlock]) -> str:
    """`[on the report of the Third Committee (A/80/...)]` in the front matter, unbracketed."""
    for block in head:
        match = _LINK_RE_LINE.match(" ".join(block.plain.split()))
        if match:
            return match.group(1)
    return ""


#: A formula run into the sentence: `The General Assembly, recalling ..., decides ...`.
FORMULA_START_RE = re.compile(rf"^\s*The (?:{_BODY})(?:\s*,\s*|\s+)(?=[a-z])")


def _split_run_in_formula(blocks: list[TextBlock]) -> int | None:
    """Split the first block that opens with a formula run into text; return its index."""
    for index, block in enumerate(blocks):
        match = FORMULA_START_RE.match(block.plain)
        if not match:
            continue
        formula = block.plain[: match.end()].strip()
        cut = _marked_offset(block.text, match.end())
        rest = TextBlock(block.text[cut:], block.line, block.raw, block.plain[match.end() :])
        rest.run_in = True
        blocks[index : index + 1] = [TextBlock(formula, block.line, [formula], formula), rest]
        return index
    return None


def _marked_offset(text: str, plain_offset: int) -> int:
    """The index in marked text that follows `plain_offset` characters of its plain text."""
    seen = 0
    in_mark = False
    for index, char in enumerate(text):
        if seen >= plain_offset and not in_mark:
            return index
        if char == FN_OPEN:
            in_mark = True
        elif char == FN_CLOSE:
            in_mark = False
        elif char not in _MARKERS and not in_mark:
            seen += 1
    return len(text)


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


def _check_number(existing: list[_Top], new: _Top, warnings: list[ParseWarning], what: str) -> None:
    """Warn when numbering jumps or repeats; the paragraphs are kept as printed."""
    base, _, suffix = new.number.partition(" ")
    if not existing:
        if base != "1" and not suffix:
            warnings.append(
                ParseWarning(f"The first {what} is numbered {new.number}, not 1", new.line)
            )
        return
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
    """Place `(token)` as a lettered sub-paragraph or a roman one under the last letter."""
    last_letter = top.subs[-1].number if top.subs else None
    expected_letter = _next_in(_LETTERS, last_letter)
    expected_roman = ""
    if top.subs:
        nested = top.subs[-1].subs
        expected_roman = _next_in(_ROMAN, nested[-1].number if nested else None)
    nested_level = False
    if token == expected_letter and token == expected_roman:
        # `(i)` after `(h)`: a new letter unless `(h)` opened a list of its own.
        nested_level = _materialise(top.subs[-1].text)[0].rstrip().endswith(":")
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


def _finish(top: _Top | _Sub) -> Paragraph:
    """Build the immutable paragraph, deriving italics where the source had none."""
    text, emphasis, refs = _materialise(top.text)
    kind = top.kind if isinstance(top, _Top) else Kind.SUB
    if not emphasis and kind is not Kind.SUB:
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
        tail=top.tail if isinstance(top, _Top) else "",
    )


def _link_footnotes(
    bodies: list[FootnoteBody], paragraphs: tuple[Paragraph, ...], warnings: list[ParseWarning]
) -> tuple[Footnote, ...]:
    """Footnotes with the label of the top-level paragraph that cites each one."""
    cited: dict[str, str] = {}
    for paragraph in paragraphs:
        for part in paragraph.walk():
            for ref in part.footnote_refs:
                cited.setdefault(ref.mark, paragraph.label)
    known = {b.mark for b in bodies}
    for mark, label in cited.items():
        if mark not in known:
            warnings.append(
                ParseWarning(f"Footnote {mark} is cited but its text was not found", label=label)
            )
    footnotes = []
    for body in bodies:
        if body.mark not in cited and not body.mark.startswith("*"):
            # A star note belongs to the front matter (sponsors, agenda item): nothing cites it.
            warnings.append(
                ParseWarning(f"Footnote {body.mark} is not cited by any paragraph", body.line)
            )
        footnotes.append(Footnote(body.mark, _materialise(body.text)[0], cited.get(body.mark, "")))
    return tuple(footnotes)
