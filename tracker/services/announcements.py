"""Telling people what happened: the domain signals of `tracker.signals` turned into in-app
notifications and outbox mail, in the transaction of the service that sent them.

Services never call this module; `subscribe()` connects it to the signals when the app starts.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CompoundSelect, Select, or_, select
from sqlalchemy.exc import IntegrityError

from tracker import signals
from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentReply,
    ConsultationRound,
    Negotiation,
    NegotiationFacilitator,
    Revision,
    Role,
    RoundReminder,
    SilenceBreak,
    SilenceProcedure,
    User,
    Visibility,
    utcnow,
)
from tracker.moments import in_words
from tracker.services import mail, notifications
from tracker.services.exports import export_name
from tracker.services.revisions import previous_published
from tracker.services.rounds import RoundChange, comment_period

#: How long before a round's deadline the reminder goes out.
REMINDER_BEFORE = timedelta(hours=24)


# Who hears of what --------------------------------------------------------------------------


def _facilitators(negotiation: Negotiation) -> Select[int]:
    return select(NegotiationFacilitator.user_id).where(
        NegotiationFacilitator.negotiation_id == negotiation.id
    )


def _everyone(negotiation: Negotiation, actor: User | None) -> Select[int]:
    """Every delegate and the negotiation's co-facilitators, not the person who acted."""
    query = select(User.id).where(
        or_(User.role == Role.DELEGATE.value, User.id.in_(_facilitators(negotiation)))
    )
    return query.where(User.id != actor.id) if actor is not None else query


def _facilitators_and_secretariat(negotiation: Negotiation) -> Select[int]:
    return select(User.id).where(
        or_(
            User.id.in_(_facilitators(negotiation)),
            User.role.in_([Role.SECRETARIAT.value, Role.ADMIN.value]),
        )
    )


def _delegations(delegation_ids: Iterable[int | None], actor: User | None) -> Select[int]:
    wanted = sorted({d for d in delegation_ids if d is not None})
    query = select(User.id).where(User.delegation_id.in_(wanted))
    return query.where(User.id != actor.id) if actor is not None else query


def announce(
    recipients: Select[int],
    *,
    negotiation: Negotiation,
    kind: str,
    text: str,
    link: str,
    details: Iterable[str] = (),
    in_app: bool = True,
    attachments: Sequence[dict[str, Any]] = (),
) -> None:
    """Notify these people in the app and write their mail (caller's transaction)."""
    if in_app:
        notifications.notify_users(recipients, negotiation, kind, text, link)
    mail.enqueue_many(
        mail.mail_recipients(recipients, negotiation, kind, urgent=kind in mail.URGENT_KINDS),
        kind=kind,
        subject=f"{negotiation.title}: {text}",
        template="event",
        negotiation=negotiation,
        text=text,
        details=list(details),
        link=mail.absolute_url(link),
        attachments=attachments,
    )


# Handlers -----------------------------------------------------------------------------------


def on_revision_published(actor: User | None, *, revision: Revision, **_: Any) -> None:
    """The circulation letter: from the co-facilitators, with the clean text when wanted."""
    negotiation = revision.negotiation
    names = [user.name for user in negotiation.facilitators]
    link = mail.absolute_url(notifications.revision_path(revision))
    clean_text = {
        "revision_id": revision.id,
        "filename": f"{export_name(negotiation.title, revision)}-clean.docx",
        "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    recipients = mail.mail_recipients(
        _everyone(negotiation, actor), negotiation, "revision_published"
    )
    for with_text in (False, True):
        mail.enqueue_many(
            [r for r in recipients if r.attach_docx == with_text],
            kind="revision_published",
            subject=f"{negotiation.title}: {revision.label}",
            template="circulation",
            negotiation=negotiation,
            attachments=[clean_text] if with_text else [],
            revision=revision,
            facilitators=names,
            link=link,
        )


def on_revision_withdrawn(actor: User | None, *, revision: Revision, **_: Any) -> None:
    """The correction that follows a circulation letter: the same people hear that the text
    was withdrawn, by whom and why, and which text is now the latest."""
    negotiation = revision.negotiation
    # The text before it, as the withdrawal is not flushed yet when the signal is sent.
    latest = previous_published(revision)
    by = revision.withdrawn_by.name if revision.withdrawn_by is not None else "the secretariat"
    announce(
        _everyone(negotiation, actor),
        negotiation=negotiation,
        kind="revision_published",
        text=f"Correction: {revision.label} was withdrawn",
        link=notifications.revision_path(latest or revision),
        details=[
            f"Withdrawn by {by}: {revision.withdrawn_reason}",
            f"The latest text is now {latest.label}." if latest else "No text is current.",
        ],
    )


def on_round(
    actor: User | None,
    *,
    consultation_round: ConsultationRound,
    headline: str = "was scheduled",
    **_: Any,
) -> None:
    """A round opened or changed: everyone hears when it meets and the deadline, with a
    calendar file while the meeting is still to come."""
    negotiation = consultation_round.negotiation
    ahead = consultation_round.ends_at > utcnow()
    announce(
        _everyone(negotiation, actor),
        negotiation=negotiation,
        kind="round",
        text=f"{notifications.round_name(consultation_round)} {headline}.",
        link=notifications.round_path(consultation_round),
        details=[
            ("Meets " if ahead else "Met ")
            + in_words(consultation_round.starts_at)
            + (f", {consultation_round.venue}" if consultation_round.venue else "")
            + ".",
            comment_period(consultation_round).written_comments,
        ]
        + (
            [
                "The attached calendar file (.ics) puts the meeting in your calendar; the one "
                "sent with a later change moves it there."
            ]
            if ahead
            else []
        ),
        attachments=[
            mail.calendar_attachment(
                consultation_round, mail.absolute_url(notifications.round_path(consultation_round))
            )
        ]
        if ahead
        else [],
    )


def on_round_changed(
    actor: User | None,
    *,
    consultation_round: ConsultationRound,
    changes: frozenset[RoundChange] = frozenset(),
    **extra: Any,
) -> None:
    """A round changed: a moved deadline gets its own reminder again, and everyone hears what
    changed, unless only the record of a meeting already held was corrected (its title, room
    or times), which no one needs a letter or a calendar entry for."""
    moved = RoundChange.DEADLINE in changes
    if moved:
        reminder = db.session.get(RoundReminder, consultation_round.id)
        if reminder is not None:
            db.session.delete(reminder)
    now = utcnow()
    if consultation_round.ends_at <= now and not (
        moved and consultation_round.comment_deadline > now
    ):
        return
    if RoundChange.TIME in changes:
        headline = "was rescheduled"
    elif RoundChange.VENUE in changes:
        headline = (
            f"moved to {consultation_round.venue}"
            if consultation_round.venue
            else "now meets online"
            if consultation_round.virtual_link
            else "has no room set any more"
        )
    elif RoundChange.LINK in changes:
        headline = "has a new link to join online"
    elif moved:
        headline = "has a new comment deadline"
    else:
        headline = "was changed"
    on_round(actor, consultation_round=consultation_round, headline=headline)


def on_comment_posted(actor: User | None, *, comment: Comment, **_: Any) -> None:
    """Co-facilitators hear of every new comment or proposal (a digest suits most of them)."""
    from tracker.services.comments import KIND_LABELS

    label = KIND_LABELS.get(comment.kind, "Comment")
    announce(
        _facilitators(comment.negotiation),
        negotiation=comment.negotiation,
        kind="comment_posted",
        text=f"{label} by {comment.delegation.name} on {notifications.comment_place(comment)}.",
        link=notifications.comment_path(comment),
        details=[comment.body] if comment.body else [],
    )


def on_comment_replied(
    actor: User | None, *, comment: Comment, reply: CommentReply, **_: Any
) -> None:
    """Mail for a reply (the in-app notification is written by the notifications module)."""
    who = actor.delegation.name if actor and actor.delegation else (actor.name if actor else "")
    announce(
        _delegations([comment.delegation_id, comment.author.delegation_id], actor),
        negotiation=comment.negotiation,
        kind="reply",
        text=f"{who} replied to your comment on {notifications.comment_place(comment)}.",
        link=notifications.reply_path(reply),
        in_app=False,
    )


def on_comment_joined(actor: User | None, *, comment: Comment, delegation: Any, **_: Any) -> None:
    """The delegation that made a comment hears who joined it."""
    announce(
        _delegations([comment.delegation_id, comment.author.delegation_id], actor),
        negotiation=comment.negotiation,
        kind="join",
        text=f"{delegation.name} joined your comment on {notifications.comment_place(comment)}.",
        link=notifications.comment_path(comment),
    )


def on_comment_triaged(
    actor: User | None, *, comment: Comment, status_label: str, **_: Any
) -> None:
    """Mail for a triage decision (the in-app notification is written elsewhere)."""
    for delegations, text in notifications.triage_news(comment, status_label):
        if delegations:
            announce(
                _delegations(delegations, actor),
                negotiation=comment.negotiation,
                kind="triage",
                text=text,
                link=notifications.comment_path(comment),
                details=[f"Reply: {comment.triage_reply}"] if comment.triage_reply else [],
                in_app=False,
            )


def _silence_path(procedure: SilenceProcedure) -> str:
    return f"/negotiations/{procedure.negotiation_id}/silence/{procedure.id}"


def _announce_silence(
    recipients: Select[int], silence: SilenceProcedure, kind: str, text: str, *details: str
) -> None:
    """Tell these people what happened to the silence procedure, linking to its page."""
    announce(
        recipients,
        negotiation=silence.negotiation,
        kind=kind,
        text=text,
        link=_silence_path(silence),
        details=details,
    )


def on_silence_opened(actor: User | None, *, silence: SilenceProcedure, **_: Any) -> None:
    """Everyone hears that the text is under silence, and until when."""
    _announce_silence(
        _everyone(silence.negotiation, actor),
        silence,
        "silence_opened",
        f"{silence.revision.label} is under silence until {in_words(silence.deadline)}.",
        "A delegation that objects breaks silence before the deadline, naming the "
        "paragraphs concerned.",
    )


def on_silence_broken(
    actor: User | None, *, silence: SilenceProcedure, silence_break: SilenceBreak, **_: Any
) -> None:
    """Co-facilitators and the secretariat hear at once, whatever their digest choice."""
    labels = ", ".join(p.path for p in silence_break.paragraphs)
    _announce_silence(
        _facilitators_and_secretariat(silence.negotiation),
        silence,
        "silence_broken",
        f"{silence_break.delegation.name} broke silence on {silence.revision.label} {labels}.",
        silence_break.statement,
    )


def on_silence_lifted(
    actor: User | None, *, silence: SilenceProcedure, silence_break: SilenceBreak, **_: Any
) -> None:
    """Those who heard of the objection hear that it was lifted, at once, and so does the
    delegation that objected when someone else lifted it for it (the co-facilitators, on its
    word in the room)."""
    overseers = _facilitators_and_secretariat(silence.negotiation)
    objecting = _delegations([silence_break.delegation_id], actor)
    _announce_silence(
        select(User.id).where(or_(User.id.in_(overseers), User.id.in_(objecting))),
        silence,
        "silence_lifted",
        f"{silence_break.delegation.name} lifted its objection to {silence.revision.label}.",
        *([silence_break.lift_note] if silence_break.lift_note else []),
    )


def on_silence_passed(actor: User | None, *, silence: SilenceProcedure, **_: Any) -> None:
    """Everyone hears that silence passed and the text is agreed."""
    _announce_silence(
        _everyone(silence.negotiation, actor),
        silence,
        "silence_passed",
        f"Silence passed on {silence.revision.label}: the text is agreed.",
    )


def on_silence_ended_broken(actor: User | None, *, silence: SilenceProcedure, **_: Any) -> None:
    """Everyone hears the outcome the co-facilitators recorded: silence broken, the text
    back in consultations (they heard of each objection; the others had not)."""
    _announce_silence(
        _everyone(silence.negotiation, actor),
        silence,
        "silence_broken",
        f"Silence on {silence.revision.label} was broken: the text goes back to consultations.",
        *([silence.outcome_note] if silence.outcome_note else []),
    )


def on_silence_extended(actor: User | None, *, silence: SilenceProcedure, **_: Any) -> None:
    """Everyone hears the new deadline, at once: a delegation may be drafting its objection."""
    _announce_silence(
        _everyone(silence.negotiation, actor),
        silence,
        "silence_extended",
        f"Silence on {silence.revision.label} is extended until {in_words(silence.deadline)}.",
    )


def on_silence_withdrawn(actor: User | None, *, silence: SilenceProcedure, **_: Any) -> None:
    """Everyone hears that the text is no longer under silence, and why."""
    _announce_silence(
        _everyone(silence.negotiation, actor),
        silence,
        "silence_withdrawn",
        f"{silence.revision.label} is no longer under silence: {silence.outcome_note}"
        if silence.outcome_note
        else f"{silence.revision.label} is no longer under silence.",
    )


# Reminders ----------------------------------------------------------------------------------


def _delegations_that_commented(
    consultation_round: ConsultationRound,
) -> CompoundSelect[int | None]:
    authors = (
        select(User.delegation_id)
        .join(Comment, Comment.author_id == User.id)
        .where(Comment.round_id == consultation_round.id, Comment.withdrawn_at.is_(None))
    )
    speakers = select(Comment.delegation_id).where(
        Comment.round_id == consultation_round.id, Comment.withdrawn_at.is_(None)
    )
    return authors.union(speakers)


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind delegations that have not commented, 24 hours before a round's deadline (not
    for a round whose text a later one superseded: it takes no more comments).

    The reminder row's primary key lets only one worker write a round's reminder.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(ConsultationRound)
        .where(
            ConsultationRound.comment_deadline > now,
            ConsultationRound.comment_deadline <= now + REMINDER_BEFORE,
            ConsultationRound.id.not_in(select(RoundReminder.round_id)),
        )
        .order_by(ConsultationRound.id)
    ).all()
    sent = 0
    for consultation_round in due:
        if not comment_period(consultation_round, now=now).is_open:
            continue
        db.session.add(RoundReminder(round_id=consultation_round.id))
        try:
            db.session.flush()
        except IntegrityError:  # another worker claimed it first
            db.session.rollback()
            continue
        commented = [d for d in db.session.scalars(_delegations_that_commented(consultation_round))]
        recipients = select(User.id).where(
            User.role == Role.DELEGATE.value,
            User.delegation_id.is_not(None),
            User.delegation_id.not_in(commented),
        )
        negotiation = consultation_round.negotiation
        announce(
            recipients,
            negotiation=negotiation,
            kind="round_reminder",
            text=f"Written comments on {consultation_round.revision.label} "
            f"({consultation_round.title}) close {in_words(consultation_round.comment_deadline)}.",
            link=notifications.revision_path(consultation_round.revision),
            details=["Your delegation has not commented in this round yet."],
        )
        db.session.commit()
        sent += 1
    return sent


# The Atom feed ------------------------------------------------------------------------------


def feed_entries(user: User, negotiation: Negotiation) -> list[notifications.FeedEntry]:
    """Silence procedures and comments open to all, for the negotiation's feed."""
    from tracker.services.access import can_see

    entries = []
    for procedure in db.session.scalars(
        select(SilenceProcedure).where(SilenceProcedure.negotiation_id == negotiation.id)
    ):
        path = _silence_path(procedure)
        entries.append(
            notifications.FeedEntry(
                f"silence-{procedure.id}",
                f"{procedure.revision.label} under silence",
                f"Until {in_words(procedure.deadline)}.",
                path,
                procedure.created_at,
            )
        )
        for silence_break in procedure.breaks:
            entries.append(
                notifications.FeedEntry(
                    f"silence-break-{silence_break.id}",
                    f"{silence_break.delegation.name} broke silence",
                    silence_break.statement,
                    path,
                    silence_break.created_at,
                )
            )
            if silence_break.lifted_at is not None:
                entries.append(
                    notifications.FeedEntry(
                        f"silence-lifted-{silence_break.id}",
                        f"{silence_break.delegation.name} lifted its objection",
                        silence_break.lift_note,
                        path,
                        silence_break.lifted_at,
                    )
                )
        if procedure.outcome == "withdrawn" and procedure.outcome_at is not None:
            entries.append(
                notifications.FeedEntry(
                    f"silence-withdrawn-{procedure.id}",
                    f"{procedure.revision.label} withdrawn from silence",
                    procedure.outcome_note,
                    path,
                    procedure.outcome_at,
                )
            )
        if procedure.outcome == "passed" and procedure.outcome_at is not None:
            entries.append(
                notifications.FeedEntry(
                    f"silence-passed-{procedure.id}",
                    f"Silence passed on {procedure.revision.label}",
                    "The text is agreed.",
                    path,
                    procedure.outcome_at,
                )
            )
    for comment in db.session.scalars(
        select(Comment)
        .where(Comment.negotiation_id == negotiation.id, Comment.visibility == Visibility.ALL)
        .order_by(Comment.id.desc())
        .limit(notifications.FEED_SIZE)
    ):
        if not can_see(user, comment):
            continue
        entries.append(
            notifications.FeedEntry(
                f"comment-{comment.id}",
                f"{comment.delegation.name} on {notifications.comment_place(comment)}",
                comment.body or (comment.proposed_text or ""),
                notifications.comment_path(comment),
                comment.created_at,
            )
        )
    return entries


# Wiring -------------------------------------------------------------------------------------

_HANDLERS = (
    (signals.revision_published, on_revision_published),
    (signals.revision_withdrawn, on_revision_withdrawn),
    (signals.round_opened, on_round),
    (signals.round_changed, on_round_changed),
    (signals.comment_posted, on_comment_posted),
    (signals.comment_replied, on_comment_replied),
    (signals.comment_joined, on_comment_joined),
    (signals.comment_triaged, on_comment_triaged),
    (signals.silence_opened, on_silence_opened),
    (signals.silence_broken, on_silence_broken),
    (signals.silence_lifted, on_silence_lifted),
    (signals.silence_passed, on_silence_passed),
    (signals.silence_ended_broken, on_silence_ended_broken),
    (signals.silence_extended, on_silence_extended),
    (signals.silence_withdrawn, on_silence_withdrawn),
)


_CONNECTED = [(signal, signals.without_autoflush(handler)) for signal, handler in _HANDLERS]


def subscribe() -> None:
    """Connect the handlers to the domain signals (idempotent: the same receivers each time)."""
    for signal, receiver in _CONNECTED:
        signal.connect(receiver)
    if feed_entries not in notifications.FEED_SOURCES:
        notifications.FEED_SOURCES.append(feed_entries)


def run_worker(*, poll_seconds: float = 5.0, once: bool = False) -> mail.DeliveryReport:
    """The `flask send-mail` loop: reminders and digests that are due, then pending mail."""
    total = mail.DeliveryReport()
    while True:
        send_due_reminders()
        mail.send_digests()
        report = mail.deliver_pending()
        total.sent += report.sent
        total.failed += report.failed
        if once:
            return total
        if report.sent == 0 and report.failed == 0:
            time.sleep(poll_seconds)
