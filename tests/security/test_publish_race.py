"""Finding 7: of two publishes at the same moment, the loser got a 500 instead of the intended
409: the clash surfaced at an automatic flush before the code that turns it into a conflict."""

from __future__ import annotations

from tests.conftest import count, publish, sign_in
from tests.security.abuse import ZERO, published_zero
from tracker.models import Revision, RevisionState
from tracker.services import revisions


def test_the_second_of_two_simultaneous_publishes_gets_409_and_changes_nothing(
    app, cast, monkeypatch
):
    zero = published_zero(cast)
    text = zero.source_data or b""
    # Each text differs from the last (an identical text is refused before any race).
    publish(cast.cofac_a, cast.negotiation_a, ZERO, text.replace(b"Decides", b"Also decides", 1))
    preview = revisions.upload_revision(
        cast.cofac_a,
        cast.negotiation_a,
        filename="rev2.txt",
        data=text.replace(b"Decides", b"Further decides", 1),
        label="Rev.2",
    )
    # This publish read what was circulated before the other one was committed.
    seen = revisions.Circulation(
        latest_id=zero.id,
        latest_sequence=zero.sequence or 0,
        labels=frozenset({(zero.label or "").casefold()}),
        highest_sequence=zero.sequence or 0,
    )
    monkeypatch.setattr(revisions, "circulation", lambda negotiation: seen)
    client = sign_in(app.test_client(), cast.cofac_a)
    response = client.post(
        f"/negotiations/{cast.negotiation_a.id}/revisions/{preview.id}/publish",
        data={"confirmed": "yes", "reviewed_against": str(zero.id)},
    )
    assert response.status_code == 409
    assert "published at the same moment" in response.get_data(as_text=True)
    # The review is shown again, against the text that won.
    assert "Rev.2 (preview) compared with Rev.1" in response.get_data(as_text=True)
    assert count(Revision, state=RevisionState.PUBLISHED) == 2
    assert count(Revision, id=preview.id, state=RevisionState.PREVIEW) == 1
