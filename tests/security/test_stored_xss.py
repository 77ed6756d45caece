"""Stored cross-site scripting: hostile text in every field a user writes comes back escaped.

Each field carries its own marker so a failure names the field; every page that shows it is
fetched by every kind of user who can see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import select

from tests.conftest import fixture_bytes, make_user, sign_in
from tests.security.inline_code import find_inline_code

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
DRAFT = "zero-draft-2021-hlm-modalities.txt"


def hostile(field: str) -> str:
    """A value naming its field and carrying both payloads."""
    return f"{field} {SCRIPT} {IMAGE}"


@dataclass
class HostileWorld:
    users: dict[str, object]
    urls: list[str]
    #: field -> the escaped form that must appear on at least one page
    escaped: dict[str, str]


@pytest.fixture
def renamed_delegation(app):
    """Mexico's delegation under a hostile name, restored afterwards (it is reference data)."""
    from tracker.extensions import db
    from tracker.models import Delegation

    mexico = db.session.scalar(select(Delegation).where(Delegation.code == "MEX"))
    original = mexico.name
    mexico.name = hostile("delegation-name")
    db.session.commit()
    yield mexico
    mexico.name = original
    db.session.commit()


@pytest.fixture
def hostile_world(app, renamed_delegation) -> HostileWorld:
    from tracker.services.negotiations import create_negotiation
    from tracker.services.revisions import publish_revision, upload_revision

    secretariat = make_user("sec@example.org", "secretariat", name=hostile("secretariat-name"))
    cofac = make_user("cofac@example.org", "facilitator", name=hostile("cofac-name"))
    delegate = make_user("mex@example.org", "delegate", "MEX", name=hostile("delegate-name"))
    negotiation = create_negotiation(
        secretariat,
        title=hostile("negotiation-title"),
        mandate=hostile("negotiation-mandate"),
        facilitator_emails=[cofac.email],
    )
    text = fixture_bytes(DRAFT)
    zero = publish_revision(
        cofac,
        upload_revision(cofac, negotiation, filename=DRAFT, data=text, label=hostile("label")),
    )
    edited = text.replace(
        b"*Invites* Member States",
        f"*Invites* {SCRIPT} {IMAGE} Member States".encode(),
    )
    rev1 = publish_revision(
        cofac,
        upload_revision(cofac, negotiation, filename=f"{SCRIPT}.txt", data=edited, label="Rev.1"),
    )
    preview = upload_revision(
        cofac,
        negotiation,
        filename="rev2.txt",
        data=edited.replace(b"*Decides* ", f"*Decides* {SCRIPT} ".encode(), 1),
    )
    changed = next(p for p in rev1.paragraphs if SCRIPT in p.text)
    consultation = _hostile_consultation(cofac, delegate, negotiation, rev1)
    base = f"/negotiations/{negotiation.id}"
    urls = [
        "/",
        base,
        f"{base}/edit",
        f"{base}/audit",
        f"{base}/revisions/{zero.id}",
        f"{base}/revisions/{rev1.id}",
        f"{base}/revisions/{preview.id}",
        f"{base}/compare",
        f"{base}/compare?mode=side",
        f"{base}/compare?mode=side&changed=1",
        f"{base}/paragraphs/{changed.id}/history",
        "/admin/accounts",
        "/admin/delegations",
        "/account/password",
        f"{base}/rounds/{consultation['round'].id}",
        f"{base}/rounds/{consultation['round'].id}/compilation",
        f"{base}/revisions/{rev1.id}/comments",
        f"{base}/paragraphs/{consultation['paragraph'].id}/comments",
        f"{base}/comments/{consultation['amendment'].id}",
        f"{base}/comments/{consultation['question'].id}",
        f"{base}/positions",
        f"{base}/dashboard",
        "/notifications",
    ]
    escaped = {
        field: str(escape(hostile(field)))
        for field in [
            "secretariat-name",
            "cofac-name",
            "delegate-name",
            "delegation-name",
            "negotiation-title",
            "negotiation-mandate",
            "label",
            "round-title",
            "round-venue",
            "comment-body",
            "proposed-text",
            "reply",
            "triage-reply",
        ]
    }
    escaped["uploaded text"] = str(escape(SCRIPT))
    escaped["uploaded filename"] = str(escape(f"{SCRIPT}.txt"))
    users = {"secretariat": secretariat, "cofac": cofac, "delegate": delegate}
    return HostileWorld(users=users, urls=urls, escaped=escaped)


def _hostile_consultation(cofac, delegate, negotiation, revision) -> dict[str, Any]:
    """A round, an amendment, a question, a reply and a triage, each carrying its own marker."""
    from datetime import UTC, datetime, timedelta

    from tracker.services import comments, rounds, triage

    now = datetime.now(UTC)
    round_ = rounds.create_round(
        cofac,
        negotiation,
        title=hostile("round-title"),
        revision=revision,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
        comment_deadline=now + timedelta(days=1),
        venue=hostile("round-venue"),
    )
    paragraph = next(p for p in revision.paragraphs if p.label == "OP3")
    amendment = comments.create_comment(
        delegate,
        revision,
        paragraph=paragraph,
        kind="amend",
        body=hostile("comment-body"),
        proposed_text=paragraph.text + " " + hostile("proposed-text"),
    )
    question = comments.create_comment(
        delegate, revision, paragraph=paragraph, kind="question", body="When?"
    )
    comments.reply_to(cofac, question, hostile("reply"))
    triage.triage_comment(
        cofac, amendment, status="noted", reply=hostile("triage-reply"), version=amendment.version
    )
    return {"round": round_, "paragraph": paragraph, "amendment": amendment, "question": question}


def test_every_user_written_field_is_escaped_on_every_page(app, hostile_world):
    seen: set[str] = set()
    pages = 0
    for role, user in hostile_world.users.items():
        client = sign_in(app.test_client(), user)
        for url in hostile_world.urls:
            response = client.get(url)
            assert response.status_code < 500, f"{role} GET {url}"
            if response.status_code != 200:
                continue
            html = response.get_data(as_text=True)
            pages += 1
            assert SCRIPT not in html, f"{role} GET {url}: raw <script> in the page"
            assert IMAGE not in html, f"{role} GET {url}: raw <img onerror> in the page"
            assert not find_inline_code(html), f"{role} GET {url}: {find_inline_code(html)}"
            seen |= {field for field, text in hostile_world.escaped.items() if text in html}
    assert pages >= 25
    assert seen == set(hostile_world.escaped), f"never shown: {set(hostile_world.escaped) - seen}"
