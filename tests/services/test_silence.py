"""Silence procedure: only co-facilitators open and close it, delegates break it on named
paragraphs of the text under silence before the deadline, and everything stays on record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import count, designate, fixture_bytes, one, publish, rows
from tracker.extensions import db
from tracker.models import AuditEvent, Delegation, Notification, SilenceBreak
from tracker.services import Conflict, Invalid, NotFound, PermissionDenied, publishing, silence
from tracker.services.revisions import upload_revision

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
    assert cast.negotiation_a.status == "consultations"  # as before silence
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


REVISED = fixture_bytes(ZERO).replace(b"*Invites* Member States", b"*Invites* all States")


def heard(user) -> list[str]:
    """What a person read in their notifications, oldest first."""
    return [n.text for n in rows(Notification, user_id=user.id)]


def test_the_cofacilitators_withdraw_a_text_from_silence_before_its_deadline(cast, zero, procedure):
    with pytest.raises(PermissionDenied):
        silence.record_outcome(cast.delegate_a, procedure, outcome="withdrawn")
    silence.record_outcome(
        cast.cofac_a, procedure, outcome="withdrawn", note="A revised text will follow."
    )
    assert procedure.outcome == "withdrawn"
    assert cast.negotiation_a.status == "consultations"  # as before silence
    assert silence.current_silence(cast.negotiation_a) is None
    assert heard(cast.delegate_a)[-1] == (
        "Zero draft is no longer under silence: A revised text will follow."
    )
    with pytest.raises(Invalid, match="closed: withdrawn from silence"):
        silence.break_silence(
            cast.delegate_a, procedure, paragraph_ids=[top(zero, "OP2").id], statement="No."
        )
    # The same text can be put under silence again.
    assert silence.start_silence(cast.cofac_a, cast.negotiation_a, zero, later()).is_open


def test_circulating_a_new_text_withdraws_the_one_under_silence(cast, zero, procedure):
    silence.break_silence(
        cast.delegate_b, procedure, paragraph_ids=[top(zero, "OP2").id], statement="Objection."
    )
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=REVISED)
    assert procedure.outcome == "withdrawn"
    assert procedure.outcome_note == "Rev.1 was circulated."
    assert procedure.outcome_by == cast.cofac_a
    assert cast.negotiation_a.status == "consultations"
    assert [b.statement for b in procedure.breaks] == ["Objection."]
    assert "Withdrawn from silence on Zero draft: Rev.1 was circulated." in [
        e.summary for e in rows(AuditEvent, action="silence.outcome")
    ]
    assert heard(cast.delegate_a)[-1] == (
        "Zero draft is no longer under silence: Rev.1 was circulated."
    )
    # Rev.1 is put under silence in its turn; a preview uploaded meanwhile changes nothing.
    upload_revision(cast.cofac_a, cast.negotiation_a, filename=ZERO, data=REVISED + b"\n")
    assert silence.start_silence(cast.cofac_a, cast.negotiation_a, rev1, later()).is_open


def test_withdrawing_the_text_under_silence_withdraws_it_from_silence(cast, zero):
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=REVISED)
    procedure = silence.start_silence(cast.cofac_a, cast.negotiation_a, rev1, later())
    publishing.withdraw_revision(cast.cofac_a, rev1, "Published by mistake.")
    assert procedure.outcome == "withdrawn"
    assert procedure.outcome_note == "Rev.1 was withdrawn."
    assert silence.current_silence(cast.negotiation_a) is None
    assert cast.negotiation_a.status == "consultations"


def test_the_cofacilitators_extend_the_deadline_and_every_delegation_hears(cast, zero, procedure):
    first = procedure.deadline
    with pytest.raises(PermissionDenied):
        silence.extend_silence(cast.delegate_a, procedure, later(96))
    with pytest.raises(Invalid, match="must be later than the present one"):
        silence.extend_silence(cast.cofac_a, procedure, later(24))
    with pytest.raises(Invalid, match="time zone"):
        silence.extend_silence(cast.cofac_a, procedure, datetime(2099, 1, 1, 12))
    assert procedure.deadline == first
    silence.extend_silence(cast.cofac_a, procedure, later(96))
    assert procedure.deadline > first
    assert one(AuditEvent, action="silence.extend").summary.startswith(
        "Extended silence on Zero draft from "
    )
    assert heard(cast.delegate_b)[-1].startswith("Silence on Zero draft is extended until ")
    # A delegation can break silence until the new deadline.
    procedure.deadline = datetime.now(UTC) + timedelta(minutes=5)
    db.session.commit()
    silence.break_silence(
        cast.delegate_b, procedure, paragraph_ids=[top(zero, "OP2").id], statement="Objection."
    )
    # Once the deadline has passed, or the outcome is recorded, it can no longer be extended.
    expire(procedure)
    with pytest.raises(Invalid, match="ended on"):
        silence.extend_silence(cast.cofac_a, procedure, later(96))
    silence.record_outcome(cast.cofac_a, procedure, outcome="broken")
    with pytest.raises(Conflict, match="already recorded"):
        silence.extend_silence(cast.cofac_a, procedure, later(96))


def test_a_delegation_lifts_its_objection_and_silence_can_then_pass(cast, zero, procedure):
    objection = silence.break_silence(
        cast.delegate_b, procedure, paragraph_ids=[top(zero, "OP2").id], statement="Objection."
    )
    # Only the delegation that broke silence, or the co-facilitators, lift its objection.
    with pytest.raises(PermissionDenied):
        silence.lift_objection(cast.delegate_a, objection)
    assert objection.lifted_at is None
    silence.lift_objection(cast.delegate_b, objection, note="After consultations with Mexico.")
    assert objection.lifted_by == cast.delegate_b and procedure.standing_breaks == []
    assert [b.statement for b in procedure.breaks] == ["Objection."]  # kept on record
    assert one(AuditEvent, action="silence.lift").summary == (
        "Chile lifted its objection to Zero draft OP2: After consultations with Mexico."
    )
    assert heard(cast.cofac_a)[-1] == "Chile lifted its objection to Zero draft."
    with pytest.raises(Conflict, match="already lifted this objection"):
        silence.lift_objection(cast.cofac_a, objection)
    with pytest.raises(Invalid, match="Every objection was lifted"):
        silence.record_outcome(cast.cofac_a, procedure, outcome="broken")
    expire(procedure)
    silence.record_outcome(cast.cofac_a, procedure, outcome="passed")
    assert cast.negotiation_a.status == "concluded"


def test_the_cofacilitators_record_a_lifted_objection_until_the_outcome(cast, zero, procedure):
    first, second = (
        silence.break_silence(
            delegate, procedure, paragraph_ids=[top(zero, "OP3").id], statement="No."
        )
        for delegate in (cast.delegate_a, cast.delegate_b)
    )
    silence.lift_objection(cast.cofac_a, first)
    expire(procedure)
    with pytest.raises(Invalid, match="Silence was broken by Chile"):
        silence.record_outcome(cast.cofac_a, procedure, outcome="passed")
    silence.record_outcome(cast.cofac_a, procedure, outcome="broken")
    with pytest.raises(Conflict, match="already recorded"):
        silence.lift_objection(cast.delegate_b, second)
    assert second.lifted_at is None
    other = silence.start_silence(cast.cofac_a, cast.negotiation_a, zero, later())
    with pytest.raises(NotFound):
        silence.get_break(other, second.id)


def test_the_same_break_made_again_is_refused_other_words_or_paragraphs_are_new_objections(
    cast, zero, procedure
):
    op1, op2 = top(zero, "OP1"), top(zero, "OP2")
    first = silence.break_silence(
        cast.delegate_a, procedure, paragraph_ids=[op1.id, op2.id], statement="We object."
    )
    told = len(heard(cast.delegate_b))
    # The same paragraphs (in any order) and the same words (spacing aside): a repeat.
    with pytest.raises(Conflict, match="Mexico already broke silence on OP1, OP2 with this"):
        silence.break_silence(
            cast.delegate_a, procedure, paragraph_ids=[op2.id, op1.id], statement=" We  object. "
        )
    assert count(SilenceBreak) == 1 and len(heard(cast.delegate_b)) == told
    # Other paragraphs, or other words, are a new objection; so is another delegation's.
    silence.break_silence(
        cast.delegate_a, procedure, paragraph_ids=[op1.id], statement="We object."
    )
    silence.break_silence(
        cast.delegate_a, procedure, paragraph_ids=[op1.id, op2.id], statement="We also object."
    )
    silence.break_silence(
        cast.delegate_b, procedure, paragraph_ids=[op1.id, op2.id], statement="We object."
    )
    assert count(SilenceBreak) == 4
    # Once lifted, the delegation may object again in the same words.
    silence.lift_objection(cast.delegate_a, first)
    silence.break_silence(
        cast.delegate_a, procedure, paragraph_ids=[op1.id, op2.id], statement="We object."
    )
    assert count(SilenceBreak) == 5
