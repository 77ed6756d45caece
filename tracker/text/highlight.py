"""What a person typed into a search box, read as the words and phrases to find, and the
passage of a text where they occur, with each occurrence marked.

A term is found as it is written, case and accents aside (`cote d'ivoire` finds `Côte
d’Ivoire`), an apostrophe or a hyphen standing for any of its forms and a space for any run of
spaces or line breaks, and as words: a word typed is found at the start of a word of the text
(`develop` finds `developing`, `art` finds `article` but not `participate`), a "quoted phrase"
as whole words in order. Nothing here is a pattern language for the person typing: `%`, `_`,
`*`, `(`, `NEAR` and the like are characters to find like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.text.accents import without_accents

__all__ = [
    "APOSTROPHES",
    "HYPHENS",
    "MAX_QUERY",
    "MAX_TERMS",
    "QueryTooLong",
    "Segment",
    "Term",
    "folded",
    "highlighted",
    "query_terms",
    "shortened",
    "term_pattern",
    "wording_pattern",
]

#: Longest query read, in characters: room for a sentence of a paragraph pasted to find where
#: it went, short enough that a query costs the database the same whoever sends it.
MAX_QUERY = 400
#: Most words and phrases in one query: each is one more condition on every row.
MAX_TERMS = 8
#: Characters typed in more than one form (`women's`, `women’s`; `non-governmental` with the
#: non-breaking hyphen UN PDFs set): each form stands for any of its kind.
APOSTROPHES = "'’‘`ʼ"
HYPHENS = "-‐‑‒–—"
#: Quotation marks that open or close a phrase, as keyboards and word processors type them.
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»", '"'))
_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')


class QueryTooLong(ValueError):
    """A query longer than MAX_QUERY characters or with more than MAX_TERMS terms."""


@dataclass(frozen=True)
class Term:
    """A word or phrase to find: a word typed is found at the start of a word of the text, a
    phrase (quoted, or wording pasted) as whole words in order."""

    text: str
    phrase: bool = False

    def __str__(self) -> str:
        return self.text


def query_terms(query: str) -> tuple[Term, ...]:
    """The words and "quoted phrases" of a query, each to be found (all of them), spaces
    collapsed, repeats dropped; QueryTooLong past MAX_QUERY characters or MAX_TERMS terms.
    More than MAX_TERMS words without a quotation mark are one phrase: wording pasted from a
    text or a proposal, to find where it stands."""
    text = (query or "").strip().translate(_QUOTES)
    if len(text) > MAX_QUERY:
        raise QueryTooLong(f"A search is at most {MAX_QUERY} characters long.")
    found = _TERM.findall(text)
    if len(found) > MAX_TERMS and '"' not in text:
        return (Term(" ".join(text.split()), phrase=True),)
    terms: list[Term] = []
    for phrase, word in found:
        term = " ".join((phrase or word).split())
        if term and folded(term) not in {folded(t.text) for t in terms}:
            terms.append(Term(term, phrase=bool(phrase)))
    if len(terms) > MAX_TERMS:
        raise QueryTooLong(
            f"A search looks for at most {MAX_TERMS} words or phrases at once; put a longer "
            "wording in one pair of quotation marks."
        )
    return tuple(terms)


def folded(text: str) -> str:
    """The text as terms are compared: accents dropped and in lower case."""
    return without_accents(text).lower()


@dataclass(frozen=True)
class Segment:
    """A stretch of a passage: found words (`found`) or the text around them."""

    text: str
    found: bool = False


#: Characters apart from which a text's words stand, besides those `\s` reads as spaces in
#: both engines: the non-breaking space UN texts set (`resolution 75/1`, `A/75/100`), which
#: PostgreSQL's `\s` and `unaccent` leave as it is.
_SPACES = "[\\s\u00a0\u202f]+"


def wording_pattern(text: str) -> str:
    """The regular expression that finds the wording in a folded text (`folded`), read alike
    by Python's `re` and PostgreSQL's (SQLite's REGEXP is Python's): every character stands for
    itself, an apostrophe or a hyphen for any of its forms, and a space for any run of spaces,
    tabs and line breaks. It never backtracks far: a run of spaces is followed by a character
    that is none, so each character of the text is tried against each of the pattern once."""
    parts = []
    for word in folded(text).split():
        characters = []
        for character in word:
            forms = next((kind for kind in (APOSTROPHES, HYPHENS) if character in kind), "")
            if forms:
                # The plain hyphen first in the class: a hyphen there stands for itself.
                characters.append("[" + forms + "]")
            elif character.isalnum():
                characters.append(character)
            else:
                # A backslash before any other character is that character, in both.
                characters.append("\\" + character)
        parts.append("".join(characters))
    return _SPACES.join(parts)


def term_pattern(term: Term) -> str:
    """The regular expression that finds the term in a folded text (`folded`), read alike by
    Python's `re` and PostgreSQL's (SQLite's REGEXP is Python's): at the start of a word, and
    for a phrase up to the end of one; its words as `wording_pattern` reads them."""
    plain = folded(term.text).strip()
    pattern = wording_pattern(plain)
    if _in_word(plain[:1]):
        pattern = r"(?<!\w)" + pattern
    if term.phrase and _in_word(plain[-1:]):
        pattern += r"(?!\w)"
    return pattern


def _in_word(character: str) -> bool:
    """Whether a term starting (ending) with this character starts (ends) with a word: a
    symbol, `_` included, is found wherever it is."""
    return character.isalnum()


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the character of `text`
    it comes from (folding may drop a character or make two of one)."""
    pieces: list[str] = []
    origins: list[int] = []
    for index, character in enumerate(text):
        piece = folded(character)
        pieces.append(piece)
        origins.extend([index] * len(piece))
    return "".join(pieces), origins


def _found_spans(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """Where the terms occur in the text (start, end), in order; overlapping ones, and ones
    apart by spaces only (`climate finance` found as two words), joined."""
    if not terms:
        return []
    plain, origins = _folded_with_origins(text)
    longest_first = sorted(terms, key=lambda term: len(term.text), reverse=True)
    pattern = re.compile("|".join(f"(?:{term_pattern(t)})" for t in longest_first))
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(plain):
        if match.end() == match.start():
            continue
        start, end = origins[match.start()], origins[match.end() - 1] + 1
        if spans and (start <= spans[-1][1] or text[spans[-1][1] : start].isspace()):
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def highlighted(
    text: str, terms: tuple[Term, ...], width: int = 320, before: int = 80
) -> tuple[Segment, ...]:
    """The passage of the text where the terms first occur, at most about `width` characters
    (the whole text when it is no longer), starting some `before` characters ahead of the first
    occurrence, cut at spaces and marked `…` where cut; each occurrence a found Segment."""
    spans = _found_spans(text, terms)
    start, end = 0, len(text)
    if len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - before, len(text) - width))
        end = min(len(text), start + width)
        if start > 0:
            space = text.find(" ", start, first if spans else end)
            start = space + 1 if space != -1 else start
        if end < len(text):
            space = text.rfind(" ", max(start, spans[0][1] if spans else start), end)
            end = space if space != -1 else end
    segments: list[Segment] = []
    if start > 0:
        segments.append(Segment("…"))
    at = start
    for found_start, found_end in spans:
        if found_end <= start or found_start >= end:
            continue
        found_start, found_end = max(found_start, start), min(found_end, end)
        if found_start > at:
            segments.append(Segment(text[at:found_start]))
        segments.append(Segment(text[found_start:found_end], found=True))
        at = found_end
    if at < end:
        segments.append(Segment(text[at:end]))
    if end < len(text):
        segments.append(Segment("…"))
    return tuple(segments)


def shortened(text: str, limit: int) -> str:
    """The text on one line, cut at a word to at most `limit` characters and marked `…` when
    longer (inside a word only when the last space is in its first half)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"
