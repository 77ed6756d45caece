"""Stage 1, lines: source text -> numbered lines with page furniture marked removed.

Reads: the decoded text of a file. Writes: `Line`s, with running headers and footers (symbol,
job number, page number, the running title next to them) and stray running titles left by
converters marked removed; also the document symbol found above the formula.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from tracker.text.read.marks import ESCAPED, MARKERS, STASHES, without_written_marks
from tracker.text.read.vocabulary import (
    ANNEX_RE,
    FURNITURE_LINE_RES,
    JOB_RE,
    NUMBERED_RE,
    PAGE_RE,
    RESOLUTION_NUMBER_RE,
    SECTION_NUMBER_ONLY_RE,
    SYMBOL_LINE_RE,
    SYMBOL_RE,
    ends_terminal,
    last_character,
    symbol_mark_at,
)


@dataclass
class Line:
    """One source line: its number, its text, and whether a stage has taken it out."""

    number: int
    text: str
    removed: bool = False
    page_break: bool = False
    #: a page's running header or footer (symbol, job number, page number): pages meet here
    furniture: bool = False


def looks_like_markdown(text: str) -> bool:
    """Whether text uses Markdown: `[^1]:` notes, `*italic*` or `**bold**` openings, `# ` titles."""
    return bool(_MARKDOWN_SIGNS_RE.search(text))


_MARKDOWN_SIGNS_RE = re.compile(
    r"^\s*\[\^[^\]\s]{1,10}\]:|^#{1,6}\s|(?<![\w*])\*{1,2}[A-Z][a-z]+[^*\n]{0,80}\*(?![\w])"
    r"|(?<!\w)_[A-Z][a-z]+[^_\n]{0,80}_(?!\w)|\]\([^)\s]*\)|\\[*_\[\]]",
    re.MULTILINE,
)


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
    return text.translate({ord(c): None for c in MARKERS + ESCAPED + "".join(STASHES)})


#: Without a formula, the symbol is looked for in this many first lines (the masthead).
SYMBOL_SEARCH_LINES = 40


def find_symbol(lines: list[Line], formula_index: int | None) -> tuple[str, str]:
    """The document symbol printed before the formula (or in the first lines), and the star
    mark printed after it when the document was reissued (`A/C.1/80/L.42*`)."""
    head = lines[: formula_index if formula_index is not None else SYMBOL_SEARCH_LINES]
    found = [
        (m.group(0), symbol_mark_at(ln.text, m.end()))
        for ln in head
        for m in SYMBOL_RE.finditer(ln.text)
    ]
    preferred = [s for s in found if "/RES/" in s[0] or "/L." in s[0]]
    return (preferred or found or [("", "")])[0]


def _is_furniture(text: str) -> bool:
    """A symbol, job number or page number line."""
    return any(r.match(text) for r in FURNITURE_LINE_RES)


def _title_text(lines: list[Line], formula_index: int | None) -> str:
    """The lines just before the formula, whitespace collapsed: the title as printed. Without
    a formula (a text layer that lost it), an adopted resolution's title is known by its
    number (`78/225. Enhancing the contributions ...`) and the lines under it."""
    pieces: list[str] = []  # the title's lines, in reading order
    if formula_index is None:
        first_page = lines[:_TITLE_SEARCH]
        numbered = next(
            (i for i, ln in enumerate(first_page) if RESOLUTION_NUMBER_RE.match(ln.text)), None
        )
        if numbered is None:
            return ""
        i = numbered
        while i < len(lines) and lines[i].text.strip() and len(pieces) < 8:
            pieces.append(lines[i].text.strip())
            i += 1
    else:
        i = formula_index - 1
        while i >= 0 and not lines[i].text.strip():
            i -= 1
        while i >= 0 and lines[i].text.strip() and len(pieces) < 8:
            pieces.insert(0, lines[i].text.strip())
            i -= 1
        pieces = _numbered_part_above(lines, i) + pieces
    title = ""
    for piece in pieces:
        # A line that ends with a hyphen runs on without a space (`Nuclear-Weapon-` `Free`).
        title += piece if title.endswith("-") or not title else f" {piece}"
    return RESOLUTION_NUMBER_RE.sub("", " ".join(title.split()))


def _numbered_part_above(lines: list[Line], index: int) -> list[str]:
    """The lines of an adopted resolution's numbered title that a few blank lines set apart
    from the rest of it, above line `index` (`79/243. United Nations Convention against
    Cybercrime;` / blank lines / `Strengthening International Cooperation ...`): the running
    titles print the title whole. Empty when no such part stands there."""
    blanks = 0
    while index >= 0 and not lines[index].text.strip() and blanks <= _TITLE_BLANKS:
        index, blanks = index - 1, blanks + 1
    part: list[str] = []
    while index >= 0 and lines[index].text.strip() and len(part) < _TITLE_PART_LINES:
        part.insert(0, lines[index].text.strip())
        index -= 1
    return part if part and RESOLUTION_NUMBER_RE.match(part[0]) and blanks else []


#: At most so many blank lines, and so many lines of its own, for a part of a title set apart.
_TITLE_BLANKS = 3
_TITLE_PART_LINES = 3
#: How far down the first page an adopted resolution's numbered title is looked for.
_TITLE_SEARCH = 80
#: How many lines away from a symbol, page or job number a running title may stand.
_HEADER_REACH = 6


def _agenda_title(lines: list[Line]) -> str:
    """The title of the agenda item the first page names (`Agenda item 100 (u)` / `General and
    complete disarmament: problems arising from` / `the accumulation of ...`), whitespace
    collapsed; empty when it names none."""
    first_page = lines[:_TITLE_SEARCH]
    at = next((i for i, ln in enumerate(first_page) if _AGENDA_ITEM_RE.match(ln.text)), None)
    if at is None:
        return ""
    pieces: list[str] = []
    for line in first_page[at + 1 :]:
        if not line.text.strip() or len(pieces) >= _AGENDA_TITLE_LINES:
            break
        pieces.append(line.text.strip())
    return " ".join(" ".join(pieces).split())


#: The line that names the agenda item on a text's first page (`Agenda items 20 and 21`).
_AGENDA_ITEM_RE = re.compile(r"^\s*Agenda items?\s+\d")
#: The most lines an agenda item's title takes under it.
_AGENDA_TITLE_LINES = 6


def _is_title_fragment(text: str, title: str, min_words: int = 3) -> bool:
    """Whether `text` (furniture aside) is a run of at least `min_words` words of the title."""
    stripped = _without_furniture(text)
    return bool(title) and len(stripped.split()) >= min_words and stripped in title


def _without_furniture(text: str) -> str:
    """A line with its symbol, job and page numbers taken out, whitespace collapsed."""
    return " ".join(PAGE_RE.sub(" ", JOB_RE.sub(" ", SYMBOL_RE.sub(" ", text))).split())


def remove_page_furniture(lines: list[Line], formula_index: int | None) -> None:
    """Mark running headers and footers (symbol, job number, page, repeated title) removed."""
    # A running header prints the text's title or, in some, its agenda item's (`General and
    # complete disarmament: problems arising from the` / `accumulation of conventional
    # ammunition stockpiles in surplus` over A/RES/76/233, titled `Problems arising from ...`).
    titles = [t for t in (_title_text(lines, formula_index), _agenda_title(lines)) if t]
    own = next(
        (ln.text.strip() for ln in lines[:_TITLE_SEARCH] if SYMBOL_LINE_RE.match(ln.text)), ""
    )
    for i, line in enumerate(lines):
        if not _is_furniture(line.text) or _cited_symbol(lines, i, own) or _cited_number(lines, i):
            continue
        line.removed = line.furniture = True
        for step in (-1, 1):
            j = i + step
            # The running title is printed next to the symbol, page or job number; it may
            # wrap, so its pieces are judged together. Above the furniture blank lines may
            # stand between; below it a blank line ends the header, so a body line that
            # happens to repeat words of the title stays text.
            # A title wrapped over two lines is judged whole: its last line alone may be
            # too short to tell (`United Nations Regional Centre for Peace and Disarmament`
            # / `in Africa`).
            joined = ""
            pieces: list[Line] = []
            blank = False
            while 0 <= j < len(lines) and abs(j - i) <= _HEADER_REACH:
                other = lines[j]
                if _is_furniture(other.text):
                    blank = False
                    j += step
                    continue
                if not other.text.strip():
                    blank = True
                    j += step
                    continue
                if (blank and step > 0) or (formula_index is not None and j <= formula_index):
                    break
                piece = other.text.strip()
                candidate = f"{joined} {piece}" if step > 0 else f"{piece} {joined}"
                if not any(_is_title_fragment(candidate.strip(), t, 1) for t in titles):
                    break
                joined = candidate.strip()
                pieces.append(other)
                j += step
            # Fewer words of the title could be text, unless they are the whole title
            # (`Regional disarmament`). A running title starts or ends as the title does; a
            # piece from its middle is a body line that names what the title names (`...
            # the Convention on the` / `Prohibition of the Use, ... of Anti-Personnel Mines`).
            if any(
                (_is_title_fragment(joined, t, 3) and _title_edge(joined, t)) or joined == t
                for t in titles
            ):
                for other in pieces:
                    other.removed = True
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


def page_numbers(lines: list[Line]) -> list[int]:
    """The page each line is on, counted from 0: a page begins with the first line of text
    after a running header or footer, or at a form feed; without either, every line is on
    page 0. Lines taken out (a page's notes) begin none, so a note is on the page of the text
    printed above it, whichever order the extraction gives its footer and its notes."""
    pages: list[int] = []
    page, between = 0, False
    for line in lines:
        between = between or line.furniture or line.page_break
        if between and not line.removed and line.text.strip():
            page, between = page + 1, False
        pages.append(page)
    return pages


#: A table's column headings that pages repeat: at least so many lines, at most so many.
_COLUMN_HEADINGS_LINES = (2, 4)


def remove_repeated_column_headings(lines: list[Line]) -> None:
    """Mark removed the column headings of a table that runs over pages, which each page after
    the first prints again under its running header (`Date/time` / `Programme` over a
    programme of work's timetable): the lines that open two pages or more alike and stand
    together earlier in the text, where the table first printed them (that print stays)."""
    pages = page_numbers(lines)
    kept = [i for i, line in enumerate(lines) if not line.removed and line.text.strip()]
    texts = [lines[i].text.strip() for i in kept]
    # Each page's first lines of text after the first page, by their places among `kept`.
    tops: dict[int, list[int]] = {}
    fewest, most = _COLUMN_HEADINGS_LINES
    for place, i in enumerate(kept):
        top = tops.setdefault(pages[i], [])
        if pages[i] and len(top) < most:
            top.append(place)
    done: set[int] = set()
    for size in range(most, fewest - 1, -1):
        # Where each run of `size` lines is first printed.
        first_printed: dict[tuple[str, ...], int] = {}
        for place in range(len(texts) - size + 1):
            first_printed.setdefault(tuple(texts[place : place + size]), place)
        alike: dict[tuple[str, ...], list[int]] = {}
        for page, top in tops.items():
            run = tuple(texts[place] for place in top[:size])
            if page not in done and len(run) == size and all(map(_has_letters, run)):
                alike.setdefault(run, []).append(page)
        for run, repeating in alike.items():
            printed = first_printed[run]
            if len(repeating) < 2 or printed + size > tops[min(repeating)][0]:
                continue
            for page in repeating:
                for place in tops[page][:size]:
                    lines[kept[place]].removed = True
                done.add(page)


def _has_letters(text: str) -> bool:
    return any(character.isalpha() for character in text)


def _title_edge(text: str, title: str) -> bool:
    """Whether `text` (a run of the title's words) starts or ends as the title does."""
    words = _without_furniture(text)
    return title.startswith(words) or title.endswith(words)


#: A page's number and the count of pages alone on a line (`3/4`).
_BARE_PAGE_RE = re.compile(r"^\s*\d{1,3}/(\d{1,3})\s*$")
#: How many lines of text on each side of a page's number are looked at for the rest of its
#: footer (the symbol, the job number).
_FOOTER_REACH = 2


def _cited_number(lines: list[Line], index: int) -> bool:
    """Whether what looks like a page's number alone on line `index` is a resolution's number
    the text cites (`As listed in the annex to General Assembly resolution` / `55/235`): the
    line before goes on to it, and no symbol or job number of a footer stands beside it, nor
    a running title already taken out with the header (`A/RES/76/17` / `Implementation of the
    Declaration of the Indian Ocean as` / `a Zone of Peace` / `2/2`)."""
    if _BARE_PAGE_RE.match(lines[index].text) is None:
        return False

    def texts(indices: range) -> list[Line]:
        found = (lines[j] for j in indices)
        return list(islice((line for line in found if line.text.strip()), _FOOTER_REACH))

    above, below = texts(range(index - 1, -1, -1)), texts(range(index + 1, len(lines)))
    footer = any(
        line.removed or (_is_furniture(line.text) and not _BARE_PAGE_RE.match(line.text))
        for line in above + below
    )
    return not footer and bool(above) and above[0].text.strip()[-1:].isalpha()


def _cited_symbol(lines: list[Line], index: int, own: str) -> bool:
    """Whether the symbol alone on line `index` is text that cites another document: not the
    text's own symbol (which the running headers print, a few of them twice over:
    `A/RES/78/18A/RES/78/18`), after a line that goes on to it (`... on the basis of informal
    consultations on draft resolution` / `A/C.2/80/L.3`)."""
    text = lines[index].text.strip()
    if not SYMBOL_LINE_RE.match(text) or (own and not text.replace(own, "").strip()):
        return False
    before = next(
        (lines[j].text.strip() for j in range(index - 1, -1, -1) if lines[j].text.strip()), ""
    )
    return before[-1:].isalpha()


#: A stray running title is taken out only when it has at least this many words of the title...
STRAY_TITLE_MIN_WORDS = 4
#: ...or, among the preambular paragraphs (where a text has no headings), when it is the whole
#: title of at least this many words (`Regional disarmament`, over A/RES/80/27's second page).
STRAY_WHOLE_TITLE_MIN_WORDS = 2


def remove_stray_title_lines(lines: list[Line], formula_index: int | None) -> None:
    """Drop a running header left alone between blank lines after the formula (cleaned text).

    Converters that strip page furniture sometimes keep the running title, or a piece of it,
    as a line of its own in the middle of a paragraph.
    """
    if formula_index is None:
        return
    title = _title_text(lines, formula_index)
    kept = [line for line in lines[formula_index + 1 :] if not line.removed]
    previous = ""  # the last non-blank line before the one looked at
    earlier = ""  # and the one before it
    in_preamble = True
    for position, line in enumerate(kept):
        text = line.text
        if not text.strip():
            continue
        # The operative part opens with `1. Decides ...`.
        opens = NUMBERED_RE.match(text.lstrip())
        in_preamble = in_preamble and not (opens and opens.group(1) == "1")
        before = kept[position - 1].text if position > 0 else ""
        after = kept[position + 1].text if position + 1 < len(kept) else ""
        isolated = not before.strip() and not after.strip()
        words = len(text.split())
        whole_title = (
            isolated
            and in_preamble
            and STRAY_WHOLE_TITLE_MIN_WORDS <= words < STRAY_TITLE_MIN_WORDS
            and _without_furniture(text) == title
        )
        if (
            isolated
            and (words >= STRAY_TITLE_MIN_WORDS or whole_title)
            and not ends_terminal(text)
            # After `Adopts the following declaration:` (its note's mark aside: `...:[^1]`)
            # or `Annex` the same words are the annex's title, also after its first part
            # (`Annex` / `United Nations Convention against Cybercrime;` / `Strengthening
            # International Cooperation ...`).
            and last_character(without_written_marks(previous)) != ":"
            and not ANNEX_RE.match(previous)
            and not (previous.rstrip().endswith(";") and ANNEX_RE.match(earlier))
            # Under a section's number the same words are its title (A/RES/74/271: `I` /
            # `Progress towards an accountability system ...`, the resolution's own title).
            and not SECTION_NUMBER_ONLY_RE.match(previous)
            and (whole_title or _is_title_fragment(text, title))
        ):
            line.removed = True
            continue
        previous, earlier = text, previous
