"""Finding 2: one upload held a worker past its timeout (a text of 100,000 paragraphs, a .docx
numbered from 2,000,000,000, a PDF of 5 MB of `0 0 Td`). Uploads are now read in a child
process with a time and memory budget, texts are bounded, and numbering is bounded with a
warning."""

from __future__ import annotations

import pytest

from tests.conftest import count, sign_in
from tests.security.abuse import upload
from tests.security.hostile_files import many_paragraphs, numbering_from, pdf_of_operators
from tracker.models import Revision


def test_an_upload_over_its_time_budget_is_refused_with_a_message_and_nothing_stored(
    app, cast, variant_app
):
    isolated = variant_app(UPLOAD_PARSE_ISOLATED=True, UPLOAD_PARSE_SECONDS=1)
    client = sign_in(isolated.test_client(), cast.cofac_a)
    response = upload(client, cast.negotiation_a.id, "operators.pdf", pdf_of_operators())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "operators.pdf took more than 1 seconds to read" in page
    assert count(Revision) == 0


def test_the_isolated_reader_reads_a_real_draft(app, cast, variant_app):
    from tests.conftest import fixture_bytes

    isolated = variant_app(UPLOAD_PARSE_ISOLATED=True)
    client = sign_in(isolated.test_client(), cast.cofac_a)
    data = fixture_bytes("draft-autonumbered.docx")
    response = upload(client, cast.negotiation_a.id, "draft.docx", data)
    assert response.status_code == 302
    assert count(Revision) == 1


def test_a_text_of_a_hundred_thousand_paragraphs_is_refused_at_once(app, cast):
    client = sign_in(app.test_client(), cast.cofac_a)
    response = upload(client, cast.negotiation_a.id, "long.txt", many_paragraphs())
    assert response.status_code == 422
    assert "200,005 lines; no resolution has more than 50,000" in response.get_data(as_text=True)
    assert count(Revision) == 0


def test_numbering_from_two_billion_is_read_short_with_a_warning(app, cast):
    from tracker.text.read import read_document

    document = read_document("numbered.docx", numbering_from(2_000_000_000))
    assert max(len(p.text) for p in document.paragraphs) < 200
    assert all(len(p.label) < 30 for p in document.paragraphs)
    assert any("numbering runs beyond" in w.message for w in document.warnings)


def _report_priority(filename: str, data: bytes):
    """A reader that reports the child's priority as it starts and after reading for longer
    than any resolution takes (it never returns a document)."""
    import os
    import time

    from tracker.text.document import ParseError

    started = os.nice(0)
    deadline = time.process_time() + 0.5
    while time.process_time() < deadline and os.nice(0) == started:
        pass
    raise ParseError(f"priority {started} then {os.nice(0)}")


def test_an_upload_is_read_at_the_workers_priority_until_it_takes_longer_than_a_resolution(
    monkeypatch,
):
    import os

    import tracker.text.read
    from tracker.text.document import ParseError
    from tracker.text.read.budget import read_within_budget

    monkeypatch.setattr(tracker.text.read, "read_document", _report_priority)
    worker = os.nice(0)
    with pytest.raises(ParseError) as reported:
        read_within_budget("draft.txt", b"1. Decides.", seconds=4, memory_mb=1024)
    assert str(reported.value) == f"priority {worker} then {min(worker + 10, 19)}"
