"""The permission matrix: every route of the app, for every kind of user.

The table below names, for each endpoint, who may use it. The test walks the app's whole route
table, so a new route without an entry here fails until someone decides who may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conftest import fixture_bytes, publish, sign_in

ROLES = ["anonymous", "delegate_a", "delegate_b", "cofac_b", "cofac_a", "secretariat", "admin"]
SIGNED_IN = set(ROLES) - {"anonymous"}
EVERYONE = set(ROLES)
SECRETARIAT = {"secretariat", "admin"}
FACILITATOR_A = {"cofac_a"}


@dataclass
class World:
    """Negotiation A with a published zero draft and Rev.1; the cast around it."""

    cast: Any
    zero: Any
    rev1: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def preview(self) -> Any:
        from tracker.services.revisions import upload_revision

        return upload_revision(
            self.cast.cofac_a,
            self.cast.negotiation_a,
            filename="draft.txt",
            data=fixture_bytes("zero-draft-2021-hlm-modalities.txt"),
        )


@dataclass
class Route:
    method: str
    url: Callable[[World], str]
    allowed: set[str]
    data: Callable[[World], dict[str, Any]] = lambda world: {}


def _neg(world: World) -> str:
    return f"/negotiations/{world.cast.negotiation_a.id}"


def _paragraph_id(world: World) -> int:
    return world.rev1.paragraphs[0].id


EXPECTED: dict[str, Route] = {
    "static": Route("GET", lambda w: "/static/app.css", EVERYONE),
    "auth.login": Route("GET", lambda w: "/login", EVERYONE),
    "auth.logout": Route("POST", lambda w: "/logout", EVERYONE),
    "auth.password": Route("GET", lambda w: "/account/password", SIGNED_IN),
    "negotiations.index": Route("GET", lambda w: "/", SIGNED_IN),
    "negotiations.new": Route("GET", lambda w: "/negotiations/new", SECRETARIAT),
    "negotiations.show": Route("GET", _neg, SIGNED_IN),
    "negotiations.audit": Route("GET", lambda w: _neg(w) + "/audit", FACILITATOR_A | SECRETARIAT),
    "health.healthz": Route("GET", lambda w: "/healthz", EVERYONE),
    "negotiations.edit": Route("GET", lambda w: _neg(w) + "/edit", FACILITATOR_A | SECRETARIAT),
    "revisions.upload": Route("GET", lambda w: _neg(w) + "/revisions/new", FACILITATOR_A),
    "revisions.show": Route("GET", lambda w: f"{_neg(w)}/revisions/{w.zero.id}", SIGNED_IN),
    "revisions.publish": Route(
        "POST", lambda w: f"{_neg(w)}/revisions/{w.preview().id}/publish", FACILITATOR_A
    ),
    "revisions.discard": Route(
        "POST", lambda w: f"{_neg(w)}/revisions/{w.preview().id}/discard", FACILITATOR_A
    ),
    "revisions.source": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.zero.id}/source", SIGNED_IN
    ),
    "revisions.compare": Route("GET", lambda w: _neg(w) + "/compare", SIGNED_IN),
    "revisions.history": Route(
        "GET", lambda w: f"{_neg(w)}/paragraphs/{_paragraph_id(w)}/history", SIGNED_IN
    ),
    "revisions.correct_pairing": Route(
        "POST",
        lambda w: f"{_neg(w)}/paragraphs/{_paragraph_id(w)}/pairing",
        FACILITATOR_A,
        lambda w: {"continues": ""},
    ),
    "exports.clean": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.zero.id}/export.docx", SIGNED_IN
    ),
    "exports.print_page": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.zero.id}/print", SIGNED_IN
    ),
    "exports.comparison": Route(
        "GET",
        lambda w: f"{_neg(w)}/compare/export.docx?old={w.zero.id}&new={w.rev1.id}",
        SIGNED_IN,
    ),
    "admin.accounts": Route("GET", lambda w: "/admin/accounts", SECRETARIAT),
    "admin.new_account": Route("GET", lambda w: "/admin/accounts/new", SECRETARIAT),
    "admin.set_active": Route(
        "POST",
        lambda w: f"/admin/accounts/{w.cast.delegate_b.id}/active",
        SECRETARIAT,
        lambda w: {"active": "1"},
    ),
    "admin.delegations": Route("GET", lambda w: "/admin/delegations", SIGNED_IN),
}


@pytest.fixture
def world(cast) -> World:
    zero = publish(cast.cofac_a, cast.negotiation_a, "zero-draft-2021-hlm-modalities.txt")
    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        "zero-draft-2021-hlm-modalities.txt",
        data=fixture_bytes("zero-draft-2021-hlm-modalities.txt").replace(
            b"*Invites* Member States", b"*Invites* all Member States"
        ),
    )
    return World(cast=cast, zero=zero, rev1=rev1)


def test_every_route_has_an_expected_permission(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(EXPECTED))
    assert not missing, f"routes with no entry in the permission matrix: {missing}"
    stale = sorted(set(EXPECTED) - endpoints)
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


def _allowed(response) -> bool:
    if response.status_code in (401, 403, 404):
        return False
    to_login = "/login?next=" in response.headers.get("Location", "")
    return not (response.status_code in (302, 303) and to_login)


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_permission_matrix(app, world, endpoint):
    route = EXPECTED[endpoint]
    outcomes = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            sign_in(client, getattr(world.cast, role))
        url = route.url(world)
        if route.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data=route.data(world))
        assert response.status_code < 500, f"{role} {route.method} {url}: {response.status_code}"
        outcomes[role] = _allowed(response)
        response.close()
    expected = {role: role in route.allowed for role in ROLES}
    assert outcomes == expected


def test_preview_is_hidden_from_everyone_but_its_facilitators_and_the_secretariat(app, world):
    preview = world.preview()
    url = f"{_neg(world)}/revisions/{preview.id}"
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            sign_in(client, getattr(world.cast, role))
        visible = client.get(url).status_code == 200
        assert visible == (role in {"cofac_a", "secretariat", "admin"}), role


def test_a_revision_of_another_negotiation_is_not_found(app, world):
    client = sign_in(app.test_client(), world.cast.delegate_a)
    other = f"/negotiations/{world.cast.negotiation_b.id}/revisions/{world.zero.id}"
    assert client.get(other).status_code == 404
    paragraph = (
        f"/negotiations/{world.cast.negotiation_b.id}/paragraphs/{_paragraph_id(world)}/history"
    )
    assert client.get(paragraph).status_code == 404
    assert client.get("/negotiations/99999").status_code == 404
