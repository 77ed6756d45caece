"""Publishing safely, brackets written in a preview, and pairing corrections (services)."""

from __future__ import annotations

import pytest

from tests.conftest import fixture_bytes, publish
from tracker.extensions import db
from tracker.models import Comment, NegotiationStatus, Notification, RevisionState
from tracker.services import Conflict, Invalid, PermissionDenied, brackets, pairing, publishing
from tracker.services import revisions as revision_service
from tracker.services.comments import comments_on, create_comment

ZERO = "pairing-zero.txt"
REV1 = "pairing-rev1.txt"


def _paragraph(revision, path: str):
    return next(p for p in revision.paragraphs if p.path == path)


def test_a_withdrawn_revision_keeps_its_number_and_label_and_the_next_one_follows(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, REV1)
    with pytest.raises(Invalid, match="Say why"):
        publishing.withdraw_revision(cast.cofac_a, rev1, "  ")
    with pytest.raises(PermissionDenied):
        publishing.withdraw_revision(cast.delegate_a, rev1, "Mistake.")
    publishing.withdraw_revision(cast.cofac_a, rev1, "The wrong file.")
    assert rev1.state == RevisionState.WITHDRAWN and rev1.sequence == 1
    assert revision_service.latest_published(cast.negotiation_a).id == zero.id
    assert revision_service.next_label(cast.negotiation_a) == "Rev.1 (corrected)"
    # Delegates were told of the publication, then of the correction.
    texts = [
        n.text
        for n in db.session.scalars(db.select(Notification).filter_by(user_id=cast.delegate_a.id))
    ]
    assert texts[-1] == "Correction: Rev.1 was withdrawn"
    with pytest.raises(Conflict):
        publishing.withdraw_revision(cast.cofac_a, rev1, "Again.")
    again = publish(cast.cofac_a, cast.negotiation_a, REV1)
    assert again.label == "Rev.1 (corrected)" and again.sequence == 2
    assert revision_service.previous_published(again).id == zero.id
    # A corrected text withdrawn in turn: the next label is again one never used.
    publishing.withdraw_revision(cast.cofac_a, again, "The wrong file again.")
    assert revision_service.next_label(cast.negotiation_a) == "Rev.1 (corrected 2)"
    third = publish(cast.cofac_a, cast.negotiation_a, REV1)
    assert third.label == "Rev.1 (corrected 2)" and third.sequence == 3


def test_only_the_latest_text_can_be_withdrawn(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    publish(cast.cofac_a, cast.negotiation_a, REV1)
    with pytest.raises(Conflict, match="Only the latest text"):
        publishing.withdraw_revision(cast.cofac_a, zero, "Old.")


def test_a_preview_pairing_correction_is_what_publishing_stores(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    comment = create_comment(
        cast.delegate_a, zero, paragraph=_paragraph(zero, "OP2"), kind="comment", body="Sooner."
    )
    preview = revision_service.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=REV1, data=fixture_bytes(REV1)
    )
    review = publishing.review_preview(cast.cofac_a, preview)
    assert [(c.old_path, c.new_path) for c in review.carried] == [("OP2", "OP2")]
    with pytest.raises(Invalid, match="no paragraph OP9"):
        publishing.correct_preview_pairing(cast.cofac_a, preview, "OP9", "OP2")
    publishing.correct_preview_pairing(cast.cofac_a, preview, "OP3", "OP2")
    review = publishing.review_preview(cast.cofac_a, preview)
    assert [(c.old_path, c.new_path) for c in review.carried] == [("OP2", "OP3")]
    rev1 = revision_service.publish_revision(cast.cofac_a, preview)
    placed = comments_on(cast.delegate_a, rev1)
    assert [v.comment.id for v in placed.by_lineage[_paragraph(rev1, "OP3").lineage_id]] == [
        comment.id
    ]


def test_brackets_and_alternatives_are_written_in_a_prepared_preview(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    preview = brackets.prepare_next_text(cast.cofac_a, cast.negotiation_a)
    assert preview.label == "Rev.1" and preview.state == RevisionState.PREVIEW
    with pytest.raises(Invalid, match="identical to Zero draft"):
        revision_service.publish_revision(cast.cofac_a, preview)
    with pytest.raises(Invalid, match="OP1 does not contain"):
        brackets.bracket_in_preview(cast.cofac_a, preview, "OP1", "in 2030")
    brackets.bracket_in_preview(cast.cofac_a, preview, "OP1", "in 2025", "G-77")
    brackets.alternative_in_preview(cast.cofac_a, preview, "OP3", "Invites States to attend.")
    rev1 = revision_service.publish_revision(cast.cofac_a, preview)
    assert "[in 2025 (G-77)]" in _paragraph(rev1, "OP1").text
    assert _paragraph(rev1, "OP3").text.startswith("[Alt 1: Encourages")
    with pytest.raises(Conflict):
        brackets.bracket_in_preview(cast.cofac_a, rev1, "OP2", "report")
    unsettled = brackets.unsettled_paragraphs(rev1)
    assert unsettled.bracketed == ["OP1", "OP3"] and unsettled.pending == ["PP1", "OP2"]
    assert zero.document.operative[0].text.endswith("in 2025;")  # published texts never change


def test_a_correction_never_silently_undoes_an_earlier_one(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, REV1)
    old_op2 = _paragraph(zero, "OP2")
    revision_service.correct_lineage(cast.cofac_a, _paragraph(rev1, "OP3"), old_op2)
    with pytest.raises(Conflict, match="this correction would undo it"):
        revision_service.correct_lineage(cast.cofac_a, _paragraph(rev1, "OP2"), old_op2)
    assert _paragraph(rev1, "OP3").lineage_id == old_op2.lineage_id
    revision_service.correct_lineage(
        cast.cofac_a, _paragraph(rev1, "OP2"), old_op2, replace_earlier=True
    )
    assert _paragraph(rev1, "OP2").lineage_id == old_op2.lineage_id
    notes = [n.text for n in pairing.corrections_shown(zero, rev1)]
    assert notes == [
        "Rev.1 OP3 continues Zero draft OP2",
        "Rev.1 OP2 continues Zero draft OP2",
    ]


def test_a_merge_needs_the_old_paragraph_free_and_brings_its_comments(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    comment = create_comment(
        cast.delegate_a, zero, paragraph=_paragraph(zero, "OP1"), kind="comment", body="Vienna."
    )
    rev1 = publish(cast.cofac_a, cast.negotiation_a, REV1)
    with pytest.raises(Invalid, match="is continued by OP1"):
        pairing.record_merge(cast.cofac_a, _paragraph(rev1, "OP4"), _paragraph(zero, "OP1"))
    revision_service.correct_lineage(cast.cofac_a, _paragraph(rev1, "OP1"), None)
    # Its paragraph gone from Rev.1, the comment is listed apart at the foot of the draft view.
    unplaced = comments_on(cast.delegate_a, rev1, unplaced_only=True, page=1)
    assert [v.comment.id for v in unplaced.orphaned] == [comment.id]
    pairing.record_merge(cast.cofac_a, _paragraph(rev1, "OP4"), _paragraph(zero, "OP1"))
    unplaced = comments_on(cast.delegate_a, rev1, unplaced_only=True, page=1)
    assert unplaced.orphaned == [] and unplaced.whole_text == []
    op4 = _paragraph(rev1, "OP4")
    placed = comments_on(cast.delegate_a, rev1, lineage_id=op4.lineage_id)
    assert [v.comment.id for v in placed.by_lineage[op4.lineage_id]] == [comment.id]
    assert db.session.get(Comment, comment.id).lineage_id == _paragraph(zero, "OP1").lineage_id


def test_bulk_triage_is_all_or_nothing(app, cast):
    from datetime import UTC, datetime, timedelta

    from tracker.services import rounds, triage

    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    now = datetime.now(UTC)
    consultation_round = rounds.create_round(
        cast.cofac_a,
        cast.negotiation_a,
        title="First reading",
        revision=zero,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
        comment_deadline=now + timedelta(days=2),
    )
    made = [
        create_comment(cast.delegate_a, zero, paragraph=_paragraph(zero, p), kind="comment", body=p)
        for p in ("OP1", "OP2")
    ]
    other = publish(cast.cofac_b, cast.negotiation_b, ZERO)
    elsewhere = create_comment(
        cast.delegate_a, other, paragraph=_paragraph(other, "OP1"), kind="comment", body="No."
    )
    ids = [c.id for c in made]
    with pytest.raises(Invalid, match="nothing was triaged"):
        triage.triage_many(cast.cofac_a, consultation_round, [*ids, elsewhere.id], status="noted")
    assert {c.triage_status for c in made} == {"open"}
    with pytest.raises(PermissionDenied):
        triage.triage_many(cast.delegate_a, consultation_round, ids, status="noted")
    changed = triage.triage_many(cast.secretariat, consultation_round, ids, status="noted")
    assert len(changed) == 2 and {c.triage_status for c in made} == {"noted"}


def test_the_trials_of_a_preview_pairing_stay_private_and_each_correction_can_be_undone(app, cast):
    """A co-facilitator tries pairings on the preview, which no delegation sees: once
    published, the comparison lists only the corrections that pair a paragraph otherwise than
    the app does, not each trial. Each correction says what else it changed, and can be undone
    back to the app's own pairing."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    preview = revision_service.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=REV1, data=fixture_bytes(REV1)
    )
    own = publishing.preview_alignment(zero, preview).continued()
    assert own["OP2"] == "OP2" and own["OP3"] is None  # the fixture's wrong pairing
    # Giving OP3 the report's paragraph takes it from OP2, which is said.
    assert publishing.correct_preview_pairing(cast.cofac_a, preview, "OP3", "OP2") == {"OP2": None}
    publishing.correct_preview_pairing(cast.cofac_a, preview, "OP1", "OP1")  # as the app has it
    publishing.correct_preview_pairing(cast.cofac_a, preview, "OP4", None)
    moved_back = publishing.correct_preview_pairing(
        cast.cofac_a, preview, "OP4", publishing.AUTOMATIC
    )
    assert "OP4" not in (preview.preview_pairing or {}) and moved_back == {}
    assert publishing.preview_alignment(zero, preview).continued()["OP4"] == own["OP4"]
    rev1 = revision_service.publish_revision(cast.cofac_a, preview)
    assert [n.text for n in pairing.corrections_shown(zero, rev1)] == [
        "Rev.1 OP3 continues Zero draft OP2 (set before publishing)"
    ]


def test_circulating_the_first_text_opens_the_consultations(app, cast):
    # The negotiation's status said "drafting" after the zero draft went out, rounds were
    # held and comments came in; it said "silence" by itself, so it can say this too.
    assert cast.negotiation_a.status == NegotiationStatus.DRAFTING
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    assert cast.negotiation_a.status == NegotiationStatus.CONSULTATIONS
    cast.negotiation_a.status = NegotiationStatus.CONCLUDED  # as set on the negotiation's page
    db.session.commit()
    publish(cast.cofac_a, cast.negotiation_a, REV1)
    assert cast.negotiation_a.status == NegotiationStatus.CONCLUDED


def test_a_publication_waits_for_a_withdrawal_under_way_and_is_refused_after_it(app, cast):
    """Checked while Rev.1 was being withdrawn (not yet committed), a preview reviewed
    against Rev.1 was published aligned with a withdrawn text: it now waits, then is told."""
    from tests.services.test_meeting import race
    from tracker.models import Revision, User

    zero = publish(cast.cofac_a, cast.negotiation_a, "pairing-zero.txt")
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "pairing-rev1.txt")
    preview = revision_service.upload_revision(
        cast.cofac_a,
        cast.negotiation_a,
        filename="rev2.txt",
        data=fixture_bytes("pairing-rev1.txt").replace(b"concise", b"short"),
    )
    ids = (cast.cofac_a.id, preview.id, rev1.id)

    def publish_reviewed_against_rev1() -> object:
        user, mine = db.session.get(User, ids[0]), db.session.get(Revision, ids[1])
        return revision_service.publish_revision(user, mine, ids[2])

    refused = race(
        app,
        [
            # What withdraw_revision writes, holding the negotiation as it does.
            (
                "SELECT id FROM negotiations WHERE id = :n FOR NO KEY UPDATE",
                {"n": cast.negotiation_a.id},
            ),
            ("UPDATE revisions SET state = 'withdrawn' WHERE id = :r", {"r": rev1.id}),
        ],
        publish_reviewed_against_rev1,
    )
    assert isinstance(refused, revision_service.StaleReview)
    assert (
        f"Rev.1 was withdrawn since you reviewed this preview; review it again against "
        f"{zero.label}." in refused.message
    )
    db.session.expire_all()
    assert db.session.get(Revision, preview.id).state == RevisionState.PREVIEW


def test_a_publication_holding_its_negotiation_lets_comments_and_events_be_written(app, cast):
    """The publication's hold on its negotiation made every row written with the negotiation's
    id wait for it (the foreign key's FOR KEY SHARE): a comment's commit, holding the events'
    order, then deadlocked with the publication waiting for that order (the load bench's
    comment edit answered 500). The hold now lets such rows be written."""
    from sqlalchemy import text as sql
    from sqlalchemy.exc import OperationalError

    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite lets one writer at a time in")
    revision_service.hold_circulation(cast.negotiation_a)  # held until this session ends
    other = db.engine.connect()
    try:
        with other.begin():
            other.execute(sql("SET LOCAL lock_timeout = '3s'"))
            try:
                other.execute(
                    sql("SELECT 1 FROM negotiations WHERE id = :n FOR KEY SHARE"),
                    {"n": cast.negotiation_a.id},
                )
            except OperationalError as error:
                pytest.fail(f"a row naming the negotiation waited for the publication: {error}")
    finally:
        other.close()
        db.session.rollback()


def test_publishing_during_a_meeting_on_the_latest_text_needs_that_meeting_confirmed(app, cast):
    """Publishing supersedes the text a meeting is being held on: the room's working text can
    no longer become the next revision. From a review page it is done only once confirmed for
    that very meeting; a meeting on an older text already needs nothing more."""
    from tests.conftest import schedule_round
    from tracker.services.meeting import overtaken, start_meeting

    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    meeting = start_meeting(cast.cofac_a, schedule_round(cast, zero))
    preview = revision_service.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=REV1, data=fixture_bytes(REV1)
    )
    notices = db.session.query(Notification).count()
    for confirmed in (None, meeting.id + 1):
        with pytest.raises(revision_service.MeetingNotConfirmed) as refused:
            revision_service.publish_revision(cast.cofac_a, preview, zero.id, confirmed)
        assert refused.value.message.startswith(
            f"A meeting is being held on Zero draft now ({meeting.round.title}, started by "
            f"{cast.cofac_a.name} at "
        )
        assert "Nothing was published or sent" in refused.value.message
        assert preview.state == RevisionState.PREVIEW
        assert db.session.query(Notification).count() == notices
    assert overtaken(meeting) is None
    revision_service.publish_revision(cast.cofac_a, preview, zero.id, meeting.id)
    assert preview.state == RevisionState.PUBLISHED
    # The meeting goes on, its text superseded, until the chair closes it.
    found = overtaken(meeting)
    assert meeting.is_open and found is not None and found.latest == preview and found.during
    later = revision_service.upload_revision(
        cast.cofac_a,
        cast.negotiation_a,
        filename="rev2.txt",
        data=fixture_bytes(REV1).replace(b"highest possible level", b"highest level"),
    )
    revision_service.publish_revision(cast.cofac_a, later, preview.id, None)
    assert later.state == RevisionState.PUBLISHED
    # Both withdrawn, the meeting's text is the latest again: nothing overtakes it any more.
    publishing.withdraw_revision(cast.cofac_a, later, "Circulated by mistake.")
    assert overtaken(meeting).latest == preview
    publishing.withdraw_revision(cast.cofac_a, preview, "Circulated by mistake.")
    assert overtaken(meeting) is None and meeting.is_open
