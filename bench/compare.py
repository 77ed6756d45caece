"""How fast two long revisions are compared, against `git diff --word-diff` on the same texts.

Generates a resolution-like text of N operative paragraphs and a revision of it (10% of
paragraphs edited, 5% moved, 5% added, 5% deleted), times `align_documents` (which pairs every
paragraph and word-diffs every pair) and, in the same run, `git diff --no-index --word-diff`
on the two texts written one paragraph a line. Prints both times, their ratio, and how each
scales from 1,000 to 10,000 paragraphs.

Run: .venv/bin/python bench/compare.py [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.text.align import Alignment, align_documents  # noqa: E402
from tracker.text.document import Document, Kind, Paragraph  # noqa: E402

OPENERS = [
    "Decides that",
    "Also decides that",
    "Requests the Secretary-General to",
    "Further requests the Secretary-General to",
    "Encourages Member States to",
    "Calls upon Member States to",
    "Invites all relevant United Nations entities to",
    "Urges Governments to",
    "Welcomes the efforts of",
    "Stresses the importance of",
    "Recognizes the role of",
    "Reaffirms the commitment of",
]
VERBS = [
    "strengthen",
    "support",
    "promote",
    "consider",
    "ensure",
    "facilitate",
    "enhance",
    "develop",
    "implement",
    "review",
    "coordinate",
    "report on",
]
OBJECTS = [
    "national action plans",
    "the identification and protection of victims",
    "international cooperation in criminal matters",
    "the collection of disaggregated data",
    "the participation of civil society organizations",
    "technical assistance and capacity-building",
    "the prevention of trafficking in persons",
    "the prosecution of traffickers",
    "the rights of migrants and refugees",
    "the Global Plan of Action",
    "the United Nations Voluntary Trust Fund",
    "regional and subregional organizations",
    "the private sector and financial institutions",
    "survivors of trafficking in persons",
    "the misuse of information and communications technologies",
]
QUALIFIERS = [
    "in accordance with national legislation",
    "within existing resources",
    "taking into account gender and age perspectives",
    "in close consultation with Member States",
    "with due regard for equitable geographical representation",
    "as a matter of priority",
    "in a timely and transparent manner",
    "through bilateral, regional and multilateral channels",
    "at its next session",
    "on a voluntary basis",
]
MONTHS = ["January", "March", "April", "June", "September", "October", "November", "December"]
COUNTRIES = [
    "Argentina",
    "Bangladesh",
    "Colombia",
    "Egypt",
    "Georgia",
    "Indonesia",
    "Kenya",
    "Mexico",
    "Nigeria",
    "Norway",
    "Philippines",
    "Senegal",
    "Thailand",
    "Ukraine",
]


def sentence_part(rng: random.Random) -> str:
    """One clause with enough specific detail (symbols, dates, places) to tell paragraphs apart."""
    choice = rng.random()
    if choice < 0.3:
        return (
            f"recalling resolution {rng.randint(55, 79)}/{rng.randint(1, 320)} of "
            f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2000, 2025)}"
        )
    if choice < 0.5:
        return f"including the experience of {rng.choice(COUNTRIES)} and {rng.choice(COUNTRIES)}"
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"


def paragraph_text(rng: random.Random) -> str:
    """A 40-90 word operative paragraph in the style of a General Assembly resolution."""
    parts = [f"{rng.choice(OPENERS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"]
    parts += [sentence_part(rng) for _ in range(rng.randint(3, 7))]
    return ", ".join(parts) + ";"


def edit_text(text: str, rng: random.Random) -> str:
    """A negotiator's edit: a few words replaced, inserted or struck out."""
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        position = rng.randrange(1, len(words) - 1)
        action = rng.random()
        if action < 0.4:
            words[position] = rng.choice(VERBS + COUNTRIES)
        elif action < 0.7:
            words.insert(position, rng.choice(QUALIFIERS))
        else:
            del words[position]
    return " ".join(words)


def make_document(texts: list[str]) -> Document:
    """Operative paragraphs numbered in order."""
    operative = tuple(
        Paragraph(kind=Kind.OPERATIVE, label=f"OP{n}", number=str(n), text=text)
        for n, text in enumerate(texts, 1)
    )
    return Document(title="Bench", formula="The General Assembly,", operative=operative)


def make_revisions(size: int, seed: int = 2025) -> tuple[Document, Document, dict[str, str | None]]:
    """A text of `size` paragraphs, a revision with the usual share of changes, and the truth:
    which old label each new paragraph continues (None for added ones)."""
    rng = random.Random(seed)
    old = [paragraph_text(rng) for _ in range(size)]
    new: list[tuple[str, int | None]] = [(text, n) for n, text in enumerate(old)]
    positions = list(range(size))
    rng.shuffle(positions)
    share = size // 20
    edited = positions[: 2 * share]
    moved = set(positions[2 * share : 3 * share])
    deleted = set(positions[3 * share : 4 * share])
    for position in edited:
        new[position] = (edit_text(old[position], rng), position)
    moving = [new[p] for p in sorted(moved)]
    kept = [item for p, item in enumerate(new) if p not in deleted and p not in moved]
    for item in moving:
        kept.insert(rng.randrange(len(kept) + 1), item)
    for _ in range(share):
        kept.insert(rng.randrange(len(kept) + 1), (paragraph_text(rng), None))
    truth = {
        f"OP{n}": None if origin is None else f"OP{origin + 1}"
        for n, (_, origin) in enumerate(kept, 1)
    }
    return make_document(old), make_document([text for text, _ in kept]), truth


def pairs_right(alignment: Alignment, truth: dict[str, str | None]) -> tuple[int, int]:
    """How many new paragraphs were paired with the old one they really continue, of how many."""
    found: dict[str, str | None] = {}
    for pair in alignment.pairs:
        if pair.new_label is not None:
            found.setdefault(pair.new_label, pair.old_label)
    return sum(found.get(label) == origin for label, origin in truth.items()), len(truth)


def as_lines(doc: Document) -> str:
    """The text as a co-facilitator would save it: one numbered paragraph a line."""
    return "".join(f"{p.number}. {p.text}\n" for p in doc.operative)


@dataclass(frozen=True)
class Timing:
    """The fastest of several runs: wall-clock seconds and CPU seconds."""

    wall: float
    cpu: float


def best_time(action: Callable[[], object], repeat: int, *, child: bool = False) -> Timing:
    """The fastest of `repeat` runs (the least disturbed by other work on the machine).

    CPU time is counted too, because on a shared machine it is what other people's work
    disturbs least; for a child process (`child=True`) it is the child's CPU time.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        cpu_before = _cpu(child)
        start = time.perf_counter()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu(child) - cpu_before)
    return Timing(min(walls), min(cpus))


def _cpu(child: bool) -> float:
    if child:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    return time.process_time()


def time_git(old: Document, new: Document, repeat: int) -> Timing:
    """How long `git diff --no-index --word-diff` takes on the two texts."""
    with tempfile.TemporaryDirectory() as folder:
        old_path, new_path = Path(folder, "old.txt"), Path(folder, "new.txt")
        old_path.write_text(as_lines(old), encoding="utf-8")
        new_path.write_text(as_lines(new), encoding="utf-8")
        command = ["git", "diff", "--no-index", "--word-diff", str(old_path), str(new_path)]

        def run() -> None:
            # Exit status 1 means "the files differ", which they do.
            result = subprocess.run(command, capture_output=True, check=False)
            if result.returncode not in (0, 1):
                raise RuntimeError(result.stderr.decode())

        return best_time(run, repeat, child=True)


def main() -> None:
    """Time both comparisons at each size and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    results: list[tuple[int, Timing, Timing]] = []
    for size in args.sizes:
        old, new, truth = make_revisions(size)
        ours = best_time(partial(align_documents, old, new), args.repeat)
        git = time_git(old, new, args.repeat)
        alignment = align_documents(old, new)
        right, total = pairs_right(alignment, truth)
        results.append((size, ours, git))
        print(
            f"{size:>6} paragraphs: align_documents {ours.wall * 1000:7.1f} ms "
            f"(cpu {ours.cpu * 1000:7.1f}), git diff --word-diff {git.wall * 1000:7.1f} ms "
            f"(cpu {git.cpu * 1000:7.1f}); ours/git wall {ours.wall / git.wall:4.2f}, "
            f"cpu {ours.cpu / git.cpu:4.2f}"
        )
        print(f"        new paragraphs paired right: {right} of {total}; {alignment.summary()}")
    for (small, ours_small, git_small), (large, ours_large, git_large) in zip(
        results, results[1:], strict=False
    ):
        print(
            f"{small} -> {large} paragraphs ({large / small:.0f}x): "
            f"align_documents {ours_large.wall / ours_small.wall:.1f}x wall, "
            f"{ours_large.cpu / ours_small.cpu:.1f}x cpu; "
            f"git {git_large.wall / git_small.wall:.1f}x wall, "
            f"{git_large.cpu / git_small.cpu:.1f}x cpu"
        )


if __name__ == "__main__":
    main()
