"""Structured request logs: one JSON object per line, easy to ship and query."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger

#: Secrets that travel in addresses: the feed token (`?token=`) and the one-time links of
#: invitations, password resets and unsubscriptions. Access logs keep the rest of the address.
SECRET_IN_ADDRESS_RE = re.compile(
    r"((?:[?&;]|\b)token=)[^&;#\s\"]+"
    r"|(/(?:invitation|password-reset|mail/unsubscribe)/)[^/?#\s\"]+"
)


def redact_secrets(text: str) -> str:
    """The address (or log line) with its secrets replaced by `[redacted]`."""
    return SECRET_IN_ADDRESS_RE.sub(lambda m: (m.group(1) or m.group(2)) + "[redacted]", text)


#: Attributes every LogRecord has; anything else was passed through `extra=`.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class RedactSecrets(logging.Filter):
    """Takes the secrets of addresses (`redact_secrets`) out of every record of the logger it
    is added to: its message and the fields given with it (`extra=`), such as the request
    log's path. An error on an invitation's page names the address, and whoever reads the log
    must not be able to use the link."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        for key, value in vars(record).items():
            if key not in _STANDARD and isinstance(value, str):
                record.__dict__[key] = redact_secrets(value)
        return True


def redact_every_line(*loggers: logging.Logger) -> None:
    """Add RedactSecrets to each of these loggers (once)."""
    for logger in loggers:
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())


class RedactingAccessLogger(Logger):
    """gunicorn's logger, whose access lines and error lines ("Error handling request GET
    /invitation/...") never carry a feed token or a one-time link (see gunicorn.conf.py)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        redact_every_line(self.access_log, self.error_log)


class JsonFormatter(logging.Formatter):
    """Formats a record as JSON with its `extra` fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_request_log(level: int = logging.INFO) -> None:
    """Send tracker.requests to standard error as JSON lines (once per process)."""
    logger = logging.getLogger("tracker.requests")
    if any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
