"""Marks inside a block's text: italics and footnote references as private-use characters.

Reads: the joined text of a block, with Markdown (`*italic*`, `[^1]`, `[text](link)`) when the
source is Markdown. Writes: the same text with EM_OPEN/EM_CLOSE and FN_OPEN/FN_CLOSE markers
(`clean_inline`), and finally plain text with emphasis and footnote offsets (`materialise`).
"""

from __future__ import annotations

import re

from tracker.text.document import (
    Emphasis,
    FootnoteRef,
)

#: Markers carried inside block text: a footnote mark is FN_OPEN + mark + FN_CLOSE, an italic
#: run is EM_OPEN ... EM_CLOSE. They are private-use characters, removed from any input.
FN_OPEN, FN_CLOSE, EM_OPEN, EM_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"


MARKERS = FN_OPEN + FN_CLOSE + EM_OPEN + EM_CLOSE


#: Markdown's escaped characters (`\*`, `\_`, `\[`, `\]`, `\\`) stand in private-use
#: characters while the markup is read, so they come out as the literal characters.
_ESCAPABLE = "*_[]\\"


ESCAPED = "\ue004\ue005\ue006\ue007\ue008"


_ESCAPE_RE = re.compile(r"\\([*_\[\]\\])")


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


#: A hyphen with a space after it inside a line, between two words: a line-end hyphen that a
#: converter joined to the next line with a space (`Secretary- General`, `nuclear- weapon`),
#: unless a compound is left hanging for the next one (`short- and long-term`).
_SPACED_HYPHEN_RE = re.compile(r"(?<=[A-Za-z])- (?!(?:and|or|nor|to|as well as)\b)(?=[A-Za-z])")


def _finish_block_text(text: str) -> str:
    """Apply the join decisions recorded by `_line_join`, close up the hyphens a converter
    spaced, and collapse whitespace."""
    text = text.replace(" -\b", "-").replace("-\a", "")
    return _SPACED_HYPHEN_RE.sub("-", " ".join(text.split()))


_LINK_RE = re.compile(r"\[([^\]\[^][^\]\[]*)\]\([^)\s]*\)")


#: A Markdown footnote reference: `[^12]`.
MD_REF_RE = re.compile(r"\[\^([^\]\s]{1,10})\]")


def without_written_marks(line: str) -> str:
    """A line without its written note references (`... Organized Crime,[^2]`)."""
    return MD_REF_RE.sub("", line)


_SUPERSCRIPT_RUN_RE = re.compile(rf"\s?([{SUPERSCRIPT_CHARS}]+)")


_ITALIC_RE = re.compile(
    r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)([^_]+?)(?<!\s)_(?!\w)"
)


_BULLET_RE = re.compile(r"^\s*(?:[-•]|\*(?=\s))\s+")


_TEXT_BULLET_RE = re.compile(r"^\s*[-•]\s+")


#: The bullet a bulleted list's item is printed with.
BULLET = "•"


def starts_with_bullet(line: str) -> bool:
    """Whether a source line opens an item of a bulleted list (`• Increase ...`)."""
    return _TEXT_BULLET_RE.match(line) is not None


#: Around a reference set aside by its index while Markdown's emphasis is read
#: (clean_inline); private-use characters, removed from any input like the markers.
STASHES = _STASH_OPEN, _STASH_CLOSE = "\ue009", "\ue00a"
_STASHED_RE = re.compile(f"{_STASH_OPEN}(\\d+){_STASH_CLOSE}")


def _stash(stashed: list[str], mark: str) -> str:
    stashed.append(mark)
    return f"{_STASH_OPEN}{len(stashed) - 1}{_STASH_CLOSE}"


def clean_inline(text: str, markdown: bool = False) -> str:
    """Footnote references as markers; in Markdown also links, bold and italics (as markers)."""
    text = _finish_block_text(text)
    if markdown:
        # A reference's mark may be a star (`Court[^*] that`): set aside while stars are read
        # as emphasis, then put back.
        stashed: list[str] = []
        text = MD_REF_RE.sub(lambda m: _stash(stashed, m.group(1)), text)
        text = _ESCAPE_RE.sub(lambda m: ESCAPED[_ESCAPABLE.index(m.group(1))], text)
        text = _BULLET_RE.sub("", text)
        text = _LINK_RE.sub(r"\1", text)
        text = text.replace("**", "").replace("__", "")
        text = _ITALIC_RE.sub(lambda m: f"{EM_OPEN}{m.group(1) or m.group(2)}{EM_CLOSE}", text)
        text = text.replace("*", "")
        text = text.translate(str.maketrans(ESCAPED, _ESCAPABLE))
        text = _STASHED_RE.sub(lambda m: f"{FN_OPEN}{stashed[int(m.group(1))]}{FN_CLOSE}", text)
    else:
        text = _TEXT_BULLET_RE.sub("", text)
    text = MD_REF_RE.sub(lambda m: f"{FN_OPEN}{m.group(1)}{FN_CLOSE}", text)
    text = _SUPERSCRIPT_RUN_RE.sub(
        lambda m: f"{FN_OPEN}{m.group(1).translate(SUPERSCRIPTS)}{FN_CLOSE}", text
    )
    return without_commas_between_marks(text) if FN_CLOSE in text else text


#: A comma between two marks printed together (`conflict,10,11`; in a Word file a
#: superscript `,` between two references) is the marks', not the text's.
_COMMA_BETWEEN_MARKS_RE = re.compile(rf"(?<={FN_CLOSE})\s*,\s*(?={FN_OPEN})")


def without_commas_between_marks(text: str) -> str:
    """Marked text without the commas that only separate two marks printed together."""
    return _COMMA_BETWEEN_MARKS_RE.sub("", text)


_MARKER_SPLIT_RE = re.compile(f"([{MARKERS}])")


def materialise(text: str) -> tuple[str, tuple[Emphasis, ...], tuple[FootnoteRef, ...]]:
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


def marked_offset(text: str, plain_offset: int) -> int:
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
        elif char not in MARKERS and not in_mark:
            seen += 1
    return len(text)
