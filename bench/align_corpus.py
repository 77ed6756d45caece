"""Score the aligner on the real pairs of the corpus: how many hand-made pairings it finds.

Each pair is read with the app's reader and aligned both ways (old -> new, and new -> old
against the truth turned round; best of three runs in CPU time). Pairs are scored strictly,
as `tests/text/test_corpus_pairs.py` does, and a pair whose documents the reader does not
number as the truth does is marked.

Run: python bench/align_corpus.py [-v]   (-v lists every pairing found that the truth lacks)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.text.test_corpus_pairs import (  # noqa: E402
    CORPUS_PAIRS,
    label_mismatches,
    label_pairs,
    read,
)
from tracker.text.align import UNRELATED_SHARE, align_documents  # noqa: E402


def main() -> None:
    """Print one line per pair and direction, then the totals."""
    verbose = "-v" in sys.argv
    totals = {"old -> new": [0, 0, 0], "new -> old": [0, 0, 0]}  # right, total, exact pairs
    # The smallest share of paragraphs that pair in a real pair: the review's warning that
    # almost nothing continues (`UNRELATED_SHARE`) must stay below it.
    least = (1.0, "")
    for pair in CORPUS_PAIRS:
        old, new = read(pair.old), read(pair.new)
        problems = label_mismatches(old, pair.openings[pair.old.name]) + label_mismatches(
            new, pair.openings[pair.new.name]
        )
        note = f"  (reader: {'; '.join(problems[:3])})" if problems else ""
        for direction, (a, b), truth in (
            ("old -> new", (old, new), pair.pairs),
            ("new -> old", (new, old), frozenset((n, o) for o, n in pair.pairs)),
        ):
            # Best of three in CPU time: the wall clock of a shared machine says little.
            elapsed = 1e9
            for _ in range(3):
                started = time.process_time()
                alignment = align_documents(a, b)
                elapsed = min(elapsed, (time.process_time() - started) * 1000)
            found = label_pairs(alignment)
            least = min(least, (alignment.continuity().share, f"{pair.name} {direction}"))
            right = len(found & truth)
            total = totals[direction]
            total[0] += right
            total[1] += len(truth)
            total[2] += right == len(truth) and found == truth
            print(
                f"{pair.name:50s} {direction}  {right:3d}/{len(truth):3d}  "
                f"{elapsed:5.1f} ms CPU{note}"
            )
            if verbose and found != truth:
                print(f"    expected, not found: {sorted(truth - found, key=str)}")
                print(f"    found instead:       {sorted(found - truth, key=str)}")
    print(
        f"least continuity of a real pair: {least[0]:.0%} ({least[1]}); the review warns "
        f"below {UNRELATED_SHARE:.0%}"
    )
    for direction, (right, count, exact) in totals.items():
        print(
            f"{direction}: {right} of {count} pairings right, "
            f"{exact} of {len(CORPUS_PAIRS)} pairs exact"
        )


if __name__ == "__main__":
    main()
