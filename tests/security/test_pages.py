"""Every page, for every kind of signed-in user, satisfies the strict Content-Security-Policy.

The pages come from the permission matrix, so a new route is scanned as soon as it has an entry
there.
"""

from __future__ import annotations

import pytest

from tests.conftest import sign_in
from tests.security.inline_code import find_inline_code
from tests.views.test_permissions import (
    EXPECTED,
    World,
    world_ids,  # noqa: F401 (the fixture it is built on)
)
from tests.views.test_permissions import world as matrix_world  # noqa: F401 (a fixture, by this name)
from tracker import CONTENT_SECURITY_POLICY

ROLES = ["secretariat", "cofac_a", "delegate_a"]


def _pages_for(role: str, world: World) -> list[str]:
    urls = [
        route.url(world)
        for route in EXPECTED.values()
        if route.method == "GET" and role in route.allowed
    ]
    negotiation = f"/negotiations/{world.cast.negotiation_a.id}"
    urls += [
        f"{negotiation}/compare?mode=side&changed=1",
        f"{negotiation}/compare?old={world.zero.id}&new={world.rev1.id}&mode=inline",
        f"{negotiation}/revisions/{world.rev1.id}",
        "/negotiations/999999",  # the error page
    ]
    if role == "cofac_a":
        urls.append(f"{negotiation}/revisions/{world.preview().id}")
    return urls


def _assert_headers(response, url: str) -> None:
    assert response.headers.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY, url
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "style-src 'self'" in CONTENT_SECURITY_POLICY
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("X-Frame-Options") == "DENY", url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.usefixtures("world_ids")  # built once, before the test's savepoint
def test_pages_have_no_inline_script_or_style(app, request, role):
    world: World = request.getfixturevalue("matrix_world")
    client = sign_in(app.test_client(), getattr(world.cast, role))
    scanned = 0
    for url in _pages_for(role, world):
        response = client.get(url)
        assert response.status_code < 500, url
        _assert_headers(response, url)
        is_page = response.mimetype == "text/html"
        html = response.get_data(as_text=True) if is_page else ""
        response.close()  # static files are streamed from an open file
        if not is_page:
            continue
        problems = find_inline_code(html)
        assert not problems, f"{role} GET {url}: {problems}"
        scanned += 1
    assert scanned >= 10


def test_sign_in_and_error_pages_satisfy_the_policy_too(app):
    client = app.test_client()
    for url, status in [("/login", 200), ("/no-such-page", 404)]:
        response = client.get(url)
        assert response.status_code == status
        _assert_headers(response, url)
        assert not find_inline_code(response.get_data(as_text=True)), url


def test_the_scanner_finds_what_the_policy_blocks():
    page = (
        '<p style="color:red">x</p><script>alert(1)</script><script src="/static/a.js"></script>'
        '<img src=x onerror="alert(1)"><a href="javascript:alert(1)">y</a><style>p{}</style>'
    )
    problems = find_inline_code(page)
    assert len(problems) == 5
    assert not find_inline_code('<script src="/static/app.js"></script><p class="x">ok</p>')
