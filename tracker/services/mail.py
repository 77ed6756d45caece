"""E-mail: messages are written to the outbox in the same transaction as the change they report,
and `flask send-mail` workers deliver them over SMTP with retries; each person chooses per
negotiation how much mail they get, and every message can unsubscribe them from its kind."""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import escape
from sqlalchemy import Select, and_, func, insert, select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import (
    ConsultationRound,
    DigestCursor,
    MailMode,
    MailPreference,
    MailUnsubscription,
    Negotiation,
    Notification,
    OutboxLetter,
    OutboxMessage,
    OutboxState,
    Revision,
    User,
    utcnow,
)
from tracker.services import Invalid, NotFound
from tracker.services.access import Actor, get_existing, get_negotiation, require_admin, signed_in
from tracker.text.highlight import shortened

log = logging.getLogger("tracker.mail")

#: A message is given up (and shown as failed) after this many attempts.
MAX_ATTEMPTS = 5
#: Wait before the next attempt, by attempts made so far.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
BATCH_SIZE = 20
#: Letters to many whose copies one pass of the worker writes.
LETTER_BATCH_SIZE = 20
DIGEST_PERIOD = timedelta(days=1)
_UNSUBSCRIBE_SALT = "tracker.unsubscribe"
#: Headers are not folded below the 998-character limit: folding around the encoded words of
#: curly quotes made some readers show doubled spaces in subjects.
_MAIL_POLICY = policy.SMTP.clone(max_line_length=998)

#: What each kind of mail is called on the unsubscribe page and in preferences.
KIND_NAMES = {
    "revision_published": "new texts (circulation letters)",
    "round": "consultation rounds opened or changed",
    "round_reminder": "reminders before a round's deadline",
    "comment_posted": "new comments and proposals",
    "reply": "replies to your delegation's comments",
    "join": "delegations joining your delegation's comments",
    "triage": "decisions on your delegation's comments",
    "silence_opened": "silence procedures opened",
    "silence_broken": "silence broken",
    "silence_lifted": "objections to a text under silence lifted",
    "silence_passed": "silence passed",
    "silence_extended": "silence deadlines extended",
    "silence_withdrawn": "texts withdrawn from silence",
    "digest": "daily digests",
}


def absolute_url(path: str) -> str:
    """A link that works from a mail reader: PUBLIC_URL followed by the app path."""
    return str(current_app.config["PUBLIC_URL"]) + path


# Unsubscribing ------------------------------------------------------------------------------


def _unsubscribe_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_UNSUBSCRIBE_SALT)


def unsubscribe_url(user_id: int, kind: str) -> str:
    """The one-click link that stops this kind of mail for this person (no sign-in needed)."""
    token = _unsubscribe_serializer().dumps([user_id, kind])
    return absolute_url(f"/mail/unsubscribe/{token}")


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    """The person and kind an unsubscribe link names; NotFound for a forged link."""
    try:
        user_id, kind = _unsubscribe_serializer().loads(token)
    except (BadSignature, ValueError, TypeError) as error:
        raise NotFound("This unsubscribe link is not valid.") from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or kind not in KIND_NAMES:
        raise NotFound("This unsubscribe link is not valid.")
    return user, kind


def unsubscribe(token: str) -> tuple[User, str]:
    """Stop the kind of mail the link names, for the person it names; idempotent."""
    user, kind = read_unsubscribe_token(token)
    if db.session.get(MailUnsubscription, (user.id, kind)) is None:
        db.session.add(MailUnsubscription(user_id=user.id, kind=kind))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # the same link clicked twice at once
    return user, kind


def resubscribe(user: Actor, kind: str) -> None:
    """Receive a kind of mail again after unsubscribing from it."""
    actor = signed_in(user)
    row = db.session.get(MailUnsubscription, (actor.id, kind))
    if row is not None:
        db.session.delete(row)
        db.session.commit()


def unsubscribed_kinds(user: Actor) -> set[str]:
    """The kinds of mail the person stopped."""
    actor = signed_in(user)
    return set(
        db.session.scalars(
            select(MailUnsubscription.kind).where(MailUnsubscription.user_id == actor.id)
        )
    )


# Preferences --------------------------------------------------------------------------------


def preference_for(user: Actor, negotiation: Negotiation) -> MailPreference:
    """The person's mail choice for the negotiation (every event when never chosen)."""
    actor = signed_in(user)
    row = db.session.get(MailPreference, (actor.id, negotiation.id))
    return row or MailPreference(
        user_id=actor.id, negotiation_id=negotiation.id, mode=MailMode.EVERY, attach_docx=False
    )


def set_preference(
    user: Actor, negotiation_id: int, *, mode: str, attach_docx: bool = False
) -> MailPreference:
    """Choose every event, a daily digest or no mail for a negotiation."""
    actor = signed_in(user)
    negotiation = get_negotiation(actor, negotiation_id)
    try:
        chosen = MailMode(mode)
    except ValueError as error:
        raise Invalid(f"“{mode}” is not a choice: every event, daily digest or none.") from error
    row = db.session.get(MailPreference, (actor.id, negotiation.id))
    if row is None:
        row = MailPreference(user_id=actor.id, negotiation_id=negotiation.id)
        db.session.add(row)
    row.mode = chosen
    row.attach_docx = bool(attach_docx)
    if chosen == MailMode.DIGEST and db.session.get(DigestCursor, actor.id) is None:
        # The first digest covers what happens from now on, a day from now.
        last = db.session.scalar(
            select(func.max(Notification.id)).where(Notification.user_id == actor.id)
        )
        db.session.add(DigestCursor(user_id=actor.id, last_notification_id=last or 0))
    db.session.commit()
    return row


# Writing messages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Someone a message goes to, with their choice for the negotiation it concerns."""

    user_id: int
    email: str
    name: str
    attach_docx: bool = False


def mail_recipients(
    user_ids: Select[int], negotiation: Negotiation, kind: str, *, urgent: bool = False
) -> list[Recipient]:
    """Who among these people gets this kind of mail about the negotiation right away.

    Digest readers get only urgent events at once (the rest waits for their digest); nobody
    gets a kind they unsubscribed from, or mail about a negotiation they chose none for.
    """
    unsubscribed = select(MailUnsubscription.user_id).where(MailUnsubscription.kind == kind)
    rows = db.session.execute(
        select(User.id, User.email, User.name, MailPreference.mode, MailPreference.attach_docx)
        .outerjoin(
            MailPreference,
            and_(
                MailPreference.user_id == User.id,
                MailPreference.negotiation_id == negotiation.id,
            ),
        )
        .where(User.id.in_(user_ids), User.active.is_(True), User.id.not_in(unsubscribed))
        .order_by(User.id)
    )
    chosen = []
    for user_id, email, name, mode, attach_docx in rows:
        mode = mode or MailMode.EVERY
        if mode == MailMode.EVERY or (mode == MailMode.DIGEST and urgent):
            chosen.append(Recipient(user_id, email, name, bool(attach_docx)))
    return chosen


def _render(name: str, context: dict[str, Any]) -> str:
    """A mail template, without the page context processors (no request, no signed-in user):
    a new text writes a letter to every delegate inside the publishing request."""
    return current_app.jinja_env.get_template(name).render(context)


#: The longest subject written: mail programs show some 60 to 80 characters of it, and the
#: outbox keeps 500 (a negotiation's title alone may take that many).
SUBJECT_LIMIT = 200


def short_subject(subject: str) -> str:
    """The subject, cut at a word to SUBJECT_LIMIT characters (with `…`) when longer."""
    return shortened(subject, SUBJECT_LIMIT)


def enqueue(
    *,
    kind: str,
    to: User,
    subject: str,
    template: str,
    negotiation: Negotiation | None = None,
    attachments: Sequence[dict[str, Any]] = (),
    unsubscribable: bool = True,
    **context: Any,
) -> OutboxMessage:
    """Render a message (text and HTML parts) into the outbox; the caller commits it with the
    change it reports, so a message exists exactly when the change does."""
    unsubscribe = unsubscribe_url(to.id, kind) if unsubscribable else None
    context.update(
        recipient=to,
        negotiation=negotiation,
        unsubscribe_url=unsubscribe,
        kind_name=KIND_NAMES.get(kind, ""),
        public_url=current_app.config["PUBLIC_URL"],
        absolute_url=absolute_url,
    )
    message = OutboxMessage(
        kind=kind,
        user_id=to.id,
        negotiation_id=negotiation.id if negotiation is not None else None,
        to_address=to.email,
        subject=short_subject(subject),
        text_body=_render(f"mail/{template}.txt", context),
        html_body=_render(f"mail/{template}.html", context),
        headers=_unsubscribe_headers(unsubscribe),
        attachments=list(attachments),
    )
    db.session.add(message)
    return message


def _unsubscribe_headers(url: str | None) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058) when the message is of a kind one can stop."""
    if not url:
        return {}
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@dataclass(frozen=True)
class _StandIn:
    """The recipient while a letter to many is rendered once; each one's name goes in after."""

    name: str = "\x00name\x00"


_UNSUBSCRIBE_MARK = "\x00unsubscribe_url\x00"
#: Where each reader's own words go in a letter rendered once (no page or form carries NUL:
#: requests with it are refused, so only these marks do).
_OWN_WORDS = re.compile("\x00(name|unsubscribe_url)\x00")


def _cut(rendered: str) -> list[str]:
    """Literal text at even places, at odd places what goes there (see `OutboxLetter`)."""
    return _OWN_WORDS.split(rendered)


def _fill(parts: list[str], own: dict[str, str]) -> str:
    return "".join(own[part] if place % 2 else part for place, part in enumerate(parts))


def enqueue_many(
    recipients: Sequence[Recipient],
    *,
    kind: str,
    subject: str,
    template: str,
    negotiation: Negotiation,
    attachments: Sequence[dict[str, Any]] = (),
    **context: Any,
) -> int:
    """The same letter to many people, rendered once and written as one `OutboxLetter`: who
    gets it and its text with each reader's name and own unsubscribe link left to fill in (a
    new text goes to every delegate inside the request that publishes it). The caller commits;
    `write_letters`, run by the mail worker, writes the copies. Returns how many there will be.
    """
    if not recipients:
        return 0
    context.update(
        attachments=list(attachments),
        recipient=_StandIn(),
        negotiation=negotiation,
        unsubscribe_url=_UNSUBSCRIBE_MARK,
        kind_name=KIND_NAMES.get(kind, ""),
        public_url=current_app.config["PUBLIC_URL"],
        absolute_url=absolute_url,
    )
    db.session.add(
        OutboxLetter(
            kind=kind,
            negotiation_id=negotiation.id,
            subject=short_subject(subject),
            text_parts=_cut(_render(f"mail/{template}.txt", context)),
            html_parts=_cut(_render(f"mail/{template}.html", context)),
            attachments=list(attachments),
            recipients=[[r.user_id, r.email, r.name] for r in recipients],
        )
    )
    return len(recipients)


def _copies(letter: OutboxLetter) -> list[dict[str, Any]]:
    """The outbox rows of a letter to many: one per reader, with their name and own link."""
    serializer = _unsubscribe_serializer()
    rows = []
    for user_id, address, name in letter.recipients:
        url = absolute_url(f"/mail/unsubscribe/{serializer.dumps([user_id, letter.kind])}")
        rows.append(
            {
                "kind": letter.kind,
                "user_id": user_id,
                "negotiation_id": letter.negotiation_id,
                "to_address": address,
                "subject": letter.subject,
                "text_body": _fill(letter.text_parts, {"name": name, "unsubscribe_url": url}),
                "html_body": _fill(
                    letter.html_parts,
                    {"name": str(escape(name)), "unsubscribe_url": str(escape(url))},
                ),
                "headers": _unsubscribe_headers(url),
                "attachments": letter.attachments,
                "created_at": letter.created_at,
                "next_attempt_at": letter.created_at,
            }
        )
    return rows


def write_letters(limit: int = LETTER_BATCH_SIZE) -> int:
    """Write the copies of up to `limit` letters to many into the outbox, oldest first, each
    letter in a transaction of its own that also removes it: a worker that dies midway leaves
    the letter whole for the next pass, and no copy is ever written twice. Other workers skip
    a letter being written (FOR UPDATE SKIP LOCKED). Returns how many copies were written."""
    written = 0
    for _ in range(limit):
        letter = db.session.scalar(
            select(OutboxLetter)
            .order_by(OutboxLetter.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if letter is None:
            db.session.rollback()
            break
        copies = _copies(letter)
        db.session.execute(insert(OutboxMessage), copies)
        db.session.delete(letter)
        db.session.commit()
        written += len(copies)
    return written


# Delivering ---------------------------------------------------------------------------------


def calendar_attachment(consultation_round: ConsultationRound, url: str) -> dict[str, Any]:
    """A round's calendar file (.ics), for the mail that announces it or its new schedule;
    `url`: the round's page."""
    return {
        "round_id": consultation_round.id,
        "url": url,
        "filename": f"round-{consultation_round.id}.ics",
        "content_type": "text/calendar",
    }


def _attachment_bytes(spec: dict[str, Any]) -> bytes:
    """The clean .docx of a revision or a round's calendar file, made when sending (the
    outbox stays small; a calendar file carries the round's schedule as it is then)."""
    from tracker.services.exports import identified_clean_docx
    from tracker.services.rounds import round_calendar

    if "round_id" in spec:
        consultation_round = db.session.get(ConsultationRound, spec["round_id"])
        if consultation_round is None:
            raise LookupError(f"round {spec['round_id']} is gone")
        return round_calendar(consultation_round, spec["url"])
    revision = db.session.get(Revision, spec["revision_id"])
    if revision is None:
        raise LookupError(f"revision {spec['revision_id']} is gone")
    return identified_clean_docx(revision)


def build_email(message: OutboxMessage) -> EmailMessage:
    """The MIME message for an outbox row: text and HTML alternatives, attachments, headers.

    The Message-ID is derived from the row, so a receiving server can spot a resend.
    """
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    domain = sender.rsplit("@", 1)[-1].strip(">").strip() or "localhost"
    email = EmailMessage(policy=_MAIL_POLICY)
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = f"<outbox-{message.id}.{int(message.created_at.timestamp())}@{domain}>"
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    for spec in message.attachments or []:
        maintype, subtype = spec["content_type"].split("/", 1)
        # A text file (the calendar's) is UTF-8: without saying so, mail clients read it as
        # ASCII and garble a dash or an accented venue.
        params = {"charset": "utf-8"} if maintype == "text" else {}
        email.add_attachment(
            _attachment_bytes(spec),
            maintype=maintype,
            subtype=subtype,
            filename=spec["filename"],
            params=params,
        )
    return email


def mail_configured() -> bool:
    """Whether an SMTP server is configured; without one, mail waits in the outbox."""
    return bool(current_app.config.get("MAIL_SERVER"))


def _connect() -> smtplib.SMTP:
    config = current_app.config
    timeout = config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            config["MAIL_SERVER"],
            config["MAIL_PORT"],
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
        if config["MAIL_USE_TLS"]:
            connection.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return connection


def _claim_next(now: datetime) -> OutboxMessage | None:
    """Lock the oldest message due; other workers skip it (FOR UPDATE SKIP LOCKED).

    The lock lasts until the commit that records the result, so no two workers send it.
    SQLite has no row locks: run one worker there.
    """
    return db.session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def _record_failure(message: OutboxMessage, error: Exception, *, permanent: bool) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.state = OutboxState.FAILED
    else:
        message.next_attempt_at = utcnow() + BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
    log.warning("mail %s to %s failed: %s", message.id, message.to_address, message.last_error)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0


def deliver_pending(limit: int = BATCH_SIZE) -> DeliveryReport:
    """Write the copies of waiting letters to many (also without a server, so the outbox page
    shows them), then send up to `limit` due messages over one SMTP connection, each committed
    as it goes."""
    report = DeliveryReport()
    write_letters()
    if not mail_configured():
        return report
    connection: smtplib.SMTP | None = None
    try:
        for _ in range(limit):
            message = _claim_next(utcnow())
            if message is None:
                db.session.rollback()
                break
            try:
                email = build_email(message)
                if connection is None:
                    connection = _connect()
                connection.send_message(email)
            except smtplib.SMTPResponseException as error:
                _record_failure(message, error, permanent=500 <= error.smtp_code < 600)
                report.failed += 1
            except (smtplib.SMTPException, OSError, LookupError) as error:
                _record_failure(message, error, permanent=False)
                report.failed += 1
                if connection is not None:
                    connection.close()
                connection = None
            else:
                message.attempts += 1
                message.state = OutboxState.SENT
                message.sent_at = utcnow()
                message.last_error = ""
                report.sent += 1
            db.session.commit()
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()
    return report


# Digests ------------------------------------------------------------------------------------


#: Kinds of mail that go out at once even to people who chose a digest.
URGENT_KINDS = frozenset(
    {
        "silence_broken",
        "silence_lifted",
        "silence_opened",
        "silence_extended",
        "silence_withdrawn",
        "round_reminder",
    }
)


def _digest_kinds() -> list[str]:
    return [kind for kind in KIND_NAMES if kind not in URGENT_KINDS and kind != "digest"]


def send_digests(now: datetime | None = None) -> int:
    """Write one digest per person whose day is over, listing their notifications about the
    negotiations they chose a digest for; returns how many digests were written."""
    now = now or utcnow()
    written = 0
    due = db.session.scalars(
        select(DigestCursor.user_id)
        .where(DigestCursor.sent_at <= now - DIGEST_PERIOD)
        .order_by(DigestCursor.user_id)
    ).all()
    for user_id in due:
        cursor = db.session.scalar(
            select(DigestCursor)
            .where(DigestCursor.user_id == user_id, DigestCursor.sent_at <= now - DIGEST_PERIOD)
            .with_for_update(skip_locked=True)
        )
        if cursor is None:
            db.session.rollback()
            continue
        written += _write_digest(cursor, now)
        db.session.commit()
    return written


def _write_digest(cursor: DigestCursor, now: datetime) -> int:
    user = db.session.get(User, cursor.user_id)
    digest_negotiations = select(MailPreference.negotiation_id).where(
        MailPreference.user_id == cursor.user_id, MailPreference.mode == MailMode.DIGEST
    )
    unsubscribed = select(MailUnsubscription.kind).where(
        MailUnsubscription.user_id == cursor.user_id
    )
    items = list(
        db.session.scalars(
            select(Notification)
            .where(
                Notification.user_id == cursor.user_id,
                Notification.id > cursor.last_notification_id,
                Notification.negotiation_id.in_(digest_negotiations),
                Notification.kind.in_(_digest_kinds()),
                Notification.kind.not_in(unsubscribed),
            )
            .order_by(Notification.id)
        )
    )
    newest = db.session.scalar(
        select(func.max(Notification.id)).where(Notification.user_id == cursor.user_id)
    )
    cursor.last_notification_id = max(cursor.last_notification_id, newest or 0)
    cursor.sent_at = now
    if not items or user is None or not user.active:
        return 0
    if db.session.get(MailUnsubscription, (user.id, "digest")) is not None:
        return 0
    groups: dict[str, list[Notification]] = {}
    for item in items:
        title = item.negotiation.title if item.negotiation is not None else ""
        groups.setdefault(title, []).append(item)
    count = len(items)
    enqueue(
        kind="digest",
        to=user,
        subject=f"Your daily digest: {count} update{'s' if count != 1 else ''}",
        template="digest",
        groups=groups,
        count=count,
    )
    return 1


# The admin page -----------------------------------------------------------------------------


def outbox_page(user: Actor, state: str | None = None, limit: int = 200) -> list[OutboxMessage]:
    """Messages in the outbox, newest first, as they would be sent (administrators); the
    copies of letters to many still waiting for the worker are written first."""
    require_admin(user)
    write_letters()
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if state:
        query = query.where(OutboxMessage.state == state)
    return list(db.session.scalars(query))


def outbox_counts(user: Actor) -> dict[str, int]:
    """How many messages are pending, sent and failed."""
    require_admin(user)
    rows = db.session.execute(
        select(OutboxMessage.state, func.count(OutboxMessage.id)).group_by(OutboxMessage.state)
    )
    counts = {state.value: 0 for state in OutboxState}
    counts.update({state: number for state, number in rows})
    return counts


def get_outbox_message(user: Actor, message_id: int) -> OutboxMessage:
    """One outbox message, for administrators."""
    require_admin(user)
    return get_existing(OutboxMessage, message_id, "There is no such message in the outbox.")


@dataclass(frozen=True)
class OutboxReading:
    """An outbox message as an administrator reads it (`read_outbox_message`)."""

    message: OutboxMessage
    text_body: str
    headers: list[tuple[str, str]]
    attachments: list[str]
    #: whether the secrets of its links were left out
    redacted: bool


def _as_administrators_read(text: str) -> str:
    """A message's text as an administrator reads it in the outbox. Once mail goes out through
    a server, the secrets of its links (an invitation, a password reset, an unsubscription) are
    left out: they are for the person the message is addressed to, and an administrator who
    followed someone's reset link could sign in as them and speak for their delegation.
    Without a server (a demo, a first setup) the outbox is the only way the links reach anyone,
    and they are shown."""
    from tracker.logging import redact_secrets

    return redact_secrets(text) if mail_configured() else text


def read_outbox_message(user: Actor, message_id: int) -> OutboxReading:
    """One outbox message, its parts and headers as they are (or would be) sent, for
    administrators (`_as_administrators_read`)."""
    message = get_outbox_message(user, message_id)
    email = build_email(message)
    return OutboxReading(
        message=message,
        text_body=_as_administrators_read(message.text_body),
        headers=[(name, _as_administrators_read(str(value))) for name, value in email.items()],
        attachments=[part.get_filename() or "" for part in email.iter_attachments()],
        redacted=mail_configured(),
    )


def outbox_html_part(user: Actor, message_id: int) -> str:
    """One outbox message's HTML part, for administrators (`_as_administrators_read`); without
    building the rest of the message, whose attachments may be whole texts."""
    return _as_administrators_read(get_outbox_message(user, message_id).html_body)


def retry_failed(user: Actor, message_ids: Iterable[int] | None = None) -> int:
    """Put failed messages back in the queue (after fixing the mail settings)."""
    require_admin(user)
    query = select(OutboxMessage).where(OutboxMessage.state == OutboxState.FAILED)
    if message_ids is not None:
        query = query.where(OutboxMessage.id.in_(list(message_ids)))
    rows = list(db.session.scalars(query))
    for message in rows:
        message.state = OutboxState.PENDING
        message.attempts = 0
        message.next_attempt_at = utcnow()
    db.session.commit()
    return len(rows)
