"""The review of a preview: correcting its pairing, as the co-facilitator does it and as the
delegations see the result."""

from __future__ import annotations

from tests.conftest import fixture_bytes, publish, sign_in
from tracker.services import revisions

ZERO = "pairing-zero.txt"
REV1 = "pairing-rev1.txt"


def test_a_correction_says_what_else_it_changed_can_be_undone_and_its_trials_stay_private(
    app, cast
):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    preview = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=REV1, data=fixture_bytes(REV1)
    )
    base = f"/negotiations/{cast.negotiation_a.id}/revisions/{preview.id}"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    corrected = cofac.post(
        base + "/preview-pairing",
        data={"new_label": "OP3", "continues": "OP2"},
        follow_redirects=True,
    ).text
    assert (
        "OP3 now continues OP2; publishing will follow this pairing. It also changed: OP2 now "
        "continues no paragraph (a new one)." in corrected
    )
    # A trial, then undone: the review lists the correction that stands, with its undo.
    cofac.post(base + "/preview-pairing", data={"new_label": "OP4", "continues": ""})
    undone = cofac.post(
        base + "/preview-pairing",
        data={"new_label": "OP4", "continues": "automatic"},
        follow_redirects=True,
    ).text
    assert "OP4 is paired as the app pairs it again" in undone
    assert "Undo: pair OP3 as the app does" in undone and "Undo: pair OP4" not in undone
    cofac.post(base + "/publish", data={"confirmed": "yes"})
    mexico = sign_in(app.test_client(), cast.delegate_a)
    compared = mexico.get(
        f"/negotiations/{cast.negotiation_a.id}/compare?old={zero.id}&new={preview.id}"
    ).text
    assert "Pairings corrected by hand (1)" in compared
    assert "Rev.1 OP3 continues Zero draft OP2 (set before publishing)" in compared
    assert "OP4" not in compared.split("Pairings corrected by hand")[1].split("</section>")[0]
