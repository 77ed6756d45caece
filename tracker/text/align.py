"""Paragraph identity between two revisions: which paragraph of the new text continues which of the old.

Interface shared by the lineage code, the compare page, the CLI and the exports. The pairing
itself is implemented in `align_documents`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from tracker.text.diff import DiffOp
from tracker.text.document import Document, Paragraph


class Change(StrEnum):
    """What happened to a paragraph between two revisions."""

    UNCHANGED = "unchanged"
    MODIFIED = "modified"
    #: Relative order changed (not merely renumbered by an insertion or deletion above it).
    MOVED = "moved"
    ADDED = "added"
    DELETED = "deleted"
    #: One old paragraph became several new ones; every resulting pair carries this change.
    SPLIT = "split"
    #: Several old paragraphs became one new one; every contributing pair carries this change.
    MERGED = "merged"


@dataclass(frozen=True)
class Pair:
    """An old paragraph and its continuation in the new text (either side may be None)."""

    old: Paragraph | None
    new: Paragraph | None
    change: Change
    #: 0..1 similarity of the two texts; 1.0 for identical, 0.0 when a side is missing.
    similarity: float
    #: Word-level diff of old.full_text() -> new.full_text() (empty when a side is missing).
    diff: tuple[DiffOp, ...] = ()
    #: Sub-paragraph pairs inside this pair, same shape.
    subpairs: tuple[Pair, ...] = ()
    #: True when this pair, although moved or edited, also changed its text (for MOVED pairs).
    text_changed: bool = False
    #: For SPLIT and MERGED: labels of the other paragraphs on the many side.
    related: tuple[str, ...] = ()
    #: True when a person fixed this pairing by hand rather than the algorithm.
    manual: bool = False

    @property
    def old_label(self) -> str | None:
        return self.old.label if self.old else None

    @property
    def new_label(self) -> str | None:
        return self.new.label if self.new else None


@dataclass(frozen=True)
class Alignment:
    """All pairs between two documents, in the new document's reading order with deleted
    paragraphs placed where they stood in the old one."""

    pairs: tuple[Pair, ...]

    def summary(self) -> dict[str, int]:
        """Counts per change type, every type present (zero when none)."""
        counts = {c.value: 0 for c in Change}
        for pair in self.pairs:
            counts[pair.change.value] += 1
        return counts


#: Manual corrections: new paragraph label -> old paragraph label it continues (None: it is new).
Corrections = Mapping[str, str | None]
