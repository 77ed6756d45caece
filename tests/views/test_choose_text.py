"""The preview page of a file with several texts offers the others, and switches to one."""

from __future__ import annotations

from tests.conftest import sign_in
from tests.text.test_read_several import REPORT
from tracker.services import revisions


def test_the_preview_page_offers_the_other_texts(app, cast) -> None:
    preview = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename="report.txt", data=REPORT.encode("utf-8")
    )
    client = sign_in(app.test_client(), cast.cofac_a)
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{preview.id}"
    page = client.get(url).get_data(as_text=True)
    assert "The file holds 3 texts" in page
    assert f"{url}/texts/1" in page
    response = client.post(f"{url}/texts/1")
    assert response.status_code == 302
    assert "Documents considered" in client.get(url).get_data(as_text=True)
