"""Brackets and alternatives as the room writes them, kept literally in the text: a phrase not
agreed is put in square brackets (`[in 2025]`, or `[in 2025 (EU)]` with whoever holds the
bracket), and a paragraph with competing wordings reads `[Alt 1: ...] [Alt 2: ...]`. Since
they are characters of the text, they show wherever the text goes: the draft view, the
comparison, every export and the compilation."""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.text.document import Document, Emphasis, FootnoteRef, Paragraph


class BracketError(ValueError):
    """The phrase or the paragraph named is not in the text; the message says which."""


def _shifted(paragraph: Paragraph, text: str, insertions: list[tuple[int, int]]) -> Paragraph:
    """The paragraph with new text, its italics and footnote marks moved by the characters
    inserted: (offset in the old text, how many characters inserted there)."""

    def moved(offset: int, *, closing: bool = False) -> int:
        # An italic run ending where a bracket closes stays inside it; anything at or after
        # an insertion point moves with the text.
        return offset + sum(
            n for at, n in insertions if at < offset or (at == offset and not closing)
        )

    emphasis = tuple(
        Emphasis(moved(e.start), moved(e.end, closing=True)) for e in paragraph.emphasis
    )
    refs = tuple(FootnoteRef(r.mark, moved(r.offset)) for r in paragraph.footnote_refs)
    return replace(paragraph, text=text, emphasis=emphasis, footnote_refs=refs)


def bracket_phrase(paragraph: Paragraph, phrase: str, holder: str = "") -> Paragraph:
    """Put the first occurrence of `phrase` in square brackets, naming who holds the bracket
    when given: `[in 2025 (EU)]`."""
    phrase = phrase.strip()
    if not phrase:
        raise BracketError("Write the words to put in brackets, as they stand in the paragraph.")
    start = paragraph.text.find(phrase)
    if start < 0:
        raise BracketError(f"{paragraph.label} does not contain “{phrase}”.")
    end = start + len(phrase)
    holder = " ".join(holder.split())
    if _NOT_IN_A_HOLDER.search(holder):
        raise BracketError(
            f"Name who holds the bracket without brackets or parentheses (G-77, EU): “{holder}” "
            "would be read as part of the bracket."
        )
    if start > 0 and paragraph.text[start - 1] == "[":
        held = _HELD_BY.match(paragraph.text, end)
        if held is not None:
            return _held_also_by(paragraph, phrase, held, holder)
    closing = f" ({holder})]" if holder else "]"
    text = f"{paragraph.text[:start]}[{phrase}{closing}{paragraph.text[end:]}"
    return _shifted(paragraph, text, [(start, 1), (end, len(closing))])


#: The end of a bracket: `]`, or ` (G-77)]` naming who holds it (several: ` (G-77, EU)]`).
_HELD_BY = re.compile(r"(?: \(([^()\[\]]*)\))?\]")
#: What a holder's name cannot hold: it would end or open the bracket it is named in.
_NOT_IN_A_HOLDER = re.compile(r"[()\[\]]")


def _held_also_by(paragraph: Paragraph, phrase: str, held: re.Match[str], holder: str) -> Paragraph:
    """The phrase already stands in brackets: a further holder is named in them (`[in 2025
    (G-77, EU)]`, as the room writes it), never a bracket in a bracket."""
    holders = [h.strip() for h in (held.group(1) or "").split(",") if h.strip()]
    if not holder or holder in holders:
        raise BracketError(f"“{phrase}” is already in brackets in {paragraph.label}.")
    closing = f" ({', '.join([*holders, holder])})]"
    at, end = held.start(), held.end()
    text = paragraph.text[:at] + closing + paragraph.text[end:]
    return _shifted(paragraph, text, [(at, len(closing) - (end - at))])


def add_alternative(paragraph: Paragraph, wording: str) -> Paragraph:
    """Record a competing wording of the paragraph: its text becomes `[Alt 1: current]
    [Alt 2: wording]`, or gains the next `[Alt n: ...]` when it has alternatives already."""
    wording = " ".join(wording.split())
    if not wording:
        raise BracketError("Write the alternative wording.")
    text = paragraph.text
    count = text.count("[Alt ")
    if count == 0:
        opening = "[Alt 1: "
        text = f"{opening}{text}] [Alt 2: {wording}]"
        return _shifted(paragraph, text, [(0, len(opening))])
    return replace(paragraph, text=f"{text} [Alt {count + 1}: {wording}]")


def is_bracketed(paragraph: Paragraph) -> bool:
    """Whether the paragraph or one of its sub-paragraphs still has text in brackets."""
    return any("[" in p.text for p in paragraph.walk())


def change_paragraph(document: Document, path: str, change: object) -> Document:
    """The document with the paragraph at `path` (`OP2`, `OP5 bis (c)`) replaced by
    `change(paragraph)`; BracketError when there is no such paragraph."""
    found = False

    def rebuilt(paragraphs: tuple[Paragraph, ...], prefix: str) -> tuple[Paragraph, ...]:
        nonlocal found
        result = []
        for paragraph in paragraphs:
            own = f"{prefix} {paragraph.label}".strip()
            if own == path:
                found = True
                paragraph = change(paragraph)  # type: ignore[operator]
            elif path.startswith(own + " "):
                paragraph = replace(paragraph, subparagraphs=rebuilt(paragraph.subparagraphs, own))
            result.append(paragraph)
        return tuple(result)

    annex = document.annex
    changed = replace(
        document,
        preamble=rebuilt(document.preamble, ""),
        operative=rebuilt(document.operative, ""),
        annex=replace(annex, paragraphs=rebuilt(annex.paragraphs, "")) if annex else None,
    )
    if not found:
        raise BracketError(f"The text has no paragraph {path}.")
    return changed
