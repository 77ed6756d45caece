"""Download headers shared by every view that sends a file."""

from __future__ import annotations

from urllib.parse import quote


def attachment(filename: str) -> str:
    """A Content-Disposition value that survives any file name (RFC 6266 with a UTF-8 form)."""
    ascii_name = "".join(c if 32 < ord(c) < 127 and c not in '"\\;' else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
