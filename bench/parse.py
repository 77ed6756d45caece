"""How parse time grows with the length of a draft, against reading and splitting the same file.

Run `.venv/bin/python bench/parse.py`. It writes two PDF-style drafts (500 and 5,000
paragraphs, the larger near the reader's limit of 50,000 lines; wrapped lines, running
headers and page numbers, a footnote block on every page) to a temporary directory, then
prints, for each, the time `read_text` takes beside the time Python takes to read the file and
split it into lines, and the growth from 500 to 5,000 paragraphs (the reader should grow
linearly: a ratio near 10x, target at most 12x).

`--pasted` measures the same drafts as text copied out of a PDF saved from Word: no rule over
the notes and no running headers, each note a paragraph of its own between the text's.
"""

from __future__ import annotations

import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.text.read import read_text  # noqa: E402

SENTENCE = (
    "the Secretary-General to submit to the General Assembly at its eighty-first session a "
    "report on the implementation of the present resolution, including on the high-level "
    "meeting, the participation of non-governmental organizations and the contributions of "
    "Member States and all observers, with due regard to equitable geographical "
    "representation and gender parity in all its activities and those of its subsidiary organs"
)
#: The two drafts' sizes in paragraphs: ten times apart, the larger (about 42,500 lines) under
#: the reader's limit of 50,000 lines (tracker.text.read.text.MAX_LINES).
SMALL, LARGE = 500, 5_000
VERBS = ["Decides", "Also decides", "Requests", "Further requests", "Encourages", "Invites"]
OPENERS = ["Recalling", "Reaffirming", "Welcoming", "Noting with concern", "Bearing in mind"]


def generate(paragraphs: int, pasted: bool = False) -> str:
    """A draft with a tenth preambular paragraphs, the rest operative, laid out like PDF text
    (or, `pasted`, like text copied out of a PDF saved from Word)."""
    preambular = paragraphs // 10
    lines = ["United Nations A/RES/80/1", "", "Test resolution for the benchmark", ""]
    lines += ["The General Assembly,", ""]
    body: list[str] = []
    for n in range(preambular):
        body.append(f"{OPENERS[n % len(OPENERS)]} {SENTENCE} ({n}),")
    for n in range(1, paragraphs - preambular + 1):
        body.append(f"{n}. {VERBS[n % len(VERBS)]} {SENTENCE} ({n});")
    footnote = 0
    for index, paragraph in enumerate(body):
        wrapped = textwrap.wrap(paragraph, 90)
        if index % 6 == 5:
            footnote += 1
            # Glued to a word; copied text keeps no mark that a line's hyphen ends.
            marked = 1 if not pasted or not wrapped[1].endswith("-") else 0
            wrapped[marked] += f"{footnote}"
            lines += wrapped[:2]
            page = index // 6 + 2
            if pasted:
                lines += ["", f"{footnote} Resolution 70/{footnote}.", ""]
            else:
                lines += ["_______________", "", f"{footnote} Resolution 70/{footnote}.", ""]
                lines += [
                    "A/RES/80/1",
                    "Test resolution for the benchmark",
                    "",
                    "26-01234",
                    f"{page}/999",
                ]
            lines += wrapped[2:]
        else:
            lines += wrapped
        lines.append("")
    lines += ["99th plenary meeting", "1 June 2026"]
    return "\n".join(lines)


def best_of(runs: int, action: Callable[[], None]) -> tuple[float, float]:
    """The shortest wall and CPU times of several runs: the least disturbed by other work."""
    wall = cpu = float("inf")
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def main() -> None:
    """Print the figures."""
    pasted = "--pasted" in sys.argv[1:]
    results: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for count, runs in ((SMALL, 5), (LARGE, 2)):
            path = Path(folder) / f"draft-{count}.txt"
            path.write_text(generate(count, pasted), encoding="utf-8")
            size = path.stat().st_size

            def baseline(path: Path = path) -> None:
                path.read_text(encoding="utf-8").splitlines()

            def parse(path: Path = path) -> None:
                read_text(path.read_text(encoding="utf-8"))

            doc = read_text(path.read_text(encoding="utf-8"))
            read_time, _ = best_of(runs, baseline)
            parse_time, parse_cpu = best_of(runs, parse)
            results[count] = (parse_time, parse_cpu)
            found = len(doc.preamble) + len(doc.operative)
            print(
                f"{count:>6} paragraphs, {size / 1024:,.0f} KiB: "
                f"read+split {read_time * 1000:.1f} ms, "
                f"parse {parse_time * 1000:.0f} ms ({parse_time / read_time:.0f}x; "
                f"CPU {parse_cpu * 1000:.0f} ms); "
                f"{found} paragraphs and {len(doc.footnotes)} footnotes found"
            )
    wall = results[LARGE][0] / results[SMALL][0]
    cpu = results[LARGE][1] / results[SMALL][1]
    print(
        f"growth from {SMALL:,} to {LARGE:,} paragraphs: {wall:.1f}x wall clock, "
        f"{cpu:.1f}x CPU time (target <= 12x)"
    )


if __name__ == "__main__":
    main()
