"""What people type into the app's forms, made fit to keep and to show: line breaks of every
kind read as one, and the characters no text here may hold found and named with where they
are (`invalid_characters`), so that a refusal can say what to put right and give the rest of
the text back."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Line breaks of other kinds read as the one every text here uses: Windows' and old Macs'
#: (browsers send a text area's breaks as CR LF), the vertical tab and form feed word
#: processors put in pasted text for a manual line or page break, NEL, and Unicode's line and
#: paragraph separators.
_OTHER_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")

#: Characters no text here may hold: NUL (no PostgreSQL text can), the other C0 and C1
#: control characters but tab and the line breaks above, the halves of a surrogate pair
#: alone, and the noncharacters U+FFFE and U+FFFF. Nobody types them: they come with text
#: pasted out of other programs, or from scripts, and Word and spreadsheet files cannot hold
#: them either.
_INVALID = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

#: How many words before an invalid character a refusal quotes to say where it is.
_WORDS_QUOTED = 4


def one_kind_of_line_break(text: str) -> str:
    """The text with every line break a "\\n"."""
    return _OTHER_BREAKS.sub("\n", text)


@dataclass(frozen=True)
class InvalidCharacter:
    """A character no text here may hold, where it was found."""

    character: str
    #: Its line, counted from 1.
    line: int
    #: The last few words before it on its line ("" at the start of a line).
    after: str

    @property
    def name(self) -> str:
        """As a refusal names it: “a NUL character”, “a control character (U+001B)”."""
        if self.character == "\x00":
            return "a NUL character"
        return f"a control character (U+{ord(self.character):04X})"

    @property
    def place(self) -> str:
        """Where it is: “on line 2, after “the Assembly,””."""
        where = f"on line {self.line}, "
        return where + (f"after “{self.after}”" if self.after else "at its start")


def invalid_characters(text: str) -> list[InvalidCharacter]:
    """Every character of the text no text here may hold, first to last."""
    found = []
    for match in _INVALID.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        before = _INVALID.sub("", text[start : match.start()]).split()
        found.append(
            InvalidCharacter(
                match.group(),
                text.count("\n", 0, match.start()) + 1,
                " ".join(before[-_WORDS_QUOTED:]),
            )
        )
    return found


def without_invalid_characters(text: str) -> str:
    """The text with one kind of line break and without the characters no text here may
    hold: what a refused form gives back to be checked and sent again."""
    return _INVALID.sub("", one_kind_of_line_break(text))


def described(found: list[InvalidCharacter]) -> str:
    """The invalid characters found, as a refusal says what and where: “a NUL character on
    line 1, after “We support”” (and how many more, if any)."""
    first = found[0]
    more = len(found) - 1
    also = f" (and {more} more such character{'' if more == 1 else 's'})" if more else ""
    return f"{first.name} {first.place}{also}"


# Bidirectional text ---------------------------------------------------------------------------
# Arabic and Hebrew are written right to left, and a person's words may mix them with Latin
# names, numbers and symbols. Unicode's bidirectional algorithm lays such text out by itself;
# a few invisible controls steer it (UAX #9). Overrides (LRO, RLO) lay out characters against
# their direction: "txt.exe" shown as "exe.txt", a sentence reading as another. Nobody writing
# Arabic or Hebrew needs them, and they are taken out. Embeddings (LRE, RLE) are the older way
# to set a run's direction: kept as the isolates (LRI, RLI) Unicode now recommends in their
# place, which cannot reach the text around them. An isolate or embedding left open, or a
# closing control with nothing to close, would reach beyond the person's words: taken out.
# The marks (LRM, RLM, ALM), which writers of Arabic and Hebrew use to put a full stop or a
# number on the right side of a Latin word, stay: they act as a letter of their direction, and
# a page shows every person's words isolated (`<bdi>`, `dir="auto"`), so they act on those
# words alone.

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: What ends a paragraph for the bidirectional algorithm, and with it every control open.
_PARAGRAPH_BREAKS = re.compile("([\n\r\x1c-\x1e\x85\u2029])")
#: Right-to-left letters, and the controls and marks that set a direction.
_SETS_DIRECTION = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
    "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)


def contained(text: str) -> str:
    """The text without a bidirectional control that could reorder text outside it, or lay
    its characters out against their direction (see above); right-to-left text itself, and
    the marks its writers use, unchanged."""
    if not _BIDI_CONTROLS.search(text):
        return text
    return "".join(_contained_paragraph(part) for part in _PARAGRAPH_BREAKS.split(text))


def _contained_paragraph(text: str) -> str:
    out: list[str] = []
    #: (where its opening control is in `out`, "isolate", "embedding" or "override")
    opened: list[tuple[int, str]] = []
    for character in text:
        if character in (LRI, RLI, FSI):
            opened.append((len(out), "isolate"))
            out.append(character)
        elif character in (LRE, RLE):
            opened.append((len(out), "embedding"))
            out.append(LRI if character == LRE else RLI)
        elif character in (LRO, RLO):
            opened.append((len(out), "override"))
            out.append("")
        elif character == PDF:
            if opened and opened[-1][1] != "isolate":
                kind = opened.pop()[1]
                out.append(PDI if kind == "embedding" else "")
        elif character == PDI:
            if any(kind == "isolate" for _, kind in opened):
                # It closes the innermost isolate, and what was left open inside it.
                while (last := opened.pop())[1] != "isolate":
                    out[last[0]] = ""
                out.append(PDI)
        else:
            out.append(character)
    for at, _ in opened:  # left open at the paragraph's end
        out[at] = ""
    return "".join(out)


def isolated(text: str) -> str:
    """The text, contained, between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it
    has right-to-left letters or direction marks: set in a line with other words (a Word
    compilation's “Egypt: …”), its direction taken from its first letter, and neither
    reordering nor reordered by what is around it. Other text comes back as it was."""
    text = contained(text)
    if not text or not _SETS_DIRECTION.search(text):
        return text
    return f"{FSI}{text}{PDI}"
