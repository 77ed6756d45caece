"""What the library of adopted texts needs from a text: its metadata, and a paragraph's wording
reduced to what makes it "the same words" (footnote marks, spacing and quotation style aside).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from tracker.text.accents import without_accents
from tracker.text.document import Document
from tracker.text.read.vocabulary import MONTHS

#: `A/RES/80/20`, `A/C.2/80/L.15`, `A/HRC/RES/55/1`, `E/RES/2024/5`, `S/RES/2719 (2023)`.
_SYMBOL = re.compile(r"^[AES](/[A-Z0-9.]+)+(\s*\(\d{4}\))?\*?$")
_SESSION = re.compile(r"^(?:A/(?:RES/|DEC/|C\.\d/|HRC/RES/|HRC/)?|A/)(\d{1,3})/")
_COMMITTEES = {
    "1": "First Committee",
    "2": "Second Committee",
    "3": "Third Committee",
    "4": "Fourth Committee",
    "5": "Fifth Committee",
    "6": "Sixth Committee",
}
_ADOPTED_ON = re.compile(
    r"adopted by the [A-Za-z ]+? on (\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})"
)
_DISTRIBUTED_ON = re.compile(r"Distr\.: \w+\s+(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})")

# Everything a copy of the same wording may differ in without the wording changing.
_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "*": None,
        "_": None,
    }
)
_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u209f]+")
_MARKDOWN_NOTE = re.compile(r"\[\^\w+\]")
#: A footnote number glued to the word or punctuation it follows (`Declaration1,`, `2024;4`),
#: as text copied from a PDF carries it.
_GLUED_MARK = re.compile(r"(?<=[a-z\)\u201d\"'.,;:])\d{1,3}(?=[\s,;:.)]|$)")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,;:.)])")
_WORD = re.compile(r"\w+")
#: Words that say nothing about which paragraph a text comes from.
STOPWORDS = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its")
    + ("of", "on", "or", "that", "the", "this", "to", "which", "will", "with", "all", "has")
    + ("have", "their", "these", "those", "been", "was", "were", "not", "also", "such")
)


def verbatim_form(text: str) -> str:
    """The wording of a paragraph with footnote marks, spacing and quotation style removed."""
    text = unicodedata.normalize("NFKC", _SUPERSCRIPTS.sub("", text)).translate(_QUOTES)
    text = _GLUED_MARK.sub("", _MARKDOWN_NOTE.sub("", text))
    text = " ".join(text.split())
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)


def fingerprint(text: str) -> str:
    """A short key that two paragraphs share exactly when their verbatim forms are equal."""
    return hashlib.sha1(verbatim_form(text).encode("utf-8")).hexdigest()


def _telling_words(text: str) -> list[str]:
    """The words of a text that can tell it apart, in order, lowercased and without accents."""
    plain = without_accents(verbatim_form(text).lower())
    return [w for w in _WORD.findall(plain) if len(w) > 1 and w not in STOPWORDS and "_" not in w]


def search_terms(text: str) -> list[str]:
    """The distinct words of a text that can tell it apart, lowercased and without accents."""
    return list(dict.fromkeys(_telling_words(text)))


#: A signature is this many bands; two paragraphs share a band when they share the smallest
#: of `_BAND_ROWS` hashes of their word pairs, which paragraphs with most word pairs in
#: common (a few words edited) nearly always do in one band at least, and unrelated ones
#: almost never do.
SIGNATURE_BANDS = 16
_BAND_ROWS = 3
#: One 16-bit hash a band row for each word pair, all from one SHAKE digest.
_ROW_HASHES = struct.Struct(f"<{SIGNATURE_BANDS * _BAND_ROWS}H")
_BAND = struct.Struct(f"<{_BAND_ROWS + 1}H")


def signature(text: str) -> list[int]:
    """MinHash bands of a paragraph's pairs of neighbouring words (numbers left out, since a
    new session renumbers), as signed 32-bit integers: an index over the bands finds the
    paragraphs with nearly the same wording by a few short lists instead of every paragraph
    sharing a word. Empty for a text without words.

    The library stores these values: a change to how they are computed needs a migration
    that signs the stored paragraphs again, or their near copies are no longer found."""
    words = [w for w in _telling_words(text) if not w.isdigit()]
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)} or set(words)
    if not pairs:
        return []
    digests = [
        _ROW_HASHES.unpack(hashlib.shake_128(pair.encode("utf-8")).digest(_ROW_HASHES.size))
        for pair in pairs
    ]
    smallest = list(map(min, zip(*digests, strict=True)))
    bands = []
    for band in range(SIGNATURE_BANDS):
        rows = smallest[band * _BAND_ROWS : (band + 1) * _BAND_ROWS]
        value = zlib.crc32(_BAND.pack(band, *rows))
        bands.append(value - (1 << 32) if value >= 1 << 31 else value)
    return bands


@dataclass(frozen=True)
class TextFacts:
    """What the library records about an adopted text besides its paragraphs."""

    symbol: str
    title: str = ""
    date: date | None = None
    organ: str = ""
    session: int | None = None
    kind: str = "resolution"


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style `key: value` front matter between `---` lines, and the text after it."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return {}, text
    fields: dict[str, str] = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or key.startswith((" ", "#")):
            continue
        value = value.strip()
        if value.startswith('"') and value.endswith('"') and len(value) > 1:
            try:
                value = json.loads(value)
            except ValueError:
                value = value[1:-1]
        elif value.startswith("'") and value.endswith("'") and len(value) > 1:
            value = value[1:-1].replace("''", "'")
        fields[key.strip().lower()] = str(value)
    return fields, text[end + 5 :]


def symbol_from_filename(filename: str) -> str:
    """`A_RES_80_20.md` -> `A/RES/80/20`; empty when the name is not a UN symbol."""
    stem = PurePath(filename).stem.strip()
    candidate = stem.replace("_", "/")
    return candidate if _SYMBOL.match(candidate) and "/" in candidate else ""


def is_symbol(text: str) -> bool:
    """Whether a string looks like a UN document symbol."""
    return bool(_SYMBOL.match(text.strip()))


def organ_of(symbol: str) -> str:
    """The organ that adopts (or, for a draft, considers) a text, read from its symbol."""
    parts = symbol.split("/")
    if symbol.startswith("A/HRC/"):
        return "Human Rights Council"
    if symbol.startswith("A/C.") and len(parts) > 1:
        return _COMMITTEES.get(parts[1][2:], "General Assembly")
    if symbol.startswith("A/"):
        return "General Assembly"
    if symbol.startswith("E/"):
        return "Economic and Social Council"
    if symbol.startswith("S/"):
        return "Security Council"
    return ""


def session_of(symbol: str) -> int | None:
    """The session number a symbol carries (`A/RES/80/20` -> 80), if any."""
    match = _SESSION.match(symbol)
    return int(match.group(1)) if match else None


def kind_of(symbol: str) -> str:
    """`resolution`, `decision` or `draft`, read from the symbol."""
    if "/L." in symbol:
        return "draft"
    if "/DEC/" in symbol:
        return "decision"
    return "resolution"


#: The line an adopted text prints over its title: `Resolution adopted by the General Assembly
#: on 1 December 2025`, `Decision adopted by the Human Rights Council`.
_ADOPTED_LINE = re.compile(r"\b(?:resolution|decision) adopted by the\b", re.IGNORECASE)
#: A symbol that only an adopted text carries: `A/RES/80/20`, `A/HRC/DEC/55/101`,
#: `S/RES/2719 (2023)`.
_ADOPTED_SYMBOL = re.compile(r"/(?:RES|DEC)/")


def draft_symbol(symbol: str) -> bool:
    """Whether a symbol is a draft's: a limited-distribution (`L.`) document such as
    `A/C.2/80/L.42` or `A/80/L.12/Rev.1`, which stays a draft for the plenary even once a
    Main Committee has adopted it."""
    return "/L." in symbol.upper()


def why_not_adopted(symbols: tuple[str, ...], document: Document) -> str:
    """Why a text cannot go into the library of adopted texts, in words; empty when it reads
    as adopted.

    The rule, one for every way into the library: a text reads as adopted when a symbol it
    goes by (front matter, its own print, its file name: `symbols`, the empty ones ignored) is
    a resolution's or decision's (`/RES/`, `/DEC/`), or it prints `Resolution adopted by the
    ...`; and nothing in it reads as a draft: an `L.` symbol, sponsors, or `Draft resolution
    submitted by ...`."""
    named = [s.strip() for s in symbols if s.strip()]
    draft = next((s for s in named if draft_symbol(s)), "")
    if draft:
        return (
            f"{draft} is a draft (an L. document), not an adopted text: once the plenary "
            "adopts it, import the resolution it becomes (A/RES/...)"
        )
    if document.sponsors:
        return (
            f"the text is a draft, not an adopted text: it lists sponsors "
            f"({_listed(document.sponsors)}: {document.sponsored_as})"
        )
    if document.submitted_by:
        return f"the text is a draft, not an adopted text: it prints “{document.submitted_by}”"
    if any(_ADOPTED_SYMBOL.search(s) for s in named) or _ADOPTED_LINE.search(
        " ".join(document.front_matter.split())
    ):
        return ""
    return (
        "nothing shows the text was adopted: no resolution or decision symbol (A/RES/80/20) "
        "and no line “Resolution adopted by the General Assembly on …”; the library holds "
        "adopted texts only"
    )


def _listed(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:3])
    return f"{shown} and {len(names) - 3} more" if len(names) > 3 else shown


def _parse_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), MONTHS.index(month) + 1, int(day))
    except ValueError:
        return None


def _continues(longer: str, start: str) -> bool:
    """Whether `longer` is `start` and more words after it, case aside."""
    head = start.rstrip(" .").casefold()
    return len(longer) > len(head) and longer.casefold().startswith(head + " ")


def _adoption_date(text: str) -> date | None:
    match = _ADOPTED_ON.search(" ".join(text.split()))
    return _parse_date(*match.groups()) if match else None


def date_in(text: str) -> date | None:
    """The adoption date a document states ("adopted by the General Assembly on ..."), else
    its distribution date."""
    for pattern in (_ADOPTED_ON, _DISTRIBUTED_ON):
        match = pattern.search(" ".join(text.split()))
        if match:
            return _parse_date(*match.groups())
    return None


def iso_date(value: str) -> date | None:
    """A `YYYY-MM-DD` date, or None when the value is not one."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def text_facts(
    *, symbol: str, title: str, front_matter: dict[str, str], document_front: str
) -> TextFacts:
    """Symbol, title, date, organ and session, from front matter first and the text second,
    except where the text says more: the day it was adopted, by which it is cited
    (`resolution 80/16 of 1 December 2025`), over a catalogue's date (often the day it was
    issued); and the front matter's title where the text's is only its beginning (a title
    whose second line a conversion lost: `... on security of and in the use of`)."""
    symbol = (front_matter.get("symbol") or symbol).strip()
    # A catalogue sets a subtitle apart with ` : `, where the text prints `: `.
    catalogued = " ".join(front_matter.get("title", "").split()).rstrip(" :").replace(" : ", ": ")
    title = " ".join(title.split()).rstrip(" :")
    if not title or _continues(catalogued, title):
        title = catalogued
    when = (
        _adoption_date(document_front)
        or iso_date(front_matter.get("date", ""))
        or date_in(document_front)
    )
    session = front_matter.get("session", "")
    return TextFacts(
        symbol=symbol,
        title=title,
        date=when,
        organ=front_matter.get("organ") or organ_of(symbol),
        session=int(session) if session.isdigit() else session_of(symbol),
        kind=front_matter.get("kind") or kind_of(symbol),
    )
