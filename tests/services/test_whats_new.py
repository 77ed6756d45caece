"""What is new since a person's last visit: a visit is a sitting (pages less than an hour apart),
and what other delegations wrote after the previous one ended is new, as far as the person may
see it; their own delegation's comments never are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import designate, make_user, one, publish
from tests.services.test_consultations import ZERO, rev1_with_new_op3, top
from tracker import data_generation
from tracker.extensions import db
from tracker.models import Delegation, NegotiationVisit
from tracker.services import comments as comment_service
from tracker.services import moderation, triage, whats_new


class Clock:
    """The moment `whats_new` takes for now, moved by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = datetime.now(UTC) - timedelta(days=3)
        monkeypatch.setattr(whats_new, "utcnow", lambda: self.now)

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def zero(cast):
    """The zero draft, circulated a week before the clock's first moment."""
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    revision.published_at = datetime.now(UTC) - timedelta(days=10)
    db.session.commit()
    return revision


def comment(user, revision, label: str = "OP1", made_at: datetime | None = None, **fields):
    """A comment by the user on the paragraph, made at that moment (now by default)."""
    fields.setdefault("kind", "comment")
    fields.setdefault("body", f"{user.delegation.name} on {label}.")
    made = comment_service.create_comment(
        user, revision, paragraph=top(revision, label) if label else None, **fields
    )
    if made_at is not None:
        made.created_at = made_at
        db.session.commit()
    return made


def visit(user, negotiation) -> whats_new.Visit:
    return whats_new.record_visit(user, negotiation)


def new_ids(user, negotiation, since_visit) -> set[int]:
    news = whats_new.news(user, negotiation, since_visit)
    return {item.comment.id for group in news.groups for item in group.items}


def test_a_first_visit_shows_nothing_new(cast, zero, clock):
    comment(cast.delegate_b, zero)
    first = visit(cast.delegate_a, cast.negotiation_a)
    assert first.first and first.since is None
    summary = whats_new.summary(cast.delegate_a, cast.negotiation_a, first)
    assert summary.nothing_new and summary.phrases == []
    assert whats_new.news(cast.delegate_a, cast.negotiation_a, first).groups == ()


def test_a_person_active_before_visits_were_remembered_counts_from_their_last_act(
    cast, zero, clock
):
    """Chile commented two days ago, before any visit of theirs was noted: its first noted
    visit is not its first, and what Mexico wrote after Chile's comment is new to it."""
    theirs = comment(cast.delegate_b, zero, "OP1", made_at=clock.now - timedelta(days=2))
    earlier = comment(cast.delegate_a, zero, "OP2", made_at=clock.now - timedelta(days=3))
    later = comment(cast.delegate_a, zero, "OP3", made_at=clock.now - timedelta(days=1))
    first_noted = visit(cast.delegate_b, cast.negotiation_a)
    assert not first_noted.first and first_noted.since == theirs.created_at
    assert new_ids(cast.delegate_b, cast.negotiation_a, first_noted) == {later.id}
    assert earlier.id not in new_ids(cast.delegate_b, cast.negotiation_a, first_noted)
    clock.advance(minutes=30)  # the same visit: the moment counted from stays
    assert visit(cast.delegate_b, cast.negotiation_a).since == theirs.created_at


def test_a_visit_after_the_gap_counts_from_where_the_last_one_ended(cast, zero, clock):
    negotiation = cast.negotiation_a
    start = clock.now
    assert visit(cast.delegate_a, negotiation).since is None
    clock.advance(minutes=40)
    assert visit(cast.delegate_a, negotiation).since is None  # the same, first, visit
    ended = clock.advance(minutes=40)  # 80 minutes after the start, 40 after the last page
    assert visit(cast.delegate_a, negotiation).since is None
    clock.advance(hours=14)  # the next morning
    assert visit(cast.delegate_a, negotiation).since == ended
    clock.advance(minutes=50)
    assert visit(cast.delegate_a, negotiation).since == ended  # within the gap: it stays
    later = clock.advance(minutes=50)
    assert visit(cast.delegate_a, negotiation).since == ended
    clock.advance(hours=1, seconds=1)
    assert visit(cast.delegate_a, negotiation).since == later
    # Each person and negotiation apart.
    assert visit(cast.delegate_b, negotiation).since is None
    assert visit(cast.delegate_a, cast.negotiation_b).since is None
    assert start < ended


def test_pages_a_few_seconds_apart_write_the_visit_once_a_minute(cast, zero, clock):
    negotiation = cast.negotiation_a
    opened = clock.now
    visit(cast.delegate_a, negotiation)
    clock.advance(seconds=20)
    visit(cast.delegate_a, negotiation)
    stored = one(NegotiationVisit, user_id=cast.delegate_a.id, negotiation_id=negotiation.id)
    assert stored.last_seen_at == opened
    seen = clock.advance(seconds=50)
    visit(cast.delegate_a, negotiation)
    db.session.refresh(stored)
    assert stored.last_seen_at == seen and stored.previous_visit_at is None


def test_recording_a_visit_leaves_the_databases_generation_alone(app, cast, zero, clock):
    """No page kept for anyone is made again because someone opened the negotiation page."""
    before = data_generation.current()
    visit(cast.delegate_a, cast.negotiation_a)
    clock.advance(hours=3)
    visit(cast.delegate_a, cast.negotiation_a)
    assert data_generation.current() == before


def test_a_comment_made_after_the_previous_visit_is_new_one_made_before_is_not(cast, zero, clock):
    negotiation = cast.negotiation_a
    visit(cast.delegate_a, negotiation)  # the first visit ends here
    ended = clock.now
    before = comment(cast.delegate_b, zero, "OP1", made_at=ended - timedelta(minutes=5))
    after = comment(cast.delegate_b, zero, "OP2", made_at=ended + timedelta(hours=2))
    proposal = comment(
        cast.delegate_b,
        zero,
        "OP2",
        kind="amend",
        body="",
        proposed_text=top(zero, "OP2").text + " and its follow-up",
        made_at=ended + timedelta(hours=3),
    )
    clock.advance(hours=12)
    again = visit(cast.delegate_a, negotiation)
    assert again.since == ended
    assert new_ids(cast.delegate_a, negotiation, again) == {after.id, proposal.id}
    assert before.id not in new_ids(cast.delegate_a, negotiation, again)
    summary = whats_new.summary(cast.delegate_a, negotiation, again)
    assert (summary.comments, summary.paragraphs) == (2, 1)
    assert summary.phrases == ["2 comments and proposals on 1 paragraph"]
    news = whats_new.news(cast.delegate_a, negotiation, again)
    [group] = news.groups
    assert group.heading == "OP2" and group.paragraph.id == top(zero, "OP2").id
    assert [item.kind for item in group.items] == ["Comment", "Proposal to amend"]
    # A proposal without an explanation is quoted by its wording.
    assert group.items[1].excerpt.endswith("and its follow-up")


def test_own_delegations_comments_are_not_new(cast, zero, clock):
    colleague = make_user("mexico2@example.org", "delegate", "MEX")
    designate(cast, "G77", "MEX")
    g77 = one(Delegation, code="G77")
    visit(cast.delegate_a, cast.negotiation_a)
    clock.advance(hours=2)
    later = clock.now + timedelta(minutes=1)
    mine = comment(cast.delegate_a, zero, made_at=later)
    colleagues = comment(colleague, zero, "OP2", made_at=later)
    for_the_group = comment(colleague, zero, "OP3", on_behalf_of=g77.id, made_at=later)
    chiles = comment(cast.delegate_b, zero, made_at=later)
    again = visit(cast.delegate_a, cast.negotiation_a)
    assert new_ids(cast.delegate_a, cast.negotiation_a, again) == {chiles.id}
    # Chile, back too, finds Mexico's three (the group's statement among them).
    chile_again = whats_new.Visit(since=later - timedelta(minutes=1))
    assert new_ids(cast.delegate_b, cast.negotiation_a, chile_again) == {
        mine.id,
        colleagues.id,
        for_the_group.id,
    }


def test_comments_are_new_only_to_those_who_may_see_them(cast, zero, clock):
    visit(cast.delegate_a, cast.negotiation_a)
    ended = clock.now
    soon = ended + timedelta(minutes=30)
    open_one = comment(cast.delegate_b, zero, "OP1", made_at=soon)
    private = comment(cast.delegate_b, zero, "OP2", visibility="facilitators", made_at=soon)
    hidden = comment(cast.delegate_b, zero, "OP3", made_at=soon)
    moderation.hide_comment(cast.cofac_a, hidden)
    withdrawn = comment(cast.delegate_b, zero, "OP4", made_at=soon)
    comment_service.withdraw_comment(cast.delegate_b, withdrawn)
    since = whats_new.Visit(since=ended)
    assert new_ids(cast.delegate_a, cast.negotiation_a, since) == {open_one.id}
    assert whats_new.summary(cast.delegate_a, cast.negotiation_a, since).comments == 1
    # The co-facilitators see the facilitator-only and the hidden comments; nobody the
    # withdrawn one.
    for overseer in (cast.cofac_a, cast.secretariat):
        assert new_ids(overseer, cast.negotiation_a, since) == {open_one.id, private.id, hidden.id}
    # The co-facilitators of another negotiation are not told of this one's private comments.
    assert new_ids(cast.cofac_b, cast.negotiation_a, since) == {open_one.id}


def test_replies_and_triage_on_own_delegations_comments_are_new(cast, zero, clock):
    colleague = make_user("mexico2@example.org", "delegate", "MEX")
    ours = comment(cast.delegate_a, zero, "OP1")
    visit(cast.delegate_a, cast.negotiation_a)
    ended = clock.now
    theirs = comment(cast.delegate_b, zero, "OP2")
    for reply in (
        comment_service.reply_to(cast.delegate_b, ours, "Chile agrees with Mexico."),
        comment_service.reply_to(colleague, ours, "Mexico adds a point."),  # not new to Mexico
        comment_service.reply_to(cast.cofac_a, ours, "Noted; see Rev.1."),
        comment_service.reply_to(cast.delegate_a, theirs, "Mexico answers Chile."),
    ):
        reply.created_at = ended + timedelta(hours=1)
    db.session.commit()
    triage.triage_comment(
        cast.cofac_a, ours, status="noted", reply="Taken into account.", version=ours.version
    )
    ours.triage_changes[-1].created_at = ended + timedelta(hours=2)
    db.session.commit()
    since = whats_new.Visit(since=ended)
    summary = whats_new.summary(cast.delegate_a, cast.negotiation_a, since)
    assert (summary.replies, summary.triaged) == (2, 1)
    assert summary.phrases == [
        "1 comment or proposal on 1 paragraph",
        "2 replies to your delegation",
        "1 triage decision on your delegation's comments",
    ]
    news = whats_new.news(cast.delegate_a, cast.negotiation_a, since)
    assert [item.excerpt for item in news.replies] == [
        "Chile agrees with Mexico.",
        "Noted; see Rev.1.",
    ]
    assert [item.place for item in news.replies] == ["Zero draft OP1"] * 2
    [decision] = news.triaged
    assert decision.status and decision.excerpt == "Taken into account."
    # Replies and decisions on other delegations' comments are theirs.
    chile = whats_new.summary(cast.delegate_b, cast.negotiation_a, since)
    assert (chile.replies, chile.triaged) == (1, 0)


def test_edits_and_joins_since_the_last_visit_are_new_and_said_plainly(cast, zero, clock):
    """Mexico, back, learns that delegations joined its proposal, that Chile and Peru edited
    comments made before, and that France joined Chile's; what Mexico's delegation did
    itself, joins made before and joins since ended are not news."""
    peru, brazil, france = (
        make_user(f"{code.lower()}@example.org", "delegate", code) for code in ("PER", "BRA", "FRA")
    )
    colleague = make_user("mexico2@example.org", "delegate", "MEX")
    before = clock.now - timedelta(hours=1)
    ours = comment(
        cast.delegate_a,
        zero,
        "OP2",
        kind="amend",
        body="",
        proposed_text=top(zero, "OP2").text + " and its follow-up",
        made_at=before,
    )
    chiles = comment(cast.delegate_b, zero, "OP4", made_at=before)
    question = comment(cast.delegate_b, zero, "OP3", kind="question", body="Why?", made_at=before)
    perus = [comment(peru, zero, "OP4", body=f"Peru {n}.", made_at=before) for n in (1, 2)]
    comment_service.join_comment(brazil, question)
    question.joins[-1].created_at = before  # joined before the visit: not new
    db.session.commit()
    visit(cast.delegate_a, cast.negotiation_a)
    since = whats_new.Visit(since=clock.now)

    for joiner in (peru, brazil, france):
        comment_service.join_comment(joiner, ours)
    comment_service.join_comment(france, chiles)
    comment_service.join_comment(cast.delegate_a, chiles)  # Mexico's own join
    comment_service.join_comment(peru, question)
    comment_service.leave_comment(peru, question)  # joined and left since: nothing to tell
    for author, edited in ((cast.delegate_b, chiles), (peru, perus[0]), (peru, perus[1])):
        comment_service.edit_comment(
            author, edited, body=edited.body + " Edited.", version=edited.version
        )
    comment_service.edit_comment(
        colleague,
        ours,
        body="Mexico explains.",
        proposed_text=ours.proposed_text,
        version=ours.version,
    )

    summary = whats_new.summary(cast.delegate_a, cast.negotiation_a, since)
    assert (summary.comments, summary.edited, summary.joining_own, summary.joined) == (0, 3, 3, 1)
    assert summary.phrases == [
        "3 delegations joined your delegation's comments",
        "3 comments and proposals edited",
        "1 comment or proposal joined by other delegations",
    ]
    news = whats_new.news(cast.delegate_a, cast.negotiation_a, since)
    assert [change.sentence for change in news.changes] == [
        "3 delegations joined your delegation's proposal on OP2 (Peru, Brazil and France)",
        "Chile edited its comment on OP4",
        "Peru edited 2 of its comments and proposals on OP4",
        "France joined Chile's comment on OP4",
    ]
    assert [change.comment.id if change.comment else None for change in news.changes] == [
        ours.id,
        chiles.id,
        None,
        chiles.id,
    ]
    assert news.changes[2].paragraph.id == top(zero, "OP4").id
    # Chile, back too, learns that France and Mexico joined its comment, and of the edits of
    # Peru and Mexico; not of its own.
    chile = whats_new.summary(cast.delegate_b, cast.negotiation_a, since)
    assert (chile.edited, chile.joining_own, chile.joined) == (3, 2, 1)
    chile_news = whats_new.news(cast.delegate_b, cast.negotiation_a, since)
    assert chile_news.changes[0].sentence == (
        "France and Mexico joined your delegation's comment on OP4"
    )
    assert "Mexico edited its proposal on OP2" in [c.sentence for c in chile_news.changes]


def test_a_comment_made_since_is_new_not_edited(cast, zero, clock):
    visit(cast.delegate_a, cast.negotiation_a)
    since = whats_new.Visit(since=clock.now)
    made = comment(cast.delegate_b, zero, "OP1")
    comment_service.edit_comment(cast.delegate_b, made, body="Changed.", version=made.version)
    summary = whats_new.summary(cast.delegate_a, cast.negotiation_a, since)
    assert (summary.comments, summary.edited) == (1, 0)


def test_edits_and_joins_are_news_only_on_comments_one_may_see(cast, zero, clock):
    france = make_user("france@example.org", "delegate", "FRA")
    private = comment(
        cast.delegate_b, zero, "OP1", visibility="facilitators", made_at=clock.now - timedelta(1)
    )
    visit(cast.delegate_a, cast.negotiation_a)
    since = whats_new.Visit(since=clock.now)
    comment_service.edit_comment(cast.delegate_b, private, body="Changed.", version=private.version)
    summary = whats_new.summary(cast.delegate_a, cast.negotiation_a, since)
    assert summary.nothing_new
    assert whats_new.news(cast.delegate_a, cast.negotiation_a, since).changes == ()
    cofac = whats_new.summary(cast.cofac_a, cast.negotiation_a, since)
    assert cofac.edited == 1
    assert whats_new.summary(france, cast.negotiation_a, since).edited == 0


def test_texts_circulated_since_and_comments_under_the_latest_numbering(cast, zero, clock):
    visit(cast.delegate_a, cast.negotiation_a)
    ended = clock.now
    on_op3 = comment(cast.delegate_b, zero, "OP3", made_at=ended + timedelta(hours=1))
    on_the_text = comment(cast.delegate_b, zero, None, made_at=ended + timedelta(hours=1))
    # Rev.1 puts a new OP3 before it: the paragraph commented on is OP4 in Rev.1.
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    clock.advance(hours=20)
    again = visit(cast.delegate_a, cast.negotiation_a)
    summary = whats_new.summary(cast.delegate_a, cast.negotiation_a, again)
    assert [r.label for r in summary.revisions] == ["Rev.1"]
    assert summary.phrases == [
        "2 comments and proposals on 1 paragraph and the text as a whole",
        "Rev.1 published",
    ]
    news = whats_new.news(cast.delegate_a, cast.negotiation_a, again)
    assert news.latest.id == rev1.id
    assert [(g.heading, [i.comment.id for i in g.items]) for g in news.groups] == [
        ("OP4", [on_op3.id]),
        ("The text as a whole", [on_the_text.id]),
    ]


def test_the_list_is_bounded_and_says_how_many_more_there_are(cast, zero, clock, monkeypatch):
    monkeypatch.setattr(whats_new, "LISTED", 3)
    visit(cast.delegate_a, cast.negotiation_a)
    ended = clock.now
    made = [
        comment(cast.delegate_b, zero, f"OP{n}", made_at=ended + timedelta(minutes=n))
        for n in range(1, 6)
    ]
    news = whats_new.news(cast.delegate_a, cast.negotiation_a, whats_new.Visit(since=ended))
    listed = [item.comment.id for group in news.groups for item in group.items]
    assert listed == [c.id for c in made[:3]]  # the oldest first
    assert (news.listed, news.summary.comments, news.more) == (3, 5, 2)


def test_the_edits_listed_are_bounded_and_say_so(cast, zero, clock, monkeypatch):
    made = [
        comment(cast.delegate_b, zero, f"OP{n}", made_at=clock.now - timedelta(hours=1))
        for n in range(1, 4)
    ]
    visit(cast.delegate_a, cast.negotiation_a)
    since = whats_new.Visit(since=clock.now)
    for edited in made:
        comment_service.edit_comment(
            cast.delegate_b, edited, body="Reworded.", version=edited.version
        )
    monkeypatch.setattr(whats_new, "LISTED", 3)
    news = whats_new.news(cast.delegate_a, cast.negotiation_a, since)
    assert len(news.changes) == 3 and not news.changes_cut
    monkeypatch.setattr(whats_new, "LISTED", 2)
    news = whats_new.news(cast.delegate_a, cast.negotiation_a, since)
    assert [change.comment.id for change in news.changes] == [c.id for c in made[:2]]
    assert news.changes_cut and news.summary.edited == 3


def test_the_demos_mexico_finds_what_happened_since_the_evening_of_the_first_meeting(app):
    from tracker.demo import load_demo
    from tracker.models import Negotiation, User

    load_demo()
    mexico = one(User, email="mexico@demo.example")
    negotiation = one(Negotiation)
    back = visit(mexico, negotiation)
    assert back.since is not None
    assert whats_new.summary(mexico, negotiation, back).phrases == [
        "2 comments and proposals on 2 paragraphs",
        "1 triage decision on your delegation's comments",
        "1 delegation joined your delegation's comments",
        "Rev.1 published",
    ]
