"""Group speaking rights: a group speaks in a negotiation only through the delegations the
secretariat designates for it there; other members join its statements but cannot make one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import designate, make_user, publish, sign_in
from tracker.extensions import db
from tracker.models import Comment, Delegation
from tracker.services import Conflict, Invalid, NotFound, PermissionDenied, delegations, silence
from tracker.services import comments as comment_service

ZERO = "zero-draft-2021-hlm-modalities.txt"


def group(code: str) -> Delegation:
    return db.session.scalars(select(Delegation).where(Delegation.code == code)).one()


def op(revision, label: str):
    return next(p for p in revision.paragraphs if p.path == label)


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def say_for_g77(user, revision):
    return comment_service.create_comment(
        user,
        revision,
        paragraph=op(revision, "OP1"),
        kind="comment",
        body="On behalf of the Group of 77 and China.",
        on_behalf_of=group("G77").id,
    )


def test_only_the_designated_delegation_makes_a_group_statement(cast, zero):
    designate(cast, "G77", "MEX")
    statement = say_for_g77(cast.delegate_a, zero)
    assert statement.delegation.code == "G77"
    comments_before = db.session.scalar(select(func.count(Comment.id)))
    with pytest.raises(PermissionDenied) as refused:
        say_for_g77(cast.delegate_b, zero)  # Chile belongs to the G-77 but is not designated
    assert refused.value.message == (
        "Chile is not designated to speak for Group of 77 and China in this negotiation: "
        "only Mexico speaks for it. You can join its statements on behalf of Chile; "
        "nothing was recorded."
    )
    assert db.session.scalar(select(func.count(Comment.id))) == comments_before
    # Chile joins the group's statement for itself, but not in the group's name.
    comment_service.join_comment(cast.delegate_b, statement)
    assert [j.delegation.code for j in statement.active_joins] == ["CHL"]
    other = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=op(zero, "OP2"), kind="comment", body="Mexico alone."
    )
    with pytest.raises(PermissionDenied, match="not designated"):
        comment_service.join_comment(cast.delegate_b, other, on_behalf_of=group("G77").id)
    with pytest.raises(PermissionDenied, match="not designated"):
        comment_service.reply_to(cast.delegate_b, statement, "x", on_behalf_of=group("G77").id)


def test_without_a_designation_nobody_speaks_for_the_group(cast, zero):
    with pytest.raises(PermissionDenied, match="has designated no delegation to speak for it"):
        say_for_g77(cast.delegate_a, zero)


def test_alternates_speak_too_and_a_withdrawn_designation_ends_the_right(cast, zero):
    designate(cast, "G77", "MEX")
    delegations.designate_speaker(
        cast.secretariat,
        cast.negotiation_a,
        group_code="G77",
        delegation_code="CHL",
        capacity="alternate",
    )
    say_for_g77(cast.delegate_b, zero)
    delegations.withdraw_speaker(
        cast.secretariat, cast.negotiation_a, group_code="G77", delegation_code="MEX"
    )
    with pytest.raises(PermissionDenied, match="only Chile speaks for it"):
        say_for_g77(cast.delegate_a, zero)


def test_a_designation_holds_in_its_own_negotiation_only(cast, zero):
    designate(cast, "G77", "MEX", cast.negotiation_b)
    with pytest.raises(PermissionDenied, match="not designated"):
        say_for_g77(cast.delegate_a, zero)


def test_breaking_silence_for_a_group_needs_the_designation(cast, zero):
    procedure = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(days=3)
    )
    paragraph_ids = [op(zero, "OP3").id]
    statement = "The Group objects."
    g77 = group("G77").id
    with pytest.raises(PermissionDenied, match="not designated"):
        silence.break_silence(
            cast.delegate_a,
            procedure,
            paragraph_ids=paragraph_ids,
            statement=statement,
            on_behalf_of=g77,
        )
    designate(cast, "G77", "MEX")
    done = silence.break_silence(
        cast.delegate_a,
        procedure,
        paragraph_ids=paragraph_ids,
        statement=statement,
        on_behalf_of=g77,
    )
    assert done.delegation.code == "G77"


def test_only_the_secretariat_designates_and_only_members(cast):
    with pytest.raises(PermissionDenied):
        delegations.designate_speaker(
            cast.cofac_a, cast.negotiation_a, group_code="G77", delegation_code="MEX"
        )
    with pytest.raises(Invalid, match="not a member of European Union"):
        designate(cast, "EU", "MEX")
    with pytest.raises(Invalid, match="no group"):
        designate(cast, "MEX", "MEX")
    designate(cast, "G77", "MEX")
    with pytest.raises(Conflict, match="already speaks"):
        designate(cast, "G77", "MEX")
    with pytest.raises(NotFound):
        delegations.withdraw_speaker(
            cast.secretariat, cast.negotiation_a, group_code="G77", delegation_code="CHL"
        )


def test_the_comment_form_offers_only_the_groups_one_speaks_for(app, cast, zero):
    designate(cast, "G77", "MEX")
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}"
    mexico = sign_in(app.test_client(), cast.delegate_a).get(url).text
    chile = sign_in(app.test_client(), cast.delegate_b).get(url).text
    assert "Group of 77 and China" in mexico
    assert "Group of 77 and China" not in chile


def test_a_refused_group_statement_says_why_in_the_page(app, cast, zero):
    designate(cast, "G77", "MEX")
    client = sign_in(app.test_client(), cast.delegate_b)
    response = client.post(
        f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}/comments",
        data={
            "paragraph_id": str(op(zero, "OP1").id),
            "kind": "comment",
            "body": "For the Group.",
            "on_behalf_of": str(group("G77").id),
        },
    )
    assert response.status_code == 403
    assert "Chile is not designated to speak for Group of 77 and China" in response.text


def test_the_secretariat_designates_from_the_negotiation(app, cast):
    url = f"/negotiations/{cast.negotiation_a.id}/groups"
    client = sign_in(app.test_client(), cast.secretariat)
    response = client.post(url, data={"group": "AFRICAN", "delegation": "nga", "capacity": "chair"})
    assert response.status_code == 302, response.text
    page = sign_in(app.test_client(), cast.delegate_a).get(url).text
    assert "African Group" in page
    assert "Nigeria" in page and "Designate a delegation" not in page
    refused = client.post(url, data={"group": "AFRICAN", "delegation": "MEX", "capacity": "chair"})
    assert refused.status_code == 422 and "not a member" in refused.text
    unchosen = client.post(url, data={"group": "AFRICAN", "delegation": "", "capacity": "chair"})
    assert unchosen.status_code == 400
    assert "Choose the delegation that speaks for the group." in unchosen.text


def test_the_delegation_is_chosen_by_name_from_the_states_in_un_order(app, cast):
    """Not typed as a code the secretariat must know (`CIV`): the States' names, listed as
    the United Nations lists them."""
    url = f"/negotiations/{cast.negotiation_a.id}/groups"
    page = sign_in(app.test_client(), cast.secretariat).get(url).text
    options = re.findall(r'<option value="([A-Z]{3})">([^<]+)</option>', page)
    names = [name.replace("&#39;", "'") for _, name in options]
    assert ("CIV", "Côte d&#39;Ivoire") in options
    assert names.index("Costa Rica") < names.index("Côte d'Ivoire") < names.index("Croatia")
    assert '<option selected value="">Choose a delegation</option>' in page or (
        '<option value="">Choose a delegation</option>' in page
    )


def test_a_group_statement_for_the_co_facilitators_is_seen_by_its_authors_delegation(cast, zero):
    """Made for the G-77 by a Mexican delegate and open to the co-facilitators only: another
    Mexican delegate sees it (on the paragraph's page and counted in the draft view's line), as
    the delegation that wrote it; Chile, a member of the group that did not write it, does
    not."""
    designate(cast, "G77", "MEX")
    statement = comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=op(zero, "OP1"),
        kind="comment",
        body="For the co-facilitators: the Group cannot accept OP1 as drafted.",
        on_behalf_of=group("G77").id,
        visibility="facilitators",
    )
    colleague = make_user("mexico.two@example.org", "delegate", "MEX")
    lineage = op(zero, "OP1").lineage_id

    def seen_by(user) -> tuple[list[int], int]:
        on_page = comment_service.comments_on(user, zero, paragraph=op(zero, "OP1"), page=1)
        shown = [view.comment.id for view in on_page.by_lineage.get(lineage, [])]
        line = comment_service.speakers_by_lineage(user, zero).get(lineage)
        return shown, line.count if line is not None else 0

    assert seen_by(colleague) == ([statement.id], 1)
    assert seen_by(cast.cofac_a) == ([statement.id], 1)
    assert seen_by(cast.delegate_b) == ([], 0)
