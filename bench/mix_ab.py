"""The consultation day's actions in-process, for two checkouts at once: CPU per action.

On a machine whose speed moves by a fifth from one minute to the next, two runs one after the
other cannot show a change of a fifth. This runs both checkouts at the same time instead, each
in a process of its own on a core of its own (and its own PostgreSQL database, seeded with the
load benchmark's negotiation: 200 paragraphs, 2,000 comments, 190 delegates), so that both see
the same machine. Each process signs in 60 delegates as test clients (no HTTP, no gunicorn),
warms up with 50 actions, then does `--actions` actions drawn from bench/load.py's ACTIONS
with the same seed, through bench/load.py's own `act` (the forms fetched for their CSRF tokens
and sent, as in the load test), and measures the CPU time of its own thread for each. It does
so twice, the cores swapped the second time (one core may be slower than the other), on
freshly seeded databases. The figure is the interpreter's work per action (the database's is
not counted); the ratio B/A is what a change saved.

Run: .venv/bin/python bench/mix_ab.py --a ../start-checkout [--b .] [--actions 1500]
[--database postgresql://postgres@127.0.0.1:5432/tracker_mix]
The databases (`<name>_a`, `<name>_b`) are created when missing and dropped afterwards.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/tracker_mix"
#: Delegates signed in per side, and the actions done before measuring.
CLIENTS = 60
WARM_UP = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", required=True, help="the checkout measured first (baseline)")
    parser.add_argument("--b", default=str(ROOT), help="the checkout compared with it")
    parser.add_argument("--actions", type=int, default=1500)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--side", help=argparse.SUPPRESS)  # seed|mix, in a child process
    parser.add_argument("--app-root", help=argparse.SUPPRESS)
    parser.add_argument("--core", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        _side(args)
        return
    sys.path.insert(0, str(ROOT / "bench"))
    import load

    sides = {"A": Path(args.a).resolve(), "B": Path(args.b).resolve()}
    urls = {name: f"{args.database}_{name.lower()}" for name in sides}
    created = {name: load.ensure_database(url) for name, url in urls.items()}
    cores = sorted(os.sched_getaffinity(0))
    rounds: list[dict[str, dict]] = []
    try:
        # Two rounds, the cores swapped in the second: one core of a machine can be slower
        # than the other (it takes the interrupts, or shares its unit with a busy neighbour).
        for turn in range(2):
            for name, root in sides.items():  # one after the other: seeding is not measured
                _run_side(root, urls[name], "seed", args.actions, cores[0]).check_returncode()
            children = {
                name: _start_side(
                    root, urls[name], "mix", args.actions, cores[(i + turn) % len(cores)]
                )
                for i, (name, root) in enumerate(sides.items())
            }
            results = {}
            for name, child in children.items():
                out, _ = child.communicate()
                if child.returncode != 0:
                    raise SystemExit(f"side {name} ({sides[name]}) failed:\n{out}")
                results[name] = json.loads(out.strip().splitlines()[-1])
            rounds.append(results)
    finally:
        for name, url in urls.items():
            if created[name]:
                load.drop_database(url)
    _report(sides, rounds, args.actions)


def _start_side(root: Path, url: str, side: str, actions: int, core: int) -> subprocess.Popen:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--a",
        str(root),
        "--side",
        side,
        "--app-root",
        str(root),
        "--database",
        url,
        "--actions",
        str(actions),
        "--core",
        str(core),
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _run_side(root: Path, url: str, side: str, actions: int, core: int):
    child = _start_side(root, url, side, actions, core)
    out, _ = child.communicate()
    return subprocess.CompletedProcess(child.args, child.returncode, out)


def _side(args: argparse.Namespace) -> None:
    """In a child process: seed the side's database, or do its actions and print the figures
    as JSON on the last line."""
    os.sched_setaffinity(0, {args.core})
    root = Path(args.app_root)
    sys.path.insert(0, str(ROOT / "bench"))
    import load  # puts this checkout first on the path: the side's goes before it

    sys.path.insert(0, str(root))
    import tracker

    if Path(tracker.__file__).resolve().parent != root / "tracker":
        raise SystemExit(f"the app was imported from {tracker.__file__}, not from {root}")
    load.APP_ROOT = root
    instance = Path("/tmp") / f"tracker-mix-ab-{os.getpid()}"
    instance.mkdir(exist_ok=True)
    url = args.database.replace("postgresql://", "postgresql+psycopg://", 1)
    seeded_file = Path("/tmp") / f"tracker-mix-ab-{Path(args.database).name}.json"
    if args.side == "seed":
        seeded = load.seed(url, str(instance))
        seeded_file.write_text(json.dumps(dataclasses.asdict(seeded)))
        return
    stored = json.loads(seeded_file.read_text())
    seeded_file.unlink()
    os.environ["TRACKER_INSTANCE_PATH"] = str(instance)
    from tracker import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "SECRET_KEY": "mix-ab"}
    )
    seeded = load.Seeded(**stored)

    day, results, rng = load.Day(seeded), load.Results(), random.Random(1)
    delegates = load.in_process_delegates(app, seeded.delegate_emails[:CLIENTS])
    for n in range(WARM_UP):
        load.act(delegates[n % CLIENTS], load.next_action(rng), day, results, rng)
    results = load.Results()
    cpu: dict[str, float] = collections.defaultdict(float)
    count: collections.Counter[str] = collections.Counter()
    started = time.thread_time()
    for n in range(args.actions):
        name = load.next_action(rng)
        before = time.thread_time()
        load.act(delegates[n % CLIENTS], name, day, results, rng)
        cpu[name] += time.thread_time() - before
        count[name] += 1
    total = time.thread_time() - started
    print(
        json.dumps(
            {
                "per_action_ms": total / args.actions * 1000,
                "by_action_ms": {name: cpu[name] / count[name] * 1000 for name in count},
                "counts": dict(count),
                "errors": dict(results.errors),
                "error_samples": results.error_samples,
            }
        )
    )


def _report(sides: dict[str, Path], rounds: list[dict[str, dict]], actions: int) -> None:
    """Per action, each side's mean over the rounds; the last line compares the totals."""

    def mean(name: str, figure: str, action: str | None = None) -> float:
        values = [
            r[name][figure] if action is None else r[name][figure].get(action, float("nan"))
            for r in rounds
        ]
        return sum(values) / len(values)

    print(f"{actions} actions on each side, both at once, one core each, {len(rounds)} rounds")
    print(f"A: {sides['A']}\nB: {sides['B']}")
    for turn, r in enumerate(rounds, 1):
        print(
            f"round {turn}: A {r['A']['per_action_ms']:.2f} ms, B {r['B']['per_action_ms']:.2f} ms"
            f" per action; errors A {r['A']['errors'] or 0}, B {r['B']['errors'] or 0}"
        )
    print(f"{'action':16s} {'count':>6s} {'A ms':>8s} {'B ms':>8s} {'B/A':>6s}")
    counts = rounds[0]["A"]["counts"]
    for action, count in sorted(counts.items(), key=lambda item: -item[1]):
        first, second = mean("A", "by_action_ms", action), mean("B", "by_action_ms", action)
        print(f"{action:16s} {count:6d} {first:8.2f} {second:8.2f} {second / first:6.2f}")
    a, b = mean("A", "per_action_ms"), mean("B", "per_action_ms")
    print(f"a_ms_per_action={a:.2f} b_ms_per_action={b:.2f} b_over_a={b / a:.2f}")


if __name__ == "__main__":
    main()
