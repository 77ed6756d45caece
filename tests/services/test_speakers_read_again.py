"""Who spoke on each paragraph, brought up to date by reading again only the paragraphs touched
since the last read: after any run of comments, edits, withdrawals, joins, leaves, hidings and
triage, the lines every kind of reader sees are those a read of all comments gives."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from tests.conftest import make_user, publish
from tracker.extensions import db
from tracker.models import Comment, CommentTally, Visibility
from tracker.models.columns import utcnow
from tracker.services import Conflict, Invalid, moderation, triage
from tracker.services import comments as comment_service
from tracker.services.pairing import negotiation_merges

ZERO = "zero-draft-2021-hlm-modalities.txt"
STEPS = 40


def _read_in_full(viewer, revision, marks):  # noqa: ANN001, ANN202 (models)
    """What a process that remembers nothing reads."""
    own = viewer.delegation_id
    raw = comment_service._read_speakers(revision, marks.eyes, own, None)
    return comment_service._merged_speakers(raw, negotiation_merges(revision.negotiation_id))


def _step(rng: random.Random, cast, zero, delegates, comments: list[Comment]) -> str:  # noqa: ANN001
    """One thing someone does in the room; returns what, for the failure message."""
    action = rng.choice(
        ["comment"] * 4 + ["edit", "withdraw", "join", "join", "leave", "hide", "triage"]
    )
    live = [c for c in comments if not c.is_withdrawn]
    if action == "comment" or not live:
        author = rng.choice(delegates)
        paragraph = rng.choice(zero.paragraphs)
        visibility = rng.choice([Visibility.ALL, Visibility.ALL, Visibility.FACILITATORS])
        comments.append(
            comment_service.create_comment(
                author,
                zero,
                paragraph=paragraph,
                kind="comment",
                body=f"Remark {len(comments)}",
                visibility=visibility,
            )
        )
        return f"comment by {author.email} on {paragraph.path} ({visibility})"
    comment = rng.choice(live)
    author = next(d for d in delegates if d.delegation_id == comment.delegation_id)
    try:
        if action == "edit":
            comment_service.edit_comment(
                author, comment, body=comment.body + " again", version=comment.version
            )
        elif action == "withdraw":
            comment_service.withdraw_comment(author, comment)
        elif action in ("join", "leave"):
            other = rng.choice([d for d in delegates if d.delegation_id != comment.delegation_id])
            if action == "join":
                comment_service.join_comment(other, comment)
            else:
                comment_service.leave_comment(other, comment)
        elif action == "hide":
            moderation.hide_comment(cast.cofac_a, comment, not comment.is_hidden)
        else:
            triage.triage_comment(
                cast.cofac_a, comment, status="reflected", reply="", version=comment.version
            )
    except (Invalid, Conflict):
        db.session.rollback()  # joined already, not joined, triaged already: nothing happened
        return f"{action} of comment {comment.id} refused"
    return f"{action} of comment {comment.id}"


def _lineages_read(monkeypatch: pytest.MonkeyPatch) -> list[list[int] | None]:
    """The paragraphs each read of speakers asks for from now on (None: all of them)."""
    reads: list[list[int] | None] = []
    read = comment_service._read_speakers

    def spy(revision, eyes, own, lineages):  # noqa: ANN001, ANN202 (as _read_speakers)
        reads.append(lineages)
        return read(revision, eyes, own, lineages)

    monkeypatch.setattr(comment_service, "_read_speakers", spy)
    return reads


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_speakers_brought_up_to_date_match_a_full_read(app, cast, seed: int):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    brazil = make_user("brazil@example.org", "delegate", "BRA")
    delegates = [cast.delegate_a, cast.delegate_b, brazil]
    viewers = [cast.cofac_a, *delegates, cast.secretariat]
    rng = random.Random(seed)
    comments: list[Comment] = []
    done: list[str] = []
    read_again = 0
    for _ in range(STEPS):
        done.append(_step(rng, cast, zero, delegates, comments))
        for viewer in viewers:
            marks = comment_service.summary_marks(viewer, zero)
            remembered = comment_service._SPEAKERS_READ.get(f"{zero.id}:{marks.eyes}")
            if remembered is not None and remembered.marks != marks:
                read_again += 1
            shown = comment_service.speakers_by_lineage(viewer, zero, marks)
            assert shown == _read_in_full(viewer, zero, marks), (viewer.email, done)
    # The runs above went through bringing up to date, not only through full reads.
    assert read_again >= STEPS


def test_any_number_of_paragraphs_is_read_by_one_prepared_statement(app, cast):
    """On PostgreSQL the paragraphs to read again are bound as one array: a list of each length
    would be a statement of its own, prepared and planned again on every connection."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite prepares no statements")
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    lineages = [p.lineage_id for p in zero.paragraphs]
    marks = comment_service.summary_marks(cast.delegate_a, zero)
    for count in (1, 2, 3, 5, 8, 1, 2, 3):
        comment_service._read_speakers(zero, marks.eyes, None, lineages[:count])
    prepared = db.session.scalars(
        text("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%row_number%'")
    ).all()
    assert len(prepared) == 1, prepared


def test_a_comment_committed_after_a_newer_one_is_noticed(app, cast):
    """A comment older than the newest one read, and changed before the latest change read,
    can still arrive (its transaction committed last): the count does not add up, and
    everything is read again."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    late_on, other = zero.paragraphs[3], zero.paragraphs[5]
    late = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=late_on, kind="comment", body="Made first"
    )
    comment_service.create_comment(
        cast.delegate_b, zero, paragraph=other, kind="comment", body="Made second"
    )
    hour_ago = utcnow() - timedelta(hours=1)

    def move_late(away: int, to: int) -> None:
        # Not yet committed, as far as negotiation A's readers can tell; its negotiation's
        # figures count it exactly when it is there, as a commit of its own would.
        db.session.execute(
            update(Comment)
            .where(Comment.id == late.id)
            .values(negotiation_id=to, updated_at=hour_ago)
        )
        for negotiation_id, added in ((away, -1), (to, 1)):
            db.session.execute(
                update(CommentTally)
                .where(CommentTally.negotiation_id == negotiation_id)
                .values(comments=CommentTally.comments + added)
            )
        db.session.commit()

    viewer = cast.cofac_a
    move_late(cast.negotiation_a.id, cast.negotiation_b.id)
    before = comment_service.speakers_by_lineage(
        viewer, zero, comment_service.summary_marks(viewer, zero)
    )
    assert late_on.lineage_id not in before
    move_late(cast.negotiation_b.id, cast.negotiation_a.id)
    marks = comment_service.summary_marks(viewer, zero)
    after = comment_service.speakers_by_lineage(viewer, zero, marks)
    assert after[late_on.lineage_id].count == 1
    assert after == _read_in_full(viewer, zero, marks)


def test_a_comment_committed_after_the_marks_were_read_waits_for_the_next_marks(
    app, cast, monkeypatch
):
    """Under load a comment is committed between a page reading its marks and reading what
    changed since the last marks: that comment is left to the next marks, and the paragraphs
    touched up to these marks are read alone rather than all of them."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    first_on, second_on = zero.paragraphs[2], zero.paragraphs[6]
    viewer = cast.delegate_b

    def say(paragraph, body: str) -> None:  # noqa: ANN001 (model)
        comment_service.create_comment(
            cast.delegate_a, zero, paragraph=paragraph, kind="comment", body=body
        )

    say(first_on, "Before anyone read")
    comment_service.speakers_by_lineage(viewer, zero, comment_service.summary_marks(viewer, zero))
    say(first_on, "Read with the marks")
    marks = comment_service.summary_marks(viewer, zero)
    say(second_on, "Committed after the marks were read")
    reads = _lineages_read(monkeypatch)
    shown = comment_service.speakers_by_lineage(viewer, zero, marks)
    assert reads == [[first_on.lineage_id]]
    assert shown[first_on.lineage_id].count == 2
    assert second_on.lineage_id not in shown
    later = comment_service.summary_marks(viewer, zero)
    shown = comment_service.speakers_by_lineage(viewer, zero, later)
    # Targeted again (the paragraph changed within CHANGES_OVERLAP is read once more).
    assert len(reads) == 2 and reads[1] is not None and second_on.lineage_id in reads[1]
    assert shown == _read_in_full(viewer, zero, later)


def _figures_of_rows(negotiation_id: int) -> tuple:
    """A negotiation's figures as its rows give them, counted here one by one."""
    comments = db.session.scalars(
        select(Comment).where(Comment.negotiation_id == negotiation_id)
    ).all()
    joins = [join for comment in comments for join in comment.joins]
    return (
        len(comments),
        max((c.id for c in comments), default=None),
        max((c.updated_at for c in comments), default=None),
        len(joins),
        max((j.id for j in joins), default=None),
        sum(1 for j in joins if j.left_at is not None),
    )


def _kept_figures(negotiation_id: int) -> tuple:
    db.session.expire_all()
    tally = db.session.get(CommentTally, negotiation_id)
    if tally is None:
        return (0, None, None, 0, None, 0)
    return (
        tally.comments,
        tally.newest_comment,
        tally.latest_change,
        tally.joins,
        tally.newest_join,
        tally.joins_left,
    )


@pytest.mark.parametrize("seed", [8, 11])
def test_the_figures_the_marks_read_are_the_rows_counted(app, cast, seed: int):
    """Whatever is done to comments (made, edited, withdrawn, hidden, triaged; joined, left,
    refused), the figures kept of them are what counting the rows gives, after every step."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    brazil = make_user("brazil@example.org", "delegate", "BRA")
    delegates = [cast.delegate_a, cast.delegate_b, brazil]
    rng = random.Random(seed)
    comments: list[Comment] = []
    done: list[str] = []
    for _ in range(STEPS):
        done.append(_step(rng, cast, zero, delegates, comments))
        assert _kept_figures(zero.negotiation_id) == _figures_of_rows(zero.negotiation_id), done
    assert any(action.startswith("leave") and "refused" not in action for action in done), done


def test_a_comment_rolled_back_is_not_counted(app, cast):
    """A comment whose transaction is rolled back, or whose savepoint is, never counts; the
    others of the same transaction do."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    paragraph = zero.paragraphs[1]

    def comment(body: str) -> Comment:
        made = Comment(
            negotiation_id=zero.negotiation_id,
            revision_id=zero.id,
            paragraph_id=paragraph.id,
            lineage_id=paragraph.lineage_id,
            delegation_id=cast.delegate_a.delegation_id,
            author_id=cast.delegate_a.id,
            kind="comment",
            body=body,
        )
        db.session.add(made)
        db.session.flush()
        return made

    comment("Rolled back with its transaction")
    db.session.rollback()
    assert _kept_figures(zero.negotiation_id) == (0, None, None, 0, None, 0)
    kept = comment("Kept")
    with db.session.begin_nested() as savepoint:
        comment("Rolled back with its savepoint")
        savepoint.rollback()
    db.session.commit()
    assert _kept_figures(zero.negotiation_id)[:2] == (1, kept.id)
    assert _kept_figures(zero.negotiation_id) == _figures_of_rows(zero.negotiation_id)


def test_a_paragraph_commented_on_before_the_last_read_is_not_read_again(app, cast, monkeypatch):
    """A comment made before the last read, and not changed since, was read with it: the next
    read after a comment elsewhere reads that other paragraph alone, however recent the first
    comment (before, every comment of the last two seconds was read again at every view). A
    comment edited within those seconds is still read again, in case the edit was committed
    out of its order."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    first_on, second_on, third_on = zero.paragraphs[2], zero.paragraphs[6], zero.paragraphs[9]
    viewer = cast.delegate_b

    def say(paragraph, body: str) -> Comment:  # noqa: ANN001 (model)
        return comment_service.create_comment(
            cast.delegate_a, zero, paragraph=paragraph, kind="comment", body=body
        )

    def read() -> dict:
        marks = comment_service.summary_marks(viewer, zero)
        return comment_service.speakers_by_lineage(viewer, zero, marks)

    first = say(first_on, "Made just before a read")
    read()
    say(second_on, "Made after it")
    reads = _lineages_read(monkeypatch)
    shown = read()
    assert reads == [[second_on.lineage_id]]
    assert shown[first_on.lineage_id].count == 1 and shown[second_on.lineage_id].count == 1

    comment_service.edit_comment(cast.delegate_a, first, body="Edited", version=first.version)
    read()
    say(third_on, "Made after the edit was read")
    reads.clear()
    shown = read()
    assert reads == [sorted([first_on.lineage_id, third_on.lineage_id])]
    assert shown == _read_in_full(viewer, zero, comment_service.summary_marks(viewer, zero))
