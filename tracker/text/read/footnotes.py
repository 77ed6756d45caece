"""Stage 2, footnotes: footnote bodies taken out of the lines, their marks found in the text.

Reads: `Line`s with furniture removed. Writes: `FootnoteBody`s (after a `____` rule, `¹ ...`,
`[^1]: ...`, star notes such as `* Any changes to the list of sponsors`), the lines that held
them marked removed, and plain-digit marks in the text (`Persons3`, `20244`, `Declaration 2 of`)
replaced by markers, decided by the bodies that exist and their order.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from tracker.text.document import (
    Footnote,
    Heading,
    MarkedText,
    Paragraph,
    ParseWarning,
)
from tracker.text.read.blocks import TextBlock, runs_on
from tracker.text.read.lines import Line, page_numbers
from tracker.text.read.marks import (
    FN_CLOSE,
    FN_OPEN,
    MD_REF_RE,
    SUPERSCRIPT_CHARS,
    SUPERSCRIPTS,
    clean_inline,
    materialise,
    without_commas_between_marks,
)
from tracker.text.read.vocabulary import MONTHS, SEPARATOR_RE, last_character

_FOOTNOTE_START_RE = re.compile(r"^\s*(\d{1,3}|\*{1,3})\s+(\S.*)$")


#: A note marked with stars (`* Any changes to the list of sponsors ...`, `** In order ...`),
#: taken as a note only when its mark stands glued to a word earlier in the document.
_STAR_NOTE_RE = re.compile(r"^\s*(\*{1,3})\s*([A-Z].*)$")


_STAR_MARK_RE = re.compile(r"(?<=[\w:;,.)\]’”])(\*{1,3})(?!\*)")

#: A star mark within a sentence, glued to the word it annotates and followed by more of the
#: sentence (`the Rome Statute of the International Criminal Court* that define`, quoted by
#: an amendment, whose numbered notes would clash with the draft's), or to the comma after it
#: when the sentence goes on in lower case (`of the International Criminal Court,** and
#: noting`): never the sponsors' (`Iraq:*`, `Egypt,* Equatorial Guinea`) nor a title's or
#: symbol's, which end their line.
_STAR_IN_SENTENCE_RE = re.compile(
    r"(?<=[A-Za-z)’”])(\*{1,3})(?=\s+[a-z]|[,;.:])|(?<=[A-Za-z)’”][,;])(\*{1,3})(?=\s+[a-z])"
)


_SUPERSCRIPT_START_RE = re.compile(rf"^\s*([{SUPERSCRIPT_CHARS}]+)\s*(\S.*)$")


_MD_FOOTNOTE_DEF_RE = re.compile(r"^\s*\[\^([^\]\s]{1,10})\]:\s*(.*)$")


@dataclass
class FootnoteBody:
    """A footnote's text as found in the source, before it is linked to its paragraph."""

    mark: str
    text: str
    line: int


#: A note as an e-mail or a web page sets a Word file's note when it turns the file into text:
#: `[1] Resolution S-10/2.` on a line of its own (under a rule, at the end of the message),
#: cited by `Assembly,[1]`. Its text does not start in lower case, as a sentence's next
#: line would after a reference that wrapped to the line's start.
_BRACKETED_NOTE_RE = re.compile(r"^[ \t]*\[(\d{1,3})\][ \t]+(?=[^\sa-z])", re.MULTILINE)
#: Its reference, glued to the word or set apart (`Conference [1];`), never a Markdown link's
#: (`[text][1]`, `[1]: http...`, `[1](http...)`).
_BRACKETED_REF_RE = re.compile(r"(?<!\])[ \t]?\[(\d{1,3})\](?![\[(:])")


def bracketed_notes_as_written(text: str) -> str:
    """Text whose notes are numbered in square brackets (`Assembly,[1]` ... `[1] Resolution
    S-10/2.`), with those notes and their references written as Markdown writes them (`[^1]`,
    `[^1]: ...`), which every reader stage takes as notes. Only numbers that have both a note
    and a reference change: a negotiated text's bracketed `[2]` with no note of that number
    stays as it stands."""
    notes = {m.group(1) for m in _BRACKETED_NOTE_RE.finditer(text)}
    if not notes:
        return text
    cited = {m.group(1) for m in _BRACKETED_REF_RE.finditer(_BRACKETED_NOTE_RE.sub("", text))}
    numbered = notes & cited
    if not numbered:
        return text
    text = _BRACKETED_NOTE_RE.sub(
        lambda m: f"[^{m.group(1)}]: " if m.group(1) in numbered else m.group(0), text
    )
    # Glued to the word before, as a note's mark is printed.
    return _BRACKETED_REF_RE.sub(
        lambda m: f"[^{m.group(1)}]" if m.group(1) in numbered else m.group(0), text
    )


def extract_footnote_bodies(
    lines: list[Line], markdown: bool = False, formula_index: int = 0
) -> list[FootnoteBody]:
    """Take footnote bodies out of the flow: after a `____` separator, `¹ ...` or `[^1]: ...`."""
    bodies: list[FootnoteBody] = []
    i = 0
    n = len(lines)
    star_marks = set() if markdown else _star_marks(lines)
    # How many times each mark is still to be defined, from here on.
    later = Counter(m.group(1) for line in lines if (m := _MD_FOOTNOTE_DEF_RE.match(line.text)))
    # A rule sets a plain text's notes apart wherever it has any (the UN's PDFs print one, and
    # the PDF reader puts one over the small print it finds): without one after the formula
    # (a converter's front matter may open and close with `---`), a note may stand as a
    # paragraph of its own, as in Markdown converted from a PDF.
    separated = not markdown and any(
        SEPARATOR_RE.match(line.text) for line in lines[formula_index:]
    )
    plain_notes = markdown or not separated
    citations = _Citations(lines)
    while i < n:
        line = lines[i]
        if line.removed:
            i += 1
            continue
        start = (
            _SUPERSCRIPT_START_RE.match(line.text)
            or _MD_FOOTNOTE_DEF_RE.match(line.text)
            or (_plain_note(lines, i, bodies, markdown, citations) if plain_notes else None)
        )
        star = _STAR_NOTE_RE.match(line.text)
        if (
            not start
            and star
            and (star.group(1) in star_marks or _over_a_note(lines, i + 1, star_marks))
        ):
            # A star note that nothing cites is one all the same in a run of notes (`*
            # A/80/150.` over `** Any changes to the list of sponsors ...` where the text
            # comes without the agenda item that cited it, as its plain text export prints it).
            star_marks.discard(star.group(1))
            start = star
        if start:
            mark = start.group(1).translate(SUPERSCRIPTS)
            later[mark] -= 1
            if _number_going_on(bodies, mark, later[mark] > 0):
                # `[^1994]: (United Nations publication, ...)`: a converter took the number
                # that goes on the note before (`Cairo, 5-13 September` / `1994 (...)`) for
                # a note of its own.
                bodies[-1].text += f" {mark} {start.group(2)}"
                line.removed = True
                i += 1
                continue
            body = FootnoteBody(mark, start.group(2), line.number)
            line.removed = True
            i += 1
            # A superscript or Markdown footnote runs on to the next blank line, a plain one
            # also to the next note set on the line under its end, a star note to the next
            # star note cited (`* Any changes to the list of sponsors ...` / `** United
            # Nations, Treaty Series ...`, as a plain text sets its notes).
            plain = start.re is _PLAIN_NOTE_RE
            while i < n and lines[i].text.strip() and not lines[i].removed:
                next_star = _STAR_NOTE_RE.match(lines[i].text)
                if (
                    _SUPERSCRIPT_START_RE.match(lines[i].text)
                    or _MD_FOOTNOTE_DEF_RE.match(lines[i].text)
                    or (plain and _next_plain_note(body.mark, body.text, lines[i].text))
                    or (next_star is not None and next_star.group(1) in star_marks)
                ):
                    break
                body.text = _note_joined(body.text, lines[i].text.strip())
                lines[i].removed = True
                i += 1
            bodies.append(body)
            continue
        if SEPARATOR_RE.match(line.text):
            line.removed = True
            i = _read_separated_footnotes(lines, i + 1, bodies)
            continue
        i += 1
    for body in bodies:
        body.text = clean_inline(body.text, markdown).strip()
    return bodies


def _over_a_note(lines: list[Line], index: int, star_marks: set[str]) -> bool:
    """Whether the line at `index` (or the next that is left) opens a note: a superscript's or
    a written one's, or a star note that the text cites."""
    following = next((line for line in lines[index:] if not line.removed), None)
    if following is None:
        return False
    star = _STAR_NOTE_RE.match(following.text)
    return bool(
        _SUPERSCRIPT_START_RE.match(following.text)
        or _MD_FOOTNOTE_DEF_RE.match(following.text)
        or (star and star.group(1) in star_marks)
    )


#: Farther than this past the last note's number, a number is no note's mark: notes are
#: numbered one after the other.
_MARK_REACH = 9


def _number_going_on(bodies: list[FootnoteBody], mark: str, defined_again: bool) -> bool:
    """Whether `mark`, read as a note's, is a number that goes on the last note: far past its
    number (a year, a resolution's number), or out of turn after a note left unfinished while
    the same mark is defined again further on (`as from` / `[^7]: February 1984.`, note 7
    coming later)."""
    if not mark.isdigit() or not bodies or not bodies[-1].mark.isdigit():
        return False
    last = int(bodies[-1].mark)
    if int(mark) > last + _MARK_REACH:
        return True
    unfinished = not bodies[-1].text.rstrip().endswith((".", ")"))
    return defined_again and int(mark) != last + 1 and unfinished


#: A note as Markdown converted from a PDF may set it, a paragraph of its own between the
#: text's paragraphs: `1 A/50/426, annex.`; so do the other public pipeline's plain text and
#: text copied out of a PDF saved from Word, which prints no rule over its notes.
_PLAIN_NOTE_RE = re.compile(r"^(\d{1,3}) +(\S.*)$")


class _Citations:
    """The numbers the lines before a given one may cite as marks, read once per line however
    many notes are looked for (a text of a thousand notes between its paragraphs stays fast):
    a number in one of the places `mark_pdf_footnote_refs` takes a mark from (glued to a word
    or its punctuation, set apart after punctuation, fused to a year, set apart after a name
    as the sentence goes on: `relevant to the Convention 1 and`), never one that belongs to
    what precedes it (`A/80/L.1 and`, `No. 13`) or that a word counts (`Goal 1 and`)."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.read_to = 0  # lines before this index are read
        self.numbers: set[str] = set()

    def cite_before(self, i: int, mark: str) -> bool:
        """Whether a line before line `i`, not taken out of the flow, cites `mark`."""
        for line in self.lines[self.read_to : i]:
            if not line.removed:
                self.numbers.update(_cited_numbers(line.text))
        self.read_to = max(self.read_to, i)
        return mark in self.numbers


def _cited_numbers(text: str) -> Iterator[str]:
    """The numbers a line may cite as notes' marks (`_Citations`)."""
    placed = itertools.chain(
        _GLUED_MARK_RE.finditer(text),
        _YEAR_MARK_RE.finditer(text),
        _SPACED_MARK_RE.finditer(text),
        (
            m
            for m in _BETWEEN_WORDS_MARK_RE.finditer(text)
            if m.group(1)[:1].isupper() and not _quantity(text, m)
        ),
    )
    for match in placed:
        group = 2 if match.re is _BETWEEN_WORDS_MARK_RE or match.group(1) is None else 1
        if not _numbered_by_what_precedes(text, match.start(group)):
            yield match.group(group)


def _plain_note(
    lines: list[Line],
    i: int,
    bodies: list[FootnoteBody],
    markdown: bool,
    citations: _Citations,
) -> re.Match[str] | None:
    """The match of a plain numbered note at line `i`: a block of its own or set under the
    note before, numbered after the notes before it (the first `1`), and not ending as a
    paragraph does (`,`, `;`, `:`; a note's list of States runs on over several lines, each
    ending with a comma). In plain text, where any line might start with a number (and which
    is looked at only where no rule sets notes apart), never a date (`1 December 2025`), and
    only for a number a line before it cites or for the next of a run of notes."""
    match = _PLAIN_NOTE_RE.match(lines[i].text)
    if match is None or (i > 0 and lines[i - 1].text.strip() and not lines[i - 1].removed):
        return None
    last = next((b.mark for b in reversed(bodies) if b.mark.isdigit()), "0")
    if int(match.group(1)) != int(last) + 1:
        return None
    end = _block_end(lines, i, match.group(1))
    if end is None or last_character(end) in ",;:":
        return None
    if markdown:
        return match
    if _MONTH_RE.match(match.group(2)):
        return None
    if bodies and _after_a_note(lines, i):
        return match  # the next of a run of notes
    return match if citations.cite_before(i, match.group(1)) else None


def _next_plain_note(mark: str, above: str, text: str) -> bool:
    """Whether line `text`, under the line `above` of note `mark`, starts the next note (`1
    Resolution S-10/2.` / `2 A/80/237.`): the note above is finished, and the line is no date
    or number that goes on it."""
    match = _PLAIN_NOTE_RE.match(text)
    return (
        match is not None
        and mark.isdigit()
        and int(match.group(1)) == int(mark) + 1
        and above.rstrip().endswith((".", ")"))
        and not match.group(2)[:1].islower()
        and not _MONTH_RE.match(match.group(2))
    )


#: A note runs to at most this many lines (the longest, a list of States, to four or five):
#: a longer block that starts with a number is no note, and is not read to its end for each
#: of the numbers that may start its lines.
_NOTE_LINES_AT_MOST = 30


def _block_end(lines: list[Line], i: int, mark: str) -> str | None:
    """The last line of note `mark` starting at line `i`: up to a blank line or the next
    note's first line; None when it runs longer than a note does."""
    end = i
    while (
        end + 1 < len(lines)
        and lines[end + 1].text.strip()
        and not _next_plain_note(mark, lines[end].text, lines[end + 1].text)
    ):
        end += 1
        if end - i >= _NOTE_LINES_AT_MOST:
            return None
    return lines[end].text


def _after_a_note(lines: list[Line], i: int) -> bool:
    """Whether the last line with text before line `i` was taken out of the flow (a note's)."""
    k = i - 1
    while k >= 0 and not lines[k].text.strip():
        k -= 1
    return k >= 0 and lines[k].removed


def _star_marks(lines: list[Line]) -> set[str]:
    """Star marks glued to a word somewhere (`Egypt:*`, `draft decision**`): notes can follow."""
    marks: set[str] = set()
    for line in lines:
        if "*" in line.text and not _STAR_NOTE_RE.match(line.text):
            marks.update(m.group(1) for m in _STAR_MARK_RE.finditer(line.text))
    return marks


def _read_separated_footnotes(lines: list[Line], i: int, bodies: list[FootnoteBody]) -> int:
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
                # A note running over from the page before, below its separator and a blank.
                or (current is None and bodies and _note_goes_on(bodies[-1], nxt.text.strip()))
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
            current.text = _note_joined(current.text, text)
        elif bodies and _note_goes_on(bodies[-1], text):
            # A note that runs over from the page before (`Official Records ..., Supplement
            # No. 3 and` / `corrigendum (E/2005/27 ...), chap. I, sect. D.`).
            current = bodies[-1]
            current.text = _note_joined(current.text, text)
        else:
            break
        line.removed = True
        i += 1
    return i


def _note_joined(note: str, line: str) -> str:
    """A note's text with its next line: after a space, or run on after the hyphen or dash
    the line before breaks after (`Sixty-` / `ninth Session`, `paras. 22–` / `23`)."""
    return note + line if runs_on(note, line) else f"{note} {line}"


def _note_goes_on(body: FootnoteBody, text: str) -> bool:
    """Whether the first line under a page's separator goes on the last note of the page
    before: that note is left unfinished, or the line starts in lower case."""
    return text[:1].islower() or not body.text.rstrip().endswith((".", ")"))


#: Star notes (`*`, `**`, `***`) a document has at most, all among its first footnotes.
_STAR_NOTES_AT_MOST = 6


def _expected_mark(bodies: list[FootnoteBody], current: FootnoteBody | None, mark: str) -> bool:
    """Whether `mark` can start the next footnote: a star, or the number after the last one."""
    if mark.startswith("*"):
        # Star notes are few (`*`, `**`, `***`) and come first: a short look from the start.
        return all(b.mark != mark for b in bodies[:_STAR_NOTES_AT_MOST])
    # The last numbered body, looking back past the star notes only.
    last = next((b.mark for b in reversed(bodies) if b.mark.isdigit()), None)
    if last is None:
        return True
    return mark.isdigit() and int(mark) == int(last) + 1


def _footnote_start(
    text: str, bodies: list[FootnoteBody], current: FootnoteBody | None
) -> re.Match[str] | None:
    """The match of a footnote body\'s first line, when its mark is the one expected next
    and the line does not go on with the note before (`Rio de Janeiro,` / `3 – 14 June 1992`)."""
    match = _FOOTNOTE_START_RE.match(text)
    if match and _expected_mark(bodies, current, match.group(1)):
        goes_on = match.group(2)[:1] in "–—-" or (
            current is not None and current.text.rstrip().endswith(",")
        )
        return None if goes_on else match
    return None


# A footnote mark in PDF text: digits glued after a word or punctuation (`Persons3 will`,
# `Crime,2`) or standing apart after punctuation or before a wide gap (`Crime 1  and`).
_GLUED_MARK_RE = re.compile(r"(?<=[A-Za-z’”\"),;:.])(\d{1,3})(?=[\s,;:.]|$)")
#: A mark glued on both sides, after punctuation or a word and before the next word (`Human
#: Rights,1as well`, `the Paris Agreement4and its early entry`): taken only when that mark is
#: next, and the word gets its space back.
_MARK_BETWEEN_PUNCTUATION_AND_WORD_RE = re.compile(
    r"(?:(?<=[,;:’”\")])|(?<=[a-z]{2}))(\d{1,3})(?=[a-z]{2,})(?!st\b|nd\b|rd\b|th\b)"
)


#: A mark glued to a year (`for 20244 and` = 2024 + mark 4): taken only when that mark is next.
_YEAR_MARK_RE = re.compile(r"(?<=(?<!\d)(?:19|20)\d\d)(\d{1,2})(?=[\s,;:.]|$)")


#: A mark set between two words (`Platform for Action 1 and`, `Weapons 6and`, `, 7in which`,
#: `on COVID-19 13 and`), or before a bracket the sentence goes on in (`Particularly in
#: Africa 17 (the Rio conventions)`): taken only when it is the very next mark and the word
#: before does not count things.
_BETWEEN_WORDS_MARK_RE = re.compile(
    r"\b([A-Za-z]{1,30}(?:-\d{1,4})?)[)’”,;]?\s(\d{1,3})"
    r"(?:(?=[a-z]{2,})(?!st\b|nd\b|rd\b|th\b)(?P<glued>)|(?=\s+\(?[a-z]))"
)
#: Words followed by a number that is no footnote mark: `Goal 1 and`, `chapter 2 of`. Not
#: `Unit`: a resolution names units (`the Implementation Support Unit 11` / `and`, with note
#: 11), it does not number them.
_COUNTED_WORDS = {
    "goal", "goals", "target", "targets", "resolution", "resolutions", "decision", "decisions",
    "paragraph", "paragraphs", "para", "chapter", "chapters", "article", "articles", "annex",
    "section", "sections", "item", "items", "rule", "rules", "principle", "principles", "no",
    "vol", "page", "pages", "table", "part", "phase", "level", "protocol", "box", "figure",
    "indicator", "indicators", "priority", "step", "tier", "round", "option", "category",
    "appendix", "session", "sessions", "year", "years", "day", "days", "cluster", "pillar",
    "stage", "stages", "type", "class", "version", "edition", "module", "objective",
    "objectives", "subprogramme", "track", "grade", "number", "numbers",
}  # fmt: skip
#: Words after which a number counts or measures (`of 5 and`, `about 5 million`, `girls aged
#: 15 to 19`): a number set apart after a plain word is a mark only after none of these.
_QUANTITY_WORDS = {
    "of", "by", "to", "at", "from", "over", "than", "about", "some", "nearly", "only", "least",
    "most", "under", "up", "per", "between", "and", "or", "the", "a", "an", "approximately",
    "around", "almost", "all", "first", "last", "top", "every", "with", "in", "on", "for",
    "aged", "ages",
}  # fmt: skip
#: Words that go on a sentence after a mark set apart behind a plain word (`on the rights of
#: Indigenous women and girls 12 and general recommendation`, `on internal oversight 2 and`,
#: `noting the ruling 8 issued on`).
_WORDS_AFTER_A_MARK = {
    "and", "or", "of", "in", "on", "to", "which", "that", "as", "for", "by", "adopted", "held",
    "issued", "contained", "submitted", "entitled", "signed", "launched", "convened",
    "established", "published", "presented", "concluded", "emanating", "urged",
}  # fmt: skip


#: A word of measure after a number set apart: the number is a quantity, never a mark, even
#: after a name (`entitled “Renewing 10 years of concerted efforts ...”`, `the Fund 5 million
#: dollars`).
_MEASURE_AFTER_RE = re.compile(
    r"\s+(?:years?|months?|weeks?|days?|hours?|minutes?|per\s+cent|percent|million|billion"
    r"|thousand|hundred|times)\b"
)


#: After a number, more numbers that a plural counts with it (`Goals 5 and 6`, `paragraphs 3,
#: 4 and`, `Goals 1 to` at a line's end); at the start of a line, the numbers it goes on
#: counting (`Goals 2` / `and 3`).
_MORE_NUMBERS_RE = re.compile(r"\s*(?:,|and|or|to|[-–])\s*(?:\d|$)")


#: Words whose numbers carry a session or a year (`resolution 70/1`, `decision 1/CP.21`,
#: `resolution 2334 (2016)`): a bare number after one, before a word of the sentence, is a mark
#: (`reiterates the decision 21 to provide`, A/RES/79/218).
_NUMBERED_WITH_SESSION = {"resolution", "decision"}
_SENTENCE_WORD_RE = re.compile(r"\s+(?!of\b)[a-z]")
#: A session named by its ordinal (`at its sixty-second session 13 and`): a number after it
#: counts nothing, so it is a mark.
_ORDINAL_SESSION_RE = re.compile(
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|teenth|ieth)\s+sessions?$",
    re.IGNORECASE,
)


def _counts(text: str, match: re.Match[str]) -> bool:
    """Whether the number set apart after a word is counted by it (`Goal 5 and`, `paragraphs 5
    and 6`), not a mark. A plural counts one number only when more follow it: the Sustainable
    `Development Goals 5 and to make` cites note 5, `Goals 6 in Central America` note 6."""
    word = match.group(1).lower()
    if word not in _COUNTED_WORDS:
        return False
    if _ORDINAL_SESSION_RE.search(text, 0, match.end(1)):
        return False
    if word in _NUMBERED_WITH_SESSION and _SENTENCE_WORD_RE.match(text, match.end(2)):
        return False
    return not _plural(word) or _MORE_NUMBERS_RE.match(text, match.end(2)) is not None


_LAST_WORD_RE = re.compile(r"(\w+)$")
#: A month's name after a number, on its line or at the start of the next: the number is the
#: day of a date (`held on 22 October 2015, 12 October 2017`), never a note's mark.
_MONTH_RE = re.compile(rf"\s*(?:{'|'.join(MONTHS)})\b")


def _numbers(before: str) -> bool:
    """Whether the word that ends `before` gives the number after it, one thing's (`article`,
    `Goal`, `paragraph`): a plural counts one number only when more follow (`_counts`)."""
    last = _LAST_WORD_RE.search(before.rstrip())
    word = last.group(1).lower() if last else ""
    return word in _COUNTED_WORDS and not _plural(word)


def _plural(word: str) -> bool:
    """Whether a counting word is a plural (`paragraphs`, not `class`)."""
    return word.endswith("s") and not word.endswith("ss")


def _quantity(text: str, match: re.Match[str]) -> bool:
    """Whether the number set apart between two words is a quantity, not a mark: the word
    before counts it (`Goal 5 and`) or the word after measures it (`10 years of`)."""
    return _counts(text, match) or _MEASURE_AFTER_RE.match(text, match.end(2)) is not None


def _measures(before: str) -> bool:
    """Whether the word that ends `before` measures the number after it (`aged`, `about`,
    `of`). A word that counts may still carry a mark at a line's end (`draft resolution 8`,
    `Dispute Resolution 5`): only a next line that goes on counting (`and 3`) says not."""
    last = _LAST_WORD_RE.search(before)
    return last is not None and last.group(1).lower() in _QUANTITY_WORDS


def _mark_after_plain_word(text: str, match: re.Match[str]) -> bool:
    """Whether the number between two plain words is a mark: the word before does not count
    or measure, and the word after goes on the sentence (`girls 12 and`, not `about 5 million`
    or `of 5 and`), or names who made what the words before name (`the global action plan on
    antimicrobial resistance 30 developed by the World Health Organization`)."""
    after = text[match.end(2) :].split(None, 2)
    return (
        match.group(1).lower() not in _QUANTITY_WORDS
        and bool(after)
        and (
            after[0].rstrip(",;:") in _WORDS_AFTER_A_MARK
            or (_PARTICIPLE_RE.fullmatch(after[0]) is not None and after[1:2] == ["by"])
        )
    )


#: A past participle (`developed`, `prepared`), which `by` after it makes the start of a
#: clause saying who made the thing named before a mark.
_PARTICIPLE_RE = re.compile(r"[a-z]{3,}ed")


#: The digits and comma before three more that make a number of thousands (`1,500`,
#: `12,345,678`); never after four digits (`May 2008,140 in which` = 2008 + mark 140) or a
#: resolution's number (`resolution 5/14,118 and` = 5/14 + mark 118).
_THOUSANDS_BEFORE_RE = re.compile(r"(?<![\d/.])\d{1,3}(?:,\d{3})*,$")
#: A year and the full stop that ends its sentence, just before a mark: `2 March 2022.13`.
_YEAR_STOP_RE = re.compile(r"(?<!\d)(?:19|20)\d\d\.$")
_SPACED_MARK_RE = re.compile(
    r"(?:(?<=[,;:.)’”\"])\s{1,2}(\d{1,3})(?=\s|$))|(?:(?<=[A-Za-z])\s(\d{1,3})(?=\s\s|\s*$))"
)
#: A mark set apart after a year (`of 12 December 1997 14 and`, `the 2010 8 Review
#: Conference`, `of 9 March 1993 3` at a line's end): taken only when that mark is next.
_YEAR_SPACED_MARK_RE = re.compile(r"(?<=(?<!\d)(?:19|20)\d\d)\s(\d{1,3})(?=\s+[A-Za-z]|\s*$)")
#: A mark set apart after a resolution's or decision's number, before a gap or the next word
#: (`resolutions 71/205 20  and 72/190, 21  and`, `resolutions 5/7 27 and 5/8 28 of`), a
#: climate conference's decision's too (`its decision 1/CP.13 31 and`), and one whose meeting
#: is numbered in roman numerals (`decision VII/11 13 and`): taken only when that mark is next.
_NUMBER_SPACED_MARK_RE = re.compile(
    r"(?<![\w/])(?:\d{1,3}|[IVXLC]{1,7})/(?:\d{1,4}|[A-Z]{2,5}\.\d{1,3})(\s\d{1,3})"
    r"(?=\s{2,}|\s*$|\s[a-z])"
)
#: A mark printed at the start of a line, set apart from the words it follows on
#: (`Development` / `1  and its implementation`) or glued to them (`inclusion”,` / `3and`):
#: taken only when that mark is next.
_LINE_START_MARK_RE = re.compile(r"^(\d{1,3})(?=\s{2,}[a-z]|(?!st\b|nd\b|rd\b|th\b)[a-z]{2,})")


#: A mark fused with the number of a name that ends in one (`Agenda 212` = Agenda 21 + mark 2,
#: `COVID-1916`): taken only when that mark is next.
_NAMED_NUMBER_MARK_RE = re.compile(
    r"\b(?:Agenda 21|Agenda 2063|COVID[-\u2011]19|Rio\+20)(\d{1,3})\b"
)
#: A mark fused with a resolution's or decision's number (`resolution 59/3009 and` = 59/300 +
#: mark 9, `decision CBD/CP/MOP/VIII/1914`) or a report's paragraph (`paragraphs VIII.7441
#: and` = VIII.74 + mark 41): no such number has more than three digits.
_NUMBER_AFTER_SESSION_RE = re.compile(
    r"(?<![\w.])(?:\d{1,2}/|[IVXLC]{1,7}[/.])(\d{4,6})(?=[\s,;:)]|$)"
)
#: A mark fused with the number of a resolution of a series that never reaches 100: one of a
#: session numbered below 10 (`Environment Assembly resolution 6/929 of` = 6/9 + mark 29), or
#: one of the Human Rights Council (`Human Rights Council resolution 55/197 and` = 55/19 +
#: mark 7). A General Assembly resolution of three digits has a two-digit session (`70/229`).
#: A special session adopts fewer than 10 (`resolution S-35/16 and` = S-35/1 + mark 6).
_SHORT_SERIES_NUMBER_RE = re.compile(
    r"(?:(?<![\w./-])\d/|Human Rights Council\s+resolutions?\s+\d{1,2}/)(\d{3})(?=[\s,;:)]|$)"
    r"|(?<![\w.])S-\d{1,2}/(\d{2,3})(?=[\s,;:)]|$)"
)
#: A mark fused with the session of a treaty body's decision (`decisions 1/CP.2731 and` =
#: 1/CP.27 + mark 31, `2/CMA.416`): a conference of the parties has not met a hundred times.
_SESSION_SYMBOL_NUMBER_RE = re.compile(r"[^\s/]/[A-Z][A-Za-z]{1,5}\.(\d{3,5})(?=[\s,;:)]|$)")
#: The most digits of such a session.
_SESSION_SYMBOL_DIGITS = 2
#: A mark fused with a count before the next word (`at least 56514 humanitarian workers` =
#: 565 + mark 14): a text prints a count of five digits or more with a space or a comma in
#: it (`56 514`), so digits run together that long before a word hold a mark.
_FUSED_COUNT_RE = re.compile(r"(?<![\w/.,-])(\d{5,7})(?=\s+[a-z])")
#: The most digits such a count keeps before its mark.
_FUSED_COUNT_DIGITS = 4
#: The most characters of the line before that such a series' name may take.
_SERIES_NAME_REACH = 40
#: A symbol's part before a number (`2/CMA.4`, `1/CP.21`, `UNEP/EA.5`, `E/CN.6`,
#: `WT/L/508/Add.1`): the number goes on the symbol; it is no mark glued after a full stop.
_SYMBOL_BEFORE_RE = re.compile(r"[^\s/]/[A-Za-z]{1,6}\.$")
#: The most characters such a symbol has, looked at before a candidate mark.
_SYMBOL_REACH = 12
#: An abbreviation that counts just before a number (`No. 13`, `para. 15`, `vol. 2`): the
#: number is the one it counts, never a mark after its full stop.
_COUNTING_ABBREVIATION_BEFORE_RE = re.compile(
    r"\b(?:No|Nos|para|paras|vol|vols|chap|sect|art|arts|p|pp)\.\s?$", re.IGNORECASE
)
#: An article's, a rule's or a section's heading up to its number (`Article 1`, `Rule 8`,
#: a programme budget's `Section 11`, `Item 136`).
_ARTICLE_BEFORE_RE = re.compile(r"^\s*(?:Article|Rule|Section|Chapter|Part|Item)\s*$")
#: A designation's letter or numeral just before a number (`GC(69)/RES/9 A.2`, `sect.
#: III.A.2`, `Sales No. E.96.IV.8`, `paragraph IV.7 of the report`): the number goes on the
#: designation; it is no mark glued after a full stop.
_DESIGNATION_BEFORE_RE = re.compile(r"(?<=[\s(.])(?:[A-Z]|[IVXLC]{1,7})\.$")
#: A word, as the words a note's citation follows are compared.
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z’'-]*")
#: What ends a paragraph or a sentence, after which a mark may cite a note again, and what
#: it closes: a word, a bracket or a quotation, never a number (`section 3.1`).
_CLOSING_PUNCTUATION = (".", ";", ",", ":")
_WORD_END_RE = re.compile(r"[A-Za-z)’”\"]")
#: The words that go on with the sentence after a note's mark set apart after a name's comma
#: (`the Fourth Geneva Convention, 1 the United Nations ...`), where a count goes on with what it
#: counts (`States, 3 of which`, `10 were injured`).
_CLAUSE_GOES_ON_RE = re.compile(
    r"\s+(?:and|the|in|as|which|to|that|on|with|for|including|by|at|its|their|held|adopted"
    r"|entitled|where|while|or)\b"
)
#: The end of a name a note's mark may be glued to (`Treaty`, `(Treaty of Pelindaba)`); never
#: a formula's or an acronym's letters (`CO2`, `PM2.5`).
_NAME_END_RE = re.compile(r"(?:\b[A-Z][a-z]{2,}|[a-z]\))$")


def _numbered_by_what_precedes(text: str, begin: int) -> bool:
    """Whether the number at `begin` belongs to what stands before it, never a mark: a
    symbol's (`decisions 2/CP.27 and 2/CMA.4`, `C-25/DEC.9`), a designation's (`GC(69)/RES/9
    A.2`), the count of an abbreviation (`No. 13`, `para. 15`) or an article's (`Article 1`
    over its title)."""
    reach = max(0, begin - _SYMBOL_REACH)
    return bool(
        _SYMBOL_BEFORE_RE.search(text, reach, begin)
        or _DESIGNATION_BEFORE_RE.search(text, reach, begin)
        or _COUNTING_ABBREVIATION_BEFORE_RE.search(text, reach, begin)
        or _ARTICLE_BEFORE_RE.match(text[:begin])
    )


#: A note's mark left as a number glued after a word's or a year's comma, semicolon or colon
#: (`General Assembly,1`, `session;2`, `30 July 2010,1`), or its full stop at the paragraph's
#: end; never a figure's (`1,000`) or a spaced reference's (`para. 7`).
_LEFT_MARK_RE = re.compile(
    r"(?:(?<=[A-Za-z)’”\"][,;:])|(?<=(?<!\d)(?:19|20)\d\d[,;:]))\d{1,3}(?=\s|$)"
    r"|(?<=[A-Za-z)’”\"]\.)\d{1,3}$"
)


def marks_left_in(text: str) -> list[re.Match[str]]:
    """The numbers in a paragraph's text that look like notes' marks left as plain digits
    (text copied without its notes), never a symbol's (`A/80/L.5/Rev.1`) or a count's (`No.1`)."""
    return [
        match
        for match in _LEFT_MARK_RE.finditer(text)
        if not _numbered_by_what_precedes(text, match.start())
    ]


def _last_words(text: str) -> str:
    """The last two words of a text, as a note's citation follows them (`political rights`)."""
    return " ".join(_WORD_RE.findall(text)[-2:]).lower()


def _fused_number_marks(text: str, line_before: str) -> list[tuple[int, int, int, str]]:
    """Candidates for a mark fused with the number before it, each split of its last digits;
    `line_before` is the end of the line before, where the body that numbers a resolution may
    be named (`Human Rights Council` / `resolution 55/197`)."""
    found = [(m.start(1), m.end(1), -1, m.group(1)) for m in _NAMED_NUMBER_MARK_RE.finditer(text)]
    lead = line_before[-_SERIES_NAME_REACH:].rstrip() + " "
    short_series = (
        [
            (m.group(m.lastindex or 0), m.end(m.lastindex or 0) - len(lead))
            for m in _SHORT_SERIES_NUMBER_RE.finditer(lead + text)
            if m.start(m.lastindex or 0) >= len(lead)
        ]
        if "/" in text
        else []
    )
    # Each fused number, its end, and the most digits the number it goes on may keep.
    fused = [
        *((m.group(1), m.end(1), 3) for m in _NUMBER_AFTER_SESSION_RE.finditer(text)),
        *((digits, end, 3) for digits, end in short_series),
        *(
            (m.group(1), m.end(1), _SESSION_SYMBOL_DIGITS)
            for m in _SESSION_SYMBOL_NUMBER_RE.finditer(text)
        ),
        *(
            (m.group(1), m.end(1), _FUSED_COUNT_DIGITS)
            for m in _FUSED_COUNT_RE.finditer(text)
            # `vol. 1760, No. 30619 and`: the numbers a treaty series counts.
            if not _COUNTING_ABBREVIATION_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
        ),
    ]
    for digits, end, kept in fused:
        for length in (1, 2, 3):
            if 1 <= len(digits) - length <= kept:
                found.append((end - length, end, -1, digits[-length:]))
    return found


_DIGIT_RE = re.compile(rf"[\d{SUPERSCRIPT_CHARS}]")
#: A mark written in superscript digits (`conflict,¹⁰`), as a plain-text export prints it.
_SUPERSCRIPT_MARK_RE = re.compile(rf"[{SUPERSCRIPT_CHARS}]+")
#: A list of numbers around a number (`items 5, 6 and 7`): before it a short number and a
#: comma, after it another number.
_NUMBER_LIST_BEFORE_RE = re.compile(r"(?<![\d/.])\d{1,3},\s*$")
_NUMBER_LIST_AFTER_RE = re.compile(r"\s*(?:,|and|or)\s+\d")
#: A list of counts around a number (`17 abductions, 9 sexual assaults, 103 arrests`): before
#: it a count and a comma, after it the words it counts and another count. A mark may follow
#: a count (`91 kidnapped, 12 and noting`, `its 1992 session,5`), a list goes on after it.
_COUNT_LIST_BEFORE_RE = re.compile(r"(?<![\d/.])\d[\d,]*\s+[a-z]+,\s*$")
_COUNT_LIST_AFTER_RE = re.compile(r"\s+[a-z]+(?:\s+[a-z]+)?\s*(?:,|and)\s+\d")
#: Counts in parallel (`25 Member States, 6 from African States, 5 from Asia-Pacific
#: States`): before a number set apart, a count set apart, the word after it and a comma;
#: after the number, the same word again. A mark taken before is no count (`article 1, 2  the
#: Protocol ... (Protocol I), 3  the`), nor is a year (`held on 24 April 2021 in Jakarta, 18 in
#: which`: mark 18).
_PARALLEL_COUNT_BEFORE_RE = re.compile(
    r"(?<!\S)(?!(?:19|20)\d\d\b)\d+\s+(?!the\b|and\b|or\b)([a-z]+)\b[^,;\d]{0,60},\s*$"
)
#: A sentence that begins after a number and its full stop (`model strategy 10.24
#: Furthermore`): the digits after the stop are a mark, not the number's decimals.
_SENTENCE_AFTER_RE = re.compile(r"\s+[A-Z][a-z]")
#: The kind of a candidate that is a written Markdown reference, not a plain digit.
_WRITTEN = -9


def mark_pdf_footnote_refs(lines: list[Line], bodies: list[FootnoteBody], start: int) -> None:
    """Turn plain-digit footnote marks into markers, in the order the bodies are numbered."""
    numeric = [b for b in bodies if b.mark.isdigit()]
    if not numeric:
        return
    expected = [b.mark for b in numeric]
    pages = page_numbers(lines)
    page_of_line = {line.number: page for line, page in zip(lines, pages, strict=True)}
    note_pages = [page_of_line.get(b.line, 0) for b in numeric]

    def cited_on(page: int, note: int) -> bool:
        """Whether a mark on `page` may cite note number `note` (its index): a note is printed
        at the foot of the page that cites it, or of the next page when the note before it,
        printed on the citing page, runs over (`Supplement No. 7 and` / `corrigendum ...`). A
        number on an earlier page is no mark (`girls aged 15` at a line's end, a page before
        note 15 and its mark)."""
        if page >= note_pages[note]:
            return True
        return note > 0 and note_pages[note - 1] == page == note_pages[note] - 1

    paged = len(set(note_pages)) > 1

    def catches_up(begin: int, text: str, digits: str, page: int) -> bool:
        """Whether a mark glued to the text before it (`Fund,143`), further on than the next
        two, is its note's mark all the same: the note is printed at the foot of this very
        page. Marks missed before it then no longer leave every later note uncited."""
        ahead = expected[position : position + _MARK_REACH]
        return (
            paged
            and not text[begin].isspace()
            and digits in ahead
            and note_pages[expected.index(digits, position)] == page
        )

    def cited_again(text: str, begin: int, end: int, digits: str, page: int) -> bool:
        """Whether a number after a word cites again a note already cited before it (the same
        document named twice, with its note): glued to the word's punctuation (`Approves the
        report of the Credentials Committee.1`, `Civil and Political Rights,2 as well as`) or to
        a name (`the Protocols to the Treaty1 that`, `(Treaty of Pelindaba)1 on`), set apart
        after the punctuation that ends a paragraph or after a name's comma before the sentence
        goes on (`the Fourth Geneva Convention, 1 the`), or after the words one of its citations
        before followed (`Cultural Rights,5` ... `Cultural Rights, 5 and`). It reads the line
        the loop below is at: its neighbours, and where the last mark on it ended."""
        if (
            digits not in expected[:position]
            or digits in expected[position : position + _MARK_REACH]
            or not cited_on(page, expected.index(digits))
        ):
            return False
        glued_to = text[begin - 1 : begin]
        punctuated = glued_to in _CLOSING_PUNCTUATION
        # The second of two marks printed together (`the Joint Inspection Unit.3,4`).
        after_mark = glued_to == "," and 0 < last == begin - 1
        before = text[begin - 2 : begin - 1] if punctuated else glued_to
        if not after_mark and _WORD_END_RE.match(before) is None:
            return False  # after a number (`section 3.1`), or set apart from a word
        if _numbered_by_what_precedes(text, begin):
            return False
        if punctuated and not text[begin].isspace():
            return True  # glued to a word's comma or full stop: `Rights,2 as well as`
        if punctuated and not text[end:].strip() and id(line) in paragraph_ends:
            return True  # set apart at a paragraph's end: `democratization; 13`
        if not punctuated and not text[begin].isspace() and _NAME_END_RE.search(text, 0, begin):
            return True  # glued to a name: `the Protocols to the Treaty1 that`
        if (
            punctuated
            and _NAME_END_RE.search(text, 0, begin - 1)
            and _CLAUSE_GOES_ON_RE.match(f"{text[end:]} {following}")
        ):
            return True  # set apart after a name's comma: `the Fourth Geneva Convention, 1 the`
        return _last_words(f"{line_before} {text[:begin]}") in cited_after[digits]

    position = 0
    previous: Line | None = None
    previous_page = 0
    #: note mark -> the words each of its citations so far followed
    cited_after: dict[str, set[str]] = defaultdict(set)
    kept = [line for line in lines[start:] if not line.removed]
    # A note that a written reference cites (`[^1]`, as a converter or the plain-text export
    # writes it) has no plain mark set apart from the words (`170 United Nations Member
    # States, 1 non-member observer State`, above the paragraph that cites note 1); a converter
    # may leave one glued to them (`the Disarmament Commission,5` beside `[^5]`).
    written = {m.group(1) for line in kept for m in MD_REF_RE.finditer(line.text)}
    read = [line for line in kept if line.text.strip()]
    next_text = {id(line): after.text for line, after in itertools.pairwise(read)}
    # Lines a blank line, or nothing, follows.
    paragraph_ends = {
        id(line)
        for line, after in itertools.pairwise([*kept, None])
        if after is None or not after.text.strip()
    }
    for line, page in zip(lines[start:], pages[start:], strict=True):
        if line.removed:
            continue
        text = line.text
        following = next_text.get(id(line), "")
        at_start = _LINE_START_MARK_RE.match(text)
        if (
            at_start
            and previous is not None
            and expected[position : position + 1] == [at_start.group(1)]
            and cited_on(previous_page, position)
        ):
            # The mark belongs to the end of the line before, where the words it follows are.
            cited_after[at_start.group(1)].add(_last_words(previous.text))
            previous.text = f"{previous.text.rstrip()}{FN_OPEN}{at_start.group(1)}{FN_CLOSE}"
            text = line.text = text[at_start.end() :].lstrip()
            position += 1
        line_before = previous.text if previous is not None else ""
        if text.strip():
            previous, previous_page = line, page
        if _DIGIT_RE.search(text) is None:
            continue  # every mark, written or plain, has a digit: most lines have none
        out: list[str] = []
        last = 0
        candidates = sorted(
            [(m.start(1), m.end(1), m.start(), m.group(1)) for m in _GLUED_MARK_RE.finditer(text)]
            + [
                (m.start(), m.end(), m.start(), m.group(1) or m.group(2))
                for m in _SPACED_MARK_RE.finditer(text)
                # At a line's end after a word, a number that word measures (`girls aged
                # 15` / `to 19`) or numbers (`as reflected in article 2` / `of the
                # Convention`) is no mark, nor the first of numbers that go on after it
                # (`Sustainable Development Goals 2` / `and 3`). Before the wide gap a
                # superscript leaves, a mark may follow even a word that counts (`the first
                # 1  and` / `second2 annual progress reports`).
                if m.group(1)
                or not (
                    (
                        not text[m.end() :].strip()
                        and (_measures(text[: m.start()]) or _numbers(text[: m.start()]))
                    )
                    or _MORE_NUMBERS_RE.match(f"{text[m.end() :]} {following}")
                )
            ]
            + [(m.start(1), m.end(1), -1, m.group(1)) for m in _YEAR_MARK_RE.finditer(text)]
            + [
                (m.start(1), m.end(1), -2, m.group(1))
                for m in _MARK_BETWEEN_PUNCTUATION_AND_WORD_RE.finditer(text)
            ]
            + [(m.start(), m.end(), -1, m.group(1)) for m in _YEAR_SPACED_MARK_RE.finditer(text)]
            + [
                (m.start(1), m.end(1), -1, m.group(1).strip())
                for m in _NUMBER_SPACED_MARK_RE.finditer(text)
            ]
            + _fused_number_marks(text, line_before)
            # Written references (`[^2]`, `¹⁰`), which converters mix with plain digits
            # (`,3`): they stay as they are, and the marks after them are looked for from there.
            + [(m.start(), m.end(), _WRITTEN, m.group(1)) for m in MD_REF_RE.finditer(text)]
            + [
                (m.start(), m.end(), _WRITTEN, m.group(0).translate(SUPERSCRIPTS))
                for m in _SUPERSCRIPT_MARK_RE.finditer(text)
            ]
            + [
                (m.start(2) - 1, m.end(2), -2 if m.group("glued") is not None else -3, m.group(2))
                for m in _BETWEEN_WORDS_MARK_RE.finditer(text)
                # Glued to the next word, a number is a mark even after a word that counts
                # (`all previous resolutions 3on the follow-up`): a count is set apart.
                if m.group("glued") is not None
                # Set apart on both sides, a mark follows a name (`Declaration 2 of`), a word
                # whose numbers carry a session when the sentence goes on after the number
                # (`a draft resolution 38 was not adopted`: `_counts`), or a plain word when
                # the sentence goes on after it (`girls 12 and`), never a word that counts
                # (`about 5 million`, `Goal 5 and`).
                or (
                    not _quantity(text, m)
                    and (
                        m.group(1)[:1].isupper()
                        or m.group(1).lower() in _NUMBERED_WITH_SESSION
                        or _mark_after_plain_word(text, m)
                    )
                )
            ]
        )
        for begin, end, kind, digits in candidates:
            if begin < last:
                continue
            if kind != _WRITTEN and digits in written and _set_apart(text, begin, end):
                continue
            if kind != _WRITTEN and cited_again(text, begin, end, digits, page):
                cited_after[digits].add(_last_words(f"{line_before} {text[:begin]}"))
                out += [text[last:begin], f"{FN_OPEN}{digits}{FN_CLOSE}"]
                last = end
                continue
            if position >= len(expected):
                continue
            if kind == _WRITTEN:
                if digits in expected[position:]:
                    position = expected.index(digits, position) + 1
                continue
            if digits not in expected[position : position + (1 if kind < 0 else 2)] and not (
                kind >= 0 and catches_up(begin, text, digits, page)
            ):
                continue
            if not cited_on(page, expected.index(digits, position)):
                continue
            if _MONTH_RE.match(text, end) or (
                not text[end:].strip() and _MONTH_RE.match(following)
            ):
                continue  # `2015, 12 October 2017`: the day of a date
            before = text[max(0, begin - 2) : begin]
            # `16.7` and `1,500` are numbers; `in 2022.13` is a year, its full stop and mark 13.
            after_year = _YEAR_STOP_RE.search(text, 0, begin) is not None
            decimals = not after_year and not _SENTENCE_AFTER_RE.match(text, end)
            if (re.fullmatch(r"\d\.", before) and decimals) or (
                len(digits) > 2 and _THOUSANDS_BEFORE_RE.search(text, 0, begin)
            ):
                continue
            if _COUNT_LIST_BEFORE_RE.search(text, 0, begin) and _COUNT_LIST_AFTER_RE.match(
                text, end
            ):
                continue  # `17 abductions, 9 sexual assaults, 103 arrests`: a count of counts
            set_apart = _set_apart(text, begin, end)
            # The count before may end the line before (`of whom 3` / `were killed, 10 were`).
            counted_before = text[last:begin] if last else f"{line_before} {text[:begin]}"
            parallel = set_apart and _PARALLEL_COUNT_BEFORE_RE.search(counted_before)
            if parallel and re.match(rf"\s+{parallel.group(1)}\b", text[end:]):
                continue  # `6 from African States, 5 from Asia-Pacific States`
            if _NUMBER_LIST_BEFORE_RE.search(text, 0, begin) and _NUMBER_LIST_AFTER_RE.match(
                text, end
            ):
                continue  # `agenda items 5, 6 and 7`: a number of a list, not a mark
            if _numbered_by_what_precedes(text, begin):
                continue
            out.append(text[last:begin])
            cited_after[digits].add(_last_words(f"{line_before} {text[:begin]}"))
            # A mark glued to the next word (`Weapons 6and`) leaves the space on its other side.
            out.append(f"{FN_OPEN}{digits}{FN_CLOSE}" + (" " if kind == -2 else ""))
            last = end
            position = expected.index(digits, position) + 1
        out.append(text[last:])
        # Two marks printed together (`conflict,10,11`): the comma between them is theirs.
        line.text = without_commas_between_marks("".join(out))


def _set_apart(text: str, begin: int, end: int) -> bool:
    """Whether the number at text[begin:end] (with the space before it, for some patterns)
    stands apart from the word before it."""
    return text[begin:end][:1].isspace() or text[begin - 1 : begin].isspace()


def mark_star_refs_in_sentences(lines: list[Line], bodies: list[FootnoteBody]) -> None:
    """The first mark within a sentence of each star note becomes its marker (in text that is
    not Markdown, where stars are emphasis)."""
    waiting = {b.mark for b in bodies if b.mark.startswith("*")}

    def marker(match: re.Match[str]) -> str:
        stars = match.group(0)
        if stars not in waiting:
            return stars
        waiting.discard(stars)
        return f"{FN_OPEN}{stars}{FN_CLOSE}"

    for line in lines:
        if not waiting:
            return
        if not line.removed and "*" in line.text:
            line.text = _STAR_IN_SENTENCE_RE.sub(marker, line.text)


def take_out_footnote_paragraphs(
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
            mark = start.group(1).translate(SUPERSCRIPTS)
            if mark not in known:
                known.add(mark)
                bodies.append(
                    FootnoteBody(mark, clean_inline(start.group(2), markdown), block.line)
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


def link_footnotes(
    bodies: list[FootnoteBody],
    paragraphs: tuple[Paragraph, ...],
    warnings: list[ParseWarning],
    headings: tuple[Heading, ...] = (),
    outside: tuple[MarkedText, ...] = (),
) -> tuple[Footnote, ...]:
    """Footnotes with the label of the top-level paragraph that cites each one; a note a
    section heading cites goes with the paragraph the heading stands over, one cited outside
    any (an annex's title or opening words) with none."""
    cited: dict[str, str] = {}
    for paragraph in paragraphs:
        for ref in paragraph.cited_refs():
            cited.setdefault(ref.mark, paragraph.label)
    for heading in headings:
        for ref in heading.footnote_refs:
            cited.setdefault(ref.mark, heading.before)
    for marked in outside:
        for ref in marked.footnote_refs:
            cited.setdefault(ref.mark, "")
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
        footnotes.append(Footnote(body.mark, materialise(body.text)[0], cited.get(body.mark, "")))
    return tuple(footnotes)
