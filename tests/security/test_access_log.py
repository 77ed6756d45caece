"""Finding 6: feed tokens (and one-time links) were written to the access log in clear."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def _lines(log: logging.Logger) -> Iterator[list[str]]:
    """What `log` writes while the block runs (the lines as its handlers receive them)."""
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    log.addHandler(handler)
    try:
        yield lines
    finally:
        log.removeHandler(handler)


def _access_line(uri: str, config: Any = None) -> str:
    from gunicorn.config import Config

    from tracker.logging import RedactingAccessLogger

    config = config or Config()
    config.set("accesslog", "-")
    logger = RedactingAccessLogger(config)
    path, _, query = uri.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.5",
        "HTTP_REFERER": f"https://tracker.example{uri}",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(
        headers=[("USER-AGENT", "FeedReader/1.0"), ("REFERER", environ["HTTP_REFERER"])]
    )
    with _lines(logger.access_log) as lines:
        logger.access(response, request, environ, timedelta(milliseconds=12))
    (line,) = lines
    return line


def test_the_access_log_never_shows_a_feed_token_or_a_one_time_link():
    line = _access_line("/negotiations/3/feed.atom?token=S3cr3t-Feed_Token")
    assert "S3cr3t-Feed_Token" not in line
    assert "/negotiations/3/feed.atom?token=[redacted]" in line
    for link in ("/invitation/Inv1te-T0ken", "/password-reset/Res3t-T0ken"):
        assert link.rsplit("/", 1)[1] not in _access_line(link)


def test_headers_and_environ_named_in_the_format_are_redacted_too():
    from gunicorn.config import Config

    config = Config()
    config.set("access_log_format", '%(r)s "%({referer}i)s" %({query_string}e)s')
    line = _access_line("/negotiations/3/feed.atom?token=S3cr3t-Feed_Token", config)
    assert "S3cr3t-Feed_Token" not in line
    assert line.count("token=[redacted]") == 3


def test_make_serve_prod_uses_the_redacting_logger():
    config = (ROOT / "gunicorn.conf.py").read_text()
    assert 'logger_class = "tracker.logging.RedactingAccessLogger"' in config
    assert "--config gunicorn.conf.py" in (ROOT / "Makefile").read_text()


def test_gunicorns_error_line_for_a_failed_request_leaves_the_secret_out():
    """gunicorn names the request it could not handle ("Error handling request GET ...") in its
    error log, which the access log's redaction did not cover."""
    from gunicorn.config import Config

    from tracker.logging import RedactingAccessLogger

    logger = RedactingAccessLogger(Config())
    with _lines(logger.error_log) as lines:
        try:
            raise OSError("the client went away")
        except OSError:
            logger.exception("Error handling request %s %s", "GET", "/invitation/Inv1te-T0ken")
    assert lines == ["Error handling request GET /invitation/[redacted]"]
