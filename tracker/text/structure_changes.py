"""What changed between two texts besides their paragraphs, for the comparison page: the
section headings, each placed before the compared paragraph it opens, and the list of sponsors.

A heading printed the same in both texts is unchanged and stands where the newer text prints
it; one only the newer text prints is added, one only the older text printed is deleted and
stands where it stood.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.text.align import Pair
from tracker.text.diff import DiffOp, Op, word_diff
from tracker.text.document import Document, Heading
from tracker.text.export_text import join_names


@dataclass(frozen=True)
class HeadingChange:
    """A section heading as printed (`I. Global context`) and how it changed."""

    line: str
    #: `unchanged`, `added` or `deleted`.
    change: str


@dataclass(frozen=True)
class StructureChanges:
    """The headings by the index of the compared pair they stand before (`at_end`: after the
    last pair), and the word changes of the list of sponsors (empty when neither has one)."""

    before_pair: dict[int, tuple[HeadingChange, ...]]
    at_end: tuple[HeadingChange, ...]
    sponsors: tuple[DiffOp, ...]

    @property
    def sponsors_changed(self) -> bool:
        return any(op.op is not Op.EQUAL for op in self.sponsors)

    def heading_counts(self) -> dict[str, int]:
        """How many headings were added and how many deleted, for the comparison's summary."""
        counts = Counter(
            h.change for h in (*(h for row in self.before_pair.values() for h in row), *self.at_end)
        )
        return {change: counts[change] for change in ("added", "deleted")}


def structure_changes(old: Document, new: Document, pairs: Sequence[Pair]) -> StructureChanges:
    """The headings and sponsors of two texts compared, placed among their paired paragraphs."""
    kept = Counter(h.printed for h in old.headings) & Counter(h.printed for h in new.headings)
    still_printed = kept.copy()
    placed: list[tuple[Heading, str, int | None]] = []
    for heading in old.headings:
        if kept[heading.printed]:
            kept[heading.printed] -= 1
        else:
            placed.append((heading, "deleted", _place(pairs, heading, old_side=True)))
    for heading in new.headings:
        if still_printed[heading.printed]:
            still_printed[heading.printed] -= 1
            change = "unchanged"
        else:
            change = "added"
        placed.append((heading, change, _place(pairs, heading, old_side=False)))
    before_pair: dict[int, tuple[HeadingChange, ...]] = {}
    at_end: list[HeadingChange] = []
    for heading, change, index in placed:
        item = HeadingChange(heading.printed, change)
        if index is None:
            at_end.append(item)
        else:
            before_pair[index] = (*before_pair.get(index, ()), item)
    return StructureChanges(before_pair, tuple(at_end), _sponsor_diff(old, new))


def _place(pairs: Sequence[Pair], heading: Heading, old_side: bool) -> int | None:
    """Index of the first pair whose paragraph on that side the heading opens; None when it
    opens none (it closes the text)."""
    if not heading.before:
        return None
    for index, pair in enumerate(pairs):
        if (pair.old_label if old_side else pair.new_label) == heading.before:
            return index
    return None


def _sponsor_diff(old: Document, new: Document) -> tuple[DiffOp, ...]:
    if not (old.sponsors or new.sponsors):
        return ()
    return word_diff(join_names(old.sponsors), join_names(new.sponsors))
