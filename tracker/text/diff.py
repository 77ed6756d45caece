"""Word-level diff of two texts on diff-match-patch.

Interface: `word_diff(old, new)` returns a tuple of `DiffOp`; the implementation tokenises into
words, spaces and punctuation so that a change reads "Further decides" rather than
"Fu(rther de)cides".

How: every distinct token becomes one character (as diff-match-patch's own `diff_linesToChars`
does for lines), the character strings are diffed and cleaned up semantically, and the
characters are mapped back to their tokens. Edits therefore always start and end on token
boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from diff_match_patch import diff_match_patch


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

_OPS = {
    diff_match_patch.DIFF_EQUAL: Op.EQUAL,
    diff_match_patch.DIFF_INSERT: Op.INSERT,
    diff_match_patch.DIFF_DELETE: Op.DELETE,
}

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


def _code_points(ranges: Iterable[tuple[int, int]]) -> Iterator[int]:
    for start, end in ranges:
        yield from range(start, end + 1)


class _TokenCodec:
    """Maps each distinct token to one stand-in character, and back."""

    def __init__(self) -> None:
        self.char_of: dict[str, str] = {}
        self.token_of: dict[str, str] = {}
        self._pools = {
            "word": _code_points(_WORD_POOL),
            "space": _code_points(_SPACE_POOL),
            "mark": _code_points(_MARK_POOL),
        }
        self._overflow = _code_points(_OVERFLOW_POOL)

    def _new_char(self, token: str) -> str:
        if token[0].isspace():
            pool = self._pools["space"]
        elif _WORD.match(token):
            pool = self._pools["word"]
        else:
            pool = self._pools["mark"]
        code = next(pool, None)
        if code is None:
            code = next(self._overflow)
        return chr(code)

    def encode(self, tokens: list[str]) -> str:
        chars = []
        for token in tokens:
            char = self.char_of.get(token)
            if char is None:
                char = self._new_char(token)
                self.char_of[token] = char
                self.token_of[char] = token
            chars.append(char)
        return "".join(chars)

    def clause_ends(self) -> frozenset[str]:
        """The stand-in characters of the marks that end a clause."""
        return frozenset(self.char_of[m] for m in ",;:." if m in self.char_of)

    def decode(self, chars: str) -> str:
        return "".join(self.token_of[c] for c in chars)


#: Texts longer than this (in tokens, both sides together) are diffed clause by clause first.
CLAUSE_MODE_MIN_TOKENS = 100


def tokenize(text: str) -> list[str]:
    """Split text into words, runs of whitespace and single punctuation marks (lossless)."""
    return TOKEN.findall(text)


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    # No time limit: the same two texts must always give the same diff.
    engine.Diff_Timeout = 0
    return engine


def _token_diffs(
    old: str, new: str, *, semantic: bool
) -> tuple[list[tuple[int, str]], _TokenCodec]:
    codec = _TokenCodec()
    old_chars = codec.encode(tokenize(old))
    new_chars = codec.encode(tokenize(new))
    engine = _engine()
    if len(old_chars) + len(new_chars) > CLAUSE_MODE_MIN_TOKENS:
        diffs = _diff_by_clauses(engine, old_chars, new_chars, codec.clause_ends())
    else:
        diffs = engine.diff_main(old_chars, new_chars, checklines=False)
    if semantic:
        engine.diff_cleanupSemantic(diffs)
    return diffs, codec


def _split_clauses(chars: str, clause_ends: frozenset[str]) -> list[str]:
    clauses, start = [], 0
    for position, char in enumerate(chars):
        if char in clause_ends:
            clauses.append(chars[start : position + 1])
            start = position + 1
    if start < len(chars):
        clauses.append(chars[start:])
    return clauses


def _diff_by_clauses(
    engine: diff_match_patch, old_chars: str, new_chars: str, clause_ends: frozenset[str]
) -> list[tuple[int, str]]:
    """Diff clause by clause, then word by word inside the clauses that changed.

    The same two-level speed-up diff-match-patch applies to lines (`diff_lineMode`), with
    clauses (runs of words up to a comma, semicolon, colon or full stop) in place of lines: a
    long paragraph with a few edits costs a few short diffs instead of one long one.
    """
    clause_char: dict[str, str] = {}
    clause_of: dict[str, str] = {}

    def encode(chars: str) -> str:
        encoded = []
        for clause in _split_clauses(chars, clause_ends):
            char = clause_char.get(clause)
            if char is None:
                char = chr(0x10000 + len(clause_char))
                clause_char[clause] = char
                clause_of[char] = clause
            encoded.append(char)
        return "".join(encoded)

    coarse = engine.diff_main(encode(old_chars), encode(new_chars), checklines=False)
    coarse = [(code, "".join(clause_of[c] for c in chars)) for code, chars in coarse]
    engine.diff_cleanupSemantic(coarse)
    diffs: list[tuple[int, str]] = []
    deleted, inserted = "", ""
    for code, chars in [*coarse, (diff_match_patch.DIFF_EQUAL, "")]:
        if code == diff_match_patch.DIFF_DELETE:
            deleted += chars
        elif code == diff_match_patch.DIFF_INSERT:
            inserted += chars
        else:
            if deleted and inserted:
                diffs.extend(engine.diff_main(deleted, inserted, checklines=False))
            else:
                if deleted:
                    diffs.append((diff_match_patch.DIFF_DELETE, deleted))
                if inserted:
                    diffs.append((diff_match_patch.DIFF_INSERT, inserted))
            deleted, inserted = "", ""
            if chars:
                diffs.append((code, chars))
    engine.diff_cleanupMerge(diffs)
    return diffs


def word_diff(old: str, new: str) -> tuple[DiffOp, ...]:
    """The word-level changes that turn `old` into `new`, as equal/delete/insert runs."""
    if old == new:
        return (DiffOp(Op.EQUAL, old),) if old else ()
    diffs, codec = _token_diffs(old, new, semantic=True)
    return _decode_ops(diffs, codec)


def _decode_ops(diffs: list[tuple[int, str]], codec: _TokenCodec) -> tuple[DiffOp, ...]:
    ops: list[DiffOp] = []
    for code, chars in diffs:
        if not chars:
            continue
        op, text = _OPS[code], codec.decode(chars)
        if ops and ops[-1].op is op:
            ops[-1] = DiffOp(op, ops[-1].text + text)
        else:
            ops.append(DiffOp(op, text))
    return tuple(ops)


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _mark_count(text: str) -> int:
    """Words and punctuation marks: everything but whitespace."""
    return sum(1 for token in TOKEN.findall(text) if not token[0].isspace())


def _shared_tokens(diffs: list[tuple[int, str]], codec: _TokenCodec) -> int:
    return sum(
        _mark_count(codec.decode(chars))
        for code, chars in diffs
        if code == diff_match_patch.DIFF_EQUAL
    )


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0..1: twice the shared tokens over the tokens of both sides.

    Tokens are words and punctuation marks; whitespace does not count, so re-spacing alone
    leaves the similarity at 1.0 while a changed quote mark or semicolon lowers it a little.
    """
    if old == new:
        return 1.0
    old_tokens, new_tokens = _mark_count(old), _mark_count(new)
    if not old_tokens and not new_tokens:
        return 1.0
    # The raw diff, before semantic cleanup folds short shared runs into edits, counts every
    # token the two sides really share.
    diffs, codec = _token_diffs(old, new, semantic=False)
    return 2 * _shared_tokens(diffs, codec) / (old_tokens + new_tokens)


def diff_with_similarity(old: str, new: str) -> tuple[tuple[DiffOp, ...], float]:
    """`word_diff(old, new)` and `similarity(old, new)` from a single diff run."""
    if old == new:
        return word_diff(old, new), 1.0
    old_tokens, new_tokens = _mark_count(old), _mark_count(new)
    diffs, codec = _token_diffs(old, new, semantic=False)
    if old_tokens or new_tokens:
        ratio = 2 * _shared_tokens(diffs, codec) / (old_tokens + new_tokens)
    else:
        ratio = 1.0
    _engine().diff_cleanupSemantic(diffs)
    return _decode_ops(diffs, codec), ratio


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
