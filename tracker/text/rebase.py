"""Carry a proposed change onto a text that has moved on since the proposal was made.

A delegate proposes an amendment to a paragraph as it read at one moment (the *base*); by the
time the chair reads it in, the room may have changed other words of the paragraph. The
proposal's change is taken as patches made from the word diff of the base and the proposal
(`word_diff`, on diff-match-patch): each patch is the words it replaces, the words it puts in
their place, and one unchanged word or mark either side as its context. The patches are
applied to the current text where the base's words still stand: a patch applies only if the
room changed neither its words nor its context, so every patch applies cleanly and exactly
or the whole change is refused with `Overlap`, which says what the room and the proposal
each changed there. A change the room already made in the same words is not made twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.text.diff import Op, tokenize, word_diff


@dataclass(frozen=True)
class Patch:
    """One change of the base: the characters `start`..`end` of the base become `text`."""

    start: int
    end: int
    text: str


class Overlap(ValueError):
    """The proposal changes words the text has changed since (or right next to them)."""

    def __init__(self, base: str, room: Patch, proposal: Patch) -> None:
        self.room_before = base[room.start : room.end]
        self.room_after = room.text
        self.proposal_before = base[proposal.start : proposal.end]
        self.proposal_after = proposal.text
        super().__init__(f"{self.room_change} in the text, {self.proposal_change} in the proposal")

    @property
    def room_change(self) -> str:
        """What the text changed there since, in words."""
        return changed_words(self.room_before, self.room_after)

    @property
    def proposal_change(self) -> str:
        """What the proposal changes there, in words."""
        return changed_words(self.proposal_before, self.proposal_after)


def changed_words(before: str, after: str) -> str:
    """A change in words a reader follows: `“a” became “b”`, `“a” was added`, `“a” was
    deleted`."""
    before, after = before.strip(), after.strip()
    if not before:
        return f"“{after}” was added"
    if not after:
        return f"“{before}” was deleted"
    return f"“{before}” became “{after}”"


def patches(base: str, changed: str) -> list[Patch]:
    """The changes that make `changed` of `base`, in order, each a run of whole words and
    marks of the base (from the word diff)."""
    found: list[Patch] = []
    position = 0
    start: int | None = None
    inserted: list[str] = []
    for op in word_diff(base, changed):
        if op.op == Op.EQUAL:
            if start is not None:
                found.append(Patch(start, position, "".join(inserted)))
                start, inserted = None, []
            position += len(op.text)
            continue
        if start is None:
            start = position
        if op.op == Op.DELETE:
            position += len(op.text)
        else:
            inserted.append(op.text)
    if start is not None:
        found.append(Patch(start, position, "".join(inserted)))
    return found


def _with_context(patch: Patch, tokens: list[tuple[int, int, str]]) -> tuple[int, int]:
    """The base characters the patch needs unchanged to apply: its own, and those up to the
    end of the word or mark before it and from the start of the one after it (its context, as
    a diff-match-patch patch carries a few characters either side)."""
    before = max((s for s, e, t in tokens if e <= patch.start and not t.isspace()), default=0)
    after = min(
        (e for s, e, t in tokens if s >= patch.end and not t.isspace()),
        default=tokens[-1][1] if tokens else patch.end,
    )
    return before, after


def _collide(context: tuple[int, int], patch: Patch, room: Patch) -> bool:
    start, end = context
    if room.start < end and start < room.end:
        return True
    if room.start == room.end:
        # Words put in by the room inside the patch's context, or at the very point where
        # the patch puts its own: which would come first is anyone's guess.
        return start < room.start < end or patch.start == patch.end == room.start
    return False


def _same_effect(base: str, one: Patch, other: Patch) -> bool:
    """Whether the two patches make the same words of the base (one diff may have placed an
    insertion a space earlier than the other)."""
    start, end = min(one.start, other.start), max(one.end, other.end)

    def applied(patch: Patch) -> str:
        return base[start : patch.start] + patch.text + base[patch.end : end]

    return applied(one) == applied(other)


def rebase(base: str, proposed: str, current: str) -> str:
    """`current` with the change that makes `proposed` of `base`, where the two changes do
    not touch; Overlap (naming the first change in the way) when one patch would not apply
    exactly."""
    if current == base:
        return proposed
    room = patches(base, current)
    tokens = _tokens(base)
    mine = []
    for patch in patches(base, proposed):
        context = _with_context(patch, tokens)
        colliding = [theirs for theirs in room if _collide(context, patch, theirs)]
        if not colliding:
            mine.append(patch)
        elif not any(_same_effect(base, patch, theirs) for theirs in colliding):
            raise Overlap(base, colliding[0], patch)
    merged: list[str] = []
    position = 0
    for patch in sorted([*room, *mine], key=lambda p: (p.start, p.end)):
        merged += [base[position : patch.start], patch.text]
        position = patch.end
    merged.append(base[position:])
    return "".join(merged)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Each token of the text (`tokenize`) with where it starts and ends."""
    found, position = [], 0
    for token in tokenize(text):
        found.append((position, position + len(token), token))
        position += len(token)
    return found
