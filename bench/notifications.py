"""How long telling every delegate about a new text takes: one INSERT … SELECT (what
`notify_revision_published` does) against adding one ORM object per recipient, in the same run.

Creates 193 delegations' worth of delegate accounts (USERS_PER_DELEGATION each, inserted
directly with a placeholder password hash, since hashing is not what is measured) in a
temporary SQLite database, then times each way of writing one notification per delegate,
rolling back between runs so both write into the same empty table. Best of --repeat runs.

Run: .venv/bin/python bench/notifications.py [--per-delegation 3] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    """Print both times, rows written and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-delegation", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="bench-notifications-")
    os.environ["TRACKER_INSTANCE_PATH"] = instance
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from tracker import create_app
    from tracker.extensions import db
    from tracker.models import (
        Delegation,
        DelegationKind,
        Negotiation,
        Notification,
        NotificationKind,
        Revision,
        Role,
        User,
        utcnow,
    )
    from tracker.services.negotiations import create_negotiation
    from tracker.services.notifications import notify_revision_published

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/bench.sqlite",
            "TESTING": True,
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        upgrade()
        from tracker.services.delegations import ensure_reference_delegations

        ensure_reference_delegations()
        states = list(
            db.session.scalars(
                select(Delegation.id)
                .where(Delegation.kind == DelegationKind.MEMBER_STATE)
                .limit(193)
            )
        )
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"d{state}-{n}@bench.example",
                    "name": f"Delegate {state}-{n}",
                    "password_hash": "x",
                    "role": Role.DELEGATE.value,
                    "delegation_id": state,
                    "active": True,
                    "created_at": utcnow(),
                }
                for state in states
                for n in range(args.per_delegation)
            ],
        )
        secretariat = User(
            email="sec@bench.example", name="Sec", password_hash="x", role=Role.SECRETARIAT
        )
        facilitator = User(
            email="cofac@bench.example", name="Cofac", password_hash="x", role=Role.FACILITATOR
        )
        db.session.add_all([secretariat, facilitator])
        db.session.commit()
        negotiation = create_negotiation(
            secretariat, title="Bench", mandate="", facilitator_emails=[facilitator.email]
        )

        @dataclass
        class FakeRevision:  # only what the notification text and link need
            negotiation: Negotiation
            id: int = 1
            label: str = "Rev.1"

            @property
            def negotiation_id(self) -> int:
                return self.negotiation.id

        revision = cast(Revision, FakeRevision(negotiation))
        delegates = list(db.session.scalars(select(User.id).where(User.role == "delegate")))

        def bulk() -> None:
            notify_revision_published(facilitator, revision)
            db.session.flush()

        def one_by_one() -> None:
            now = utcnow()
            for user_id in delegates:
                db.session.add(
                    Notification(
                        user_id=user_id,
                        negotiation_id=negotiation.id,
                        kind=NotificationKind.REVISION_PUBLISHED.value,
                        text="Rev.1 of “Bench” was published.",
                        link="/negotiations/1/revisions/1",
                        created_at=now,
                    )
                )
            db.session.flush()

        def best(action: Callable[[], None]) -> tuple[float, int]:
            times, rows = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                action()
                times.append(time.perf_counter() - started)
                rows = db.session.query(Notification).count()
                db.session.rollback()
            return min(times), rows

        baseline, baseline_rows = best(one_by_one)
        measured, measured_rows = best(bulk)
    print(f"recipients: {len(delegates)} delegates ({args.per_delegation} per delegation)")
    print(
        f"one ORM object per recipient (baseline): {baseline * 1000:.1f} ms, {baseline_rows} rows"
    )
    print(
        f"one INSERT … SELECT:                      {measured * 1000:.1f} ms, {measured_rows} rows"
    )
    print(f"ratio (baseline / bulk): {baseline / measured:.1f}x")
    shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
