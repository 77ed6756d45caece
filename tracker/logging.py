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


class RedactingAccessLogger(Logger):
    """gunicorn's logger, whose access lines never carry a feed token or a one-time link
    (see gunicorn.conf.py)."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        """The usual access-log fields, secrets redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact_secrets(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }


#: Attributes every LogRecord has; anything else was passed through `extra=`.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


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
