"""The negotiation's settings page: who co-facilitates it."""

from __future__ import annotations

from tests.conftest import sign_in
from tracker.extensions import db


def _edit(client, negotiation, facilitators: str, title: str = "Renamed negotiation"):
    return client.post(
        f"/negotiations/{negotiation.id}/edit",
        data={
            "title": title,
            "mandate": negotiation.mandate,
            "status": negotiation.status,
            "facilitators": facilitators,
        },
    )


def test_emptying_the_co_facilitators_is_refused_and_the_form_kept(app, cast):
    negotiation = cast.negotiation_a
    before = (negotiation.title, [u.email for u in negotiation.facilitators])
    secretariat = sign_in(app.test_client(), cast.secretariat)

    response = _edit(secretariat, negotiation, facilitators="  \n ")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "keeps at least one" in page
    # What the officer typed is still there to correct.
    assert "Renamed negotiation" in page
    db.session.expire_all()
    assert (negotiation.title, [u.email for u in negotiation.facilitators]) == before


def test_handing_over_to_a_new_co_facilitator_in_one_edit(app, cast):
    negotiation = cast.negotiation_a
    secretariat = sign_in(app.test_client(), cast.secretariat)

    response = _edit(secretariat, negotiation, facilitators=cast.cofac_b.email)

    assert response.status_code == 302
    db.session.expire_all()
    assert [u.email for u in negotiation.facilitators] == [cast.cofac_b.email]
    assert negotiation.title == "Renamed negotiation"
