"""No page a delegate opens issues more queries for a longer text or a busier negotiation: the
draft, compare, paragraph, compilation and dashboard pages are counted at two sizes."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from tests.conftest import sign_in
from tracker.extensions import db
from tracker.models import Comment, CommentJoin, ParagraphStatusChange
from tracker.services.negotiations import create_negotiation
from tracker.services.revisions import publish_revision, upload_revision
from tracker.services.rounds import create_round

#: (paragraphs, comments): a short text with a few comments, a long one with many.
SIZES = {"small": (8, 16), "large": (40, 240)}


def _text(paragraphs: int, revision: int) -> bytes:
    """A resolution of `paragraphs` paragraphs (a fifth preambular); Rev.1 edits every third."""
    preambular = paragraphs // 5
    lines = ["Cooperation on measures (query count)", "", "The General Assembly,", ""]
    for index in range(paragraphs):
        edit = " and its follow-up" if revision and index % 3 == 0 else ""
        topic = f"measure {index} of the plan{edit}, including the exchange of practices"
        if index < preambular:
            lines += [f"*Recalling* {topic},", ""]
        else:
            end = "." if index == paragraphs - 1 else ";"
            lines += [f"{index - preambular + 1}. *Decides* to consider {topic}{end}", ""]
    return "\n".join(lines).encode()


def _negotiation(cast, size: str):
    """A negotiation of the given size: zero draft, Rev.1, a round, comments, joins, statuses."""
    paragraphs, comments = SIZES[size]
    negotiation = create_negotiation(
        cast.secretariat,
        title=f"Query count ({size})",
        mandate="",
        facilitator_emails=[cast.cofac_a.email],
    )
    revisions = []
    for number in (0, 1):
        preview = upload_revision(
            cast.cofac_a, negotiation, filename="text.txt", data=_text(paragraphs, number)
        )
        revisions.append(publish_revision(cast.cofac_a, preview))
    rev1 = revisions[1]
    start = datetime.now(UTC) + timedelta(days=1)
    consultation_round = create_round(
        cast.cofac_a,
        negotiation,
        title="First reading",
        revision=rev1,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        comment_deadline=start + timedelta(days=2),
    )
    top = [p for p in rev1.paragraphs if p.parent_id is None]
    authors = [cast.delegate_a, cast.delegate_b]
    rows = []
    for number in range(comments):
        paragraph = top[number % len(top)] if number % 7 else None
        author = authors[number % 2]
        rows.append(
            Comment(
                negotiation=negotiation,
                revision=rev1,
                paragraph=paragraph,
                lineage_id=paragraph.lineage_id if paragraph else None,
                round_id=consultation_round.id,
                delegation_id=author.delegation_id,
                author=author,
                kind=("comment", "amend", "question")[number % 3],
                body=f"Remark {number}.",
                proposed_text=f"{paragraph.text} as amended {number}" if paragraph else None,
                visibility="facilitators" if number % 5 == 0 else "all",
            )
        )
    db.session.add_all(rows)
    db.session.flush()
    for comment in rows[::4]:
        other = authors[0] if comment.author is authors[1] else authors[1]
        db.session.add(
            CommentJoin(comment=comment, delegation_id=other.delegation_id, user_id=other.id)
        )
    for paragraph in top[::3]:
        db.session.add(
            ParagraphStatusChange(
                paragraph=paragraph, status="agreed_ad_ref", user_id=cast.cofac_a.id
            )
        )
    db.session.commit()
    base = f"/negotiations/{negotiation.id}"
    return {
        "draft": f"{base}/revisions/{rev1.id}",
        "compare": f"{base}/compare?old={revisions[0].id}&new={rev1.id}",
        "paragraph": f"{base}/paragraphs/{top[1].id}/comments",
        "compilation": f"{base}/rounds/{consultation_round.id}/compilation",
        "dashboard": f"{base}/dashboard",
    }


@contextmanager
def counted_queries():
    """The statements sent to the database inside the block."""
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


@pytest.mark.parametrize("viewer", ["cofac_a", "delegate_a"])
def test_no_page_issues_more_queries_for_more_paragraphs_or_comments(app, cast, viewer):
    pages = {size: _negotiation(cast, size) for size in SIZES}
    client = sign_in(app.test_client(), getattr(cast, viewer))
    counts: dict[str, dict[str, int]] = {}
    for size, urls in pages.items():
        for page, url in urls.items():
            if page == "dashboard" and viewer != "cofac_a":
                continue
            for attempt in ("first", "again"):  # the first render, then the stored text
                with counted_queries() as statements:
                    response = client.get(url)
                assert response.status_code == 200, (page, size, response.status_code)
                counts.setdefault(f"{page} ({attempt})", {})[size] = len(statements)
    grown = {page: sizes for page, sizes in counts.items() if sizes["large"] > sizes["small"]}
    assert not grown, f"queries grew with the text: {grown}"


def test_the_paragraph_page_loads_its_comments_with_their_relations_in_few_queries(app, cast):
    """Every comment posted opens this page first for its form: its comments come with their
    author, delegation, paragraph, revision and round in one query, and the lists they carry
    (joins, replies, versions, triage) in one query each."""
    url = _negotiation(cast, "large")["paragraph"]
    client = sign_in(app.test_client(), cast.delegate_a)
    client.get(url)
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    assert b"as amended" in response.data  # the page shows its comments' proposals
    assert len(statements) <= 16, "\n".join(statements)
