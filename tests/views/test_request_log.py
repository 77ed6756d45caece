"""The request log: one line per request, written once the response has been sent."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _request_lines() -> Iterator[_Lines]:
    """The request log's records while the block runs."""
    logger = logging.getLogger("tracker.requests")
    saved = logger.disabled, logger.level  # the migrations' logging configuration turns it off
    logger.disabled, lines = False, _Lines()
    logger.setLevel(logging.INFO)
    logger.addHandler(lines)
    try:
        yield lines
    finally:
        logger.removeHandler(lines)
        logger.disabled = saved[0]
        logger.setLevel(saved[1])


def test_each_request_is_logged_once_with_its_page_status_and_cost(app):
    with _request_lines() as lines:
        response = app.test_client().get("/healthz")
        written_before_close = len(lines.records)
        response.close()  # as the server does once it has sent the response
    # Written after the response went out: a busy worker's write no longer delays the person.
    assert written_before_close == 0 and len(lines.records) == 1
    line = vars(lines.records[0])  # the fields are attributes of the record
    assert (line["method"], line["path"], line["endpoint"], line["status"]) == (
        "GET",
        "/healthz",
        "health.healthz",
        200,
    )
    assert line["duration_ms"] >= 0 and line["cpu_ms"] >= 0 and line["user_id"] is None


def test_a_one_time_link_is_not_written_to_the_request_log(app):
    """An invitation's or a password reset's link is the secret itself: whoever reads the logs
    must not be able to use it (the access log already left it out; this line did not)."""
    with _request_lines() as lines:
        for link in ("/invitation/Inv1te-T0ken", "/password-reset/Res3t-T0ken"):
            app.test_client().get(link).close()
    paths = [vars(record)["path"] for record in lines.records]
    assert paths == ["/invitation/[redacted]", "/password-reset/[redacted]"]


def test_an_error_on_a_one_time_link_is_logged_without_its_secret(app, caplog):
    secret = "Res3t-T0ken"
    saved, app.logger.disabled = app.logger.disabled, False
    try:
        raise RuntimeError("the page failed")
    except RuntimeError:
        with app.test_request_context(f"/password-reset/{secret}"), caplog.at_level("ERROR"):
            app.log_exception(sys.exc_info())
    finally:
        app.logger.disabled = saved
    lines = [record.getMessage() for record in caplog.records]
    assert lines == ["Exception on /password-reset/[redacted] [GET]"]
