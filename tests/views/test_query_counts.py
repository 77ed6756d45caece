"""No page a delegate opens issues more queries for a longer text or a busier negotiation: the
draft, compare, paragraph, compilation, comment list, comment, dashboard, search, review and
other pages, and the exports, are counted at two sizes."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from tests.conftest import sign_in
from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentJoin,
    CommentReply,
    Negotiation,
    Paragraph,
    ParagraphStatusChange,
    Revision,
)
from tracker.services.negotiations import create_negotiation
from tracker.services.publishing import withdraw_revision
from tracker.services.revisions import latest_published, publish_revision, upload_revision
from tracker.services.rounds import create_round

#: (paragraphs, comments): a short text with a few comments, a long one with many.
SIZES = {"small": (8, 16), "large": (40, 240)}


def _text(paragraphs: int, revision: int) -> bytes:
    """A resolution of `paragraphs` paragraphs (a fifth preambular); each revision edits every
    third again."""
    preambular = paragraphs // 5
    lines = ["Cooperation on measures (query count)", "", "The General Assembly,", ""]
    for index in range(paragraphs):
        edit = " and its follow-up" * revision if index % 3 == 0 else ""
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
                # Some answered: settled positions, counted apart.
                triage_status="not_retained" if number % 4 == 1 else "open",
            )
        )
    db.session.add_all(rows)
    db.session.flush()
    for comment in rows[::4]:
        other = authors[0] if comment.author is authors[1] else authors[1]
        db.session.add(
            CommentJoin(comment=comment, delegation_id=other.delegation_id, user_id=other.id)
        )
    for number, comment in enumerate(rows[::3]):
        db.session.add(
            CommentReply(
                comment=comment,
                author=authors[number % 2],
                delegation_id=authors[number % 2].delegation_id,
                body=f"Reply {number} to the remark.",
            )
        )
    for paragraph in top[::3]:
        db.session.add(
            ParagraphStatusChange(
                paragraph=paragraph, status="agreed_ad_ref", user_id=cast.cofac_a.id
            )
        )
    db.session.commit()
    # The next text, to review before publishing: it lists every comment carried forward.
    preview = upload_revision(
        cast.cofac_a, negotiation, filename="text.txt", data=_text(paragraphs, 2)
    )
    base = f"/negotiations/{negotiation.id}"
    return {
        "review": f"{base}/revisions/{preview.id}/review",
        "preview": f"{base}/revisions/{preview.id}",
        "moderation": f"{base}/moderation",
        "audit": f"{base}/audit",
        "compilation (Word)": f"{base}/rounds/{consultation_round.id}/compilation.docx",
        # What anyone taking part downloads or opens beside the pages.
        "clean text (Word)": f"{base}/revisions/{rev1.id}/export.docx",
        "print": f"{base}/revisions/{rev1.id}/print",
        "comparison (Word)": f"{base}/compare/export.docx?old={revisions[0].id}&new={rev1.id}",
        "comparison (HTML)": f"{base}/compare/export.html?old={revisions[0].id}&new={rev1.id}",
        "comments (spreadsheet)": f"{base}/comments/export.xlsx",
        "positions (spreadsheet)": f"{base}/positions/export.xlsx",
        "history": f"{base}/paragraphs/{top[1].id}/history",
        "since the last visit": f"{base}/new",
        "calendar": f"{base}/rounds/{consultation_round.id}/calendar.ics",
        "notifications": "/notifications",
        "draft": f"{base}/revisions/{rev1.id}",
        "compare": f"{base}/compare?old={revisions[0].id}&new={rev1.id}",
        "paragraph": f"{base}/paragraphs/{top[1].id}/comments",
        "compilation": f"{base}/rounds/{consultation_round.id}/compilation",
        "comments": f"{base}/revisions/{rev1.id}/comments",
        "comment": f"{base}/comments/{rows[1].id}",
        "dashboard": f"{base}/dashboard",
        "positions": f"{base}/positions",
        "positions without the settled": f"{base}/positions?settled=hide",
        "exports": f"{base}/exports",
        "round": f"{base}/rounds/{consultation_round.id}",
        "negotiation": base,
        # Words and a delegation: comments made or joined, and replies, a page of each.
        "search": f"{base}/search?q=remark&delegation={authors[0].delegation_id}",
        # A paragraph (its lineage through both texts, its sub-paragraphs) and a kind.
        "search by paragraph": f"{base}/search?paragraph={top[1].path}&kind=proposals",
    }


#: The pages of `_negotiation` only its co-facilitators and the secretariat may open.
OVERSEERS_ONLY = {"dashboard", "review", "preview", "moderation", "audit", "compilation (Word)"}


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
            if page in OVERSEERS_ONLY and viewer != "cofac_a":
                continue
            for attempt in ("first", "again"):  # the first render, then the stored text
                # Each request starts with an empty session, as a served one does: rows left
                # from an earlier request of this test stay only until the collector runs, so
                # the count would depend on when it last ran.
                db.session.expunge_all()
                with counted_queries() as statements:
                    response = client.get(url)
                assert response.status_code == 200, (page, size, response.status_code)
                counts.setdefault(f"{page} ({attempt})", {})[size] = len(statements)
    grown = {page: sizes for page, sizes in counts.items() if sizes["large"] > sizes["small"]}
    assert not grown, f"queries grew with the text: {grown}"


def test_the_chair_page_and_its_panel_issue_no_more_queries_for_more_comments(app, cast):
    """The co-facilitators' panel lists the proposals (each with what reading it in would
    make of the room's text), reservations and open comments on its paragraph, each with its
    delegation, in as many queries at 2 of each as at 30."""
    pages = {size: _meeting_on(cast, size) for size in SIZES}
    client = sign_in(app.test_client(), cast.cofac_a)
    counts: dict[str, dict[str, int]] = {}
    for size, urls in pages.items():
        for page, url in urls.items():
            db.session.expunge_all()
            with counted_queries() as statements:
                response = client.get(url)
            assert response.status_code == 200, (page, size)
            page_text = response.get_data(as_text=True)
            assert "Reservation 0." in page_text and "Proposed addition 0." in page_text
            counts.setdefault(page, {})[size] = len(statements)
    grown = {page: sizes for page, sizes in counts.items() if sizes["large"] > sizes["small"]}
    assert not grown, f"queries grew with the comments: {grown}"


def _meeting_on(cast, size: str) -> dict[str, str]:
    """The chair page and its panel's lists on a paragraph of a negotiation of that size,
    the paragraph holding reservations and proposals to amend too, in a meeting on its latest
    text."""
    from tracker.models import ConsultationRound, MeetingParagraph
    from tracker.services.meeting import start_meeting

    urls = _negotiation(cast, size)
    paragraph = db.session.get(Paragraph, int(urls["paragraph"].split("/")[-2]))
    assert paragraph is not None
    for number in range(SIZES[size][1] // 8):
        author = (cast.delegate_a, cast.delegate_b)[number % 2]
        for kind, body, proposed in (
            ("reservation", f"Reservation {number}.", None),
            ("amend", f"Proposal {number}.", f"{paragraph.text} Proposed addition {number}."),
        ):
            db.session.add(
                Comment(
                    negotiation_id=paragraph.revision.negotiation_id,
                    revision=paragraph.revision,
                    paragraph=paragraph,
                    lineage_id=paragraph.lineage_id,
                    delegation_id=author.delegation_id,
                    author=author,
                    kind=kind,
                    body=body,
                    proposed_text=proposed,
                    visibility="all",
                )
            )
    db.session.commit()
    consultation_round = db.session.scalar(
        select(ConsultationRound).where(
            ConsultationRound.negotiation_id == paragraph.revision.negotiation_id
        )
    )
    meeting = start_meeting(cast.cofac_a, consultation_round)
    key = db.session.scalar(
        select(MeetingParagraph.key).where(
            MeetingParagraph.meeting_id == meeting.id, MeetingParagraph.origin_id == paragraph.id
        )
    )
    base = f"/negotiations/{meeting.negotiation_id}/meetings/{meeting.id}"
    return {"chair": f"{base}/chair?key={key}", "panel": f"{base}/chair/proposals?key={key}"}


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


def test_the_paragraph_pages_comment_list_carries_its_row_count_in_the_statement(app, cast):
    """On PostgreSQL, with the row count a parameter of the prepared statement, the comment
    list was planned again at every run (at 2,000 comments, 1.6 ms of the 2.4 a run took);
    written into the statement, one generic plan serves every paragraph."""
    url = _negotiation(cast, "small")["paragraph"]
    client = sign_in(app.test_client(), cast.delegate_a)
    with counted_queries() as statements:
        assert client.get(url).status_code == 200
    listed = [s for s in statements if "reply_count" in s]
    assert listed and all(re.search(r"LIMIT \d+ OFFSET \d+", s) for s in listed), listed


@contextmanager
def counted_reads():
    """(statement, the values it was sent with) of every statement sent inside the block."""
    sent: list[tuple[str, list[object]]] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        values = parameters.values() if isinstance(parameters, dict) else parameters
        sent.append((statement, list(values or ())))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def _reads(sent: list[tuple[str, list[object]]], table: str, record_id: int) -> int:
    """How many statements read the row of `table` with that id (with or without other columns,
    such as whether the person co-facilitates it or the database's generation, rows joined to
    it, such as the person's delegation, or joined to the row of another table, such as a
    revision read with its negotiation)."""
    pattern = rf"(FROM|JOIN) {table} .*WHERE (.* AND )?{table}\.id = "
    return sum(1 for s, values in sent if re.search(pattern, s, re.S) and record_id in values)


def test_posting_editing_and_joining_a_comment_read_the_negotiation_and_person_once(app, cast):
    """Each comment form sent reads the negotiation once (it was read again by every lookup of
    the request) and the signed-in person once (the request log and the cache headers read the
    row again after the commit)."""
    _negotiation(cast, "small")
    negotiation = db.session.scalar(select(Negotiation).where(Negotiation.title.like("Query%")))
    revision = latest_published(negotiation)
    paragraph_id = next(p.id for p in revision.paragraphs if p.parent_id is None)
    negotiation_id, revision_id = negotiation.id, revision.id
    base = f"/negotiations/{negotiation_id}"
    chile, mexico = cast.delegate_b.id, cast.delegate_a.id
    clients = {
        chile: sign_in(app.test_client(), cast.delegate_b),
        mexico: sign_in(app.test_client(), cast.delegate_a),
    }

    def sent(person: int, path: str, data: dict[str, object]) -> None:
        db.session.expunge_all()  # a request starts with nothing loaded, as in a server
        with counted_reads() as statements:
            response = clients[person].post(path, data=data)
        assert response.status_code == 302, response.status_code
        shown = "\n".join(s for s, _ in statements)
        assert _reads(statements, "negotiations", negotiation_id) == 1, shown
        assert _reads(statements, "users", person) == 1, shown

    sent(
        chile,
        f"{base}/revisions/{revision_id}/comments",
        {"paragraph_id": paragraph_id, "kind": "comment", "body": "A remark."},
    )
    comment = db.session.scalar(select(Comment).where(Comment.body == "A remark."))
    comment_id, version = comment.id, comment.version
    sent(chile, f"{base}/comments/{comment_id}/edit", {"version": version, "body": "Better."})
    sent(mexico, f"{base}/comments/{comment_id}/join", {})
    comment = db.session.get(Comment, comment_id)
    assert comment.body == "Better." and len(comment.active_joins) == 1


def test_the_draft_page_reads_each_revision_person_and_delegation_with_what_it_belongs_to(
    app, cast
):
    """A delegate's draft page reads the person with their delegation, the revision with who
    published it, and the previous and latest published revisions together: each was a query
    of its own; and the first opening, once recorded, did not read them all again."""
    _negotiation(cast, "small")
    negotiation = db.session.scalar(select(Negotiation).where(Negotiation.title.like("Query%")))
    revision = latest_published(negotiation)
    path = f"/negotiations/{negotiation.id}/revisions/{revision.id}"
    negotiation_id, person, publisher = negotiation.id, cast.delegate_b.id, cast.cofac_a.id
    delegation = cast.delegate_b.delegation_id
    client = sign_in(app.test_client(), cast.delegate_b)
    db.session.expunge_all()
    with counted_reads() as statements:
        response = client.get(path)  # the first opening is recorded, the text stored
    assert response.status_code == 200
    shown = "\n".join(s for s, _ in statements)
    # Recording the opening changed nothing the page had read: none of it is read again.
    assert _reads(statements, "users", person) == 1, shown
    assert _reads(statements, "negotiations", negotiation_id) == 1, shown
    db.session.expunge_all()
    with counted_reads() as statements:
        response = client.get(path + "?again=1")  # not the page kept for this address
    assert response.status_code == 200
    shown = "\n".join(s for s, _ in statements)
    assert _reads(statements, "users", person) == 1, shown
    assert _reads(statements, "delegations", delegation) == 0, shown
    assert _reads(statements, "users", publisher) == 0, shown  # who published it
    revisions_read = [
        s
        for s, _ in statements
        if re.search(r"^SELECT revisions\.id\b.*?\nFROM revisions\b", s, re.S)
    ]
    # The page's revision; the previous and the latest published ones.
    assert len(revisions_read) == 2, "\n\n".join(revisions_read)


def test_publishing_writes_one_letter_and_reads_no_whole_paragraph_rows(app, cast):
    """Publishing continues lineages from the previous paragraphs' ids and lineages, writes
    the paragraphs without reading their ids back when none has sub-paragraphs, and writes the
    circulation letter as one row (the mail worker writes each reader's copy)."""
    negotiation = create_negotiation(
        cast.secretariat, title="Publishing", mandate="", facilitator_emails=[cast.cofac_a.email]
    )
    for number in (0, 1):
        preview = upload_revision(
            cast.cofac_a, negotiation, filename="text.txt", data=_text(40, number)
        )
        with counted_queries() as statements:
            publish_revision(cast.cofac_a, preview)
        whole_paragraphs = [s for s in statements if re.search(r"SELECT .*paragraphs\.text", s)]
        assert whole_paragraphs == []
        assert [s for s in statements if re.search(r"INSERT INTO outbox\s*\(", s)] == []
        assert len([s for s in statements if "INSERT INTO outbox_letters" in s]) == 1
        # No paragraph has sub-paragraphs naming it: no ids are read back.
        inserts = [s for s in statements if re.search(r"INSERT INTO paragraphs\b", s)]
        assert inserts and not [s for s in inserts if "RETURNING" in s]


def test_publishing_reads_the_negotiations_revisions_in_two_queries(app, cast):
    """Publishing reads what was circulated (the latest text, the labels used, the highest
    number, withdrawn texts included) in one query and the two texts in another, however many
    revisions came before; the numbering still counts the withdrawn text."""
    negotiation = create_negotiation(
        cast.secretariat, title="Publishing", mandate="", facilitator_emails=[cast.cofac_a.email]
    )
    published: list[Revision] = []
    for number in (0, 1, 2):
        if number == 2:
            withdraw_revision(cast.cofac_a, published[-1], "Circulated by mistake.")
        preview = upload_revision(
            cast.cofac_a, negotiation, filename="text.txt", data=_text(40, number)
        )
        assert preview.negotiation is negotiation  # loaded as a request has it, before publishing
        with counted_queries() as statements:
            published.append(publish_revision(cast.cofac_a, preview))
        revision_reads = [s for s in statements if re.search(r"SELECT .*\sFROM revisions\b", s)]
        assert len(revision_reads) == 2, "\n".join(revision_reads)
    assert [r.sequence for r in published] == [0, 1, 2]
    assert published[0].state == "published" and published[2].state == "published"


def _comment_on_the_paragraph_page(cast, url: str) -> Comment:
    """A comment of the negotiation shown on that paragraph page."""
    paragraph_id = int(url.rsplit("/", 2)[-2])
    paragraph = db.session.get(Paragraph, paragraph_id)
    return db.session.scalar(
        select(Comment)
        .where(Comment.lineage_id == paragraph.lineage_id, Comment.visibility == "all")
        .order_by(Comment.id)
    )


def test_a_new_reader_of_the_paragraph_and_comment_pages_waits_for_four_queries(app, cast):
    """A delegate's first view of a paragraph's page reads the person with their unread count,
    the negotiation, the paragraph with its status (however many predecessors it walks), the
    latest revision and whether it has sub-paragraphs, and its comments: one query each, and who
    joined the comments in one more. The comment page likewise reads the comment with where it
    was made, the latest revision with the paragraph, and who joined it. Neither reads the
    delegate's delegation or groups again, nor a status, revision or paragraph on its own."""
    url = _negotiation(cast, "large")["paragraph"]
    comment = _comment_on_the_paragraph_page(cast, url)
    comment_url = f"/negotiations/{comment.negotiation_id}/comments/{comment.id}"
    # Another delegate first, so that what every reader shares is made (kept texts).
    sign_in(app.test_client(), cast.delegate_b).get(url)
    client = sign_in(app.test_client(), cast.delegate_a)
    for page, address in (("paragraph", url), ("comment", comment_url)):
        db.session.expunge_all()  # a request starts with nothing loaded, as in a server
        with counted_queries() as statements:
            response = client.get(address)
        assert response.status_code == 200
        shown = "\n".join(statements)
        joins = 1 if any("FROM comment_joins" in s for s in statements) else 0
        assert len(statements) == 4 + joins, (page, shown)
        assert not [s for s in statements if s.startswith("SELECT count(notifications.id)")]
        assert sum("paragraph_status_changes" in s for s in statements) <= 1, shown
        alone = [s for s in statements if re.match(r"SELECT (delegations|group_speakers)\.", s)]
        assert alone == [], (page, shown)
        by_id = r"SELECT (revisions|paragraphs)\.[^(]*FROM \1\s+WHERE \1\.id = "
        assert not [s for s in statements if re.match(by_id, s)], (page, shown)
    assert b"as amended" in response.data or comment.body.encode() in response.data


def test_posting_editing_and_joining_a_comment_read_nothing_again_after_the_commit(app, cast):
    """A comment form sent reads what it checks and announces once, and nothing after its
    commit: the redirect's address, the message naming who joined and the announcements use
    what the request read (the comment, its joins and their delegations were read again, one
    query each, after a join)."""
    _negotiation(cast, "small")
    negotiation = db.session.scalar(select(Negotiation).where(Negotiation.title.like("Query%")))
    revision = latest_published(negotiation)
    paragraph_id = next(p.id for p in revision.paragraphs if p.parent_id is None)
    base = f"/negotiations/{negotiation.id}"
    chile = sign_in(app.test_client(), cast.delegate_b)
    mexico = sign_in(app.test_client(), cast.delegate_a)

    def sent(client, path: str, data: dict[str, object]) -> list[str]:
        db.session.expunge_all()  # a request starts with nothing loaded, as in a server
        with counted_queries() as statements:
            response = client.post(path, data=data)
        assert response.status_code == 302, response.status_code
        writes = [i for i, s in enumerate(statements) if re.match(r"\s*(INSERT|UPDATE)", s)]
        after = [s for s in statements[writes[-1] + 1 :] if not s.startswith("SELECT pg_")]
        assert after == [], "\n".join(statements)
        return statements

    posted = sent(
        chile,
        f"{base}/revisions/{revision.id}/comments",
        {"paragraph_id": paragraph_id, "kind": "comment", "body": "A remark."},
    )
    assert not [s for s in posted if "FROM group_memberships" in s]  # for its own delegation
    comment = db.session.scalar(select(Comment).where(Comment.body == "A remark."))
    comment_id, version = comment.id, comment.version
    edited = sent(chile, f"{base}/comments/{comment_id}/edit", {"version": version, "body": "B."})
    joined = sent(mexico, f"{base}/comments/{comment_id}/join", {})
    for statements in (edited, joined):
        # The comment with its round, delegation, author, text and paragraph in one query.
        assert sum(bool(re.search(r"FROM comments\b", s)) for s in statements) == 1
        for lookup in ("users", "delegations", "revisions", "paragraphs", "consultation_rounds"):
            assert not re.search(rf"FROM {lookup}\s+WHERE {lookup}\.id = ", "\n".join(statements))
    db.session.expunge_all()
    comment = db.session.get(Comment, comment_id)
    assert comment.body == "B." and [j.delegation_id for j in comment.active_joins] == [
        cast.delegate_a.delegation_id
    ]
