"""Time and memory of the tracked-changes comparison of two 1,000-paragraph revisions.

Prints figures and ratios against writing the same new text as a clean .docx in the same run
(python-docx with no revision marks), so the numbers compare across machines. Alignment is
timed on its own and not included in the comparison figure.

Run: .venv/bin/python bench/export.py [paragraphs]
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.text.align import align_documents  # noqa: E402
from tracker.text.document import (  # noqa: E402
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Kind,
    Paragraph,
)
from tracker.text.export_compare import (  # noqa: E402
    accept_all,
    accepted_notes,
    reject_all,
    rejected_notes,
    write_tracked_docx,
)
from tracker.text.export_docx import write_docx  # noqa: E402

VERBS = ("Decides", "Requests", "Encourages", "Invites", "Urges", "Welcomes", "Calls upon")
WORDS = [
    "Member",
    "States",
    "the",
    "Secretary-General",
    "trafficking",
    "in",
    "persons",
    "report",
    "implementation",
    "Global",
    "Plan",
    "of",
    "Action",
    "high-level",
    "meeting",
    "civil",
    "society",
    "survivors",
    "cooperation",
    "national",
    "capacity-building",
    "resources",
    "victims",
    "protection",
    "prevention",
    "prosecution",
    "partnership",
]


def operative(number: int, text: str, mark: str = "") -> Paragraph:
    verb = text.split(" ")[0]
    refs = (FootnoteRef(mark, len(verb)),) if mark else ()
    return Paragraph(
        Kind.OPERATIVE, f"OP{number}", text, str(number), (Emphasis(0, len(verb)),), refs
    )


def draft(texts: list[tuple[str, str]]) -> Document:
    """Operative paragraphs, each citing its note if it has one, numbered as cited."""
    paragraphs: list[Paragraph] = []
    notes: list[Footnote] = []
    for number, (text, note) in enumerate(texts, 1):
        mark = str(len(notes) + 1) if note else ""
        if note:
            notes.append(Footnote(mark, note, f"OP{number}"))
        paragraphs.append(operative(number, text, mark))
    return Document(
        "Draft", "The General Assembly,", operative=tuple(paragraphs), footnotes=tuple(notes)
    )


def revisions(count: int, seed: int = 7) -> tuple[Document, Document]:
    """A draft and its revision: about 10% edited, 3% deleted, 3% added, 1% moved; one
    paragraph in eight cites a note, which goes where its paragraph goes."""
    rng = random.Random(seed)
    texts = [
        (
            f"{rng.choice(VERBS)} "
            + " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60)))
            + ";",
            f"Resolution 75/{k}." if k % 8 == 0 else "",
        )
        for k in range(count)
    ]
    revised: list[tuple[str, str]] = []
    for text, note in texts:
        roll = rng.random()
        if roll < 0.03:
            continue
        if roll < 0.13:
            words = text.split(" ")
            words[rng.randrange(1, len(words))] = rng.choice(WORDS)
            text = " ".join(words)
        revised.append((text, note))
        if rng.random() < 0.03:
            added = "Invites " + " ".join(rng.choice(WORDS) for _ in range(30)) + ";"
            revised.append((added, ""))
    for _ in range(count // 100):
        revised.insert(rng.randrange(len(revised)), revised.pop(rng.randrange(len(revised))))
    return draft(texts), draft(revised)


def measure(action: Callable[[], object]) -> tuple[float, int, object]:
    """Seconds and peak traced bytes of one call."""
    tracemalloc.start()
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak, result


def main() -> None:
    """Print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    old, new = revisions(count)
    when = datetime(2021, 4, 9, tzinfo=UTC)
    # Untraced timings first (tracemalloc slows Python down), then a traced run for memory.
    started = time.perf_counter()
    alignment = align_documents(old, new)
    align_s = time.perf_counter() - started
    started = time.perf_counter()
    clean = write_docx(new)
    clean_s = time.perf_counter() - started
    started = time.perf_counter()
    marked = write_tracked_docx(old, new, alignment, author="Secretariat", date=when)
    compare_s = time.perf_counter() - started
    _, clean_peak, _ = measure(lambda: write_docx(new))
    _, compare_peak, _ = measure(
        lambda: write_tracked_docx(old, new, alignment, author="Secretariat", date=when)
    )
    exact = (
        accept_all(marked)[2:] == [f"{p.number}.\t{p.text}" for p in new.operative]
        and reject_all(marked)[2:] == [f"{p.number}.\t{p.text}" for p in old.operative]
        and accepted_notes(marked) == [note.text for note in new.footnotes]
        and rejected_notes(marked) == [note.text for note in old.footnotes]
    )
    print(
        f"paragraphs: old {len(old.operative)}, new {len(new.operative)}; "
        f"notes: old {len(old.footnotes)}, new {len(new.footnotes)}"
    )
    print(f"alignment (align_documents, not in the comparison figure): {align_s:.2f} s")
    print(
        f"write_docx (baseline, no marks): {clean_s:.2f} s, peak {clean_peak / 2**20:.1f} MiB, "
        f"{len(clean) / 1024:.0f} KiB"
    )
    print(
        f"write_tracked_docx: {compare_s:.2f} s, peak {compare_peak / 2**20:.1f} MiB, "
        f"{len(marked) / 1024:.0f} KiB"
    )
    print(
        f"ratio compare/clean: time {compare_s / clean_s:.2f}x, "
        f"memory {compare_peak / clean_peak:.2f}x"
    )
    print(f"accept all = new text and notes, reject all = old text and notes: {exact}")


if __name__ == "__main__":
    main()
