"""Consultation services: comments follow their paragraph, speak only for one's own delegation,
respect visibility and deadlines, and triage never silently overwrites."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from tests.conftest import count, designate, fixture_bytes, make_user, one, publish, rows
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Comment,
    Delegation,
    Notification,
    ParagraphState,
    as_of,
    utcnow,
)
from tracker.moments import NEW_YORK
from tracker.services import (
    Conflict,
    Invalid,
    NotFound,
    PermissionDenied,
    compilation,
    rounds,
    triage,
)
from tracker.services import comments as comment_service

ZERO = "zero-draft-2021-hlm-modalities.txt"


def rev1_with_new_op3(extra_edit: tuple[str, str] | None = None) -> bytes:
    """The zero draft with a new OP3 inserted, so the old OP3 becomes OP4 and the rest shift."""
    text = fixture_bytes(ZERO).decode("utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("3. *Also decides*"))
    for i in range(start, len(lines)):
        lines[i] = re.sub(r"^(\d+)\. ", lambda m: f"{int(m.group(1)) + 1}. ", lines[i])
    lines.insert(
        start,
        "3. *Welcomes* the contributions of Member States to the preparations of the meeting;",
    )
    text = "\n".join(lines)
    if extra_edit:
        text = text.replace(*extra_edit)
    return text.encode("utf-8")


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


def group(code: str) -> Delegation:
    return one(Delegation, code=code)


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def amend_op3(cast, zero, **extra):
    op3 = top(zero, "OP3")
    return comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=op3,
        kind="amend",
        proposed_text=op3.text.replace("will be webcast", "will be webcast live"),
        body="Live webcasting reaches capitals.",
        **extra,
    )


def test_comment_follows_its_paragraph_into_the_next_revision(cast, zero):
    comment = amend_op3(cast, zero)
    chile_joins = comment_service.join_comment(cast.delegate_b, comment)
    assert comment_service.speakers(chile_joins) == "Mexico, joined by Chile"
    # Another proposal for the same paragraph, which the next revision does not take up.
    other = comment_service.create_comment(
        cast.delegate_b,
        zero,
        paragraph=top(zero, "OP3"),
        kind="amend",
        proposed_text=top(zero, "OP3").text.replace("will be webcast", "will be broadcast"),
    )

    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=rev1_with_new_op3(("will be webcast,", "will be webcast live,")),
    )
    op4 = top(rev1, "OP4")
    assert op4.lineage_id == comment.lineage_id
    placed = comment_service.comments_on(cast.delegate_a, rev1)
    views = {v.comment.id: v for v in placed.by_lineage[op4.lineage_id]}
    assert set(views) == {comment.id, other.id}
    view = views[comment.id]
    assert view.made_on == "Zero draft OP3"
    inserted = "".join(op.text for op in view.since if op.op == "insert")
    assert "live" in inserted
    assert view.reads_as_proposed  # Rev.1 took the proposal up word for word
    assert not views[other.id].reads_as_proposed
    # The new OP3 has no comments: the comment did not stay with the label.
    assert top(rev1, "OP3").lineage_id not in placed.by_lineage


def test_comments_on_deleted_paragraphs_are_kept_in_their_own_section(cast, zero):
    op15 = top(zero, "OP15")
    comment = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=op15, kind="retain", body="Keep the Trust Fund."
    )
    text = fixture_bytes(ZERO).decode("utf-8")
    without_op15 = "\n".join(line for line in text.split("\n") if not line.startswith("15. "))
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=without_op15.encode())
    placed = comment_service.comments_on(cast.delegate_b, rev1)
    assert [view.comment.id for view in placed.orphaned] == [comment.id]
    assert placed.orphaned[0].made_on == "Zero draft OP15"


def test_a_delegate_speaks_for_their_delegation_and_its_groups_only(cast, zero):
    op1 = top(zero, "OP1")
    designate(cast, "G77", "MEX")
    g77 = group("G77")
    comment = comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=op1,
        kind="comment",
        body="On behalf of the Group.",
        on_behalf_of=g77.id,
    )
    assert comment.delegation.code == "G77"
    assert comment.author.delegation.code == "MEX"
    eu = group("EU")
    with pytest.raises(PermissionDenied, match="Mexico"):
        comment_service.create_comment(
            cast.delegate_a, zero, paragraph=op1, kind="comment", body="x", on_behalf_of=eu.id
        )
    chile = group("CHL")
    with pytest.raises(PermissionDenied):
        comment_service.join_comment(cast.delegate_a, comment, on_behalf_of=chile.id)
    with pytest.raises(PermissionDenied):
        comment_service.create_comment(
            cast.cofac_a, zero, paragraph=op1, kind="comment", body="co-facilitators triage"
        )


def test_facilitator_only_comments_are_hidden_from_other_delegations(cast, zero):
    op1 = top(zero, "OP1")
    private = comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=op1,
        kind="reservation",
        body="Our red line.",
        visibility="facilitators",
    )
    negotiation_id = cast.negotiation_a.id
    with pytest.raises(NotFound):
        comment_service.get_comment(cast.delegate_b, negotiation_id, private.id)
    for who in (cast.delegate_a, cast.cofac_a, cast.secretariat):
        assert comment_service.get_comment(who, negotiation_id, private.id).id == private.id
    assert comment_service.comments_on(cast.delegate_b, zero).by_lineage == {}
    assert comment_service.comments_on(cast.cofac_a, zero).count(op1.lineage_id) == 1
    # Nor does the compilation circulated to everyone show it.
    consultation_round = schedule(cast, zero)
    assert compilation.compile_text(cast.cofac_a, consultation_round).total == 0


def test_an_amendment_identical_to_the_text_is_refused(cast, zero):
    op3 = top(zero, "OP3")
    with pytest.raises(Invalid, match="identical to the current text"):
        comment_service.create_comment(
            cast.delegate_a,
            zero,
            paragraph=op3,
            kind="amend",
            proposed_text="  " + op3.text.replace(" ", "  ") + "\n",
        )
    with pytest.raises(Invalid, match="needs the text"):
        comment_service.create_comment(cast.delegate_a, zero, paragraph=op3, kind="new_after")
    with pytest.raises(Invalid, match="not a kind"):
        comment_service.create_comment(cast.delegate_a, zero, paragraph=op3, kind="veto", body="x")
    with pytest.raises(Invalid, match="concern a paragraph"):
        comment_service.create_comment(cast.delegate_a, zero, paragraph=None, kind="delete")
    assert count(Comment) == 0


def test_a_delegation_cannot_make_the_same_proposal_twice_on_one_text(cast, zero):
    """Two of Mexico's delegates (or one form filled in again) sending the same proposal to
    amend OP3: the compilation would list it twice. Spacing aside, the same words are refused;
    other words, another delegation and the same words after withdrawing the first are
    taken."""
    first = amend_op3(cast, zero)
    colleague = make_user("second.mexico@example.org", "delegate", "MEX")
    op3 = top(zero, "OP3")
    with pytest.raises(Invalid, match="Mexico already posted this proposal to amend on OP3 of"):
        comment_service.create_comment(
            colleague,
            zero,
            paragraph=op3,
            kind="amend",
            proposed_text=first.proposed_text.replace(" ", "  "),
            body=" Live webcasting reaches capitals. ",
        )
    assert count(Comment) == 1
    reworded = comment_service.create_comment(
        colleague,
        zero,
        paragraph=op3,
        kind="amend",
        proposed_text=first.proposed_text,
        body="Live webcasting reaches capitals and missions.",
    )
    other_delegation = comment_service.create_comment(
        cast.delegate_b,
        zero,
        paragraph=op3,
        kind="amend",
        proposed_text=first.proposed_text,
        body="Live webcasting reaches capitals.",
    )
    comment_service.withdraw_comment(cast.delegate_a, first)
    again = amend_op3(cast, zero)
    assert {c.id for c in rows(Comment)} == {first.id, reworded.id, other_delegation.id, again.id}


def schedule(cast, revision, deadline: datetime | None = None):
    now = datetime.now(UTC)
    return rounds.create_round(
        cast.cofac_a,
        cast.negotiation_a,
        title="First informal consultations",
        revision=revision,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=3),
        comment_deadline=deadline or now + timedelta(days=2),
        venue="Conference Room 7",
    )


def test_no_comment_after_the_deadline_and_no_edit_either(cast, zero):
    consultation_round = schedule(cast, zero)
    comment = amend_op3(cast, zero)
    assert comment.round_id == consultation_round.id
    consultation_round.comment_deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(Invalid, match="deadline for comments on Zero draft"):
        amend_op3(cast, zero)
    with pytest.raises(Invalid, match="deadline"):
        comment_service.edit_comment(
            cast.delegate_a,
            comment,
            body="later",
            version=None,
            proposed_text=comment.proposed_text,
        )
    with pytest.raises(Invalid, match="deadline"):
        comment_service.withdraw_comment(cast.delegate_a, comment)


def test_comments_are_taken_on_the_latest_revision_only(cast, zero):
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    with pytest.raises(Invalid, match="superseded"):
        amend_op3(cast, zero)


def test_edits_keep_history_and_withdrawal_keeps_the_record(cast, zero):
    comment = amend_op3(cast, zero)
    first = comment.proposed_text
    comment_service.edit_comment(
        cast.delegate_a,
        comment,
        body="Reworded.",
        proposed_text=first + " (revised)",
        version=comment.version,
    )
    assert [v.proposed_text for v in comment.versions] == [first]
    with pytest.raises(PermissionDenied):
        comment_service.edit_comment(cast.delegate_b, comment, body="hijack")
    comment_service.withdraw_comment(cast.delegate_a, comment)
    assert comment.is_withdrawn
    assert db.session.get(Comment, comment.id) is not None
    with pytest.raises(Conflict):
        comment_service.edit_comment(cast.delegate_a, comment, body="again")


def test_joining_and_leaving_stay_on_record(cast, zero):
    comment = amend_op3(cast, zero)
    comment_service.join_comment(cast.delegate_b, comment)
    with pytest.raises(Invalid, match="already joined"):
        comment_service.join_comment(cast.delegate_b, comment)
    with pytest.raises(Invalid, match="cannot join it too"):
        comment_service.join_comment(cast.delegate_a, comment)
    comment_service.leave_comment(cast.delegate_b, comment)
    assert comment_service.speakers(comment) == "Mexico"
    assert len(comment.joins) == 1 and comment.joins[0].left_at is not None


def test_triage_is_kept_audited_and_refuses_a_stale_form(cast, zero):
    comment = amend_op3(cast, zero)
    cofac_c = make_user("cofac.c@example.org", "facilitator")
    cast.negotiation_a.facilitator_links.append(
        type(cast.negotiation_a.facilitator_links[0])(user=cofac_c)
    )
    db.session.commit()
    seen = comment.version
    triage.triage_comment(
        cast.cofac_a, comment, status="reflected", reply="Reflected.", version=seen
    )
    assert triage.triage_label(comment) == "Reflected in Rev.1"
    with pytest.raises(Conflict, match="Reflected in Rev.1") as caught:
        triage.triage_comment(cofac_c, comment, status="not_retained", reply="No.", version=seen)
    assert "cofac.a" in str(caught.value)
    db.session.refresh(comment)
    assert comment.triage_status == "reflected"
    assert [t.status for t in comment.triage_changes] == ["reflected"]
    audit = rows(AuditEvent, action="comment.triage")
    assert len(audit) == 1 and "Open → Reflected in Rev.1" in audit[0].summary
    with pytest.raises(PermissionDenied):
        triage.triage_comment(cast.cofac_b, comment, status="noted", version=comment.version)
    with pytest.raises(PermissionDenied):
        triage.triage_comment(cast.delegate_a, comment, status="noted", version=comment.version)


def test_paragraph_status_carries_forward_until_the_text_changes(cast, zero):
    op1, op3 = top(zero, "OP1"), top(zero, "OP3")
    triage.set_paragraph_state(cast.cofac_a, op1, ParagraphState.AGREED_AD_REF)
    triage.set_paragraph_state(cast.cofac_a, op3, ParagraphState.AGREED_AD_REF)
    with pytest.raises(Invalid, match="already"):
        triage.set_paragraph_state(cast.cofac_a, op1, ParagraphState.AGREED_AD_REF)
    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=rev1_with_new_op3(("will be webcast,", "will be webcast live,")),
    )
    states = triage.paragraph_states(rev1)
    assert states[top(rev1, "OP1").id] == "agreed_ad_ref"  # unchanged text: carried forward
    assert states[top(rev1, "OP4").id] == "pending"  # old OP3, edited: back to pending
    assert states[top(rev1, "OP3").id] == "pending"  # new paragraph
    assert triage.paragraph_state(top(rev1, "OP1")) == "agreed_ad_ref"
    # One paragraph's status agrees with the whole text's, for every paragraph.
    assert {p.id: triage.paragraph_state(p) for p in rev1.paragraphs} == states
    assert count(AuditEvent, action="paragraph.status") == 2
    # A paragraph's own mark, the latest of them, outweighs its predecessor's.
    for state in (ParagraphState.BRACKETED, ParagraphState.PENDING):
        triage.set_paragraph_state(cast.cofac_a, top(rev1, "OP1"), state)
    assert triage.paragraph_state(top(rev1, "OP1")) == "pending"
    assert triage.paragraph_state(top(zero, "OP1")) == "agreed_ad_ref"


def test_compilation_lists_proposals_with_new_paragraphs_as_bis(cast, zero):
    consultation_round = schedule(cast, zero)
    comment = amend_op3(cast, zero)
    comment_service.join_comment(cast.delegate_b, comment)
    op5 = top(zero, "OP5")
    for text in ("A first new paragraph;", "A second new paragraph;"):
        comment_service.create_comment(
            cast.delegate_b, zero, paragraph=op5, kind="new_after", proposed_text=text
        )
    withdrawn = comment_service.create_comment(cast.delegate_a, zero, paragraph=op5, kind="delete")
    comment_service.withdraw_comment(cast.delegate_a, withdrawn)
    result = compilation.compile_text(cast.delegate_b, consultation_round)
    [op3_entry] = result.entries["OP3"]
    assert op3_entry.view.speakers == "Mexico, joined by Chile"
    assert op3_entry.phrase == "amend to read"
    assert [e.new_label for e in result.entries["OP5"]] == ["OP5 bis", "OP5 ter"]
    entries = compilation.compilation_entries(result)
    assert entries["OP3"][0].diff and entries["OP3"][0].delegations == "Mexico, joined by Chile"
    data = compilation.compilation_document(cast.secretariat, consultation_round)
    assert data[:2] == b"PK"
    with pytest.raises(PermissionDenied):
        compilation.compilation_document(cast.delegate_a, consultation_round)


def test_round_times_are_read_as_new_york_time_and_exported_as_ics(cast, zero):
    starts = rounds.new_york_time("2026-03-12", "10:00", "Start")
    assert starts == datetime(2026, 3, 12, 14, 0, tzinfo=UTC)  # EDT, UTC-4
    with pytest.raises(Invalid, match="Start: .*not a date"):
        rounds.new_york_time("12/03/2026", "10:00", "Start")
    with pytest.raises(Invalid, match="end after it starts"):
        rounds.create_round(
            cast.cofac_a,
            cast.negotiation_a,
            title="Second reading",
            revision=zero,
            starts_at=starts,
            ends_at=starts,
            comment_deadline=starts,
        )
    with pytest.raises(PermissionDenied):
        rounds.create_round(
            cast.delegate_a,
            cast.negotiation_a,
            title="Second reading",
            revision=zero,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            comment_deadline=starts,
        )
    # Scheduled before the meeting (its deadline would have passed otherwise).
    with as_of(datetime(2026, 3, 1, tzinfo=UTC)):
        consultation_round = rounds.create_round(
            cast.cofac_a,
            cast.negotiation_a,
            title="Second reading",
            revision=zero,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            comment_deadline=starts,
            virtual_link="https://meet.example.org/second-reading",
        )
    ics = rounds.round_calendar(consultation_round).decode()
    assert "DTSTART:20260312T140000Z" in ics
    assert "SUMMARY:Second reading: Negotiation A" in ics
    assert "meet.example.org/second-reading" in ics
    # The deadline in its description reads as on the pages.
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert "by 12 March 2026, 10:00 New York time (14:00 UTC)." in str(event["description"])


def test_a_superseded_rounds_calendar_says_comments_are_taken_on_the_later_text(cast, zero):
    """A delegate adding the round to a calendar after a later text was circulated reads
    where comments go now, not a deadline that no longer takes them."""
    consultation_round = schedule(cast, zero)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    (event,) = Calendar.from_ical(rounds.round_calendar(consultation_round)).walk("VEVENT")
    description = str(event["description"])
    assert "Written comments by" not in description
    said = rounds.comment_period(consultation_round).state
    assert f"Written comments {said}." in description
    assert f"comments are now taken on {rev1.label}" in description


def test_the_demo_opens_on_a_consultation_in_progress(app):
    from tracker.demo import load_demo
    from tracker.models import ConsultationRound, Negotiation, User
    from tracker.services.revisions import latest_published

    load_demo()
    chile = one(User, email="chile@demo.example")
    mexico = one(User, email="mexico@demo.example")
    latest = latest_published(one(Negotiation))
    seen_by_chile = comment_service.comments_on(chile, latest)
    seen_by_mexico = comment_service.comments_on(mexico, latest)
    kinds = sorted(v.comment.kind for vs in seen_by_mexico.by_lineage.values() for v in vs)
    assert kinds == ["amend", "comment", "comment", "new_after", "question", "reservation"]
    assert sum(len(vs) for vs in seen_by_chile.by_lineage.values()) == 5  # not Mexico's private
    speakers = {comment_service.speakers(c) for c in rows(Comment)}
    assert "Mexico, joined by Chile and Norway" in speakers and "European Union" in speakers
    assert count(ConsultationRound) == 2
    # Its meetings sit at 10:00 on a weekday and its deadlines at 18:00, New York time,
    # whatever the hour the demo was loaded.
    for consultation_round in rows(ConsultationRound):
        starts = consultation_round.starts_at.astimezone(NEW_YORK)
        deadline = consultation_round.comment_deadline.astimezone(NEW_YORK)
        assert (starts.hour, starts.minute, deadline.hour) == (10, 0, 18)
        assert starts.weekday() < 5 and deadline.weekday() < 5
    second = one(ConsultationRound, title="Second reading")
    assert second.comment_deadline < second.starts_at  # written comments before it meets
    # Its story is dated as it happened: the zero draft circulated before its round met, the
    # comments came before the round's deadline, Rev.1 after it and before today, and the
    # second reading is to come. No round was rescheduled to tell it.
    first = one(ConsultationRound, title="First informal consultations")
    zero = first.revision
    assert zero.published_at < first.starts_at < first.comment_deadline
    assert first.comment_deadline < latest.published_at < utcnow() < second.starts_at
    for comment in rows(Comment):
        assert first.starts_at < comment.created_at <= first.comment_deadline
    assert len({comment.created_at for comment in rows(Comment)}) == count(Comment)
    notices = [n.text for n in rows(Notification)]
    assert notices and not [text for text in notices if "rescheduled" in text]
    assert max(n.created_at for n in rows(Notification)) < utcnow()
    # What the demo says was reflected in the latest text is in it.
    reflected = [c for c in rows(Comment) if c.triage_status == "reflected"]
    assert reflected
    for comment in reflected:
        (continuation,) = (p for p in latest.paragraphs if p.lineage_id == comment.lineage_id)
        assert continuation.text == comment.proposed_text


def test_a_triage_racing_another_commit_is_refused_not_overwritten(cast, zero):
    from sqlalchemy import update

    comment = amend_op3(cast, zero)
    seen = comment.version
    # Another request commits between this request's version check and its own write.
    with db.engine.begin() as connection:
        connection.execute(
            update(Comment)
            .where(Comment.id == comment.id)
            .values(version=seen + 1, triage_status="not_retained")
        )
    with pytest.raises(Conflict, match="Not retained"):
        triage.triage_comment(cast.cofac_a, comment, status="reflected", version=seen)
    assert db.session.get(Comment, comment.id).triage_status == "not_retained"
    assert count(AuditEvent, action="comment.triage") == 0


def test_a_proposal_triaged_after_later_texts_is_reflected_in_the_text_after_its_own(cast, zero):
    # Triaged once Rev.1 and Rev.2 are out, a proposal on the zero draft was called
    # "Reflected in Rev.3", a text no one had seen; it is reflected in Rev.1.
    comment = amend_op3(cast, zero)
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    publish(
        cast.cofac_a,
        cast.negotiation_a,
        ZERO,
        data=rev1_with_new_op3(
            ("*Welcomes* the contributions", "*Welcomes* the generous contributions")
        ),
    )
    triage.triage_comment(
        cast.cofac_a, comment, status="reflected", reply="In OP4.", version=comment.version
    )
    assert triage.triage_label(comment) == "Reflected in Rev.1"


def test_a_round_change_committed_after_the_version_was_checked_is_not_written_over(cast, zero):
    """Two saves of the same round at once: the check of the version both passed, the row is
    written by the first only; the second stores nothing and queues no letter."""
    from sqlalchemy.orm.attributes import set_committed_value

    from tracker.models import ConsultationRound, OutboxLetter, OutboxMessage

    consultation_round = schedule(cast, zero)
    now = datetime.now(UTC)
    details = {
        "title": "First informal consultations",
        "revision": zero,
        "starts_at": now + timedelta(days=1),
        "ends_at": now + timedelta(days=1, hours=3),
        "comment_deadline": now + timedelta(days=2),
    }
    # The other save, committed after this one read the round as it was first scheduled.
    rounds.update_round(
        cast.cofac_a, consultation_round, version=0, **details, venue="Conference Room 4"
    )
    sent = count(OutboxMessage) + count(OutboxLetter)
    set_committed_value(consultation_round, "sequence", 0)
    with pytest.raises(rounds.RoundConflict) as refused:
        rounds.update_round(
            cast.cofac_a,
            consultation_round,
            version=0,
            **{**details, "title": "Second reading"},
            venue="Conference Room 7",
        )
    assert refused.value.consultation_round.venue == "Conference Room 4"
    db.session.expire_all()
    stored = db.session.get(ConsultationRound, consultation_round.id)
    assert (stored.title, stored.venue, stored.sequence) == (
        "First informal consultations",
        "Conference Room 4",
        1,
    )
    assert count(OutboxMessage) + count(OutboxLetter) == sent
