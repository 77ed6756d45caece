"""Reading uploads without letting any file hold a web worker: in a child process with a time
and memory budget (UPLOAD_PARSE_ISOLATED, on except in most tests)."""

from __future__ import annotations

from flask import current_app

from tracker import admission
from tracker.text.document import Document
from tracker.text.read import read_document
from tracker.text.read.budget import read_within_budget


def read_upload(filename: str, data: bytes) -> Document:
    """The upload read as a Document; ParseError when it cannot be, or is over budget."""
    config = current_app.config
    if not config["UPLOAD_PARSE_ISOLATED"]:
        return read_document(filename, data)
    # The child reads at a lower priority than the web workers once past an ordinary upload,
    # and the request holds nothing yet: its turn goes to others meanwhile (tracker.admission).
    with admission.stepped_aside():
        return read_within_budget(
            filename,
            data,
            seconds=config["UPLOAD_PARSE_SECONDS"],
            memory_mb=config["UPLOAD_PARSE_MEMORY_MB"],
        )
