"""Silence procedure: only co-facilitators open and close it, delegates break it on named
paragraphs of the text under silence before the deadline, and everything stays on record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import count, designate, fixture_bytes, one, publish, rows
from tracker.extensions import db
from tracker.models import AuditEvent, Delegation, SilenceBreak
from tracker.services import Conflict, Invalid, NotFound, PermissionDenied, silence

ZERO = "zero-draft-2021-hlm-modalities.txt"


def later(hours: int = 72) -> datetime:
    return datetime.now(UTC) + timedelta(hours=hours)


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


@pytest.fixture
def procedure(cast, zero):
    return silence.start_silence(cast.cofac_a, cast.negotiation_a, zero, later())


def expire(procedure) -> None:
    """Move the deadline into the past, as if the silence period had run out."""
    procedure.deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()


def test_starting_silence_sets_the_status_and_is_audited(cast, zero):
    procedure = silence.start_silence(cast.cofac_a, cast.negotiation_a, zero, later())
    assert cast.negotiation_a.status == "silence"
    assert silence.current_silence(cast.negotiation_a) == procedure
    assert procedure.deadline.tzinfo is not None
    actions = [e.action for e in rows(AuditEvent)]
    assert "silence.start" in actions


def test_only_the_negotiations_facilitators_start_silence(cast, zero):
    for user in (cast.delegate_a, cast.cofac_b, cast.secretariat):
        with pytest.raises(PermissionDenied):
            silence.start_silence(user, cast.negotiation_a, zero, later())
    assert silence.current_silence(cast.negotiation_a) is None


def test_silence_needs_a_future_deadline_the_latest_text_and_no_running_procedure(cast, zero):
    with pytest.raises(Invalid, match="already passed"):
        silence.start_silence(cast.cofac_a, cast.negotiation_a, zero, later(-1))
    with pytest.raises(Invalid, match="time zone"):
        silence.start_silence(cast.cofac_a, cast.negotiation_a, zero, datetime(2099, 1, 1, 12))
    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=fixture_bytes(ZERO).replace(b"*Invites* Member States", b"*Invites* all States"),
    )
    with pytest.raises(Invalid, match="superseded"):
        silence.start_silence(cast.cofac_a, cast.negotiation_a, zero, later())
    silence.start_silence(cast.cofac_a, cast.negotiation_a, rev1, later())
    with pytest.raises(Conflict, match="already under silence"):
        silence.start_silence(cast.cofac_a, cast.negotiation_a, rev1, later())


def test_a_delegate_breaks_silence_on_named_paragraphs_for_a_group(cast, zero, procedure):
    designate(cast, "G77", "MEX")
    g77 = one(Delegation, code="G77")
    op3, op1 = top(zero, "OP3"), top(zero, "OP1")
    silence_break = silence.break_silence(
        cast.delegate_a,
        procedure,
        paragraph_ids=[str(op3.id), str(op1.id), str(op3.id)],
        statement="We cannot accept the reference to the modalities.",
        on_behalf_of=g77.id,
    )
    assert silence_break.delegation == g77
    assert [p.label for p in silence_break.paragraphs] == ["OP1", "OP3"]
    event = one(AuditEvent, action="silence.break")
    assert "OP1, OP3" in event.summary


def test_a_delegate_speaks_only_for_their_own_delegation_and_its_groups(cast, zero, procedure):
    eu = one(Delegation, code="EU")
    with pytest.raises(PermissionDenied):
        silence.break_silence(
            cast.delegate_a,
            procedure,
            paragraph_ids=[top(zero, "OP1").id],
            statement="Objection.",
            on_behalf_of=eu.id,
        )
    with pytest.raises(PermissionDenied):
        silence.break_silence(
            cast.cofac_a, procedure, paragraph_ids=[top(zero, "OP1").id], statement="x"
        )
    assert count(SilenceBreak) == 0


def test_breaking_silence_after_the_deadline_is_refused(cast, zero, procedure):
    expire(procedure)
    with pytest.raises(Invalid, match="can no longer be broken") as refused:
        silence.break_silence(
            cast.delegate_a, procedure, paragraph_ids=[top(zero, "OP1").id], statement="Late."
        )
    assert refused.value.status == 422
    assert count(SilenceBreak) == 0


def test_paragraphs_must_belong_to_the_text_under_silence(cast, zero, procedure):
    other = publish(cast.cofac_b, cast.negotiation_b, ZERO)
    with pytest.raises(NotFound):
        silence.break_silence(
            cast.delegate_a, procedure, paragraph_ids=[other.paragraphs[0].id], statement="x"
        )
    with pytest.raises(Invalid, match="choose at least one"):
        silence.break_silence(cast.delegate_a, procedure, paragraph_ids=[], statement="x")
    with pytest.raises(Invalid, match="is not a paragraph"):
        silence.break_silence(cast.delegate_a, procedure, paragraph_ids=["OP1"], statement="x")
    with pytest.raises(Invalid, match="statement"):
        silence.break_silence(
            cast.delegate_a, procedure, paragraph_ids=[zero.paragraphs[0].id], statement="  "
        )
    assert count(SilenceBreak) == 0


def test_silence_passes_only_after_the_deadline_and_unbroken(cast, zero, procedure):
    with pytest.raises(Invalid, match="can pass only after"):
        silence.record_outcome(cast.cofac_a, procedure, outcome="passed")
    with pytest.raises(Invalid, match="No delegation has broken silence"):
        silence.record_outcome(cast.cofac_a, procedure, outcome="broken")
    with pytest.raises(Invalid, match="not an outcome"):
        silence.record_outcome(cast.cofac_a, procedure, outcome="adopted")
    with pytest.raises(PermissionDenied):
        silence.record_outcome(cast.delegate_a, procedure, outcome="passed")
    expire(procedure)
    silence.record_outcome(cast.cofac_a, procedure, outcome="passed", note="No objection received.")
    assert procedure.outcome == "passed" and procedure.outcome_note == "No objection received."
    assert cast.negotiation_a.status == "concluded"
    assert silence.current_silence(cast.negotiation_a) is None
    with pytest.raises(Conflict, match="already recorded"):
        silence.record_outcome(cast.cofac_a, procedure, outcome="passed")


def test_broken_silence_is_recorded_before_the_deadline_and_keeps_the_statements(
    cast, zero, procedure
):
    silence.break_silence(
        cast.delegate_b, procedure, paragraph_ids=[top(zero, "OP2").id], statement="Objection."
    )
    expire(procedure)
    with pytest.raises(Invalid, match="Silence was broken by Chile"):
        silence.record_outcome(cast.cofac_a, procedure, outcome="passed")
    silence.record_outcome(cast.cofac_a, procedure, outcome="broken", note="Back to consultations.")
    assert cast.negotiation_a.status == "drafting"  # as before silence
    assert [b.statement for b in procedure.breaks] == ["Objection."]
    outcome = one(AuditEvent, action="silence.outcome")
    assert "Silence broken" in outcome.summary
    with pytest.raises(Invalid, match="closed"):
        silence.break_silence(
            cast.delegate_a, procedure, paragraph_ids=[top(zero, "OP2").id], statement="More."
        )


def test_a_procedure_of_another_negotiation_is_not_found(cast, procedure):
    with pytest.raises(NotFound):
        silence.get_procedure(cast.delegate_a, cast.negotiation_b.id, procedure.id)
    assert silence.get_procedure(cast.delegate_a, cast.negotiation_a.id, procedure.id) == procedure
