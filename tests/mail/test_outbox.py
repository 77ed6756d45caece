"""The outbox: mail written with the change it reports, delivered by `flask send-mail` workers
that can be killed mid-batch without losing or repeating a message, retried when the server
fails, and shown to admins as it would be sent when no server is configured."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import publish, sign_in
from tracker.extensions import db
from tracker.models import OutboxLetter, OutboxMessage, OutboxState
from tracker.services import invitations, mail

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).parent / "flask"
MESSAGES = 30
ZERO = "zero-draft-2021-hlm-modalities.txt"


def _invite_many(cast, count: int) -> None:
    for n in range(count):
        invitations.invite(
            cast.secretariat,
            email=f"person{n:03}@example.org",
            name=f"Person {n}",
            role="delegate",
            delegation_code="PER",
        )


def _pending() -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.state == OutboxState.PENDING)
    )


def _worker(app, port: int, tmp_path: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY="test",
        TRACKER_INSTANCE_PATH=str(tmp_path),
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(port),
        MAIL_USE_TLS="no",
        PUBLIC_URL="https://tracker.example",
    )
    with (tmp_path / "worker.log").open("ab") as log:
        return subprocess.Popen(
            [str(FLASK), "--app", "app", "send-mail", "--poll", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )


def test_a_worker_killed_mid_batch_and_restarted_sends_every_message_exactly_once(
    app, cast, smtp, tmp_path
):
    inbox, port = smtp
    inbox.delay = 0.05  # a slow relay
    _invite_many(cast, MESSAGES)
    db.session.remove()
    postgres = db.engine.dialect.name == "postgresql"
    # On PostgreSQL two workers share the queue (FOR UPDATE SKIP LOCKED); SQLite runs one.
    workers = [_worker(app, port, tmp_path) for _ in range(2 if postgres else 1)]
    try:
        inbox.wait_for(MESSAGES // 3, seconds=60)
        # The kill lands while every worker waits for the server to accept a message. Between
        # the server's acceptance and the worker's record of it no sender can avoid a repeat:
        # SMTP cannot be asked whether a message arrived. That moment is kept out of the test.
        inbox.holding = True
        inbox.wait_until_waiting(len(workers))
        victim = workers.pop(0)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        inbox.wait_until_waiting(len(workers))  # the server dropped the victim's message
        killed_at = len(inbox.messages)
        inbox.holding = False
        assert 0 < killed_at < MESSAGES, "the worker was killed in the middle of the batch"
        workers.append(_worker(app, port, tmp_path))
        deadline = time.time() + 90
        while _pending() and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=10)
    ids = [message["Message-ID"] for message in inbox.messages]
    assert len(ids) == MESSAGES
    assert len(set(ids)) == MESSAGES, "no message was sent twice"
    assert sorted(m["To"] for m in inbox.messages) == [
        f"person{n:03}@example.org" for n in range(MESSAGES)
    ]
    assert _pending() == 0


def test_a_failing_server_is_retried_later_then_recorded_as_failed(app, cast, smtp):
    inbox, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port + 1, MAIL_USE_TLS=False)
    try:
        _invite_many(cast, 1)
        report = mail.deliver_pending()
        assert (report.sent, report.failed) == (0, 1)
        message = db.session.scalar(select(OutboxMessage))
        assert message.state == "pending" and message.attempts == 1
        assert "Connection refused" in message.last_error or "Errno" in message.last_error
        # Not tried again before its backoff is over.
        assert mail.deliver_pending().failed == 0
        for _ in range(mail.MAX_ATTEMPTS - 1):
            message.next_attempt_at = message.created_at
            db.session.commit()
            mail.deliver_pending()
        assert message.state == "failed" and message.attempts == mail.MAX_ATTEMPTS
        # Once the settings are right, an admin queues it again and it goes.
        app.config["MAIL_PORT"] = port
        assert mail.retry_failed(cast.admin) == 1
        assert mail.deliver_pending().sent == 1
        assert inbox.wait_for(1)[0]["To"] == "person000@example.org"
    finally:
        app.config["MAIL_SERVER"] = ""


def test_a_permanent_refusal_fails_at_once(app, cast, smtp, monkeypatch):
    inbox, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)

    async def refuse(server, session, envelope) -> str:  # noqa: ANN001
        return "550 No such mailbox"

    monkeypatch.setattr(inbox, "handle_DATA", refuse)
    try:
        _invite_many(cast, 1)
        assert mail.deliver_pending().failed == 1
        message = db.session.scalar(select(OutboxMessage))
        assert message.state == "failed" and "No such mailbox" in message.last_error
    finally:
        app.config["MAIL_SERVER"] = ""


def test_without_smtp_messages_wait_and_the_admin_page_shows_them_as_sent(app, cast):
    assert not mail.mail_configured()
    _invite_many(cast, 2)
    assert mail.deliver_pending().sent == 0
    assert _pending() == 2
    client = sign_in(app.test_client(), cast.admin)
    page = client.get("/admin/outbox")
    assert page.status_code == 200
    assert "No SMTP server is configured" in page.text
    assert "person000@example.org" in page.text and "Your invitation" in page.text
    message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id))
    shown = client.get(f"/admin/outbox/{message.id}")
    assert shown.status_code == 200
    assert "List-Unsubscribe" not in shown.text  # invitations are not a subscription
    assert "https://" in shown.text or "http://" in shown.text  # the absolute link
    html = client.get(f"/admin/outbox/{message.id}/html")
    assert (
        html.status_code == 200 and "default-src 'none'" in html.headers["Content-Security-Policy"]
    )
    # The secretariat does not see the outbox: it holds everyone's links.
    assert sign_in(app.test_client(), cast.secretariat).get("/admin/outbox").status_code == 403


def _letters() -> int:
    return db.session.scalar(select(func.count(OutboxLetter.id)))


def _copies(kind: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        )
    )


def test_a_new_text_is_one_letter_in_the_request_and_the_worker_writes_its_copies_once(app, cast):
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    # Publishing wrote what to send to whom, not a rendered message per reader.
    assert _copies("revision_published") == []
    (letter,) = db.session.scalars(select(OutboxLetter)).all()
    assert [address for _, address, _ in letter.recipients] == [
        "mexico@example.org",
        "chile@example.org",
    ]
    assert mail.write_letters() == 2
    assert _letters() == 0
    mexico, chile = _copies("revision_published")
    assert (mexico.to_address, chile.to_address) == ("mexico@example.org", "chile@example.org")
    assert mexico.subject == f"Negotiation A: {revision.label}"
    assert mexico.created_at == letter.created_at  # the letter's date is the publication's
    for copy in (mexico, chile):  # each with its reader's own link, in both parts
        link = copy.headers["List-Unsubscribe"].strip("<>")
        assert link in copy.text_body and link in copy.html_body
    assert mexico.headers["List-Unsubscribe"] != chile.headers["List-Unsubscribe"]
    assert mail.write_letters() == 0  # nothing is written twice


def test_a_worker_failing_while_writing_a_letter_leaves_it_whole_for_the_next_pass(
    app, cast, monkeypatch
):
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    written = []

    def failing_on_the_second_copy(url: str) -> dict[str, str]:
        written.append(url)
        if len(written) == 2:
            raise OSError("the worker's host went away")
        return headers(url)

    headers = mail._unsubscribe_headers
    monkeypatch.setattr(mail, "_unsubscribe_headers", failing_on_the_second_copy)
    with pytest.raises(OSError):
        mail.write_letters()
    db.session.rollback()
    assert _letters() == 1 and _copies("revision_published") == []
    monkeypatch.setattr(mail, "_unsubscribe_headers", headers)
    assert mail.write_letters() == 2
    assert [m.to_address for m in _copies("revision_published")] == [
        "mexico@example.org",
        "chile@example.org",
    ]


def test_the_outbox_page_shows_the_copies_of_a_letter_no_worker_has_written_yet(app, cast):
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    assert _letters() == 1
    page = sign_in(app.test_client(), cast.admin).get("/admin/outbox")
    assert "mexico@example.org" in page.text and "chile@example.org" in page.text
    assert _letters() == 0 and len(_copies("revision_published")) == 2


def test_once_mail_goes_out_an_administrator_cannot_read_someones_reset_link(app, cast):
    """Anyone can ask for a delegate's password reset; with the link an administrator would
    sign in as the delegate and speak for their delegation. Once a server sends the mail, the
    outbox shows the message without the link's secret; without one (a demo) it stays, since
    the outbox is then the only way the link reaches anyone."""
    import re

    invitations.request_password_reset(cast.delegate_a.email)
    message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    token = re.search(r"/password-reset/([^\s\"<]+)", message.text_body).group(1)
    admin = sign_in(app.test_client(), cast.admin)
    pages = (f"/admin/outbox/{message.id}", f"/admin/outbox/{message.id}/html")
    app.config["MAIL_SERVER"] = "127.0.0.1"
    try:
        for page in pages:
            shown = admin.get(page)
            assert shown.status_code == 200
            assert token not in shown.text and "/password-reset/[redacted]" in shown.text
    finally:
        app.config["MAIL_SERVER"] = ""
    assert all(token in admin.get(page).text for page in pages)
    # What the worker sends is the message as written.
    db.session.expire_all()
    assert token in db.session.get(OutboxMessage, message.id).text_body
