"""Finding 5: a delegate could end another delegation's join of a group statement; joins and
replies were taken after the round's deadline and on superseded texts, replies and triage on
withdrawn comments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from tests.conftest import designate, make_user, one, publish, sign_in
from tests.security.abuse import ZERO, first_operative, published_zero
from tracker.extensions import db
from tracker.models import CommentJoin, ConsultationRound, Delegation
from tracker.services import Conflict, Invalid, PermissionDenied, triage
from tracker.services import comments as comment_service


def _comment(cast, revision):
    return comment_service.create_comment(
        cast.delegate_a,
        revision,
        paragraph=first_operative(revision),
        kind="comment",
        body="On OP1.",
    )


def test_a_delegation_cannot_end_another_delegations_join_of_a_group_statement(app, cast):
    france = make_user("france@example.org", "delegate", "FRA")
    germany = make_user("germany@example.org", "delegate", "DEU")
    designate(cast, "EU", "FRA")
    designate(cast, "EU", "DEU")
    eu = one(Delegation, code="EU")
    comment = _comment(cast, published_zero(cast))
    comment_service.join_comment(france, comment, on_behalf_of=eu.id)
    with pytest.raises(PermissionDenied, match="France joined this comment"):
        comment_service.leave_comment(germany, comment, on_behalf_of=eu.id)
    page = f"/negotiations/{comment.negotiation_id}/comments/{comment.id}"
    germany_sees = sign_in(app.test_client(), germany).get(page).get_data(as_text=True)
    assert "Stop joining (European Union)" not in germany_sees
    france_sees = sign_in(app.test_client(), france).get(page).get_data(as_text=True)
    assert "Stop joining (European Union)" in france_sees
    assert one(CommentJoin, comment_id=comment.id).left_at is None
    comment_service.leave_comment(france, comment, on_behalf_of=eu.id)
    assert one(CommentJoin, comment_id=comment.id).left_at is not None


def test_joins_and_replies_end_with_the_rounds_deadline(app, cast):
    from tracker.services.rounds import create_round

    zero = published_zero(cast)
    now = datetime.now(UTC)
    consultation_round = create_round(
        cast.cofac_a,
        cast.negotiation_a,
        title="First reading",
        revision=zero,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        comment_deadline=now + timedelta(hours=3),
    )
    comment = _comment(cast, zero)
    db.session.execute(
        update(ConsultationRound)
        .where(ConsultationRound.id == consultation_round.id)
        .values(comment_deadline=now - timedelta(minutes=1))
    )
    db.session.commit()
    db.session.expire_all()
    with pytest.raises(Invalid, match="deadline"):
        comment_service.join_comment(cast.delegate_b, comment)
    with pytest.raises(Invalid, match="deadline"):
        comment_service.reply_to(cast.delegate_b, comment, "Late.")


def test_joins_and_replies_are_refused_on_a_superseded_text(app, cast):
    zero = published_zero(cast)
    comment = _comment(cast, zero)
    rev1 = (zero.source_data or b"").replace(b"Decides", b"Also decides", 1)
    publish(cast.cofac_a, cast.negotiation_a, ZERO, rev1, label="Rev.1")
    with pytest.raises(Invalid, match="superseded"):
        comment_service.join_comment(cast.delegate_b, comment)
    with pytest.raises(Invalid, match="superseded"):
        comment_service.reply_to(cast.delegate_b, comment, "On the old text.")


def test_a_withdrawn_comment_takes_no_replies_and_no_triage(app, cast):
    comment = _comment(cast, published_zero(cast))
    comment_service.withdraw_comment(cast.delegate_a, comment)
    with pytest.raises(Conflict, match="withdrawn"):
        comment_service.reply_to(cast.delegate_b, comment, "Why?")
    with pytest.raises(Conflict, match="withdrawn"):
        comment_service.reply_to(cast.cofac_a, comment, "Noted.")
    with pytest.raises(Conflict, match="withdrawn"):
        triage.triage_comment(cast.cofac_a, comment, status="noted", version=comment.version)
