"""How long the compare page takes beside the plain draft page, for two long revisions.

Publishes two generated 1,000-paragraph revisions (10% edited, 5% moved, 5% added, 5% deleted,
the generator of bench/compare.py) into a scratch SQLite database through the services, then
renders, in the same run and through the same app, the draft page of the newer revision and the
compare page of the pair. Target: the compare page in under twice the time of the draft page.

Run: .venv/bin/python bench/pages.py [--paragraphs 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from compare import make_revisions  # noqa: E402


def main() -> None:
    """Seed, render both pages `repeat` times, print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="tracker-pages-")
    os.environ["TRACKER_INSTANCE_PATH"] = scratch
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db
    from tracker.services.accounts import create_account
    from tracker.services.delegations import ensure_reference_delegations
    from tracker.services.negotiations import create_negotiation
    from tracker.services.revisions import publish_revision, upload_revision
    from tracker.text.export_text import write_text

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/bench.sqlite", "TESTING": True}
    )
    with app.app_context():
        upgrade()
        ensure_reference_delegations()
        password = "bench-password"
        secretariat = create_account(
            None, email="sec@bench.example", name="Sec", role="secretariat", password=password
        )
        facilitator = create_account(
            None, email="cf@bench.example", name="CF", role="facilitator", password=password
        )
        reader = create_account(
            None,
            email="mex@bench.example",
            name="MEX",
            role="delegate",
            password=password,
            delegation_code="MEX",
        )
        negotiation = create_negotiation(
            secretariat, title="Bench", mandate="", facilitator_emails=[facilitator.email]
        )
        old_doc, new_doc, _truth = make_revisions(args.paragraphs)
        revisions = []
        for doc in (old_doc, new_doc):
            data = write_text(doc).encode("utf-8")
            preview = upload_revision(facilitator, negotiation, filename="rev.txt", data=data)
            revisions.append(publish_revision(facilitator, preview))
        old, new = revisions
        urls = {
            "draft page": f"/negotiations/{negotiation.id}/revisions/{new.id}",
            "compare page": f"/negotiations/{negotiation.id}/compare?old={old.id}&new={new.id}",
        }
        reader_id = reader.id
        db.session.remove()

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(reader_id)
        session["_fresh"] = True
        session["session_version"] = 1
    timings: dict[str, list[float]] = {}
    for name, url in urls.items():
        client.get(url)  # warm caches and templates once
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            runs.append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
        timings[name] = runs
    draft = statistics.median(timings["draft page"])
    compare = statistics.median(timings["compare page"])
    print(f"{args.paragraphs} paragraphs, median of {args.repeat} renders")
    print(f"draft page    {draft * 1000:8.1f} ms")
    print(f"compare page  {compare * 1000:8.1f} ms")
    print(f"compare/draft ratio {compare / draft:.2f} (target < 2)")


if __name__ == "__main__":
    main()
