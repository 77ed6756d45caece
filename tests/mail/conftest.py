"""A real SMTP server (aiosmtpd) on a free loopback port, and the app configured to use it."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

PUBLIC_URL = "https://tracker.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received, parsed; `delay` makes it a slow relay.

    A message counts as received only once the server accepts it: a client that disconnects
    during the delay leaves nothing, as with a real mail server.
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.delay = 0.0
        #: While set, every message waits unanswered; `waiting` counts those that do.
        self.holding = False
        self.waiting = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.holding:
            self.waiting += 1
            try:
                while self.holding:
                    await asyncio.sleep(0.005)
            finally:
                self.waiting -= 1
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, count: int, seconds: float = 10) -> list[EmailMessage]:
        deadline = time.time() + seconds
        while len(self.messages) < count and time.time() < deadline:
            time.sleep(0.01)
        return self.messages

    def wait_until_waiting(self, count: int, seconds: float = 30) -> None:
        """Until exactly `count` held messages wait for the server's answer."""
        deadline = time.time() + seconds
        while self.waiting != count:
            assert time.time() < deadline, f"{self.waiting} messages wait, not {count}"
            time.sleep(0.005)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """An SMTP server in a thread of this process; yields its inbox and port."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def inbox(app: Flask, smtp: tuple[Inbox, int]) -> Iterator[Inbox]:
    """The app's mail goes to the test SMTP server, links point at PUBLIC_URL."""
    server, port = smtp
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    saved["PUBLIC_URL"] = app.config["PUBLIC_URL"]
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, PUBLIC_URL=PUBLIC_URL
    )
    yield server
    app.config.update(saved)


def parts(message: EmailMessage) -> tuple[str, str]:
    """The text and HTML bodies of a received message."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None, "a text and an HTML part"
    return text.get_content(), html.get_content()


def app_path(link: str) -> str:
    """The path of an absolute link from a message, to follow with the test client."""
    assert link.startswith(PUBLIC_URL + "/"), link
    return link[len(PUBLIC_URL) :]
