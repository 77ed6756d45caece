"""What the abuse-report tests share: a published text with a paragraph to write on."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import publish

ZERO = "zero-draft-2021-hlm-modalities.txt"


def first_operative(revision):
    """The revision's OP1 (a top-level paragraph to comment on)."""
    return next(p for p in revision.paragraphs if p.label == "OP1" and p.parent_id is None)


def published_zero(cast):
    """Negotiation A's zero draft, published by its co-facilitator."""
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def commented(cast, body: str):
    """Negotiation A's zero draft published, a comment of Mexico's on its OP1, and the address
    of the comment's page."""
    from tracker.services import comments

    zero = published_zero(cast)
    comment = comments.create_comment(
        cast.delegate_a, zero, paragraph=first_operative(zero), kind="comment", body=body
    )
    return zero, comment, f"/negotiations/{zero.negotiation_id}/comments/{comment.id}"


def comment_form(revision, paragraph, body: str, **extra: str) -> tuple[str, dict[str, str]]:
    """The address and fields of the comment form on a paragraph."""
    url = f"/negotiations/{revision.negotiation_id}/revisions/{revision.id}/comments"
    return url, {"paragraph_id": str(paragraph.id), "kind": "comment", "body": body, **extra}


def post_comment(client, revision, paragraph, body: str, **extra: str):
    """Send the comment form as the client's user; the response."""
    url, form = comment_form(revision, paragraph, body, **extra)
    return client.post(url, data=form)


def upload(client, negotiation_id: int, filename: str, data: bytes):
    """Send a file through the upload form; the response."""
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(
        {"label": "", "text": "", "file": FileStorage(io.BytesIO(data), filename)}
    )
    return client.post(
        f"/negotiations/{negotiation_id}/revisions/new",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
