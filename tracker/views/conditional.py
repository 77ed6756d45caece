"""HTTP caching where it is correct: validators on published texts, their exports and pages.

A published revision never changes, so its exports carry an `ETag` naming everything they are
made from (the release, the revisions, the pairing corrections that touch them, the format)
and its `Last-Modified`; a browser that already holds that file gets a 304 without the file
being made again. Pages mix the stored text with per-person lines, so their `ETag` is a digest
of the page as sent; a 304 then saves sending it. Everything stays `private, no-cache`: it is
shown only to signed-in people and asked about again each time.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from flask import Response, request

#: Form tokens are signed anew on every page; any of them stays valid, so they are left out of
#: the page digest (a browser keeping its copy keeps a token that still works). So are the
#: one-time keys of comment forms: a key that was used stored a comment, which changes the page
#: and so its digest; a kept copy only ever holds an unused key.
_CSRF_VALUE = re.compile(rb'(name="(?:csrf_token|submission_key)"[^>]*value=")[^"]*(")')

PRIVATE = "private, no-cache"


def export_etag(*parts: object) -> str:
    """An entity tag for an export, from everything it is made from."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def not_modified(etag: str, last_modified: datetime | None) -> Response | None:
    """A 304 when the browser already holds this version, else None (make the file)."""
    if not request.if_none_match.contains(etag):
        return None
    response = Response(status=304)
    response.set_etag(etag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = PRIVATE
    return response


def with_validators(response: Response, etag: str, last_modified: datetime | None) -> Response:
    """The export's validators, so the next request for it can be answered with a 304."""
    response.set_etag(etag)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = PRIVATE
    return response


def revalidated(response: Response) -> Response:
    """A page with an entity tag of its content: a 304 when the browser holds the same page."""
    if response.status_code != 200 or response.direct_passthrough:
        return response
    body = _CSRF_VALUE.sub(rb"\1\2", response.get_data())
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.headers["Cache-Control"] = PRIVATE
    response.make_conditional(request)  # changes this response in place (a 304 or a range)
    return response
