"""The draft, compare, paragraph and review pages of two long revisions: first and stored render.

Publishes two generated revisions (10% edited, 5% moved, 5% added, 5% deleted, the generator of
bench/compare.py) into a scratch SQLite database through the services, then renders, in the same
run and through the same app, the draft page of the newer revision, the compare page of the
pair and a paragraph page: first with the stores emptied before every render (what the first
reader of a new revision waits for), then with the rendered texts stored but the page made for
the reader (everyone after the first), then kept (the same reader again, nothing changed since);
and the co-facilitators' review of a third text before publishing it, made for each view, with
the comments it would carry forward. Targets: the compare page in under twice the time of the
draft page; a stored draft page of 200 paragraphs under 5 ms.

Run: .venv/bin/python bench/pages.py [--paragraphs 200] [--repeat 9] [--comments 2000]
[--app-root ../other-checkout]
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


def _app_root() -> Path:
    """The checkout to render with: --app-root, read before anything imports the app."""
    for index, argument in enumerate(sys.argv):
        if argument == "--app-root" and index + 1 < len(sys.argv):
            return Path(sys.argv[index + 1]).resolve()
        if argument.startswith("--app-root="):
            return Path(argument.split("=", 1)[1]).resolve()
    return ROOT


sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(_app_root()))

# The app is imported first: bench/compare.py puts this checkout first on the path.
import tracker  # noqa: E402, F401, I001
from compare import make_revisions  # noqa: E402


def main() -> None:
    """Seed, render both pages `repeat` times, print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--comments", type=int, default=0, help="on the newer revision")
    parser.add_argument(
        "--app-root", help="render with another checkout (the code before a change, say)"
    )
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="tracker-pages-")
    os.environ["TRACKER_INSTANCE_PATH"] = scratch
    from flask_migrate import upgrade

    from tracker import create_app

    print(f"rendering with {Path(sys.modules['tracker'].__file__ or '').parent.parent}")
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
        seed_comments(new, reader, args.comments)
        urls = {
            "draft page": f"/negotiations/{negotiation.id}/revisions/{new.id}",
            "compare page": f"/negotiations/{negotiation.id}/compare?old={old.id}&new={new.id}",
            # The first paragraph: with --comments it holds one in every 200 or so of them.
            "paragraph page": f"/negotiations/{negotiation.id}/paragraphs/"
            f"{next(p.id for p in new.paragraphs if p.parent_id is None)}/comments",
        }
        # The next text, to review before publishing: its page lists every comment carried
        # forward (the older text again, so that every kind of change is there to show).
        preview = upload_revision(
            facilitator, negotiation, filename="rev.txt", data=write_text(old_doc).encode("utf-8")
        )
        review_url = f"/negotiations/{negotiation.id}/revisions/{preview.id}/review"
        reader_id, facilitator_id = reader.id, facilitator.id
        db.session.remove()

    client = signed_in(app, reader_id)
    timings: dict[str, list[float]] = {}
    cpu_timings: dict[str, list[float]] = {}
    for name, url in urls.items():
        client.get(url)  # warm templates and connections once
        for mode, forget in MODES.items():
            if os.environ.get("BENCH_PROFILE") and mode == "first render":
                import cProfile

                profile = cProfile.Profile()
                profile.enable()
            runs, cpu = [], []
            for _ in range(args.repeat):
                for store in forget:
                    forget_rendered(app, store)
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                runs.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                assert response.status_code == 200, (name, response.status_code)
            label = f"{name}, {mode}"
            timings[label], cpu_timings[label] = runs, cpu
    # The review page is made for each view (its comparison with the preview is not stored).
    facilitator_client = signed_in(app, facilitator_id)
    facilitator_client.get(review_url)
    runs, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = facilitator_client.get(review_url)
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, ("review page", response.status_code)
    timings["review page, each view"], cpu_timings["review page, each view"] = runs, cpu
    # CPU time beside wall time: on a shared machine the wall clock also counts other work.
    print(f"{args.paragraphs} paragraphs, median of {args.repeat} renders   wall      CPU")
    for name, runs in timings.items():
        wall_median = statistics.median(runs)
        cpu_median = statistics.median(cpu_timings[name])
        print(f"{name:28} {wall_median * 1000:8.1f} ms {cpu_median * 1000:6.1f} ms")
    draft = statistics.median(cpu_timings["draft page, first render"])
    compare = statistics.median(cpu_timings["compare page, first render"])
    print(f"compare/draft ratio (first renders, CPU) {compare / draft:.2f} (target < 2)")
    stored_draft = statistics.median(cpu_timings["draft page, stored"])
    kept_draft = statistics.median(cpu_timings["draft page, kept"])
    print(
        f"stored draft page {stored_draft * 1000:.1f} ms CPU, kept {kept_draft * 1000:.1f} ms "
        "(target < 5 ms at 200 paragraphs)"
    )


def signed_in(app, user_id: int):  # noqa: ANN001, ANN201 (a Flask app and its test client)
    """A test client of `app` signed in as that person."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session["session_version"] = 1
    return client


def seed_comments(revision, author, count: int) -> None:  # noqa: ANN001 (models)
    """`count` comments spread over the revision's paragraphs, stored in one flush."""
    from tracker.extensions import db
    from tracker.models import Comment

    top = [p for p in revision.paragraphs if p.parent_id is None]
    db.session.add_all(
        Comment(
            negotiation_id=revision.negotiation_id,
            revision=revision,
            paragraph=top[number % len(top)],
            lineage_id=top[number % len(top)].lineage_id,
            delegation_id=author.delegation_id,
            author=author,
            kind="comment",
            body=f"Seeded remark {number}.",
            visibility="all",
        )
        for number in range(count)
    )
    db.session.commit()


#: How each page is timed, and which stores are emptied before each timing: the first reader
#: of a new revision (nothing rendered yet), a reader after the first (the text and the lines
#: are stored, the page is made for this person), the same reader again (the page is kept).
MODES = {
    "first render": ("render_cache", "render_cache_moments", "render_cache_pages"),
    "stored": ("render_cache_pages",),
    "kept": (),
}


def forget_rendered(app, store_name: str) -> None:  # noqa: ANN001 (a Flask app)
    """Empty one store of rendered texts or pages, when this version of the app has it."""
    store = app.extensions.get(store_name)
    if store is not None:
        store.clear()


if __name__ == "__main__":
    main()
