"""What's new since the last visit, as a delegate sees it: a line on the negotiation page, and a
page that lists what other delegations wrote by paragraph, in a number of queries that does not
grow with the negotiation. Only the negotiation page and that page record a visit."""

from __future__ import annotations

from datetime import timedelta

from lxml import html

from tests.conftest import count, make_user, publish, sign_in
from tests.services import test_whats_new as shared
from tests.services.test_consultations import ZERO, rev1_with_new_op3, top
from tests.services.test_whats_new import comment
from tests.views.test_query_counts import counted_queries
from tracker.extensions import db
from tracker.models import NegotiationVisit
from tracker.services import comments as comment_service
from tracker.services import triage
from tracker.views import when

# The clock the service's tests move, and their zero draft.
clock = shared.clock
zero = shared.zero


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(html.fromstring(response.get_data(as_text=True)).text_content().split())


def neg(cast) -> str:
    return f"/negotiations/{cast.negotiation_a.id}"


def test_the_negotiation_page_sums_up_what_is_new_since_the_last_visit(app, cast, zero, clock):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    assert "This is your first visit to this negotiation" in text_of(mexico.get(neg(cast)))
    ended = clock.now
    comment(cast.delegate_b, zero, "OP1", ended + timedelta(hours=2))
    comment(cast.delegate_b, zero, "OP2", ended + timedelta(hours=3), kind="question")
    comment(
        cast.delegate_b,
        zero,
        "OP5",
        ended + timedelta(hours=3),
        body="Only for the co-facilitators.",
        visibility="facilitators",
    )
    comment(cast.delegate_a, zero, "OP3", ended + timedelta(hours=3))  # Mexico's own
    clock.advance(hours=16)
    page = text_of(mexico.get(neg(cast)))
    assert (
        f"Since your last visit ({when(ended)}): 2 comments and proposals on 2 paragraphs. "
        "See what's new"
    ) in page
    links = html.fromstring(mexico.get(neg(cast)).get_data(as_text=True)).xpath("//a/@href")
    assert f"{neg(cast)}/new" in links
    # Within the same sitting the page still counts from the same moment.
    clock.advance(minutes=30)
    assert f"Since your last visit ({when(ended)}): 2 comments" in text_of(mexico.get(neg(cast)))
    # The co-facilitator, on a first visit, is told so.
    cofac = sign_in(app.test_client(), cast.cofac_a)
    assert "This is your first visit" in text_of(cofac.get(neg(cast)))


def test_the_page_of_what_is_new_lists_it_by_paragraph(app, cast, zero, clock):
    colleague = make_user("mexico2@example.org", "delegate", "MEX")
    ours = comment(cast.delegate_a, zero, "OP4", clock.now - timedelta(days=1))
    mexico = sign_in(app.test_client(), cast.delegate_a)
    # Its first noted visit counts from its comment, made before visits were noted.
    first = text_of(mexico.get(f"{neg(cast)}/new"))
    assert f"Nothing new since your last visit ({when(ours.created_at)})" in first
    ended = clock.now
    later = ended + timedelta(hours=2)
    question = comment(
        cast.delegate_b, zero, "OP2", later, kind="question", body="What does it cost?"
    )
    proposal = comment(
        cast.delegate_b,
        zero,
        "OP1",
        later,
        kind="amend",
        body="Clearer dates.",
        proposed_text=top(zero, "OP1").text + " and reports",
    )
    private = comment(
        cast.delegate_b, zero, "OP3", later, body="Chile's red line.", visibility="facilitators"
    )
    comment(colleague, zero, "OP5", later, body="Mexico's second thought.")
    comment_service.reply_to(cast.delegate_b, ours, "Chile can support this.")
    comment_service.reply_to(cast.cofac_a, ours, "We will look at it.")
    triage.triage_comment(
        cast.cofac_a, ours, status="noted", reply="For Rev.1.", version=ours.version
    )
    # Chile's proposal was answered before Mexico came back: the list says how.
    triage.triage_comment(cast.cofac_a, proposal, status="not_retained", version=proposal.version)
    clock.advance(hours=18)
    response = mexico.get(f"{neg(cast)}/new")
    page = text_of(response)
    assert (
        f"Since your last visit ({when(ended)}): 2 comments and proposals on 2 paragraphs" in page
    )
    assert "2 replies to your delegation" in page
    assert "1 triage decision on your delegation's comments" in page
    # By paragraph, in the order of the text, each with its delegation, kind and excerpt.
    assert page.index("OP1") < page.index("Proposal to amend") < page.index("OP2 · 1 new")
    assert "Chile · Question · " in page and "What does it cost?" in page
    assert "Clearer dates." in page
    assert "Proposal to amend Not retained ·" in page
    assert "Chile replied to your comment on Zero draft OP4" in page
    assert "Chile can support this." in page
    assert "cofac.a (co-facilitator) replied to your comment on Zero draft OP4" in page
    assert "Your comment on Zero draft OP4: Noted" in page
    links = html.fromstring(response.get_data(as_text=True)).xpath("//a/@href")
    for shown in (question, proposal):
        assert f"{neg(cast)}/comments/{shown.id}" in links
    assert f"{neg(cast)}/paragraphs/{top(zero, 'OP1').id}/comments" in links
    # Neither Chile's comment for the co-facilitators nor Mexico's own.
    assert "red line" not in page and "second thought" not in page
    assert f"{neg(cast)}/comments/{private.id}" not in links
    # The co-facilitator, back the next morning, finds Chile's private comment too.
    cofac = sign_in(app.test_client(), cast.cofac_a)
    cofac.get(neg(cast))
    stored = db.session.get(NegotiationVisit, (cast.cofac_a.id, cast.negotiation_a.id))
    stored.previous_visit_at = ended
    db.session.commit()
    assert "Chile's red line." in text_of(cofac.get(f"{neg(cast)}/new"))


def test_edits_and_joins_are_on_the_negotiation_page_and_the_page_of_what_is_new(
    app, cast, zero, clock
):
    france = make_user("france@example.org", "delegate", "FRA")
    ours = comment(cast.delegate_a, zero, "OP4", clock.now - timedelta(days=1))
    chiles = comment(cast.delegate_b, zero, "OP2", clock.now - timedelta(days=1))
    mexico = sign_in(app.test_client(), cast.delegate_a)
    mexico.get(neg(cast))
    comment_service.join_comment(cast.delegate_b, ours)
    comment_service.join_comment(france, ours)
    comment_service.edit_comment(cast.delegate_b, chiles, body="Reworded.", version=chiles.version)
    clock.advance(hours=18)
    summary = text_of(mexico.get(neg(cast)))
    assert (
        "2 delegations joined your delegation's comments, 1 comment or proposal edited." in summary
    )
    response = mexico.get(f"{neg(cast)}/new")
    page = text_of(response)
    assert "Edits and joins" in page
    assert "Chile and France joined your delegation's comment on OP4" in page
    assert "Chile edited its comment on OP2" in page
    links = html.fromstring(response.get_data(as_text=True)).xpath("//a/@href")
    assert f"{neg(cast)}/comments/{ours.id}" in links
    assert f"{neg(cast)}/comments/{chiles.id}" in links


def test_the_draft_view_and_other_pages_record_no_visit(app, cast, zero, clock):
    mexico = sign_in(app.test_client(), cast.delegate_a)
    for path in (f"/revisions/{zero.id}", "/positions", "/audit", "/exports"):
        mexico.get(neg(cast) + path)
    assert count(NegotiationVisit) == 0
    mexico.get(f"{neg(cast)}/new")
    assert count(NegotiationVisit, user_id=cast.delegate_a.id) == 1


def test_the_pages_issue_as_many_queries_for_a_busy_negotiation_as_for_a_quiet_one(
    app, cast, zero, clock
):
    from tracker.models import Comment, Revision, User

    ours_id = comment(cast.delegate_a, zero, "OP1", clock.now - timedelta(days=1)).id
    ids = (zero.id, cast.delegate_a.id, cast.delegate_b.id, cast.cofac_a.id)
    chilean = db.session.get(User, cast.delegate_b.id)
    edited = [
        comment(
            chilean,
            zero,
            f"OP{1 + number % 10}",
            clock.now - timedelta(days=1),
            body=f"Point {number}",
        ).id
        for number in range(60)
    ]
    joiners = [
        make_user(f"{code.lower()}@example.org", "delegate", code).id
        for code in ("FRA", "NGA", "NOR", "PER", "BRA")
    ]
    mexico = sign_in(app.test_client(), cast.delegate_a)
    mexico.get(neg(cast))
    ended = clock.now

    def more_news(comments: int, replies: int, status: str, joining: list[int]) -> None:
        revision = db.session.get(Revision, ids[0])
        mexican, chilean, cofac = (db.session.get(User, i) for i in ids[1:])
        ours = db.session.get(Comment, ours_id)
        paragraphs = [p for p in revision.paragraphs if p.parent_id is None]
        for number in range(comments):
            made = comment_service.create_comment(
                chilean,
                revision,
                paragraph=paragraphs[number % len(paragraphs)],
                kind="comment",
                body=f"Remark {number} of {comments}",
            )
            made.created_at = ended + timedelta(minutes=number + 1)
        for number in range(replies):
            comment_service.reply_to(chilean, ours, f"Reply {number} of {replies}")
        # Chile's comments made before the visit, edited since, and joins on them and on
        # Mexico's.
        for made in edited[:comments]:
            made = db.session.get(Comment, made)
            comment_service.edit_comment(
                chilean, made, body=made.body + " (edited)", version=made.version
            )
        for joiner_id in joining:
            joiner = db.session.get(User, joiner_id)
            comment_service.join_comment(joiner, ours)
            for made in edited[:comments]:
                comment_service.join_comment(joiner, db.session.get(Comment, made))
        db.session.commit()
        triage.triage_comment(cofac, ours, status=status, version=ours.version)
        assert mexican.delegation.code == "MEX"

    counts: dict[str, list[int]] = {"show": [], "new": []}
    # A new visit two hours on, then more news within it.
    rounds = ((2, 1, "noted", 2, joiners[:1]), (60, 12, "not_retained", 0.5, joiners[1:]))
    for comments, replies, status, hours, joining in rounds:
        more_news(comments, replies, status, joining)
        clock.advance(hours=hours)
        for page, path in (("show", neg(cast)), ("new", f"{neg(cast)}/new")):
            db.session.expunge_all()
            with counted_queries() as statements:
                response = mexico.get(path)
            assert response.status_code == 200
            counts[page].append(len(statements))
    page = text_of(mexico.get(neg(cast)))
    assert "62 comments and proposals" in page and "13 replies" in page
    assert "5 delegations joined your delegation's comments" in page
    assert "60 comments and proposals edited, 60 comments and proposals joined by" in page
    grown = {page: found for page, found in counts.items() if found[1] > found[0]}
    assert not grown, f"queries grew with the negotiation: {grown}"


def test_the_page_of_what_is_new_compares_the_last_text_seen_with_the_latest(
    app, cast, zero, clock
):
    # Mexico last looked when the zero draft was the latest; Rev.1 and Rev.2 came out since.
    # What changed for Mexico is the zero draft against Rev.2, not Rev.1 against Rev.2.
    mexico = sign_in(app.test_client(), cast.delegate_a)
    mexico.get(neg(cast))
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev1_with_new_op3())
    rev2_text = rev1_with_new_op3(("will be webcast,", "will be webcast live,"))
    rev2 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev2_text)
    clock.advance(hours=20)
    response = mexico.get(f"{neg(cast)}/new")
    assert "Compare Rev.2 with Zero draft, the last text before your visit" in text_of(response)
    links = html.fromstring(response.get_data(as_text=True)).xpath("//a/@href")
    assert f"{neg(cast)}/compare?old={zero.id}&new={rev2.id}" in links
