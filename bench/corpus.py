"""Score the reader on the real-text corpus: documents and pair documents read exactly.

Run: python bench/corpus.py [-v]   (-v lists every disagreement)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.text.corpus import (  # noqa: E402
    DOCS,
    PAIR_DOCS,
    check_document,
    check_labels,
    load_labels,
    load_truth,
)
from tracker.text.document import ParseError  # noqa: E402
from tracker.text.read import read_document  # noqa: E402


def main() -> None:
    """Print one line per document and the totals."""
    verbose = "-v" in sys.argv
    truth, labels = load_truth(), load_labels()
    jobs = [(DOCS / n, lambda d, n=n: check_document(d, truth[n])) for n in sorted(truth)]
    jobs += [(PAIR_DOCS / n, lambda d, n=n: check_labels(d, labels[n])) for n in sorted(labels)]
    right = 0
    slowest = slowest_cpu = 0.0
    for path, check in jobs:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            doc = read_document(path.name, path.read_bytes())
            problems = [str(p) for p in check(doc)]
        except ParseError as error:
            problems = [f"ParseError: {error}"]
        elapsed = time.perf_counter() - started
        slowest = max(slowest, elapsed)
        slowest_cpu = max(slowest_cpu, time.process_time() - cpu)
        right += not problems
        print(
            f"{'ok ' if not problems else 'BAD'} {path.parent.name}/{path.name} "
            f"{len(problems)} problems, {elapsed * 1000:.0f} ms"
        )
        if verbose:
            for problem in problems:
                print("     ", problem[:300])
    print(
        f"{right}/{len(jobs)} documents exactly right; slowest {slowest * 1000:.0f} ms "
        f"(CPU {slowest_cpu * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
