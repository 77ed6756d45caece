"""The permission matrix: every route of the app, for every kind of user.

The table below names, for each endpoint, who may use it. The test walks the app's whole route
table, so a new route without an entry here fails until someone decides who may use it.

The world the routes are tried on is built once for the module; each test's changes are rolled
back (see the `rolled_back` fixture).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import pytest

from tests.conftest import (
    STARTER_LIBRARY,
    Cast,
    build_cast,
    fixture_bytes,
    library_text_id,
    publish,
    sign_in,
)

ROLES = ["anonymous", "delegate_a", "delegate_b", "cofac_b", "cofac_a", "secretariat", "admin"]
SIGNED_IN = set(ROLES) - {"anonymous"}
EVERYONE = set(ROLES)
SECRETARIAT = {"secretariat", "admin"}
FACILITATOR_A = {"cofac_a"}
OVERSEERS_A = FACILITATOR_A | SECRETARIAT


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


def _round(world: World) -> Any:
    """A consultation round on Rev.1, made once per world."""
    if "round" not in world.extra:
        from datetime import UTC, datetime, timedelta

        from tracker.services.rounds import create_round

        now = datetime.now(UTC)
        world.extra["round"] = create_round(
            world.cast.cofac_a,
            world.cast.negotiation_a,
            title="First informal consultations",
            revision=world.rev1,
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=3),
            comment_deadline=now + timedelta(days=2),
        )
    return world.extra["round"]


def _made_once(world: World, key: str, **comment: Any) -> Any:
    """Mexico's comment on Rev.1's first paragraph, made once per world under that key."""
    if key not in world.extra:
        from tracker.services.comments import create_comment

        world.extra[key] = create_comment(
            world.cast.delegate_a, world.rev1, paragraph=world.rev1.paragraphs[0], **comment
        )
    return world.extra[key]


def _comment(world: World) -> Any:
    return _made_once(world, "comment", kind="comment", body="Please shorten.")


def _proposal(world: World) -> Any:
    return _made_once(
        world, "proposal", kind="amend", proposed_text="Decides to convene a meeting in 2026."
    )


def _library_text(world: World) -> str:
    """A text of the starter library, imported once per world."""
    if "library_text" not in world.extra:
        from tracker.services.library import import_file

        path = STARTER_LIBRARY / "A_RES_80_20.md"
        import_file(None, path.name, path.read_bytes())
        world.extra["library_text"] = library_text_id("A/RES/80/20")
    return f"/library/texts/{world.extra['library_text']}"


def _rounds(world: World) -> str:
    return f"{_neg(world)}/rounds/{_round(world).id}"


def _comments(world: World) -> str:
    return f"{_neg(world)}/comments/{_comment(world).id}"


def _notification(world: World) -> Any:
    """The notification delegate_a received when Rev.1 was published."""
    from tracker.services.notifications import notifications_for

    return notifications_for(world.cast.delegate_a)[0]


def _feed(world: World) -> str:
    """Negotiation A's feed with delegate_a's token: the token, not the session, grants access."""
    from tracker.services.notifications import feed_token

    return f"{_neg(world)}/feed.atom?token={feed_token(world.cast.delegate_a)}"


def _silence(world: World) -> str:
    """Rev.1 under silence for three days, started once per world."""
    if "silence" not in world.extra:
        from datetime import UTC, datetime, timedelta

        from tracker.services.silence import start_silence

        world.extra["silence"] = start_silence(
            world.cast.cofac_a,
            world.cast.negotiation_a,
            world.rev1,
            datetime.now(UTC) + timedelta(days=3),
        )
    return f"{_neg(world)}/silence/{world.extra['silence'].id}"


def _silence_break(world: World) -> str:
    """Mexico's statement breaking the silence above, made once per world."""
    if "silence_break" not in world.extra:
        from tracker.services.silence import break_silence

        _silence(world)
        world.extra["silence_break"] = break_silence(
            world.cast.delegate_a,
            world.extra["silence"],
            paragraph_ids=[_paragraph_id(world)],
            statement="We object.",
        )
    return f"{_silence(world)}/breaks/{world.extra['silence_break'].id}"


def _invited(world: World) -> Any:
    """Someone invited by the secretariat who has not chosen a password yet."""
    if "invited" not in world.extra:
        from tracker.services.invitations import invite

        world.extra["invited"] = invite(
            world.cast.secretariat,
            email="invited@example.org",
            name="Invited Person",
            role="delegate",
            delegation_code="PER",
        )
    return world.extra["invited"]


def _invitation(world: World) -> str:
    from tracker.services.invitations import _token

    return f"/invitation/{_token(_invited(world), 'invitation')}"


def _reset(world: World) -> str:
    from tracker.services.invitations import _token

    return f"/password-reset/{_token(world.cast.delegate_b, 'reset')}"


def _unsubscribe(world: World) -> str:
    from tracker.services.mail import unsubscribe_url

    return unsubscribe_url(world.cast.delegate_a.id, "digest").split("://", 1)[1].split("/", 1)[1]


def _outbox_message(world: World) -> int:
    """A copy of the circulation letter of Rev.1, as the mail worker writes it."""
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import OutboxMessage
    from tracker.services.mail import write_letters

    write_letters()
    return db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id).limit(1))


def _designated(world: World) -> str:
    """Mexico designated for the G-77 again before each attempt to withdraw it."""
    from tracker.extensions import db
    from tracker.models import Delegation, GroupSpeaker

    negotiation = world.cast.negotiation_a
    g77 = db.session.query(Delegation).filter_by(code="G77").one()
    mexico = world.cast.delegate_a.delegation
    if db.session.get(GroupSpeaker, (negotiation.id, g77.id, mexico.id)) is None:
        db.session.add(
            GroupSpeaker(
                negotiation=negotiation,
                group=g77,
                delegation=mexico,
                designated_by_id=world.cast.secretariat.id,
            )
        )
        db.session.commit()
    return _neg(world) + "/groups/withdraw"


DELEGATES = {"delegate_a", "delegate_b"}
ADMIN = {"admin"}


def _meeting(world: World) -> Any:
    """The meeting of the round, started once per world."""
    if "meeting" not in world.extra:
        from tracker.services.meeting import start_meeting

        world.extra["meeting"] = start_meeting(world.cast.cofac_a, _round(world))
    return world.extra["meeting"]


def _meetings(world: World) -> str:
    return f"{_neg(world)}/meetings/{_meeting(world).id}"


def _first_paragraph(world: World) -> dict[str, str]:
    """The key and version of the working text's first paragraph, as the forms send them."""
    from tracker.services.meeting import working_view

    first = working_view(_meeting(world))[0]
    return {"key": first.key, "version": str(first.version)}


def _meeting_address(path: str) -> Callable[[World], str]:
    """The address of one of the meeting's actions."""
    return lambda w: f"{_meetings(w)}/{path}"


def _meeting_post(path: str, **fields: str) -> Route:
    """A change to the meeting's first paragraph: the co-facilitators and the secretariat."""
    return Route(
        "POST",
        lambda w: f"{_meetings(w)}/{path}",
        OVERSEERS_A,
        lambda w: {**_first_paragraph(w), **fields},
    )


EXPECTED: dict[str, Route] = {
    "static": Route("GET", lambda w: "/static/app.css", EVERYONE),
    "auth.login": Route("GET", lambda w: "/login", EVERYONE),
    "auth.logout": Route("POST", lambda w: "/logout", EVERYONE),
    "auth.password": Route("GET", lambda w: "/account/password", SIGNED_IN),
    "negotiations.index": Route("GET", lambda w: "/", SIGNED_IN),
    "negotiations.index_by_its_name": Route("GET", lambda w: "/negotiations", SIGNED_IN),
    "negotiations.new": Route("GET", lambda w: "/negotiations/new", SECRETARIAT),
    "negotiations.show": Route("GET", _neg, SIGNED_IN),
    "negotiations.since_last_visit": Route("GET", lambda w: _neg(w) + "/new", SIGNED_IN),
    "negotiations.audit": Route("GET", lambda w: _neg(w) + "/audit", FACILITATOR_A | SECRETARIAT),
    "health.healthz": Route("GET", lambda w: "/healthz", EVERYONE),
    "negotiations.edit": Route("GET", lambda w: _neg(w) + "/edit", FACILITATOR_A | SECRETARIAT),
    "revisions.upload": Route(
        "GET", lambda w: _neg(w) + "/revisions/new", FACILITATOR_A | SECRETARIAT
    ),
    "revisions.show": Route("GET", lambda w: f"{_neg(w)}/revisions/{w.zero.id}", SIGNED_IN),
    "revisions.publish": Route(
        "POST",
        lambda w: f"{_neg(w)}/revisions/{w.preview().id}/publish",
        FACILITATOR_A | SECRETARIAT,
        lambda w: {"confirmed": "yes", "reviewed_against": str(w.rev1.id)},
    ),
    "revisions.discard": Route(
        "POST",
        lambda w: f"{_neg(w)}/revisions/{w.preview().id}/discard",
        FACILITATOR_A | SECRETARIAT,
    ),
    "revisions.choose_text": Route(
        "POST",
        lambda w: f"{_neg(w)}/revisions/{w.preview().id}/texts/0",
        FACILITATOR_A | SECRETARIAT,
    ),
    "publishing.review": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.preview().id}/review", FACILITATOR_A | SECRETARIAT
    ),
    "publishing.correct_preview_pairing": Route(
        "POST",
        lambda w: f"{_neg(w)}/revisions/{w.preview().id}/preview-pairing",
        FACILITATOR_A | SECRETARIAT,
        lambda w: {"new_label": "OP1", "continues": "OP2", "reviewed_against": str(w.rev1.id)},
    ),
    "brackets.prepare": Route(
        "POST", lambda w: f"{_neg(w)}/revisions/prepare", FACILITATOR_A | SECRETARIAT
    ),
    "brackets.bracket": Route(
        "POST",
        lambda w: f"{_neg(w)}/revisions/{w.preview().id}/bracket",
        FACILITATOR_A | SECRETARIAT,
        lambda w: {"bracket-path": "OP1", "bracket-phrase": "Decides", "bracket-holder": ""},
    ),
    "brackets.alternative": Route(
        "POST",
        lambda w: f"{_neg(w)}/revisions/{w.preview().id}/alternative",
        FACILITATOR_A | SECRETARIAT,
        lambda w: {"alternative-path": "OP1", "alternative-wording": "Decides otherwise;"},
    ),
    "publishing.withdraw": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.rev1.id}/withdraw", FACILITATOR_A | SECRETARIAT
    ),
    "revisions.source": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.zero.id}/source", SIGNED_IN
    ),
    "revisions.compare": Route("GET", lambda w: _neg(w) + "/compare", SIGNED_IN),
    "live.stream": Route("GET", lambda w: _neg(w) + "/events", SIGNED_IN),
    "revisions.history": Route(
        "GET", lambda w: f"{_neg(w)}/paragraphs/{_paragraph_id(w)}/history", SIGNED_IN
    ),
    "revisions.correct_pairing": Route(
        "POST",
        lambda w: f"{_neg(w)}/paragraphs/{_paragraph_id(w)}/pairing",
        FACILITATOR_A | SECRETARIAT,
        lambda w: {"continues": ""},
    ),
    "exports.clean": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.zero.id}/export.docx", SIGNED_IN
    ),
    "exports.print_page": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.zero.id}/print", SIGNED_IN
    ),
    "exports.index": Route("GET", lambda w: _neg(w) + "/exports", SIGNED_IN),
    "exports.comments": Route("GET", lambda w: _neg(w) + "/comments/export.xlsx", SIGNED_IN),
    "exports.positions_table": Route(
        "GET", lambda w: _neg(w) + "/positions/export.xlsx", SIGNED_IN
    ),
    "exports.archive": Route("GET", lambda w: _neg(w) + "/archive.json", SECRETARIAT),
    "exports.comparison": Route(
        "GET",
        lambda w: f"{_neg(w)}/compare/export.docx?old={w.zero.id}&new={w.rev1.id}",
        SIGNED_IN,
    ),
    "consultations.new_round": Route("GET", lambda w: _neg(w) + "/rounds/new", FACILITATOR_A),
    "consultations.edit_round": Route("GET", lambda w: _rounds(w) + "/edit", FACILITATOR_A),
    "consultations.show_round": Route("GET", _rounds, SIGNED_IN),
    "consultations.round_calendar": Route("GET", lambda w: _rounds(w) + "/calendar.ics", SIGNED_IN),
    "consultations.show_compilation": Route(
        "GET", lambda w: _rounds(w) + "/compilation", SIGNED_IN
    ),
    "consultations.compilation_docx": Route(
        "GET", lambda w: _rounds(w) + "/compilation.docx", FACILITATOR_A | SECRETARIAT
    ),
    "consultations.revision_comments": Route(
        "GET", lambda w: f"{_neg(w)}/revisions/{w.rev1.id}/comments", SIGNED_IN
    ),
    "consultations.paragraph_comments": Route(
        "GET", lambda w: f"{_neg(w)}/paragraphs/{_paragraph_id(w)}/comments", SIGNED_IN
    ),
    "consultations.create_comment": Route(
        "POST",
        lambda w: f"{_neg(w)}/revisions/{w.rev1.id}/comments",
        DELEGATES,
        lambda w: {"paragraph_id": str(_paragraph_id(w)), "kind": "comment", "body": "Shorten."},
    ),
    "consultations.show_comment": Route("GET", _comments, SIGNED_IN),
    "consultations.edit_comment": Route(
        "POST", lambda w: _comments(w) + "/edit", {"delegate_a"}, lambda w: {"body": "Edited."}
    ),
    "consultations.withdraw_comment": Route(
        "POST", lambda w: _comments(w) + "/withdraw", {"delegate_a"}
    ),
    # The author delegation may use the route but is told it cannot join its own comment.
    "consultations.join_comment": Route("POST", lambda w: _comments(w) + "/join", DELEGATES),
    "consultations.leave_comment": Route("POST", lambda w: _comments(w) + "/leave", DELEGATES),
    "consultations.reply": Route(
        "POST",
        lambda w: _comments(w) + "/replies",
        DELEGATES | FACILITATOR_A,
        lambda w: {"body": "A reply."},
    ),
    "consultations.triage_comment": Route(
        "POST",
        lambda w: _comments(w) + "/triage",
        FACILITATOR_A | SECRETARIAT,
        lambda w: {"status": "noted", "reply": "", "version": str(_comment(w).version)},
    ),
    "consultations.bulk_triage": Route(
        "POST",
        lambda w: _rounds(w) + "/triage",
        FACILITATOR_A | SECRETARIAT,
        lambda w: {"status": "noted", "comment_ids": []},
    ),
    "consultations.paragraph_status": Route(
        "POST",
        lambda w: f"{_neg(w)}/paragraphs/{_paragraph_id(w)}/status",
        FACILITATOR_A | SECRETARIAT,
        lambda w: {"status": "bracketed"},
    ),
    # Moderation: the co-facilitators and the secretariat (the second to hide is told it is
    # hidden already, 409, still allowed).
    "consultations.hide_comment": Route(
        "POST", lambda w: _comments(w) + "/hidden", OVERSEERS_A, lambda w: {"hidden": "1"}
    ),
    "consultations.moderation_page": Route("GET", lambda w: _neg(w) + "/moderation", OVERSEERS_A),
    "consultations.suspend_writing": Route(
        "POST",
        lambda w: f"{_neg(w)}/moderation/accounts/{w.cast.delegate_b.id}/suspend",
        OVERSEERS_A,
        lambda w: {"reason": "Posting the same proposal hundreds of times."},
    ),
    "consultations.lift_suspension": Route(
        "POST",
        lambda w: f"{_neg(w)}/moderation/accounts/{w.cast.delegate_b.id}/lift",
        OVERSEERS_A,
    ),
    "positions.show": Route("GET", lambda w: _neg(w) + "/positions", SIGNED_IN),
    "dashboard.show": Route("GET", lambda w: _neg(w) + "/dashboard", SIGNED_IN),
    "notifications.index": Route("GET", lambda w: "/notifications", SIGNED_IN),
    "notifications.open_notification": Route(
        "GET", lambda w: f"/notifications/{_notification(w).id}", {"delegate_a"}
    ),
    "notifications.mark_read": Route(
        "POST", lambda w: f"/notifications/{_notification(w).id}/read", {"delegate_a"}
    ),
    "notifications.mark_all_read": Route("POST", lambda w: "/notifications/read-all", SIGNED_IN),
    "notifications.reset_feed_token": Route(
        "POST", lambda w: "/notifications/feed-token", SIGNED_IN
    ),
    "notifications.feed": Route("GET", _feed, EVERYONE),
    "silence.new": Route("GET", lambda w: _neg(w) + "/silence/new", FACILITATOR_A),
    "silence.show": Route("GET", _silence, SIGNED_IN),
    "silence.break_silence": Route(
        "POST",
        lambda w: _silence(w) + "/break",
        DELEGATES,
        lambda w: {"paragraph_ids": str(_paragraph_id(w)), "statement": "We object."},
    ),
    # Before the deadline the co-facilitator is told silence cannot pass yet (422, allowed).
    "silence.outcome": Route(
        "POST", lambda w: _silence(w) + "/outcome", FACILITATOR_A, lambda w: {"outcome": "passed"}
    ),
    # Mexico broke silence: it lifts its objection, or the co-facilitator records it lifted.
    "silence.lift": Route("POST", lambda w: _silence_break(w) + "/lift", {"delegate_a", "cofac_a"}),
    "silence.extend": Route(
        "POST",
        lambda w: _silence(w) + "/extend",
        FACILITATOR_A,
        lambda w: {"deadline_day": "2099-01-01", "deadline_time": "18:00"},
    ),
    "admin.accounts": Route("GET", lambda w: "/admin/accounts", SECRETARIAT),
    "admin.new_account": Route("GET", lambda w: "/admin/accounts/new", SECRETARIAT),
    "admin.set_active": Route(
        "POST",
        lambda w: f"/admin/accounts/{w.cast.delegate_b.id}/active",
        SECRETARIAT,
        lambda w: {"active": "1"},
    ),
    "admin.unlock": Route(
        "POST", lambda w: f"/admin/accounts/{w.cast.delegate_b.id}/unlock", SECRETARIAT
    ),
    "admin.delegations": Route("GET", lambda w: "/admin/delegations", SIGNED_IN),
    "messages.invite": Route("GET", lambda w: "/admin/accounts/invite", SECRETARIAT),
    "messages.import_accounts": Route("GET", lambda w: "/admin/accounts/import", SECRETARIAT),
    "messages.edit_account": Route(
        "GET", lambda w: f"/admin/accounts/{w.cast.delegate_b.id}/edit", SECRETARIAT
    ),
    "messages.resend_invitation": Route(
        "POST", lambda w: f"/admin/accounts/{_invited(w).id}/resend", SECRETARIAT
    ),
    # The signed link is the credential: whoever holds it may use it.
    "messages.accept_invitation": Route("GET", _invitation, EVERYONE),
    "messages.request_reset": Route("GET", lambda w: "/password-reset", EVERYONE),
    "messages.reset_password": Route("GET", _reset, EVERYONE),
    "messages.unsubscribe": Route("GET", lambda w: "/" + _unsubscribe(w), EVERYONE),
    "messages.mail_preference": Route("GET", lambda w: _neg(w) + "/mail", SIGNED_IN),
    "messages.resubscribe": Route("POST", lambda w: "/mail/resubscribe/digest", SIGNED_IN),
    "messages.outbox": Route("GET", lambda w: "/admin/outbox", ADMIN),
    "messages.outbox_message": Route("GET", lambda w: f"/admin/outbox/{_outbox_message(w)}", ADMIN),
    "messages.outbox_html": Route(
        "GET", lambda w: f"/admin/outbox/{_outbox_message(w)}/html", ADMIN
    ),
    "messages.retry_outbox": Route("POST", lambda w: "/admin/outbox/retry", ADMIN),
    "messages.group_speakers": Route("GET", lambda w: _neg(w) + "/groups", SIGNED_IN),
    "messages.withdraw_group_speaker": Route(
        "POST", _designated, SECRETARIAT, lambda w: {"group": "G77", "delegation": "MEX"}
    ),
    # Meetings: everyone signed in follows; the co-facilitators (or the secretariat for them)
    # change the text. The second to start one is told a meeting is open already (409).
    "meetings.start": Route("POST", lambda w: _rounds(w) + "/meetings", OVERSEERS_A),
    "meetings.follow": Route("GET", _meetings, SIGNED_IN),
    "meetings.projector": Route("GET", lambda w: _meetings(w) + "/projector", SIGNED_IN),
    "meetings.chair": Route("GET", lambda w: _meetings(w) + "/chair", OVERSEERS_A),
    "meetings.proposals": Route(
        "GET",
        lambda w: f"{_meetings(w)}/chair/proposals?key={_first_paragraph(w)['key']}",
        OVERSEERS_A,
    ),
    "meetings.record": Route("GET", lambda w: _meetings(w) + "/record", SIGNED_IN),
    "meetings.summary": Route("GET", lambda w: _meetings(w) + "/summary", SIGNED_IN),
    "meetings.focus": _meeting_post("focus"),
    "meetings.edit": _meeting_post("edit", text="Decides to meet in 2027;"),
    "meetings.insert": Route(
        "POST",
        lambda w: _meetings(w) + "/insert",
        OVERSEERS_A,
        lambda w: {"after_key": _first_paragraph(w)["key"], "text": "Recalling also its work,"},
    ),
    "meetings.delete": _meeting_post("delete"),
    "meetings.restore": _meeting_post("restore"),
    "meetings.move": _meeting_post("move", after_key=""),
    "meetings.bracket": _meeting_post("bracket", phrase="the", holder="EU"),
    "meetings.alternative": _meeting_post("alternative", wording="Other words,", holder="G-77"),
    "meetings.status": _meeting_post("status", status="agreed_ad_ref"),
    "meetings.read_in": Route(
        "POST",
        lambda w: _meetings(w) + "/read-in",
        OVERSEERS_A,
        lambda w: {"comment_id": str(_proposal(w).id)},
    ),
    # Without confirmation the page that asks for it (200).
    "meetings.end": Route("POST", lambda w: _meetings(w) + "/end", OVERSEERS_A),
    "meetings.close": Route("POST", lambda w: _meetings(w) + "/close", OVERSEERS_A),
    # Reloaded or reached by going back, the confirmation pages are asked for again.
    "meetings.end_asked": Route("GET", lambda w: _meetings(w) + "/end", OVERSEERS_A),
    "meetings.close_asked": Route("GET", lambda w: _meetings(w) + "/close", OVERSEERS_A),
    # Opened by their address (a reload after signing in, the browser's history), the actions
    # only a form sends lead whoever may see the meeting to its page; nothing is changed.
    "meetings.start_asked": Route("GET", lambda w: _rounds(w) + "/meetings", SIGNED_IN),
    **{
        f"meetings.{endpoint}_asked": Route("GET", _meeting_address(path), SIGNED_IN)
        for endpoint, path in [
            ("focus", "focus"),
            ("edit", "edit"),
            ("insert", "insert"),
            ("delete", "delete"),
            ("restore", "restore"),
            ("move", "move"),
            ("bracket", "bracket"),
            ("alternative", "alternative"),
            ("status", "status"),
            ("read_in", "read-in"),
        ]
    },
    "library.search": Route("GET", lambda w: "/library/?q=outer+space", SIGNED_IN),
    # Every participant reads a negotiation; which comments it finds is each one's own. Tried
    # with every filter: they narrow what is read, never who may read.
    "search.negotiation": Route(
        "GET",
        lambda w: (
            _neg(w)
            + f"/search?q=Decides&delegation={w.cast.delegate_a.delegation_id}"
            + "&paragraph=OP1&kind=proposals"
        ),
        SIGNED_IN,
    ),
    "library.show_text": Route("GET", _library_text, SIGNED_IN),
    "library.import_texts": Route("GET", lambda w: "/library/import", SECRETARIAT),
    # rev1 is a zero draft, no adopted text: who may add texts is refused it with the reason
    # (422), anyone else is denied (403) before the text is looked at.
    "library.add_revision": Route(
        "POST",
        lambda w: f"/library{_neg(w)}/revisions/{w.rev1.id}/add",
        FACILITATOR_A | SECRETARIAT,
    ),
    "library.paragraph_precedents": Route(
        "GET",
        lambda w: f"/library{_neg(w)}/revisions/{w.rev1.id}/precedents?paragraph=PP1",
        SIGNED_IN,
    ),
    "library.proposal_precedents": Route(
        "GET",
        lambda w: f"/library{_neg(w)}/comments/{_proposal(w).id}/precedents",
        SIGNED_IN,
    ),
}


@pytest.fixture(scope="module")
def world_ids(app, rolled_back) -> dict[str, tuple[type, int]]:
    """The world, built once for the module: each object's class and id."""
    with app.app_context():
        return _build_world()


def _build_world() -> dict[str, tuple[type, int]]:
    cast = build_cast()
    zero = publish(cast.cofac_a, cast.negotiation_a, "zero-draft-2021-hlm-modalities.txt")
    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        "zero-draft-2021-hlm-modalities.txt",
        data=fixture_bytes("zero-draft-2021-hlm-modalities.txt").replace(
            b"*Invites* Member States", b"*Invites* all Member States"
        ),
    )
    objects = {f.name: getattr(cast, f.name) for f in fields(Cast)} | {"zero": zero, "rev1": rev1}
    return {name: (type(thing), thing.id) for name, thing in objects.items()}


@pytest.fixture
def world(world_ids) -> World:
    """The module's world, loaded in the test's own session."""
    from tracker.extensions import db

    loaded = {name: db.session.get(model, id_) for name, (model, id_) in world_ids.items()}
    cast = Cast(**{f.name: loaded[f.name] for f in fields(Cast)})
    return World(cast=cast, zero=loaded["zero"], rev1=loaded["rev1"])


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


@pytest.mark.parametrize("attempt", [1, 2])
def test_what_a_test_changes_is_rolled_back_before_the_next(app, world, attempt):
    from sqlalchemy import func, select

    from tracker.extensions import db
    from tracker.models import Comment

    _comment(world)
    assert db.session.scalar(select(func.count(Comment.id))) == 1
