"""Download headers shared by every view that sends a file."""

from __future__ import annotations

from urllib.parse import quote


def attachment(filename: str) -> str:
    """A Content-Disposition value that survives any file name (RFC 6266 with a UTF-8 form):
    only its last part (no folders, no `../`), without control characters."""
    filename = filename.replace("\\", "/").rsplit("/", 1)[-1]
    filename = "".join(c for c in filename if ord(c) >= 32 and ord(c) != 127).strip(" .")
    filename = filename or "download"
    ascii_name = "".join(c if 32 < ord(c) < 127 and c not in '"\\;' else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
