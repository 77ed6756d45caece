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
