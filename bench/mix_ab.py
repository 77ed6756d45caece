"""The consultation day's actions in-process, for two checkouts at once: CPU per action.

On a machine whose speed moves by a fifth from one minute to the next, two runs one after the
other cannot show a change of a fifth. This runs both checkouts at the same time instead, each
in a process of its own on a core of its own (and its own PostgreSQL database, seeded with the
load benchmark's negotiation: 200 paragraphs, 2,000 comments, 190 delegates), so that both see
the same machine. Each process signs in 60 delegates as test clients (no HTTP, no gunicorn, CSRF
off), warms up with 50 actions, then does `--actions` actions drawn from bench/load.py's
ACTIONS with the same seed, and measures the CPU time of its own thread for each. It does so
twice, the cores swapped the second time (one core may be slower than the other), on freshly
seeded databases. The figure is the interpreter's work per action (the database's is not
counted); the ratio B/A is what a change saved.

Run: .venv/bin/python bench/mix_ab.py --a ../start-checkout [--b .] [--actions 1500]
[--database postgresql://postgres@127.0.0.1:5432/tracker_mix]
The databases (`<name>_a`, `<name>_b`) are created when missing and dropped afterwards.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
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
        seeded_file.write_text(
            json.dumps(
                {
                    "negotiation": seeded.negotiation_id,
                    "revision": seeded.revision_id,
                    "emails": seeded.delegate_emails,
                    "comments": seeded.comment_ids,
                }
            )
        )
        return
    seeded = json.loads(seeded_file.read_text())
    seeded_file.unlink()
    os.environ["TRACKER_INSTANCE_PATH"] = str(instance)
    from tracker import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "mix-ab",
        }
    )
    day = _Day(app, seeded, load.PASSWORD)
    names = [name for name, _ in load.ACTIONS]
    weights = [weight for _, weight in load.ACTIONS]
    for n in range(WARM_UP):
        day.act(day.rng.choices(names, weights)[0], n % CLIENTS)
    cpu: dict[str, float] = collections.defaultdict(float)
    count: collections.Counter[str] = collections.Counter()
    started = time.thread_time()
    for n in range(args.actions):
        name = day.rng.choices(names, weights)[0]
        before = time.thread_time()
        day.act(name, n % CLIENTS)
        cpu[name] += time.thread_time() - before
        count[name] += 1
    total = time.thread_time() - started
    print(
        json.dumps(
            {
                "per_action_ms": total / args.actions * 1000,
                "by_action_ms": {name: cpu[name] / count[name] * 1000 for name in count},
                "counts": dict(count),
                "errors": day.errors,
            }
        )
    )


class _Day:
    """The seeded negotiation as 60 signed-in test clients see it; `act` does one action."""

    def __init__(self, app, seeded: dict, password: str) -> None:
        self.base = f"/negotiations/{seeded['negotiation']}"
        self.revision = seeded["revision"]
        self.comments = list(seeded["comments"])
        self.rng = random.Random(1)
        self.errors: collections.Counter[str] = collections.Counter()
        self.clients = []
        for email in seeded["emails"][:CLIENTS]:
            client = app.test_client()
            response = client.post("/login", data={"email": email, "password": password})
            if response.status_code != 302:
                raise SystemExit(f"sign-in of {email} answered {response.status_code}")
            self.clients.append(client)
        page = self.clients[0].get(f"{self.base}/revisions/{self.revision}").get_data(True)
        self.paragraphs = sorted({int(n) for n in re.findall(r"/paragraphs/(\d+)/comments", page)})
        self.own: dict[int, list[int]] = collections.defaultdict(list)

    def act(self, name: str, who: int) -> None:
        client, base, rng = self.clients[who], self.base, self.rng
        if name == "draft":
            status = client.get(f"{base}/revisions/{self.revision}").status_code
        elif name == "compare":
            status = client.get(f"{base}/compare?mode=side").status_code
        elif name == "paragraph":
            paragraph = rng.choice(self.paragraphs)
            status = client.get(f"{base}/paragraphs/{paragraph}/comments").status_code
        elif name == "comment_page":
            status = client.get(f"{base}/comments/{rng.choice(self.comments)}").status_code
        elif name == "comment_create":
            response = client.post(
                f"{base}/revisions/{self.revision}/comments",
                data={
                    "paragraph_id": str(rng.choice(self.paragraphs)),
                    "kind": "comment",
                    "body": f"Remark at {time.time():.6f}",
                    "visibility": "all",
                },
            )
            status = response.status_code
            made = re.search(r"/comments/(\d+)", response.headers.get("Location", ""))
            if made:
                self.own[who].append(int(made.group(1)))
                self.comments.append(int(made.group(1)))
        elif name == "comment_edit":
            if not self.own[who]:
                return
            comment = rng.choice(self.own[who])
            page = client.get(f"{base}/comments/{comment}").get_data(True)
            version = re.search(r'name="version" value="(\d+)"', page)
            status = client.post(
                f"{base}/comments/{comment}/edit",
                data={
                    "version": version.group(1) if version else "",
                    "body": f"Edited at {time.time():.6f}",
                },
            ).status_code
        elif name == "comment_join":
            comment = rng.choice(self.comments)
            status = client.post(f"{base}/comments/{comment}/join").status_code
            status = 302 if status in (403, 409, 422) else status  # refusals a person sees
        else:
            status = client.get("/healthz").status_code
        if status not in (200, 302):
            self.errors[f"{name} {status}"] += 1


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
            f" per action; errors A {dict(r['A']['errors']) or 0}, B {dict(r['B']['errors']) or 0}"
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
