"""Stage 3, blocks: lines joined into paragraph-sized blocks.

Reads: `Line`s with furniture and footnote bodies removed. Writes: `TextBlock`s, one per
paragraph, heading or front-matter item, rejoining a paragraph split by a page break, a
footnote block, a running header or a justified line, and words split at a line end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.text.document import Kind
from tracker.text.read.lines import Line
from tracker.text.read.marks import without_written_marks
from tracker.text.read.vocabulary import (
    AGREED_RE,
    ANNEX_RE,
    ARTICLE_RE,
    BACK_RE,
    FORMULA_RE,
    HEADING_NUMBER_RE,
    NUMBER_ONLY_RE,
    RESOLUTION_NUMBER_RE,
    RUNS_ON,
    SHORT_HEADING_WORDS,
    STARTS_NUMBERED_RE,
    SUB_RE,
    derive_emphasis,
    ends_terminal,
    is_heading_like,
    last_character,
    looks_like_opener,
    opens_operative,
    opens_with_operative_verb,
)


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
    #: Whether lines were taken out just before it (a page's furniture, a footnote): where a
    #: running title can stand.
    after_removed: bool = False


#: A line longer than this is a whole paragraph (text with one paragraph per line), not a
#: line wrapped by a page layout, which stays under about 100 characters.
LONG_LINE = 160


def segment(lines: list[Line], markdown: bool = False) -> list[TextBlock]:
    """Join lines into paragraph-sized blocks, rejoining text split by pages or footnotes."""
    words = _known_words(ln.text for ln in lines if not ln.removed)
    blocks: list[TextBlock] = []
    current: TextBlock | None = None
    parts: list[str] = []
    gap = removed_between = False
    previous = ""
    # The last line of the block before the current one.
    ended_before = ""
    pending_number = after_annex = in_body = False

    base = _usual_indent(ln.text for ln in lines if not ln.removed)

    def indented(text: str) -> bool:
        """A first-line indent: deeper than the usual margin of continuation lines."""
        depth = len(text) - len(text.lstrip(" "))
        return depth > base and (base == 0 or depth >= base + 2)

    def close() -> None:
        if current is not None:
            current.text = "".join(parts)
            blocks.append(current)

    blanks = 0
    for index, line in enumerate(lines):
        if line.removed:
            removed_between = True
            # A page break sets what follows apart as a blank line does: the next page may open
            # a paragraph or a heading (`V. Matters related to language services`), and the
            # rules for text across a page keep a sentence that runs over in one piece.
            gap = gap or line.page_break
            continue
        text = line.text
        if not text.strip():
            gap = True
            blanks += 1
            continue
        stripped = text.strip()
        # A year that a wrapped line left at the start of the next (`... until 13 December` /
        # `2028.`) is no paragraph number: no paragraph is numbered in the thousands.
        year_runs_on = (
            stripped[:2] in ("19", "20")
            and current is not None
            and previous.rstrip()[-1:].isalpha()
            and _YEAR_RE.match(stripped) is not None
        )
        # Nor is a sub-paragraph's letter that a wrapped line left at its start, cited by the
        # sentence after the number or letter it goes with (`... as stated in article 3` /
        # `(b) of the Fund's regulations`, `... paragraph 129 (a) to` / `(s) of the ...`).
        reference_runs_on = (
            current is not None
            and _CITED_SUB_RE.match(stripped) is not None
            and _CITING_END_RE.search(previous) is not None
        )
        numbered = (
            bool(STARTS_NUMBERED_RE.match(text)) and not year_runs_on and not reference_runs_on
        )
        formula = bool(FORMULA_RE.match(text))
        # Below the formula a Markdown line is a paragraph's; above it, the front matter's.
        in_body = markdown and (in_body or formula)
        if current is None or after_annex:
            boundary = True
        elif pending_number and not formula and not SUB_RE.match(stripped):
            # A number alone on its line goes with the next; a formula always starts anew (a
            # part's letter `C`, a roman numeral too, stands over `The General Assembly,`),
            # and so does the first sub-paragraph of a paragraph without words of its own
            # (`3.` / `(a)` / `Each State Party may reserve ...`).
            boundary = False
        elif numbered or formula or FORMULA_RE.match(previous) or BACK_RE.match(text):
            boundary = True
        elif _STAR_ROW_RE.match(text) or _STAR_ROW_RE.match(previous):
            # A row of stars between groups of paragraphs (`... in the least developed
            # countries,` / `* * *`) is no part of the text on either side of it.
            boundary = True
        elif ARTICLE_RE.match(text) and ends_terminal(previous):
            # An article's or a rule's heading set right under the last line of the one before,
            # without a blank line (`... be immediately put to the vote.` / `Rule 27` /
            # `Suspension or adjournment of the meeting`): its title goes with it.
            boundary = True
        else:
            boundary = (
                gap
                or (indented(text) and ends_terminal(previous))
                or (
                    looks_like_opener(text)
                    # A note's mark may follow the comma (`... General Assembly,1`).
                    and last_character(previous) in (",", ";")
                )
                or (
                    len(previous) > LONG_LINE
                    and not (in_body and _soft_break(previous, text, _next_text(lines, index)))
                )
            )
            # Text that starts in lower case, or with a number after a line that does not end
            # a sentence (`... of 12 November` / `1996, 52/10 ...`), runs on.
            starts_lower = stripped[:1].islower() or (
                stripped[:1].isdigit()
                and previous.rstrip()[-1:] in RUNS_ON
                and not RESOLUTION_NUMBER_RE.match(stripped)
                # An article's title under its heading (`Article 41` / `24/7 network`), or a
                # draft's under the line that names it (`...: draft resolution` / `2028 United
                # Nations Conference ...`).
                and not (
                    gap and (ARTICLE_RE.match(previous) or _NAMES_THE_TEXT_RE.search(previous))
                )
                # Several blank lines set a title apart (`2025 review of ...` under `Draft
                # resolution submitted by the President of the General Assembly`).
                and (blanks < TITLE_GAP or removed_between)
            )
            if boundary and starts_lower:
                boundary = False
            if (
                not boundary
                and current is not None
                and SUB_RE.match(current.raw[0])
                and _resumes_after_last_item(previous, stripped, lines, index)
            ):
                # After the last item of a list, the sentence of the paragraph above resumes
                # (`(c) Relevant background information;` / `and its request that all
                # documents ...`): the paragraph's end, not more of the item.
                boundary = True
            # Nor does a paragraph end with `the` or `of`: after a blank line, what comes next
            # goes on its sentence (`issued by the` / `International Criminal Court, ...`).
            if boundary and gap and _leaves_sentence_open(previous) and blanks < TITLE_GAP:
                boundary = False
            # In Markdown a paragraph's line that ends without closing punctuation goes on
            # after a blank line too, unless the next opens a paragraph (`... in the Area of
            # Lethal Autonomous Weapons` / `Systems, established under ...`): a long line, or
            # one of a block that opened as a paragraph does after the paragraph before ended
            # (`... among nations,` / `Recalling ... of the Olympic and Paralympic Winter` /
            # `Games, as a defining feature ...`), not a title (`Annex` / `Financing for 2026
            # of the ...`).
            if (
                boundary
                and in_body
                and gap
                and blanks < TITLE_GAP
                and (
                    len(previous) > LONG_LINE
                    or (
                        ends_terminal(ended_before)
                        and _opens_paragraph(parts[0])
                        # A short heading opens as a paragraph may (`Sentencing`).
                        and len("".join(parts).split()) > SHORT_HEADING_WORDS
                    )
                )
                and _goes_on(previous, text)
            ):
                boundary = False
            # Across a page break or a removed footnote, a new paragraph shows itself by an
            # opening word or an indent; anything else continues the paragraph. After a colon
            # an opening word goes on with the sentence (`... entitled Financing for
            # Sustainable Development Report 2024:` / `Financing for Development at a
            # Crossroads, calls upon ...`).
            if (
                boundary
                and removed_between
                and not (
                    looks_like_opener(text)
                    and last_character(previous) != ":"
                    and not _leaves_sentence_open(previous)
                    and not _cut_mid_sentence(previous)
                )
                and not (indented(text) and ends_terminal(previous))
                and not _opens_unnumbered_operative(previous, text)
                and not _heading_on_new_page(lines, index, previous)
                # A convention's preamble ends in words of their own (`... between Member
                # States of the United Nations,` / page break / `Have agreed as follows:`).
                and not AGREED_RE.match(text)
            ):
                boundary = False
            if not boundary and (gap or removed_between) and ANNEX_RE.match(text):
                boundary = True
        if boundary:
            close()
            ended_before = previous
            current = TextBlock("", line.number, [], after_removed=removed_between)
            parts = [stripped]
        else:
            assert current is not None
            parts.append(_line_join(parts[-1] if parts else "", stripped, words))
        current.raw.append(stripped)
        pending_number = bool(NUMBER_ONLY_RE.match(text)) and not year_runs_on
        # `Annex` stands on its own line: the annex title follows without a blank line.
        after_annex = bool(ANNEX_RE.match(text))
        previous = text
        gap = removed_between = False
        blanks = 0
    close()
    return blocks


#: Words no paragraph ends with: a line ending with one goes on after a page break, whatever
#: the next page opens with (`... made during the` / `Transforming Education Summit process`).
_OPEN_ENDINGS = {
    "the", "a", "an", "of", "to", "in", "for", "and", "or", "by", "with", "on", "at", "from",
    "as", "that", "its", "their", "which", "under", "into", "between", "this", "these",
}  # fmt: skip


#: Words that resume a paragraph's sentence after the last item of its list (`and its request
#: that ...`, `as if it were a party to the transport contract.`).
_RESUMING_RE = re.compile(r"(?:and|as|thereby|while|which|so as|including|in order)\b")
#: How far past the words that resume a sentence the next item is looked for.
_RESUMING_REACH = 40


def _resumes_after_last_item(previous: str, text: str, lines: list[Line], index: int) -> bool:
    """Whether `text`, under an item's line that ends with a semicolon, resumes the sentence
    of the paragraph above the list: it opens with words that go on a sentence, and no
    further item of the list follows it."""
    if last_character(previous) != ";" or not _RESUMING_RE.match(text):
        return False
    ended = False
    for following in lines[index + 1 : index + 1 + _RESUMING_REACH]:
        if following.removed:
            continue
        if not following.text.strip():
            ended = True
        elif ended:
            return SUB_RE.match(following.text.strip()) is None
    return True


def _next_text(lines: list[Line], index: int) -> str:
    """The text of the line after `index` that page furniture left, or empty."""
    for following in range(index + 1, len(lines)):
        if not lines[following].removed:
            return lines[following].text
    return ""


def _soft_break(previous: str, text: str, after: str) -> bool:
    """Whether a Markdown line goes on the paragraph of the line before, a single line break
    being no paragraph's end: after a line without closing punctuation (`... Nuclear-Weapon-
    Free Zone` / `(Bangkok Treaty) by implementing ...`), or after a comma with words that open
    neither a preambular nor an operative paragraph (`... in Sarmin,` / `Syrian Arab
    Republic, on 16 March 2015, ...;`). A line like a heading is one only when a blank line
    or a numbered paragraph follows it (`... the Repression of Piracy,` / `Armed Robbery
    against Ships ... in West and Central Africa` / `(Yaoundé Code of Conduct), ...`), and it
    does not end on a word that leaves its sentence open (`Stockpiling and Use of Chemical
    Weapons and on Their Destruction and the`)."""
    previous = without_written_marks(previous)
    if not ends_terminal(previous):
        return True
    stands_apart = not after.strip() or STARTS_NUMBERED_RE.match(after) is not None
    heading = is_heading_like(text.strip()) and not _leaves_sentence_open(
        without_written_marks(text)
    )
    return (
        previous.rstrip().endswith(",") and _opens_nothing(text) and not (heading and stands_apart)
    )


def _goes_on(previous: str, text: str) -> bool:
    """Whether a Markdown paragraph's line that ends without closing punctuation goes on in
    `text`, a blank line between: `text` opens no paragraph of its own and is no heading or
    title (`...: draft resolution` / `Convention on the Prohibition of ...`). After a line left
    open, a paragraph opens with a verb of its kind: a capitalised word in `s` that is none goes
    on the name left open (`... in the Area of Lethal Autonomous Weapons` / `Systems,
    established under the Convention ...`)."""
    return (
        not ends_terminal(without_written_marks(previous))
        and not _opens_paragraph(text)
        and not is_heading_like(text.strip())
    )


def _opens_paragraph(text: str) -> bool:
    """Whether a line opens a preambular or an operative paragraph: its opening word, its
    number, or an operative verb (Markdown emphasis aside)."""
    bare = text.strip().lstrip("*_")
    return (
        looks_like_opener(bare)
        or STARTS_NUMBERED_RE.match(bare) is not None
        or (opens_operative(bare) and opens_with_operative_verb(bare))
    )


def _opens_nothing(text: str) -> bool:
    """Whether a line opens neither a preambular nor an operative paragraph, its Markdown
    emphasis aside (`*Reaffirming* its resolution ...` opens one)."""
    bare = text.strip().lstrip("*_")
    return not looks_like_opener(bare) and not opens_operative(bare)


def _opens_unnumbered_operative(previous: str, text: str) -> bool:
    """Whether, across a page break, `text` opens an operative paragraph printed without a
    number (a short resolution's only one: `... on 16 September 2022,` / page break /
    `Decides to adopt the organizational arrangements ...`): under a line that ends a paragraph
    with a comma or a semicolon, an operative verb as a resolution prints it, followed by
    words in lower case: a name that goes on over the page has a capital after its first word,
    which may be a verb (`... the exchange of letters,` / `Notes Verbales and ...`)."""
    plain = text.strip()
    if last_character(previous) not in (",", ";"):
        return False
    if not (opens_operative(plain) and opens_with_operative_verb(plain)):
        return False
    opening = derive_emphasis(plain, Kind.OPERATIVE)
    return plain[opening[-1].end :].lstrip()[:1].islower()


#: A line at least this long is a line of a paragraph's body, not a heading.
BODY_LINE = 60


def _cut_mid_sentence(line: str) -> bool:
    """Whether a body line ends without the punctuation that ends every paragraph: the page
    broke the sentence (`... as well as the International` / `Tracing Instrument, ...`)."""
    return len(line.strip()) >= BODY_LINE and not ends_terminal(line)


def _leaves_sentence_open(line: str) -> bool:
    """Whether a line ends with a word that no paragraph ends with."""
    words = line.split()
    return bool(words) and words[-1] in _OPEN_ENDINGS


#: A year at a line's start (`2028.`), punctuated like a paragraph number.
_YEAR_RE = re.compile(r"^(?:19|20)\d\d[.,;]?(?:\s|$)")
#: A sub-paragraph's letter followed by words in lower case (`(s) of the consensus report`).
_CITED_SUB_RE = re.compile(r"^\((?:[a-z]{1,2}|[ivxlc]{1,6})\)\s+[a-z]")
#: A line that ends citing a provision by its number (`article 3`, `paragraph 129`) or a
#: range or list of its letters (`129 (a) to`).
_CITING_END_RE = re.compile(
    r"(?:\b(?:article|paragraph|subparagraph|section|rule|regulation|annex)s?\s+\d+[a-z]?"
    r"|\([a-z]{1,2}\)\s+(?:to|and|or))\s*$",
    re.IGNORECASE,
)

#: A row of stars set between groups of paragraphs (`* * *`).
_STAR_ROW_RE = re.compile(r"^\s*\*(?:\s*\*){2,}\s*$")

#: Blank lines that set a block apart even from a line that would run on into it.
TITLE_GAP = 2


#: The line that names a draft above its title: its sponsors' (`Austria and Chile: draft
#: resolution`) or who submits it (`Draft resolution submitted by the President of the
#: General Assembly`).
_NAMES_THE_TEXT_RE = re.compile(
    r"\bdraft (?:resolution|decision)\s*$|^\s*draft (?:resolution|decision) submitted by\b",
    re.IGNORECASE,
)
#: A section heading's numeral or letter alone on its line (`B.`, `IV.`).
_LONE_HEADING_NUMBER_RE = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.$")
#: The most lines headings take together at a page's top: a numbered heading and its title of
#: two lines (`Section 2` / `General Assembly and Economic and Social Council affairs and` /
#: `conference management`), or a part's and its first section's, each over its title (`Part
#: I` / `Overall policymaking, direction and coordination` / `Section 1` / `Overall
#: policymaking, direction and coordination`).
HEADING_LINES = 4


def _heading_on_new_page(lines: list[Line], index: int, previous: str) -> bool:
    """Whether line `index`, the first on a new page, is a section heading: it follows a
    paragraph that ended (`;` or `.`), stands alone on its line (short, capitalised, without
    closing punctuation) and a blank line comes after it (`Department of Political and
    Peacebuilding Affairs/Peacebuilding Support Office` above paragraph 24), or after a line of
    its own title (`Article 17` / `Change of medium`). A numbered heading may have its first
    paragraph straight under it (`VI. Corrective measures` / `18. Where a product ...`). After
    a lead-in that ends with a colon, the numbered paragraph it leads into must come next
    (`..., we will:` / `Create health-promoting environments ...` / `42. Address ...`), unless
    the heading is numbered itself (a table's lettered part: `A. Pension Administration`); after
    a preambular paragraph's comma, the next preambular paragraph (`..., aviation, and road
    transport,` / `Social aspects` / `Noting the importance ...`)."""
    text = lines[index].text.strip()
    last = last_character(previous)
    # A heading's numeral or letter may stand on a line of its own over its title (`B.` /
    # `Interactive dialogues`).
    lone_number = _LONE_HEADING_NUMBER_RE.match(text) is not None
    if not (
        last in (";", ".", ":", ",")
        and text[:1].isupper()
        and (is_heading_like(text) or lone_number)
    ):
        return False
    following = (lines[i].text for i in range(index + 1, len(lines)) if not lines[i].removed)
    after = next(following, "").strip()
    if last != ":" and HEADING_NUMBER_RE.match(text) and STARTS_NUMBERED_RE.match(after):
        return True
    for _ in range(HEADING_LINES - 1):
        if not after or not is_heading_like(after):
            break
        after = next(following, "").strip()
    if after:
        return False
    if last in (";", "."):
        return True
    nonblank = next((line for line in following if line.strip()), "")
    if last == ",":
        # The next preambular paragraph, or the first operative one (`..., beyond gross
        # domestic product,` / `Final report` / `1. Welcomes ...`).
        return looks_like_opener(nonblank.strip()) or STARTS_NUMBERED_RE.match(nonblank) is not None
    # After a colon: a lettered or numbered caption of what it sets out (`... as set out in the
    # table below:` / `A. Pension Administration` / `Action`), or the paragraph it leads into.
    return (
        HEADING_NUMBER_RE.match(text) is not None or STARTS_NUMBERED_RE.match(nonblank) is not None
    )


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


#: The words that follow a hyphen left hanging (`short- and long-term`).
_SUSPENDED_RE = re.compile(r"(?:and|or|to)\s")


def _line_join(before: str, after: str, words: set[str]) -> str:
    """The text to append for the next line: a space, or nothing after a line-end hyphen.

    UN documents are set without word division, so a hyphen at a line end is kept (`Secretary-
    General`, `high-level`); it is dropped only when the joined word occurs elsewhere in the
    document and the hyphenated one does not (`inter-` + `national` where `international` is
    used), which is how a soft split made by a word processor shows itself. The decision is
    recorded as a control character (`\b` close up a spaced hyphen, `\a` drop the hyphen) that
    `_finish_block_text` applies; input never contains those, `normalise_text` removes them.
    """
    if before.endswith("-") and _SUSPENDED_RE.match(after):
        # A hyphen left hanging for the next compound (`victim-` / `and survivor-centric`,
        # `short-` / `and long-term`): the space after it stays.
        return " " + after
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
    return after if runs_on(before, after) else " " + after


def runs_on(before: str, after: str) -> bool:
    """Whether a line goes on from the one before without a space: after a hyphen or a dash
    that the line before breaks after (`Sixty-` / `ninth`, `2015–` / `2030`, `COVID-` / `19`,
    `Israeli–` / `Palestinian`); never after a hyphen left hanging for the next compound
    (`short-` / `and long-term`), nor after a dash set between spaces (` – `), which is
    punctuation."""
    if not before[-2:-1].isalnum() or not after[:1].isalnum():
        return False
    if before.endswith("-"):
        return not _SUSPENDED_RE.match(after)
    return before.endswith("–")
