"""Paragraph identity between two revisions: which new paragraph continues which old one.

Interface shared by the lineage code, the compare page, the CLI and the exports. The pairing
itself is implemented in `align_documents`.

Pairing uses content, never numbers or labels, because every revision renumbers:

1. Manual corrections are applied first and are never second-guessed.
2. Paragraphs whose text is the same (whitespace aside) are paired.
3. The remaining ones are paired by similarity of their words. Candidates come from an inverted
   index of word pairs, so a long text does not compare every paragraph with every other; the
   pairs are then chosen best score first across the whole text, so a paragraph that merely
   shares some words with a rewritten one cannot take it from its real predecessor. A pair
   standing in the same narrow place (between the same paired neighbours) needs fewer words.
4. The pairs made so far become anchors, as recurring resolutions change a date or a session
   number in nearly every paragraph and so leave few identical ones. Between the new anchors,
   leftovers are paired by place: the one paragraph that went and the one that came between
   the same two neighbours, in the same part, are one paragraph reworded where it stood. Then
   a paragraph cut down to a part of itself, or grown around itself, is paired wherever it
   went (most of the smaller one's words inside the larger, in order), and two leftovers of
   the same part that are each other's only likely match are paired, unless most of the old
   text is gone (a rewrite, where shared words are a subject, not an identity).
5. A new paragraph left over whose words are mostly the unused remainder of an old paragraph
   is a part of a split; an old paragraph left over whose words mostly reappear in a new one
   was merged into it. The part sharing most words with the single side is the main one: it
   continues the lineage.
6. The longest increasing subsequence of old positions, taken in new order, marks what stayed
   in place; matched paragraphs outside it were moved.
"""

from __future__ import annotations

import bisect
import gc
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain
from typing import Any

from tracker.text.diff import DiffOp, diff_with_similarity
from tracker.text.document import Document, Kind, Paragraph


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
    #: False for the lesser parts of a split or merge: the one main part of each (the one that
    #: shares the most words with the paragraph on the single side) continues its lineage.
    main: bool = True

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

    def continuity(self) -> Continuity:
        """How many top-level paragraphs of each text pair with one of the other."""
        old = {pair.old.label for pair in self.pairs if pair.old is not None}
        new = {pair.new.label for pair in self.pairs if pair.new is not None}
        paired = [pair for pair in self.pairs if pair.old is not None and pair.new is not None]
        return Continuity(
            old_continued=len({pair.old.label for pair in paired if pair.old is not None}),
            old_total=len(old),
            new_continuing=len({pair.new.label for pair in paired if pair.new is not None}),
            new_total=len(new),
        )

    def continued(self) -> dict[str, str | None]:
        """new top-level label -> the old label whose lineage it continues (None: it starts
        one), in the form of `Corrections`: the main pair of a split or merge continues it."""
        continued: dict[str, str | None] = {}
        for pair in self.pairs:
            if pair.new is None:
                continue
            if pair.old is not None and pair.main:
                continued[pair.new.label] = pair.old.label
            else:
                continued.setdefault(pair.new.label, None)
        return continued


#: Below this share of paragraphs that pair, on whichever text pairs the larger share, two
#: texts are taken for different resolutions rather than two stages of one. The most rewritten
#: real pair of the corpus (a country resolution rewritten after a change of government, 99
#: paragraphs to 44) still pairs 7 of its 44 new paragraphs (16%); every other real pair
#: pairs 90% or more of one side. Unrelated resolutions pair none, or one or two boilerplate
#: paragraphs (`Decides to include in the provisional agenda ...`).
UNRELATED_SHARE = 0.10


@dataclass(frozen=True)
class Continuity:
    """How much of a text continues into another: the top-level paragraphs of each that pair."""

    old_continued: int
    old_total: int
    new_continuing: int
    new_total: int

    @property
    def share(self) -> float:
        """The larger of the two texts' shares of paragraphs that pair (0 to 1)."""
        return max(
            self.old_continued / self.old_total if self.old_total else 0.0,
            self.new_continuing / self.new_total if self.new_total else 0.0,
        )

    @property
    def almost_nothing(self) -> bool:
        """Whether almost nothing of the old text continues into the new one: more likely a
        different resolution (a wrong file) than its next stage."""
        return bool(self.old_total and self.new_total) and self.share < UNRELATED_SHARE


#: Manual corrections: new paragraph label -> old paragraph label it continues (None: it is new).
Corrections = Mapping[str, str | None]


class CorrectionError(ValueError):
    """A manual correction names a paragraph that one of the two texts does not have."""


#: Share of content words two leftover paragraphs must have in common (Dice) to be paired.
#: Unrelated paragraphs of 79/286 and its 2021 zero draft stay below 0.4, while every
#: paragraph rewritten over those four years of negotiations stays above 0.7.
PAIRING_THRESHOLD = 0.6
#: ...and the share of consecutive word pairs, so that two paragraphs built from the same stock
#: phrases in a different order are not taken for one another.
WORD_ORDER_THRESHOLD = 0.55
#: The lower bar for paragraphs that stand in the same place, between the same unchanged
#: neighbours: a paragraph rewritten where it stood keeps its identity with fewer words.
SAME_PLACE_THRESHOLD = 0.4
#: The lowest bar, for the one paragraph that went and the one that came between the same two
#: neighbours, in the same part: reworded where it stood, keeping little but its subject.
SLOT_THRESHOLD = 0.15
#: ...sharing at least this many content words other than numbers: a subject, not just a verb
#: and "report".
SLOT_MIN_WORDS = 5
#: The bar for the one paragraph that went and the best of the few that came between the same
#: neighbours (or the other way round), when it is far the best of them (SOLE_MATCH_MARGIN):
#: cut down where it stood while new ones were added beside it.
SLOT_BEST_THRESHOLD = 0.25
#: A paragraph cut down to a part of itself, or grown around itself: the share of the smaller
#: one's content words found in the larger...
CONTAINED_THRESHOLD = 0.7
#: ...and how many words other than numbers that must be at least (here and for the only
#: likely match), so that a short stock phrase, or a list of the same dates, proves nothing.
CONTAINED_MIN_WORDS = 8
#: Share of the shared words that must keep their order (when word pairs were broken up by
#: insertions), so that the same stock phrases in another order are not taken for a paragraph.
ORDER_KEPT_THRESHOLD = 0.8
#: A leftover paragraph and its only likely match in the same part, on both sides: the least
#: share of content words (Dice)...
SOLE_MATCH_THRESHOLD = 0.35
#: ...and how many times better than the next candidate on either side it must be.
SOLE_MATCH_MARGIN = 1.5
#: Leftovers are compared all with all for the only likely match while there are at most this
#: many pairs of them: far more than a real revision leaves (in the corpus of real pairs, at
#: most 3 old paragraphs against 28 new ones, outside a rewrite).
SOLE_MATCH_PAIRS = 1_000
#: A text that left more than this share of the old paragraphs unpaired is a rewrite.
REWRITE_SHARE = 0.5
#: Added to the score of paragraphs that stand in the same place, to prefer them on near ties.
SAME_PLACE_BONUS = 0.1
#: Share of a leftover paragraph's content words that must come from the unused remainder of
#: a paragraph on the other side for it to count as a part of a split (or merge).
CONTAINMENT_THRESHOLD = 0.6
#: Word pairs found in more leftover paragraphs than this are boilerplate ("General Assembly")
#: and say nothing about identity, so they are left out of the candidate index.
COMMON_SHINGLE_LIMIT = 20
#: How many index candidates per paragraph are scored.
CANDIDATES_PER_PARAGRAPH = 8
#: Places with at most this many leftover paragraphs a side have all their cross pairs scored,
#: so a rewrite that kept no word pair intact is still considered.
SMALL_PLACE = 6

_STOPWORDS = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its")
    + ("of", "on", "or", "that", "the", "this", "to", "which", "will", "with")
)
_WORD = re.compile(r"\w+")
#: For ASCII text, `\w+` after lowercasing is the same as this byte table (letters lowered,
#: digits and underscore kept, everything else a space) followed by a split, at a fifth of
#: the cost of the regular expression.
_ASCII_WORD_BYTES = (
    bytes(
        (code | 0x20 if chr(code).isalpha() else code)
        if chr(code).isalnum() or chr(code) == "_"
        else ord(" ")
        for code in range(128)
    )
    + b" " * 128
)
#: The hash of two consecutive content words (or of one word, in very short paragraphs).
Shingle = int


def _content_words(text: str) -> list[str]:
    """The words of a text, lowercased, stopwords left out."""
    if text.isascii():
        words = text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    else:
        words = _WORD.findall(text.lower())
    return [word for word in words if word not in _STOPWORDS]


def _comparison_text(paragraph: Paragraph) -> str:
    # Most paragraphs have neither sub-paragraphs nor a tail: their own text is the full text.
    if paragraph.subparagraphs or paragraph.tail:
        return paragraph.full_text()
    return paragraph.text


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _dice(a: frozenset[Any], b: frozenset[Any]) -> float:
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 0.0


def _containment(part: Counter[str], whole: Counter[str]) -> float:
    size = part.total()
    return (part & whole).total() / size if size else 0.0


class _Side:
    """One side's paragraphs, with the texts and word bags the pairing looks at."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self.texts = [_comparison_text(p) for p in paragraphs]
        self._keys: dict[int, str] = {}
        self.links: dict[int, list[int]] = {}
        self._words: dict[int, list[str]] = {}
        self._bags: dict[int, Counter[str]] = {}
        self._tokens: dict[int, frozenset[str]] = {}
        self._shingles: dict[int, frozenset[Shingle]] = {}

    def __len__(self) -> int:
        return len(self.paragraphs)

    def key(self, index: int) -> str:
        """The text with whitespace normalised, for telling unchanged paragraphs."""
        if index not in self._keys:
            self._keys[index] = _normalise(self.texts[index])
        return self._keys[index]

    def words(self, index: int) -> list[str]:
        if index not in self._words:
            self._words[index] = _content_words(self.texts[index])
        return self._words[index]

    def bag(self, index: int) -> Counter[str]:
        if index not in self._bags:
            self._bags[index] = Counter(self.words(index))
        return self._bags[index]

    def tokens(self, index: int) -> frozenset[str]:
        """The content words as a set with the n-th repeat of a word told apart (`states#2`).

        Set intersection is then multiset intersection, at the speed of a built-in set.
        """
        if index not in self._tokens:
            words = self.words(index)
            tokens = set(words)
            if len(tokens) < len(words):
                # Only the few repeats are counted one by one.
                seen: set[str] = set()
                repeats = []
                for word in words:
                    if word in seen:
                        repeats.append(word)
                    else:
                        seen.add(word)
                counts: dict[str, int] = {}
                for word in repeats:
                    count = counts.get(word, 1) + 1
                    counts[word] = count
                    tokens.add(f"{word}#{count}")
            self._tokens[index] = frozenset(tokens)
        return self._tokens[index]

    def shingles(self, index: int) -> frozenset[Shingle]:
        if index not in self._shingles:
            words = self.words(index)
            # Hashes rather than the word pairs themselves: ints are not tracked by the
            # garbage collector, whose full passes otherwise grow with the text. A collision
            # only adds a candidate, which is then scored on its words.
            found = frozenset(map(hash, zip(words, words[1:], strict=False)))
            if len(words) < 4:
                found = found.union(map(hash, words))
            self._shingles[index] = found
        return self._shingles[index]

    def label(self, index: int) -> str:
        return self.paragraphs[index].label


class _ShingleIndex:
    """Word pair -> the paragraphs of one side that contain it (boilerplate pairs left out)."""

    def __init__(self, side: _Side, indexes: Sequence[int]) -> None:
        # Most word pairs occur in one paragraph only: those map to it directly, and only the
        # others get a list (fewer objects for the garbage collector to count).
        first: dict[Shingle, int] = {}
        repeated: dict[Shingle, list[int]] = {}
        for index in indexes:
            for shingle in side.shingles(index):
                if shingle not in first:
                    first[shingle] = index
                elif shingle in repeated:
                    repeated[shingle].append(index)
                else:
                    repeated[shingle] = [first[shingle], index]
        for shingle, postings in repeated.items():
            if len(postings) > COMMON_SHINGLE_LIMIT:
                del first[shingle]
        #: Word pair -> the paragraph holding it, when only one does.
        self.single = {s: i for s, i in first.items() if s not in repeated}
        #: Word pair -> the paragraphs holding it, when several (but not too many) do.
        self.several = {s: p for s, p in repeated.items() if len(p) <= COMMON_SHINGLE_LIMIT}
        #: Greater than any paragraph index, for folding (hits, index) into one int.
        self.spread = len(side) + 1

    def candidates(self, shingles: frozenset[Shingle], limit: int) -> list[int]:
        several = self.several
        hits = Counter(map(self.single.__getitem__, shingles & self.single.keys()))
        if several:
            hits.update(chain.from_iterable(map(several.__getitem__, shingles & several.keys())))
        if len(hits) <= limit:
            return sorted(hits)
        # Most hits first, ties to the earlier paragraph whatever order the hashes put the hits
        # in: both folded into one int per hit, so the heap compares plain ints.
        spread = self.spread
        ranked = heapq.nsmallest(limit, [index - count * spread for index, count in hits.items()])
        return [rank % spread for rank in ranked]


def increasing_run(sequence: Sequence[int]) -> set[int]:
    """Positions in `sequence` of one longest strictly increasing subsequence."""
    tails: list[int] = []  # value ending the best run of each length
    tail_positions: list[int] = []
    previous: list[int] = [-1] * len(sequence)
    for position, value in enumerate(sequence):
        length = bisect.bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[length] = value
            tail_positions[length] = position
        previous[position] = tail_positions[length - 1] if length else -1
    run: set[int] = set()
    position = tail_positions[-1] if tail_positions else -1
    while position != -1:
        run.add(position)
        position = previous[position]
    return run


class _Aligner:
    """Pairs one sequence of paragraphs with another (top level, or sub-paragraphs of a pair)."""

    def __init__(
        self,
        old: Sequence[Paragraph],
        new: Sequence[Paragraph],
        forced: Sequence[tuple[int, int]] = (),
        kept_apart: frozenset[int] = frozenset(),
    ) -> None:
        self.old = _Side(old)
        self.new = _Side(new)
        self.manual = set(forced)
        self.kept_apart = kept_apart
        for i, j in forced:
            self._link(i, j)

    def _link(self, i: int, j: int) -> None:
        self.old.links.setdefault(i, []).append(j)
        self.new.links.setdefault(j, []).append(i)

    def pairs(self) -> list[Pair]:
        """Every pair, in the new text's reading order with deletions where they stood."""
        self._pair_identical()
        pool_old = [i for i in range(len(self.old)) if i not in self.old.links]
        pool_new = [
            j for j in range(len(self.new)) if j not in self.new.links and j not in self.kept_apart
        ]
        if pool_old and pool_new:
            self._pair_leftovers(pool_old, pool_new)
        return self._reading_order()

    def _pair_identical(self) -> None:
        # Byte-identical texts first (cheap), then those that differ only in spacing.
        self._pair_equal(self.old.texts.__getitem__, self.new.texts.__getitem__)
        self._pair_equal(self.old.key, self.new.key)

    def _pair_equal(
        self, text_of_old: Callable[[int], str], text_of_new: Callable[[int], str]
    ) -> None:
        """Pair the paragraphs still free whose texts, as given, are equal."""
        first_free: dict[str, int] = {}
        # Repeated texts pair up in order, first with first; texts are rarely repeated.
        later: dict[str, list[int]] = {}
        old_links, new_links, kept_apart = self.old.links, self.new.links, self.kept_apart
        for i in range(len(self.old)):
            if i not in old_links:
                text = text_of_old(i)
                if text in first_free:
                    later.setdefault(text, []).append(i)
                else:
                    first_free[text] = i
        if not first_free:
            return
        for j in range(len(self.new)):
            if j in new_links or j in kept_apart:
                continue
            text = text_of_new(j)
            match = first_free.pop(text, None)
            if match is not None:
                self._link(match, j)
                if later.get(text):
                    first_free[text] = later[text].pop(0)

    def _places(self) -> tuple[list[int], list[int]]:
        """Old and new positions of the paragraphs settled so far that kept their order."""
        # Two lists of ints rather than a list of pairs: fewer objects for the garbage
        # collector to count, whose full passes otherwise grow with the text.
        settled_old: list[int] = []
        settled_new: list[int] = []
        for j in sorted(self.new.links):
            olds = self.new.links[j]
            for i in sorted(olds) if len(olds) > 1 else olds:
                settled_old.append(i)
                settled_new.append(j)
        in_order = sorted(increasing_run(settled_old))
        return [settled_old[k] for k in in_order], [settled_new[k] for k in in_order]

    def _pair_leftovers(self, pool_old: list[int], pool_new: list[int]) -> None:
        old_anchors, new_anchors = self._places()

        def old_place(i: int) -> int:
            return bisect.bisect_left(old_anchors, i)

        def new_place(j: int) -> int:
            return bisect.bisect_left(new_anchors, j)

        # Looked up in the loops below without a method call each time.
        old_tokens = {i: self.old.tokens(i) for i in pool_old}
        new_tokens = {j: self.new.tokens(j) for j in pool_new}
        old_shingles = {i: self.old.shingles(i) for i in pool_old}
        new_shingles = {j: self.new.shingles(j) for j in pool_new}
        old_by_place: dict[int, list[int]] = defaultdict(list)
        new_by_place: dict[int, list[int]] = defaultdict(list)
        for i in pool_old:
            old_by_place[old_place(i)].append(i)
        for j in pool_new:
            new_by_place[new_place(j)].append(j)

        # A place holding one leftover a side, the two this alike, is settled before ranking:
        # with the same-place bonus no pair elsewhere can outrank it (no score exceeds 1), so
        # ranking would pair them anyway. Most edited paragraphs are edited where they stand.
        for place, olds in old_by_place.items():
            news = new_by_place.get(place)
            if len(olds) == 1 and news is not None and len(news) == 1:
                i, j = olds[0], news[0]
                if _dice(old_tokens[i], new_tokens[j]) + SAME_PLACE_BONUS > 1.0:
                    self._link(i, j)

        # Both indexes hold the whole pool: a paragraph settled above may still be the rest
        # of a split or merge.
        old_index = _ShingleIndex(self.old, pool_old)
        new_index = _ShingleIndex(self.new, pool_new)

        def small_place(members: list[int]) -> list[int]:
            return members if len(members) <= SMALL_PLACE else []

        found_old: dict[int, list[int]] = {}
        found_new: dict[int, list[int]] = {}

        def old_candidates(j: int) -> list[int]:
            if j not in found_old:
                found = old_index.candidates(new_shingles[j], CANDIDATES_PER_PARAGRAPH)
                extra = small_place(old_by_place.get(new_place(j), []))
                found_old[j] = found + [i for i in extra if i not in found]
            return found_old[j]

        def new_candidates(i: int) -> list[int]:
            if i not in found_new:
                found = new_index.candidates(old_shingles[i], CANDIDATES_PER_PARAGRAPH)
                extra = small_place(new_by_place.get(old_place(i), []))
                found_new[i] = found + [j for j in extra if j not in found]
            return found_new[i]

        def could_hold(part: frozenset[str], whole: frozenset[str]) -> bool:
            # Cheap upper bound of the containment in what is left unused of `whole`.
            return len(part & whole) >= CONTAINMENT_THRESHOLD * len(part) > 0

        def drift(i: int, j: int) -> float:
            return abs(i / len(self.old) - j / len(self.new))

        # A place says something about identity only while it is narrow: between two anchors
        # far apart (a rewrite keeps few paragraphs) every paragraph is "there".
        def wide_places() -> set[int]:
            return {
                place
                for by_place in (old_by_place, new_by_place)
                for place, members in by_place.items()
                if len(members) > SMALL_PLACE
            }

        wide = wide_places()

        def tight(place: int) -> bool:
            return place not in wide

        # One-to-one pairs, best first over the whole text.
        scored: list[tuple[float, float, int, int]] = []
        for j in pool_new:
            if j in self.new.links:
                continue
            new_place_j = new_place(j)
            # Outside a narrow place no candidate stands in the same place.
            place_j = new_place_j if new_place_j not in wide else -1
            tokens_j = new_tokens[j]
            for i in old_candidates(j):
                if i in self.old.links:
                    continue
                score = _dice(old_tokens[i], tokens_j)
                same_place = old_place(i) == place_j
                if (same_place and score >= SAME_PLACE_THRESHOLD) or (
                    score >= PAIRING_THRESHOLD
                    and (
                        _dice(old_shingles[i], new_shingles[j]) >= WORD_ORDER_THRESHOLD
                        or self._order_kept(i, j) >= ORDER_KEPT_THRESHOLD
                    )
                ):
                    bonus = SAME_PLACE_BONUS if same_place else 0.0
                    scored.append((-(score + bonus), drift(i, j), i, j))
        scored.sort()
        for _, _, i, j in scored:
            if i not in self.old.links and j not in self.new.links:
                self._link(i, j)

        # The pairs just made are anchors too: a recurring resolution changes a date or a
        # session number in nearly every paragraph, so few were identical and the first places
        # were wide. Between the new anchors, a paragraph reworded where it stood is found by
        # its place; then a paragraph cut down to a part of itself, or grown around itself,
        # wherever it went. Splits and merges are looked for between these anchors too.
        old_anchors, new_anchors = self._places()
        self._pair_in_place(pool_old, pool_new, old_anchors, new_anchors)
        self._pair_contained(pool_new, old_candidates)
        self._pair_sole_matches(pool_old, pool_new)
        old_by_place.clear()
        new_by_place.clear()
        for i in pool_old:
            old_by_place[old_place(i)].append(i)
        for j in pool_new:
            new_by_place[new_place(j)].append(j)
        wide = wide_places()

        # Splits: a leftover new paragraph made of what its old paragraph's partner left unused.
        # A leftover old paragraph with no partner may take it too (the new one is what was
        # kept of it), but only where it stood: elsewhere, shared stock phrases are no proof.
        unused_old: dict[int, Counter[str]] = {}

        def unused_of_old(i: int) -> Counter[str]:
            if i not in unused_old:
                unused = self.old.bag(i).copy()
                for j in self.old.links.get(i, ()):
                    unused -= self.new.bag(j)
                unused_old[i] = unused
            return unused_old[i]

        for j in pool_new:
            if j in self.new.links:
                continue
            best = max(
                (
                    (_containment(self.new.bag(j), unused_of_old(i)), -drift(i, j), i)
                    for i in old_candidates(j)
                    if could_hold(new_tokens[j], old_tokens[i])
                    and (
                        i in self.old.links
                        or (old_place(i) == new_place(j) and tight(new_place(j)))
                    )
                    and not any(len(self.new.links[k]) > 1 for k in self.old.links.get(i, ()))
                ),
                default=None,
            )
            if best and best[0] >= CONTAINMENT_THRESHOLD:
                i = best[2]
                self._link(i, j)
                unused_old[i] = unused_of_old(i) - self.new.bag(j)

        # Merges: a leftover old paragraph whose words reappear in what a new one does not owe
        # to its partner.
        unused_new: dict[int, Counter[str]] = {}

        def unused_of_new(j: int) -> Counter[str]:
            if j not in unused_new:
                unused = self.new.bag(j).copy()
                for i in self.new.links.get(j, ()):
                    unused -= self.old.bag(i)
                unused_new[j] = unused
            return unused_new[j]

        for i in pool_old:
            if i in self.old.links:
                continue
            best = max(
                (
                    (_containment(self.old.bag(i), unused_of_new(j)), -drift(i, j), j)
                    for j in new_candidates(i)
                    if could_hold(old_tokens[i], new_tokens[j])
                    and (
                        j in self.new.links
                        or (old_place(i) == new_place(j) and tight(old_place(i)))
                    )
                    and not any(len(self.old.links[k]) > 1 for k in self.new.links.get(j, ()))
                ),
                default=None,
            )
            if best and best[0] >= CONTAINMENT_THRESHOLD:
                j = best[2]
                self._link(i, j)
                unused_new[j] = unused_of_new(j) - self.old.bag(i)
        self._merge_neighbours(pool_old, new_candidates)

    def _merge_neighbours(
        self, pool_old: list[int], new_candidates: Callable[[int], list[int]]
    ) -> None:
        """Merges of paragraphs that stood together: a leftover old paragraph whose words
        mostly reappear in the new paragraph its neighbour became, though that neighbour's
        words took some of them (`Recalling further its resolution 78/223, in which it
        approved the agenda items ...` and `Recalling that, in its resolution 78/223, it
        decided that ... the Fifteenth Congress would adopt a single declaration` as one
        paragraph). A paragraph beside it means none left in between that continues."""
        linked = sorted(self.old.links)
        for i in pool_old:
            if i in self.old.links:
                continue
            at = bisect.bisect_left(linked, i)
            neighbours = {linked[k] for k in (at - 1, at) if 0 <= k < len(linked)}
            best = max(
                (
                    (_containment(self.old.bag(i), self.new.bag(j)), j)
                    for j in new_candidates(i)
                    if j in self.new.links
                    and any(
                        k in neighbours
                        and _part(self.old.paragraphs[k]) is _part(self.old.paragraphs[i])
                        for k in self.new.links[j]
                    )
                    and not any(len(self.old.links[k]) > 1 for k in self.new.links[j])
                ),
                default=None,
            )
            if best and best[0] >= CONTAINMENT_THRESHOLD:
                self._link(i, best[1])

    def _order_kept(self, i: int, j: int) -> float:
        """Share of the words two paragraphs have in common that also keep their order.

        Words inserted into a paragraph break its word pairs but not the order of the words it
        kept; the same stock phrases in another order break both.
        """
        old_words, new_words = self.old.words(i), self.new.words(j)
        common = set(old_words) & set(new_words)
        old_seq = [word for word in old_words if word in common]
        new_seq = [word for word in new_words if word in common]
        if not old_seq or not new_seq:
            return 0.0
        return _common_subsequence(old_seq, new_seq) / min(len(old_seq), len(new_seq))

    def _pair_in_place(
        self,
        pool_old: list[int],
        pool_new: list[int],
        old_anchors: list[int],
        new_anchors: list[int],
    ) -> None:
        """Pair leftovers standing between the same two neighbours, now that more are paired."""
        old_by_place: dict[int, list[int]] = defaultdict(list)
        new_by_place: dict[int, list[int]] = defaultdict(list)
        for i in pool_old:
            if i not in self.old.links:
                old_by_place[bisect.bisect_left(old_anchors, i)].append(i)
        for j in pool_new:
            if j not in self.new.links:
                new_by_place[bisect.bisect_left(new_anchors, j)].append(j)
        scored: list[tuple[float, int, int]] = []
        for place, olds in old_by_place.items():
            news = new_by_place.get(place)
            if not news or len(olds) > SMALL_PLACE or len(news) > SMALL_PLACE:
                continue
            if len(olds) == len(news) == 1:
                # The only paragraph that went and the only one that came, between the same
                # neighbours and in the same part: the paragraph was reworded where it stood.
                i, j = olds[0], news[0]
                old_tokens, new_tokens = self.old.tokens(i), self.new.tokens(j)
                if (
                    self.old.paragraphs[i].kind == self.new.paragraphs[j].kind
                    and _words_beside_numbers(old_tokens & new_tokens) >= SLOT_MIN_WORDS
                    and _dice(old_tokens, new_tokens) >= SLOT_THRESHOLD
                ):
                    self._link(i, j)
                continue
            if best := self._best_in_slot(olds, news):
                # A paragraph that went and the one of those that came that is far the most
                # like it, and the other way round: it was cut down or reworded where it stood
                # while others were added or rewritten beside it.
                self._link(*best)
                if len(olds) == 1 or len(news) == 1:
                    continue
            for i in olds:
                for j in news:
                    score = _dice(self.old.tokens(i), self.new.tokens(j))
                    if score >= SAME_PLACE_THRESHOLD:
                        scored.append((-score, i, j))
        scored.sort()
        for _, i, j in scored:
            if i not in self.old.links and j not in self.new.links:
                self._link(i, j)

    def _best_in_slot(self, olds: list[int], news: list[int]) -> tuple[int, int] | None:
        """Of the pairs between the few paragraphs on each side of the same slot, the one far
        the most alike (SLOT_BEST_THRESHOLD, SOLE_MATCH_MARGIN over every other pair of either
        of its paragraphs), of the same kind and sharing a subject (SLOT_MIN_WORDS); None when
        no pair stands out."""
        scored = sorted(
            (
                (_dice(self.old.tokens(i), self.new.tokens(j)), i, j)
                for i in olds
                for j in news
                if self.old.paragraphs[i].kind == self.new.paragraphs[j].kind
                and _words_beside_numbers(self.old.tokens(i) & self.new.tokens(j)) >= SLOT_MIN_WORDS
            ),
            reverse=True,
        )
        if not scored or scored[0][0] < SLOT_BEST_THRESHOLD:
            return None
        best, i, j = scored[0]
        rivals = [score for score, k, m in scored[1:] if k == i or m == j]
        if rivals and best < SOLE_MATCH_MARGIN * rivals[0]:
            return None
        return i, j

    def _pair_contained(
        self, pool_new: list[int], old_candidates: Callable[[int], list[int]]
    ) -> None:
        """Pair leftovers one of which is, words in order, mostly inside the other.

        The most words shared first: of several paragraphs folded into one, the one that gave it
        most of its words continues it.
        """
        scored: list[tuple[int, float, int, int]] = []
        for j in pool_new:
            if j in self.new.links:
                continue
            new_tokens = self.new.tokens(j)
            for i in old_candidates(j):
                if i in self.old.links:
                    continue
                old_tokens = self.old.tokens(i)
                common = old_tokens & new_tokens
                shared = len(common)
                if shared < CONTAINED_MIN_WORDS:
                    continue
                inside = shared / min(len(old_tokens), len(new_tokens))
                if (
                    inside >= CONTAINED_THRESHOLD
                    and _words_beside_numbers(common) >= CONTAINED_MIN_WORDS
                    and self._order_kept(i, j) >= ORDER_KEPT_THRESHOLD
                ):
                    scored.append((-shared, -inside, i, j))
        scored.sort()
        for _, _, i, j in scored:
            if i not in self.old.links and j not in self.new.links:
                self._link(i, j)

    def _pair_sole_matches(self, pool_old: list[int], pool_new: list[int]) -> None:
        """Pair two leftovers of the same part that are each other's only likely match.

        A paragraph moved and rewritten keeps less than the pairing threshold, but when what
        it kept is found in no other leftover of its part, on either side, the two are one.
        Every leftover is compared with every other here, so only while they are few.
        """
        free_old = [i for i in pool_old if i not in self.old.links]
        free_new = [j for j in pool_new if j not in self.new.links]
        if not free_old or not free_new or len(free_old) * len(free_new) > SOLE_MATCH_PAIRS:
            return
        if len(free_old) > REWRITE_SHARE * len(self.old):
            # Most of the old text is gone: what leftovers share is their subject, not their
            # identity, and "the only match" of a paragraph means nothing.
            return
        ranked_new: dict[int, list[tuple[float, int]]] = defaultdict(list)
        ranked_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for i in free_old:
            kind, tokens = self.old.paragraphs[i].kind, self.old.tokens(i)
            for j in free_new:
                if self.new.paragraphs[j].kind == kind:
                    score = _dice(tokens, self.new.tokens(j))
                    ranked_new[i].append((score, j))
                    ranked_old[j].append((score, i))

        def sole(ranked: list[tuple[float, int]]) -> int | None:
            top = heapq.nlargest(2, ranked)
            if not top or top[0][0] < SOLE_MATCH_THRESHOLD:
                return None
            if len(top) > 1 and top[0][0] < SOLE_MATCH_MARGIN * top[1][0]:
                return None
            return top[0][1]

        for i, ranked in ranked_new.items():
            partner = sole(ranked)
            if (
                partner is not None
                and sole(ranked_old[partner]) == i
                and _words_beside_numbers(self.old.tokens(i) & self.new.tokens(partner))
                >= CONTAINED_MIN_WORDS
            ):
                self._link(i, partner)

    def _shared_words(self, i: int, j: int) -> tuple[int, float]:
        """How many content words two paragraphs share, then their Dice, for ranking parts."""
        old_tokens, new_tokens = self.old.tokens(i), self.new.tokens(j)
        return len(old_tokens & new_tokens), _dice(old_tokens, new_tokens)

    def _primary_links(self) -> tuple[list[int], list[int]]:
        """One link per group (the main part of a split or merge: the one carrying most of the
        single side's words), in new order: the old and the new position of each."""
        primary_old: list[int] = []
        primary_new: list[int] = []
        for j in sorted(self.new.links):
            olds = self.new.links[j]
            if len(olds) > 1:
                best = max(olds, key=lambda i: self._shared_words(i, j))
                primary_old.append(best)
                primary_new.append(j)
                continue
            (i,) = olds
            news = self.old.links[i]
            if len(news) > 1:
                best_new = max(news, key=lambda k: self._shared_words(i, k))
                if best_new != j:
                    continue
            primary_old.append(i)
            primary_new.append(j)
        return primary_old, primary_new

    def _make_pair(self, i: int, j: int, in_order: bool, main: bool = True) -> Pair:
        old, new = self.old.paragraphs[i], self.new.paragraphs[j]
        old_text, new_text = self.old.texts[i], self.new.texts[j]
        text_changed = old_text != new_text and self.old.key(i) != self.new.key(j)
        related: tuple[str, ...] = ()
        if len(self.old.links[i]) > 1:
            change = Change.SPLIT
            related = tuple(self.new.label(k) for k in sorted(self.old.links[i]) if k != j)
        elif len(self.new.links[j]) > 1:
            change = Change.MERGED
            related = tuple(self.old.label(k) for k in sorted(self.new.links[j]) if k != i)
        elif not in_order or _part(old) != _part(new):
            change = Change.MOVED
        else:
            change = Change.MODIFIED if text_changed else Change.UNCHANGED
        diff, ratio = diff_with_similarity(old_text, new_text)
        subpairs: tuple[Pair, ...] = ()
        if old.subparagraphs or new.subparagraphs:
            subpairs = tuple(_Aligner(old.subparagraphs, new.subparagraphs).pairs())
        return Pair(
            old=old,
            new=new,
            change=change,
            similarity=ratio,
            diff=diff,
            subpairs=subpairs,
            text_changed=text_changed,
            related=related,
            manual=bool(self.manual) and (i, j) in self.manual,
            main=main,
        )

    def _reading_order(self) -> list[Pair]:
        primary_old, primary_new = self._primary_links()
        main_of_group = dict(zip(primary_new, primary_old, strict=True))
        # Old position -> new position of the pairs that kept their order (an old position
        # appears at most once in an increasing run).
        in_order = {primary_old[k]: primary_new[k] for k in increasing_run(primary_old)}
        kept_old = sorted(in_order)
        # A deleted paragraph is shown after the nearest earlier old paragraph that kept its
        # place, so it appears where readers of the old text remember it.
        deleted_after: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.old)):
            if i not in self.old.links:
                position = bisect.bisect_left(kept_old, i)
                deleted_after[kept_old[position - 1] if position else -1].append(i)

        def deleted(anchor: int) -> list[Pair]:
            return [
                Pair(old=self.old.paragraphs[i], new=None, change=Change.DELETED, similarity=0.0)
                for i in deleted_after.pop(anchor, ())
            ]

        result = deleted(-1)
        for j in range(len(self.new)):
            olds = self.new.links.get(j)
            if not olds:
                result.append(
                    Pair(
                        old=None,
                        new=self.new.paragraphs[j],
                        change=Change.ADDED,
                        similarity=0.0,
                        manual=j in self.kept_apart,
                    )
                )
                continue
            if len(olds) > 1:
                olds = sorted(olds)
            for i in olds:
                main = main_of_group.get(j) == i
                result.append(self._make_pair(i, j, in_order.get(i) == j, main))
            for i in olds:
                if i in deleted_after and in_order.get(i) == j:
                    result.extend(deleted(i))
        return result


def _words_beside_numbers(tokens: frozenset[str]) -> int:
    """How many of the tokens are words rather than numbers.

    Symbols, days and years are counted apart: two lists of resolutions adopted on the same
    dates share many of them, and are not one paragraph for it.
    """
    return sum(not token[:1].isdigit() for token in tokens)


def _common_subsequence(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two word lists.

    Hunt and Szymanski's way: the longest increasing run of positions in `b` of the words of
    `a`, each word's positions taken last first so that one word is used once. Far faster
    than the quadratic table on paragraphs of a hundred words.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    for position, word in enumerate(b):
        positions[word].append(position)
    tails: list[int] = []
    for word in a:
        for position in reversed(positions.get(word, ())):
            length = bisect.bisect_left(tails, position)
            if length == len(tails):
                tails.append(position)
            else:
                tails[length] = position
    return len(tails)


def _part(paragraph: Paragraph) -> Kind:
    """The part of the resolution a paragraph stands in; crossing parts counts as a move."""
    return paragraph.kind


def align_documents(
    old: Document, new: Document, corrections: Corrections | None = None
) -> Alignment:
    """Pair the paragraphs of two revisions: which new paragraph continues which old one."""
    old_paragraphs, new_paragraphs = old.paragraphs, new.paragraphs
    forced, kept_apart = _resolve_corrections(old_paragraphs, new_paragraphs, corrections or {})
    with _cycle_collector_paused():
        # The aligner and its word sets are freed before the collector resumes, so that its
        # first pass has only the pairs to look at.
        pairs = _Aligner(old_paragraphs, new_paragraphs, forced, kept_apart).pairs()
    return Alignment(tuple(pairs))


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector, then restore it as it was.

    Pairing creates tens of thousands of small objects and no reference cycles: freeing them
    is the reference counts' job alone. Left running, the collector would scan them, and the
    two documents, again and again (at 10,000 paragraphs, 12% of the time, with a full pass
    over everything the process holds once the count runs high).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _resolve_corrections(
    old: Sequence[Paragraph], new: Sequence[Paragraph], corrections: Corrections
) -> tuple[list[tuple[int, int]], frozenset[int]]:
    old_positions: dict[str, int] = {}
    for position, paragraph in enumerate(old):
        old_positions.setdefault(paragraph.label, position)
    new_positions: dict[str, int] = {}
    for position, paragraph in enumerate(new):
        new_positions.setdefault(paragraph.label, position)
    forced: list[tuple[int, int]] = []
    kept_apart: set[int] = set()
    for new_label, old_label in corrections.items():
        j = new_positions.get(new_label)
        if j is None:
            raise CorrectionError(
                f"correction for {new_label}: the new text has no paragraph {new_label}"
            )
        if old_label is None:
            kept_apart.add(j)
            continue
        i = old_positions.get(old_label)
        if i is None:
            raise CorrectionError(
                f"correction for {new_label}: the old text has no paragraph {old_label}"
            )
        forced.append((i, j))
    return forced, frozenset(kept_apart)


def _pair_json(pair: Pair) -> dict[str, Any]:
    return {
        "old": pair.old_label,
        "new": pair.new_label,
        "change": pair.change.value,
        "similarity": round(pair.similarity, 3),
        "text_changed": pair.text_changed,
        "manual": pair.manual,
        "main": pair.main,
        "diff": [[op.op.value, op.text] for op in pair.diff],
        "related": list(pair.related),
        "subpairs": [_pair_json(sub) for sub in pair.subpairs],
    }


def to_json(alignment: Alignment) -> dict[str, Any]:
    """The documented JSON of `flask compare --json` (a public interface: change with care)."""
    return {
        "pairs": [_pair_json(pair) for pair in alignment.pairs],
        "summary": alignment.summary(),
    }
