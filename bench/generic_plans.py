"""The one plan PostgreSQL keeps for each statement of the consultation day, at scale.

The app's connections plan each prepared statement once, for any values
(`tracker.config.PLAN_CACHE_MODE`): a plan chosen without the values must still read a large
table through an index. This seeds bench/load.py's negotiation with `--comments` comments
(20,000 by default, ten times the load bench's), does `--actions` of the day's actions
in-process (bench/load.py's own `act`: drafts, comparisons, paragraph and comment pages,
comments made, edited and joined), then asks the database for the plan of every statement
those prepared on the connection and names each that reads a large table from end to end.

    .venv/bin/python bench/generic_plans.py [--comments 20000] [--actions 600]

The database (`tracker_plans` unless `--database` names another) is created when missing and
dropped afterwards. The last line reads `statements=N full_scans_of_large_tables=F`.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import load  # noqa: E402 (bench/load.py: the seeding and the day's actions)

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/tracker_plans"
#: A table with more rows than this is large: reading it all is what a plan must not do.
LARGE = 5_000
SIGNED_IN = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--actions", type=int, default=600)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    args = parser.parse_args()
    created = load.ensure_database(args.database)
    try:
        report(args)
    finally:
        if created:
            load.drop_database(args.database)


def report(args: argparse.Namespace) -> None:
    from sqlalchemy.pool import QueuePool

    instance = tempfile.mkdtemp(prefix="tracker-plans-")
    seeded = load.seed(args.database, instance, args.comments)
    os.environ["TRACKER_INSTANCE_PATH"] = instance
    from tracker import create_app
    from tracker.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.database,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "plans",
        }
    )

    day, results, rng = load.Day(seeded), load.Results(), random.Random(1)
    delegates = load.in_process_delegates(app, seeded.delegate_emails[:SIGNED_IN])
    for n in range(args.actions):
        load.act(delegates[n % SIGNED_IN], load.next_action(rng), day, results, rng)
    if results.errors:
        raise SystemExit(f"the day's actions failed: {results.error_samples}")
    with app.app_context():
        # Each connection the actions used holds the statements it prepared.
        pool = db.engine.pool
        kept = pool.checkedin() if isinstance(pool, QueuePool) else 1
        connections = [db.engine.raw_connection() for _ in range(kept)]
        try:
            cursor = connections[0].cursor()
            cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
            large = {name for name, rows in cursor.fetchall() if rows > LARGE}
            print(f"large tables: {', '.join(sorted(large))}")
            plans: dict[str, tuple[list[str], int, int]] = {}
            for connection in connections:
                cursor = connection.cursor()
                cursor.execute(
                    "SELECT name, statement, parameter_types::text[], generic_plans, custom_plans"
                    " FROM pg_prepared_statements"
                )
                for name, statement, types, generic, custom in cursor.fetchall():
                    values = ", ".join(f"NULL::{kind}" for kind in types)
                    cursor.execute(
                        f"EXPLAIN EXECUTE {name}({values})" if types else f"EXPLAIN EXECUTE {name}"
                    )
                    plan = [row[0] for row in cursor.fetchall()]
                    read_whole = {
                        m for line in plan for m in re.findall(r"Seq Scan on (\w+)", line)
                    }
                    plans[statement] = (sorted(read_whole & large), generic, custom)
                connection.rollback()
        finally:
            for connection in connections:
                connection.close()
        db.engine.dispose()
    full_scans = 0
    for statement, (scanned, generic, custom) in sorted(plans.items()):
        full_scans += bool(scanned)
        verdict = f"READS ALL OF {', '.join(scanned)}" if scanned else "reads no large table whole"
        head = re.sub(r"\s+", " ", statement)[:90]
        print(
            f"{verdict:27s} runs on its one plan {generic:4d}, on its values' {custom:3d}: {head}"
        )
    print(f"statements={len(plans)} full_scans_of_large_tables={full_scans}")


if __name__ == "__main__":
    main()
