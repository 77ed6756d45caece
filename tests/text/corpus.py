"""Check a read Document against the hand-made truth of the real-text corpus.

The corpus (`tests/fixtures/corpus/`, described in its README) holds real UN documents with
hand-checked counts, openings, phrases and absent strings. `check_document` lists every
disagreement between a Document and one truth entry as `(field, message)` pairs, so the test
can report them per document and `bench/corpus.py` can print a score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.text.document import Document, Paragraph

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
DOCS = CORPUS / "docs"
PAIR_DOCS = CORPUS / "pairs" / "docs"

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_DROP = str.maketrans(
    {"\u2011": "-", "\u00a0": " ", "*": None, "_": None} | dict.fromkeys(map(ord, _SUPERSCRIPTS))
)


def normalise(text: str) -> str:
    """The README's comparison normaliser: hyphens, spaces, `*`, `_`, superscripts, whitespace."""
    return " ".join(text.translate(_DROP).split())


def load_truth() -> dict[str, dict[str, Any]]:
    """The `parse` entries of truth.json, by file name."""
    return json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))["parse"]


def load_labels() -> dict[str, dict[str, str]]:
    """`pairs/labels.json`: for every pair document, its labels and their first 90 characters."""
    return json.loads((CORPUS / "pairs" / "labels.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Problem:
    """One disagreement with the truth: which field, and what was expected and found."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _section_of(paragraph: Paragraph) -> str:
    return getattr(paragraph, "section", "") or ""


def labelled(doc: Document) -> dict[str, Paragraph]:
    """Top-level paragraphs by the truth's labels: `PPn`, `OPn`, `ANNEXn` counted in order.

    The corpus numbers paragraphs as an unbroken sequence, so position and printed number agree
    where the text is numbered; counting by position also labels lettered and unnumbered ones.
    Paragraphs inside a part or section (A/C.5/80/L.17) get the truth's prefixed keys as well
    (`A:OP3`, `A.II.B:PP1`), counted within that part or section.
    """
    found: dict[str, Paragraph] = {}
    counters: dict[tuple[str, str], int] = {}
    groups: tuple[tuple[str, tuple[Paragraph, ...]], ...] = (
        ("PP", doc.preamble),
        ("OP", doc.operative),
    )
    if doc.annex is not None:
        groups += (("ANNEX", doc.annex.paragraphs),)
    for prefix, paragraphs in groups:
        for position, paragraph in enumerate(paragraphs, 1):
            found.setdefault(f"{prefix}{position}", paragraph)
            section = _section_of(paragraph)
            if section:
                key = (section, prefix)
                counters[key] = counters.get(key, 0) + 1
                found[f"{section}:{prefix}{counters[key]}"] = paragraph
    return found


def _resolve(key: str, paragraphs: dict[str, Paragraph]) -> Paragraph | None:
    """`OP4(B)(II)` -> the sub-sub-paragraph (ii) of (b) of OP4."""
    head, *subs = re.split(r"(?=\()", key)
    paragraph = paragraphs.get(head)
    for sub in subs:
        if paragraph is None:
            return None
        wanted = sub.lower()
        paragraph = next((s for s in paragraph.subparagraphs if s.label.lower() == wanted), None)
    return paragraph


def _words(text: str, count: int) -> str:
    return " ".join(normalise(text).split()[:count])


def _all_texts(doc: Document) -> Iterator[tuple[str, str]]:
    for paragraph in doc.paragraphs:
        for part in paragraph.walk():
            yield paragraph.label, part.text
            if part.tail:
                yield paragraph.label, part.tail


def _accepts(expected: int | list[int], found: int) -> bool:
    return found in expected if isinstance(expected, list) else found == expected


def check_document(doc: Document, truth: dict[str, Any]) -> list[Problem]:
    """Every way `doc` disagrees with its truth entry (empty when it matches).

    Where the truth gives an `alternative` (a second defensible reading), matching it passes.
    """
    problems = _check_reading(doc, truth)
    alternative = truth.get("alternative")
    if problems and alternative:
        other = dict(truth) | {k: v for k, v in alternative.items() if k != "openings"}
        other["openings"] = dict(truth.get("openings") or {}) | alternative.get("openings", {})
        if not _check_reading(doc, other):
            return []
    return problems


def _check_reading(doc: Document, truth: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []

    def expect(field: str, expected: object, found: object) -> None:
        if expected != found:
            problems.append(Problem(field, f"expected {expected!r}, found {found!r}"))

    expect("pp", truth["pp"], len(doc.preamble))
    expect("op", truth["op"], len(doc.operative))
    paragraphs = labelled(doc)
    subs = {
        label: len(p.subparagraphs)
        for label, p in paragraphs.items()
        if p.subparagraphs and not label.startswith("ANNEX") and ":" not in label
    }
    if truth.get("subs") is not None:
        for label, count in truth["subs"].items():
            expect(f"subs {label}", count, subs.get(label, 0))
        quoted = _quoted_labels(truth)
        extra = {k: v for k, v in subs.items() if k not in truth["subs"] and k not in quoted}
        expect("subs (unexpected)", {}, extra)
    annex_subs = {
        label: len(p.subparagraphs)
        for label, p in paragraphs.items()
        if p.subparagraphs and label.startswith("ANNEX")
    }
    expect("annex_subs", truth.get("annex_subs") or {}, annex_subs)
    nested = {}
    for label, paragraph in paragraphs.items():
        if ":" in label:
            continue
        for sub in paragraph.subparagraphs:
            if sub.subparagraphs:
                nested[f"{label}{sub.label.upper()}"] = len(sub.subparagraphs)
    expect("nested", truth.get("nested") or {}, nested)
    footnotes = len(doc.footnotes)
    if not _accepts(truth["footnotes"], footnotes):
        problems.append(Problem("footnotes", f"expected {truth['footnotes']}, found {footnotes}"))
    if truth["annex"] is None:
        expect("annex", None, None if doc.annex is None else len(doc.annex.paragraphs))
    else:
        expect("annex", truth["annex"], None if doc.annex is None else len(doc.annex.paragraphs))
    if "headings" in truth:
        found_headings = [normalise(h.text) for h in getattr(doc, "headings", ())]
        expect("headings", [normalise(h) for h in truth["headings"]], found_headings)
    if "sponsors" in truth:
        expected_sponsors = truth["sponsors"] or []
        expect("sponsors", expected_sponsors, list(getattr(doc, "sponsors", ())))
    if truth.get("symbol"):
        expect("symbol", normalise(truth["symbol"]), normalise(doc.symbol))
    for label, printed in (truth.get("labels") or {}).items():
        paragraph = paragraphs.get(label)
        expect(f"label {label}", printed, f"({paragraph.number})" if paragraph else None)
    for label, opening in (truth.get("openings") or {}).items():
        paragraph = paragraphs.get(label)
        words = len(normalise(opening).split())
        expect(
            f"opening {label}",
            normalise(opening),
            _words(paragraph.text, words) if paragraph else None,
        )
    for key, phrase in (truth.get("contains") or {}).items():
        paragraph = _resolve(key, paragraphs)
        text = normalise(paragraph.full_text()) if paragraph else ""
        if normalise(phrase) not in text:
            problems.append(
                Problem(
                    f"contains {key}",
                    f"{phrase!r} not in {text[:300]!r}" if paragraph else f"no paragraph {key}",
                )
            )
    for absent in truth.get("absent") or ():
        for label, text in _all_texts(doc):
            if absent in normalise(text):
                problems.append(Problem("absent", f"{absent!r} found in {label}"))
                break
    return problems


#: Lettered text that is quotation, where the README says either reading passes (no `subs`).
QUOTED: dict[str, set[str]] = {"A/RES/79/280": {"OP1"}}


def _quoted_labels(truth: dict[str, Any]) -> set[str]:
    """Paragraphs whose lettered text is quotation (either reading passes, per the README)."""
    return QUOTED.get(truth.get("symbol", ""), set())


def _squash(text: str) -> str:
    return "".join(normalise(text).split())


def _with_marks(paragraph: Paragraph) -> str:
    """The paragraph's text with its footnote marks put back where they stood, as printed."""
    text = paragraph.full_text()
    for ref in sorted(paragraph.footnote_refs, key=lambda r: r.offset, reverse=True):
        text = text[: ref.offset] + ref.mark + text[ref.offset :]
    return text


def check_labels(doc: Document, labels: dict[str, str]) -> list[Problem]:
    """`pairs/labels.json`: the same labels, each paragraph starting as the truth's 90 characters.

    The truth's text is the source's: it keeps the printed number (`1. Recalls`) and footnote
    marks glued as printed (`Agreement6`), so the comparison puts the marks back and ignores
    spacing.
    """
    problems: list[Problem] = []
    paragraphs = labelled(doc)
    found = [k for k in paragraphs if ":" not in k]
    if sorted(found) != sorted(labels):
        missing = [k for k in labels if k not in paragraphs]
        extra = [k for k in found if k not in labels]
        problems.append(Problem("labels", f"missing {missing}, unexpected {extra}"))
    for label, start in labels.items():
        paragraph = paragraphs.get(label)
        if paragraph is None:
            continue
        expected = _squash(re.sub(r"^\s*\d{1,3}\.\s+", "", start))
        text = _squash(_with_marks(paragraph))
        plain = _squash(paragraph.full_text())
        if not (text.startswith(expected) or plain.startswith(expected)):
            problems.append(Problem(f"text {label}", f"expected {start!r}, found {text[:90]!r}"))
    return problems


def score(results: Iterable[tuple[str, list[Problem]]]) -> tuple[int, int]:
    """How many documents match exactly, out of how many."""
    listed = list(results)
    return sum(1 for _, problems in listed if not problems), len(listed)
