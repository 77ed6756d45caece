"""Word-level diff of two texts on diff-match-patch (its C++ port, `fast-diff-match-patch`).

Interface: `word_diff(old, new)` returns a tuple of `DiffOp`; the implementation tokenises into
words, spaces and punctuation so that a change reads "Further decides" rather than
"Fu(rther de)cides".

How: every distinct token becomes one character (as diff-match-patch's own `diff_linesToChars`
does for lines), the character strings are diffed and cleaned up semantically, and the
characters are mapped back to their tokens. Edits therefore always start and end on token
boundaries. There is no time limit (`timelimit=0`): the same two texts always give the
same diff. Speed comes instead from the compiled diff and from setting aside the common start
and end of the two texts.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import fast_diff_match_patch


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class DiffOp:
    """A run of text that both sides share, or that only the new (insert) or old (delete) has."""

    op: Op
    text: str


@dataclass(frozen=True)
class DiffStats:
    """How many words a diff keeps, inserts and deletes (spaces and punctuation not counted)."""

    equal: int
    inserted: int
    deleted: int


#: A word (letters, digits, underscore in any script), a run of whitespace, or one other mark.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w+")

_EQUAL = "="
_OPS = {_EQUAL: Op.EQUAL, "+": Op.INSERT, "-": Op.DELETE}

# diff-match-patch's semantic cleanup slides edits towards word boundaries by looking at whether
# characters are alphanumeric or whitespace. The stand-in characters are drawn from pools of the
# same class as their token (words -> CJK ideographs, spaces -> Unicode spaces other than line
# breaks, punctuation -> private use characters) so that sliding still lands on real boundaries.
_WORD_POOL = ((0x4E00, 0x9FFF), (0x20000, 0x2A6DF), (0x30000, 0x3134A))
_SPACE_POOL = tuple(
    (ord(c), ord(c))
    for c in " \t\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u202f\u205f\u3000"
)
_MARK_POOL = ((0xE000, 0xF8FF),)
# When a pool runs out, any class will do: the diff stays exact, only edge sliding suffers.
_OVERFLOW_POOL = ((0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


def _pool(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(chr(code) for start, end in ranges for code in range(start, end + 1))


_WORD_CHARS = _pool(_WORD_POOL)
_SPACE_CHARS = _pool(_SPACE_POOL)
_MARK_CHARS = _pool(_MARK_POOL)
_OVERFLOW_CHARS = _pool(_OVERFLOW_POOL)


class _PoolExhausted(Exception):
    """A shared codec has no stand-in left for a token of some class."""


class _TokenCodec:
    """Maps each distinct token to one stand-in character, and back.

    One codec is shared by all diffs so that the vocabulary of a text is encoded once rather
    than once per paragraph. It only ever grows: a stand-in, once given, never changes, so
    a diff in progress in another thread is never disturbed. When a pool runs out the shared
    codec is replaced by a fresh one, and the diff that found it full uses a private codec.
    The diff is the same whichever codec encodes it: stand-ins are only compared for equality
    and for their class, and every token gets a stand-in of its own class.
    """

    def __init__(self, *, shared: bool = False) -> None:
        self.char_of: dict[str, str] = {}
        self.token_of: dict[str, str] = {}
        #: Stand-ins of whitespace tokens, which similarity does not count.
        self.space_chars: list[str] = []
        self._used = {"word": 0, "space": 0, "mark": 0, "overflow": 0}
        self._shared = shared
        self._lock = threading.Lock()

    def _new_char(self, token: str) -> str:
        first = token[0]
        if first.isspace():
            kind, pool = "space", _SPACE_CHARS
        elif first.isalnum() or first == "_" or len(token) > 1:
            kind, pool = "word", _WORD_CHARS
        else:
            kind, pool = "mark", _MARK_CHARS
        if self._used[kind] >= len(pool):
            if self._shared:
                raise _PoolExhausted(kind)
            # A private codec makes do: the diff stays exact, only edge sliding suffers.
            kind, pool = "overflow", _OVERFLOW_CHARS
        char = pool[self._used[kind]]
        self._used[kind] += 1
        if first.isspace():
            self.space_chars.append(char)
        return char

    def encode(self, tokens: list[str]) -> str:
        char_of = self.char_of
        try:
            # Once a text's vocabulary is known, as it mostly is, encoding is one pass.
            return "".join(map(char_of.__getitem__, tokens))
        except KeyError:
            with self._lock:
                for token in tokens:
                    if token not in char_of:
                        char = self._new_char(token)
                        # Publish the reverse entry first: a reader that finds the token
                        # must be able to decode it.
                        self.token_of[char] = token
                        char_of[token] = char
        return "".join(map(char_of.__getitem__, tokens))

    def decode(self, chars: str) -> str:
        return "".join(map(self.token_of.__getitem__, chars))

    def count_marks(self, chars: str) -> int:
        """How many of the encoded tokens are words or punctuation (not whitespace)."""
        return len(chars) - sum(chars.count(c) for c in self.space_chars)


_shared_codec = _TokenCodec(shared=True)


def _encode_both(old: str, new: str) -> tuple[_TokenCodec, str, str]:
    global _shared_codec
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    codec = _shared_codec
    try:
        return codec, codec.encode(old_tokens), codec.encode(new_tokens)
    except _PoolExhausted:
        _shared_codec = _TokenCodec(shared=True)
    codec = _TokenCodec()
    return codec, codec.encode(old_tokens), codec.encode(new_tokens)


def tokenize(text: str) -> list[str]:
    """Split text into words, runs of whitespace and single punctuation marks (lossless)."""
    return TOKEN.findall(text)


_MARKS = re.compile(r"\w+|[^\w\s]")


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


#: For ASCII text: word characters kept, all else a space (so a split yields the words)...
_ASCII_WORDS_ONLY = (
    bytes(code if _is_word_char(chr(code)) else ord(" ") for code in range(128)) + b" " * 128
)
#: ...and the bytes to delete to leave only punctuation marks.
_ASCII_NOT_MARKS = bytes(
    code for code in range(128) if _is_word_char(chr(code)) or chr(code).isspace()
)


def _count_marks(text: str) -> int:
    """Words and punctuation marks in a text: everything but whitespace."""
    if text.isascii():
        # The same count as the regular expression, from two C-speed byte passes.
        data = text.encode("ascii")
        return len(data.translate(_ASCII_WORDS_ONLY).split()) + len(
            data.translate(None, _ASCII_NOT_MARKS)
        )
    return len(_MARKS.findall(text))


def _char_class(char: str) -> int:
    if char.isspace():
        return 1
    if char.isalnum() or char == "_":
        return 0
    return 2


def _is_boundary(text: str, position: int) -> bool:
    """True when `position` falls between two tokens of `text` (or at either end)."""
    if position <= 0 or position >= len(text):
        return True
    before = _char_class(text[position - 1])
    # A punctuation mark is a token on its own; other classes run on.
    return before == 2 or before != _char_class(text[position])


def _common_prefix(old: str, new: str) -> int:
    """Length of the longest common start of two strings."""
    if not old or not new or old[0] != new[0]:
        return 0
    # Binary search on slices: each comparison runs at C speed.
    low, high = 0, min(len(old), len(new))
    while low < high:
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(old: str, new: str) -> int:
    """Length of the longest common end of two strings."""
    if not old or not new or old[-1] != new[-1]:
        return 0
    low, high = 0, min(len(old), len(new))
    while low < high:
        middle = (low + high + 1) // 2
        if old[len(old) - middle : len(old) - low] == new[len(new) - middle : len(new) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _diff_chars(old_chars: str, new_chars: str, cleanup: str) -> list[tuple[str, str]]:
    # No time limit: the same two texts must always give the same diff.
    ops: list[tuple[str, str]] = fast_diff_match_patch.diff(
        old_chars, new_chars, timelimit=0, checklines=False, cleanup=cleanup, counts_only=False
    )
    return ops


@dataclass
class _RawDiff:
    """The encoded middle of two texts, between their longest common start and end."""

    prefix: str
    old_chars: str
    new_chars: str
    suffix: str
    codec: _TokenCodec
    similarity: float


def _raw_diff(old: str, new: str) -> _RawDiff:
    """The encoded middle of two texts and the similarity its token diff shows.

    The common start and end of the two texts are set aside first (cut on a token boundary),
    so that a paragraph with one edited word costs a diff of that word, not of the paragraph.
    The similarity is taken before semantic cleanup folds short shared runs into edits, so
    every token the two sides really share counts.
    """
    start = _common_prefix(old, new)
    while not (_is_boundary(old, start) and _is_boundary(new, start)):
        start -= 1
    tail = _common_suffix(old[start:], new[start:])
    while not (_is_boundary(old, len(old) - tail) and _is_boundary(new, len(new) - tail)):
        tail -= 1
    prefix, suffix = old[:start], old[len(old) - tail :]
    codec, old_chars, new_chars = _encode_both(
        old[start : len(old) - tail], new[start : len(new) - tail]
    )
    common = _count_marks(prefix) + _count_marks(suffix)
    total = 2 * common + codec.count_marks(old_chars) + codec.count_marks(new_chars)
    shared = common
    if old_chars and new_chars:
        shared += sum(
            codec.count_marks(chars)
            for code, chars in _diff_chars(old_chars, new_chars, "No")
            if code == _EQUAL
        )
    similarity = 2 * shared / total if total else 1.0
    return _RawDiff(prefix, old_chars, new_chars, suffix, codec, similarity)


def word_diff(old: str, new: str) -> tuple[DiffOp, ...]:
    """The word-level changes that turn `old` into `new`, as equal/delete/insert runs."""
    return diff_with_similarity(old, new)[0]


def _decode_ops(diffs: list[tuple[str, str]], codec: _TokenCodec) -> list[DiffOp]:
    return [DiffOp(_OPS[code], codec.decode(chars)) for code, chars in diffs]


def _merge_runs(ops: list[DiffOp]) -> tuple[DiffOp, ...]:
    """Drop empty runs and join neighbours of the same kind."""
    merged: list[DiffOp] = []
    for op in ops:
        if not op.text:
            continue
        if merged and merged[-1].op is op.op:
            merged[-1] = DiffOp(op.op, merged[-1].text + op.text)
        else:
            merged.append(op)
    return tuple(merged)


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0..1: twice the shared tokens over the tokens of both sides.

    Tokens are words and punctuation marks; whitespace does not count, so re-spacing alone
    leaves the similarity at 1.0 while a changed quote mark or semicolon lowers it a little.
    """
    if old == new:
        return 1.0
    return _raw_diff(old, new).similarity


def contained(part: str, whole: str, alike: float | None = None) -> float:
    """How much of `part` stands in `whole`, 0..1: the tokens the two share in order, over
    `part`'s own (a short draft paragraph found word for word inside a long adopted one is
    1.0, where their `similarity` is low for the length of the other). `alike`: their
    similarity when already known (the diff is not run again)."""
    own = _count_marks(part)
    if not own:
        return 0.0
    if part == whole:
        return 1.0
    alike = similarity(whole, part) if alike is None else alike
    shared = alike * (_count_marks(whole) + own) / 2
    return min(1.0, shared / own)


def diff_with_similarity(old: str, new: str) -> tuple[tuple[DiffOp, ...], float]:
    """`word_diff(old, new)` and `similarity(old, new)` from a single diff run."""
    if old == new:
        return ((DiffOp(Op.EQUAL, old),) if old else ()), 1.0
    raw = _raw_diff(old, new)
    # The set-aside start and end are edge equalities, which semantic cleanup never folds
    # into an edit, so the middle is cleaned alone; an edit is cut on a token boundary anyway.
    middle = _diff_chars(raw.old_chars, raw.new_chars, "Semantic")
    ops = [DiffOp(Op.EQUAL, raw.prefix), *_decode_ops(middle, raw.codec)]
    ops.append(DiffOp(Op.EQUAL, raw.suffix))
    return _merge_runs(ops), raw.similarity


def diff_stats(ops: Iterable[DiffOp]) -> DiffStats:
    """Words kept, inserted and deleted by a diff (for "+3 -2 words" badges)."""
    counts = {Op.EQUAL: 0, Op.INSERT: 0, Op.DELETE: 0}
    for op in ops:
        counts[op.op] += _word_count(op.text)
    return DiffStats(counts[Op.EQUAL], counts[Op.INSERT], counts[Op.DELETE])


def diff_ratio(ops: Iterable[DiffOp]) -> float:
    """Share of the words on both sides that the diff leaves untouched, 0..1."""
    stats = diff_stats(ops)
    total = 2 * stats.equal + stats.inserted + stats.deleted
    return 1.0 if total == 0 else 2 * stats.equal / total


def old_text(ops: Iterable[DiffOp]) -> str:
    """The old side of a diff: its equal and deleted runs."""
    return "".join(op.text for op in ops if op.op is not Op.INSERT)


def new_text(ops: Iterable[DiffOp]) -> str:
    """The new side of a diff: its equal and inserted runs."""
    return "".join(op.text for op in ops if op.op is not Op.DELETE)


def fitted_diff(old: str, new: str, given: Iterable[DiffOp] = ()) -> tuple[DiffOp, ...]:
    """The word diff of two texts: `given` (one computed before, an alignment's) when its sides
    are exactly the two texts, else computed; never one that does not fit them."""
    given = tuple(given)
    if given and old_text(given) == old and new_text(given) == new:
        return given
    if old == new:
        return (DiffOp(Op.EQUAL, old),) if old else ()
    whole = tuple(op for op in (DiffOp(Op.DELETE, old), DiffOp(Op.INSERT, new)) if op.text)
    if not old or not new:
        return whole
    ops = word_diff(old, new)
    # Should the diff ever not fit the texts, replace the whole text: coarser, still exact.
    return ops if old_text(ops) == old and new_text(ops) == new else whole
