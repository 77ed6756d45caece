"""Hostile uploads: too large, zip bombs, XML entity expansion. Refused clearly, nothing stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from tests.conftest import sign_in
from tests.security.abuse import upload

MINIMAL_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>%s</w:body></w:document>"
)


def _revision_count() -> int:
    from tracker.extensions import db
    from tracker.models import Paragraph, Revision

    return (db.session.scalar(select(func.count(Revision.id))) or 0) + (
        db.session.scalar(select(func.count(Paragraph.id))) or 0
    )


def _docx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """A .docx whose document part inflates from tens of kilobytes to 40 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w") as part:
            part.write(MINIMAL_DOCUMENT.split(b"%s")[0])
            chunk = b"\0" * (1024 * 1024)
            for _ in range(40):
                part.write(chunk)
    return buffer.getvalue()


def _entity_expansion() -> bytes:
    """The 'billion laughs': nested entities that expand to gigabytes if resolved."""
    lol = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    body = b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
    return _docx(
        {
            "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE w:document ['
            + lol
            + b"]>"
            + MINIMAL_DOCUMENT.split(b"?>", 1)[1] % body
        }
    )


def _external_entity() -> bytes:
    """An XXE: an entity that would read a file from the server."""
    return _docx(
        {
            "word/document.xml": b'<?xml version="1.0"?>'
            b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + MINIMAL_DOCUMENT.split(b"?>", 1)[1]
            % b"<w:p><w:r><w:t>&x;</w:t></w:r></w:p>"
        }
    )


def test_an_upload_over_the_size_limit_gets_413_with_a_readable_page(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    before = _revision_count()
    too_large = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = upload(client, cast.negotiation_a.id, "draft.txt", too_large)
    assert response.status_code == 413
    assert "The file is too large: uploads are limited to 10 MB." in response.get_data(as_text=True)
    assert _revision_count() == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_zip_bomb, "refused as a possible zip bomb"),
        (_entity_expansion, "declares a DOCTYPE or entities"),
        (_external_entity, "declares a DOCTYPE or entities"),
    ],
    ids=["zip-bomb", "billion-laughs", "external-entity"],
)
def test_hostile_word_files_get_422_with_the_readers_message_and_nothing_stored(
    app, cast, make, message
):
    client = sign_in(app.test_client(), cast.cofac_a)
    before = _revision_count()
    data = make()
    assert len(data) < 1024 * 1024  # small on the wire, huge once expanded
    response = upload(client, cast.negotiation_a.id, "draft.docx", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "“draft.docx” could not be read" in page
    assert message in page
    assert "root:" not in page
    assert _revision_count() == before


def test_a_file_that_lies_about_its_type_is_refused_by_its_content(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    before = _revision_count()
    response = upload(client, cast.negotiation_a.id, "draft.docx", b"not a zip archive at all")
    assert response.status_code == 422
    assert "is not a Word .docx file" in response.get_data(as_text=True)
    assert _revision_count() == before
