"""Pages for positions, the dashboard, notifications, feeds and the silence procedure: reachable
from the negotiation page, correct status codes, and nothing half-stored on bad input."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree, html
from sqlalchemy import select

from tests.conftest import count, fixture_bytes, one, publish, sign_in
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Delegation,
    Negotiation,
    Notification,
    OutboxLetter,
    OutboxMessage,
    SilenceBreak,
    SilenceProcedure,
    User,
)
from tracker.moments import NEW_YORK
from tracker.services import comments as comment_service
from tracker.services import notifications, silence, triage
from tracker.services.revisions import upload_revision
from tracker.text.days import written_day

ZERO = "zero-draft-2021-hlm-modalities.txt"
ATOM = "{http://www.w3.org/2005/Atom}"


def top(revision, label: str):
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, ZERO)


def client_for(app, user):
    return sign_in(app.test_client(), user)


def page(response):
    return html.fromstring(response.get_data(as_text=True))


def neg(cast) -> str:
    return f"/negotiations/{cast.negotiation_a.id}"


def test_the_negotiation_page_links_to_every_overview(app, cast, zero):
    response = client_for(app, cast.delegate_a).get(neg(cast))
    links = page(response).xpath("//nav[@aria-label='Negotiation overview']//a/@href")
    assert f"{neg(cast)}/positions" in links
    assert f"{neg(cast)}/dashboard" in links
    cofac_links = page(client_for(app, cast.cofac_a).get(neg(cast))).xpath("//a/@href")
    assert f"{neg(cast)}/silence/new" in cofac_links
    assert f"{neg(cast)}/silence/new" not in page(response).xpath("//a/@href")


def test_positions_page_has_headers_a_legend_and_text_not_only_colour(app, cast, zero):
    comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=top(zero, "OP1"),
        kind="amend",
        proposed_text=top(zero, "OP1").text + " promptly",
    )
    comment_service.create_comment(
        cast.delegate_b,
        zero,
        paragraph=top(zero, "OP2"),
        kind="reservation",
        body="Reserve.",
        visibility="facilitators",
    )
    response = client_for(app, cast.delegate_a).get(f"{neg(cast)}/positions")
    assert response.status_code == 200
    tree = page(response)
    table = tree.xpath("//table[contains(@class, 'positions')]")[0]
    assert table.xpath(".//thead//th[@scope='col']//abbr/@title") == ["Mexico"]
    assert len(table.xpath(".//tbody/tr")) == len(zero.paragraphs)
    assert table.xpath(".//tbody/tr/th[@scope='row']")
    spoken = table.xpath(".//tbody/tr/td//span[@class='visually-hidden']/text()")
    assert spoken.count("Mexico: Proposed change") == 1
    assert spoken.count("Mexico: no comment") == len(zero.paragraphs) - 1
    marks = table.xpath(".//tbody/tr/td//span[@aria-hidden='true']/text()")
    assert "C" in marks and "R" not in marks  # Chile's facilitator-only reservation
    legend = " ".join(tree.xpath("//ul[contains(@class, 'legend-list')]")[0].text_content().split())
    assert "C Proposed change (1)" in legend and "No comment" in legend
    assert tree.xpath("//div[@class='matrix-scroll' and @role='region']")
    filtered = client_for(app, cast.delegate_a).get(f"{neg(cast)}/positions?group=EU")
    assert filtered.status_code == 200 and "Members of European Union" in filtered.text
    assert (
        client_for(app, cast.delegate_a).get(f"{neg(cast)}/positions?group=XX").status_code == 404
    )


def test_positions_page_shows_triaged_proposals_as_settled_and_can_hide_them(app, cast, zero):
    op1 = top(zero, "OP1")
    proposal = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=op1, kind="amend", proposed_text=op1.text + " promptly"
    )
    comment_service.join_comment(cast.delegate_b, proposal)
    comment_service.create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP2"), kind="reservation", body="Reserve."
    )
    triage.triage_comment(cast.cofac_a, proposal, status="not_retained", version=proposal.version)
    client = client_for(app, cast.cofac_a)

    tree = page(client.get(f"{neg(cast)}/positions"))
    table = tree.xpath("//table[contains(@class, 'positions')]")[0]
    spoken = table.xpath(".//tbody/tr/td//span[@class='visually-hidden']/text()")
    assert "Mexico: Settled: Proposed change: not retained" in spoken
    assert "Chile: Settled: Proposed change: not retained" in spoken
    assert "Mexico: Proposed change" not in spoken
    assert len(table.xpath(".//td[@class='settled']//span[contains(@class, 'pos-settled')]")) == 2
    legend = " ".join(tree.xpath("//ul[contains(@class, 'legend-list')]")[0].text_content().split())
    assert "C Proposed change (0)" in legend and "S Supports it as it stands (0)" in legend
    assert "D Wants it deleted (0)" in legend
    assert "R Reservation (1)" in legend and "not retained or noted (2)" in legend

    hidden = page(client.get(f"{neg(cast)}/positions?settled=hide"))
    assert hidden.xpath("//input[@name='settled' and @value='hide']/@checked")
    spoken = hidden.xpath("//table//td//span[@class='visually-hidden']/text()")
    assert "Chile: Reservation" in spoken
    assert not [text for text in spoken if "Settled" in text]
    assert not hidden.xpath("//span[contains(@class, 'pos-settled')][ancestor::td]")


def test_the_positions_table_downloads_as_shown_with_the_pages_choices(app, cast, zero):
    comment_service.create_comment(
        cast.delegate_b, zero, paragraph=top(zero, "OP2"), kind="reservation", body="Reserve."
    )
    client = client_for(app, cast.cofac_a)
    link = page(client.get(f"{neg(cast)}/positions?settled=hide")).xpath(
        "//a[contains(., 'Download this table')]/@href"
    )
    assert link == [f"{neg(cast)}/positions/export.xlsx?settled=hide"]
    exports_page = page(client.get(f"{neg(cast)}/exports"))
    assert f"{neg(cast)}/positions/export.xlsx" in exports_page.xpath(
        "//section[@aria-labelledby='positions-heading']//a/@href"
    )

    response = client.get(link[0])
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert re.search(
        r"positions-zero-draft-\d{4}-\d\d-\d\d\.xlsx", response.headers["Content-Disposition"]
    )
    assert response.headers["Cache-Control"] == "no-store"
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.data))["Positions"]
    assert [c.value for c in sheet[1]][2:] == ["Chile"]
    assert sheet["A2"].hyperlink.target.startswith("http://localhost/negotiations/")
    assert one(AuditEvent, action="export.positions").user_id == cast.cofac_a.id

    assert client.get(f"{neg(cast)}/positions/export.xlsx?group=XX").status_code == 404
    empty = client_for(app, cast.delegate_a).get(
        f"/negotiations/{cast.negotiation_b.id}/positions/export.xlsx"
    )
    assert empty.status_code == 404
    assert "No text has been circulated" in empty.get_data(as_text=True)


def test_dashboard_draws_charts_as_inline_svg_with_tables(app, cast, zero):
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP1"), "agreed_ad_ref")
    comment_service.create_comment(
        cast.delegate_a, zero, paragraph=top(zero, "OP1"), kind="question", body="When?"
    )
    response = client_for(app, cast.delegate_b).get(f"{neg(cast)}/dashboard")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<script" not in text and "style=" not in text
    tree = page(response)
    svgs = tree.xpath("//figure[@class='chart']//svg")
    assert len(svgs) == 3
    for svg in svgs:
        assert svg.get("role") == "img" and svg.xpath("./title")
        assert svg.xpath(".//pattern")  # textures, so the bars read in black and white
    first_table = tree.xpath("//figure[@class='chart']//details//table")[0]
    rows = [[c.text_content() for c in tr.xpath("./*")] for tr in first_table.xpath(".//tbody/tr")]
    total = len(zero.paragraphs)
    assert rows == [["Zero draft", "1", str(total - 1), "0", str(total)]]


def test_the_header_counts_unread_notifications_and_the_page_marks_them(app, cast):
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    client = client_for(app, cast.delegate_a)
    header = page(client.get("/")).xpath("//a[@class='bell']")[0]
    assert " ".join(header.text_content().split()).endswith("Notifications 1 unread")
    listing = client.get("/notifications")
    assert "Zero draft of “Negotiation A” was published." in listing.text
    [note] = notifications.notifications_for(cast.delegate_a)
    response = client.post(f"/notifications/{note.id}/read")
    assert response.status_code == 302
    db.session.refresh(note)
    assert note.read_at is not None
    header = page(client.get("/")).xpath("//a[@class='bell']")[0]
    assert "unread" not in header.text_content()
    other = client_for(app, cast.delegate_b)
    [theirs] = notifications.notifications_for(cast.delegate_b)
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert other.post("/notifications/read-all").status_code == 302
    assert notifications.unread_count(cast.delegate_b) == 0


def test_a_notification_names_its_negotiation_and_opening_it_marks_it_read(app, cast):
    # A co-facilitator of two processes, each with its "Zero draft", tells their notices apart
    # by the negotiation; following one is reading it, as opening a message is.
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    client = client_for(app, cast.delegate_a)
    [note] = notifications.notifications_for(cast.delegate_a)
    entry = page(client.get("/notifications")).xpath("//ul[@class='notification-list']/li")[0]
    assert "Negotiation A · " in entry.xpath(".//span[@class='meta']")[0].text_content()
    [link] = entry.xpath(".//a/@href")
    response = client.get(link)
    assert response.status_code == 302 and response.location == note.link
    db.session.refresh(note)
    assert note.read_at is not None
    [theirs] = notifications.notifications_for(cast.delegate_b)
    assert client.get(f"/notifications/{theirs.id}").status_code == 404
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_the_header_counts_unread_notifications_up_to_a_hundred(app, cast):
    """A co-facilitator hears of every comment: past 99 unread the header says "99+", and
    counting stops there, whatever has piled up."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    recipients = select(User.id).where(User.id == cast.cofac_a.id)
    for number in range(150):
        notifications.notify_users(
            recipients, cast.negotiation_a, "comment_posted", f"Comment {number}.", "/"
        )
    db.session.commit()
    assert notifications.unread_count(cast.cofac_a) == notifications.UNREAD_COUNTED
    client = client_for(app, cast.cofac_a)
    header = page(client.get("/")).xpath("//a[@class='bell']")[0]
    assert " ".join(header.text_content().split()).endswith("Notifications 99+ unread")
    assert notifications.mark_all_read(cast.cofac_a) >= 150
    comment_service.create_comment(
        cast.delegate_a, zero, paragraph=zero.paragraphs[0], kind="comment", body="One more."
    )
    header = page(client.get("/")).xpath("//a[@class='bell']")[0]
    assert " ".join(header.text_content().split()).endswith("Notifications 1 unread")


def test_marking_read_needs_a_csrf_token(app, cast):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        publish(cast.cofac_a, cast.negotiation_a, ZERO)
        client = client_for(app, cast.delegate_a)
        assert client.post("/notifications/read-all").status_code == 400
        assert notifications.unread_count(cast.delegate_a) == 1
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_feed_works_with_the_personal_token_only(app, cast, zero):
    token = notifications.feed_token(cast.delegate_b)
    listing = client_for(app, cast.delegate_b).get("/notifications")
    assert f"token={token}" in listing.text
    anonymous = app.test_client()
    response = anonymous.get(f"{neg(cast)}/feed.atom?token={token}")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = etree.fromstring(response.data)
    assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == [
        "Zero draft published"
    ]
    assert token not in response.get_data(as_text=True)
    assert anonymous.get(f"{neg(cast)}/feed.atom").status_code == 404
    assert anonymous.get(f"{neg(cast)}/feed.atom?token=forged").status_code == 404
    assert anonymous.get(f"/negotiations/99999/feed.atom?token={token}").status_code == 404
    notifications.reset_feed_token(cast.delegate_b)
    assert anonymous.get(f"{neg(cast)}/feed.atom?token={token}").status_code == 404


def deadline_form(hours: int) -> dict[str, str]:
    local = (datetime.now(UTC) + timedelta(hours=hours)).astimezone(NEW_YORK)
    return {"deadline_day": f"{local:%Y-%m-%d}", "deadline_time": f"{local:%H:%M}"}


def test_silence_from_start_to_broken_through_the_pages(app, cast, zero):
    cofac = client_for(app, cast.cofac_a)
    # The form names the one text it can put under silence (it offered every published
    # text, then refused all but the latest).
    form = page(cofac.get(f"{neg(cast)}/silence/new"))
    assert form.xpath("//select[@name='revision_id']") == []
    assert form.xpath("//input[@name='revision_id']/@value") == [str(zero.id)]
    assert "Text under silence: Zero draft, the latest published text." in [
        p.text_content() for p in form.xpath("//main//form//p")
    ]
    bad = cofac.post(f"{neg(cast)}/silence/new", data={"revision_id": str(zero.id)})
    assert bad.status_code == 422 and "Deadline: give both a date and a time" in bad.text
    past = cofac.post(
        f"{neg(cast)}/silence/new", data={"revision_id": str(zero.id), **deadline_form(-2)}
    )
    assert past.status_code == 422 and "already passed" in past.text
    assert count(SilenceProcedure) == 0
    started = cofac.post(
        f"{neg(cast)}/silence/new", data={"revision_id": str(zero.id), **deadline_form(72)}
    )
    assert started.status_code == 302
    again = cofac.post(
        f"{neg(cast)}/silence/new", data={"revision_id": str(zero.id), **deadline_form(24)}
    )
    assert again.status_code == 409 and "already under silence" in again.text
    procedure = one(SilenceProcedure)
    banner = page(client_for(app, cast.delegate_a).get(neg(cast))).xpath(
        "//div[@class='silence-banner']"
    )[0]
    assert re.search(r"Zero draft is under silence until .* New York time", banner.text_content())

    delegate = client_for(app, cast.delegate_a)
    url = f"{neg(cast)}/silence/{procedure.id}"
    form = page(delegate.get(url)).xpath("//form[contains(@action, '/break')]")
    assert form and form[0].xpath(".//input[@type='checkbox']")
    nothing = delegate.post(url + "/break", data={"statement": "No."})
    assert nothing.status_code == 422 and "choose at least one" in nothing.text
    op1 = top(zero, "OP1")
    eu = one(Delegation, code="EU")
    forged = delegate.post(
        url + "/break",
        data={"statement": "No.", "paragraph_ids": str(op1.id), "on_behalf_of": str(eu.id)},
    )
    assert forged.status_code == 403
    other = publish(cast.cofac_b, cast.negotiation_b, ZERO)
    elsewhere = delegate.post(
        url + "/break", data={"statement": "No.", "paragraph_ids": str(other.paragraphs[0].id)}
    )
    assert elsewhere.status_code == 404
    assert count(SilenceBreak) == 0
    statement = {"statement": "We object.", "paragraph_ids": [str(op1.id)]}
    asked = delegate.post(url + "/break", data=statement)
    assert asked.status_code == 200 and "Yes, break silence" in asked.text
    assert count(SilenceBreak) == 0
    done = delegate.post(url + "/break", data=statement | {"confirmed": "yes"})
    assert done.status_code == 302
    shown = delegate.get(url).text
    assert "Mexico broke silence on OP1" in shown and "We object." in shown
    # Sent again (the back button, a second tab): refused, listed once, no one told twice.
    told = count(Notification) + count(OutboxMessage) + count(OutboxLetter)
    repeated = delegate.post(url + "/break", data=statement | {"confirmed": "yes"})
    assert repeated.status_code == 409
    assert (
        "Mexico already broke silence on OP1 with this statement, on " in repeated.text
        and "it was not recorded again, and no one was told twice." in repeated.text
    )
    assert count(SilenceBreak) == 1
    assert repeated.text.count("We object.") == 1
    assert count(Notification) + count(OutboxMessage) + count(OutboxLetter) == told
    # Asked first, the confirmation step already says so.
    assert delegate.post(url + "/break", data=statement).status_code == 409

    assert delegate.post(url + "/outcome", data={"outcome": "broken"}).status_code == 403
    recorded = cofac.post(url + "/outcome", data={"outcome": "broken", "note": "Back to talks."})
    assert recorded.status_code == 302
    assert db.session.get(SilenceProcedure, procedure.id).outcome == "broken"
    assert not page(delegate.get(neg(cast))).xpath("//div[@class='silence-banner']")


def test_silence_cannot_be_broken_after_the_deadline(app, cast, zero):
    procedure = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(hours=1)
    )
    procedure.deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    delegate = client_for(app, cast.delegate_a)
    url = f"{neg(cast)}/silence/{procedure.id}"
    assert not page(delegate.get(url)).xpath("//form[contains(@action, '/break')]")
    late = delegate.post(
        url + "/break", data={"statement": "Late.", "paragraph_ids": str(zero.paragraphs[0].id)}
    )
    assert late.status_code == 422 and "can no longer be broken" in late.text
    assert count(SilenceBreak) == 0
    early = client_for(app, cast.cofac_a).post(url + "/outcome", data={"outcome": "sideways"})
    assert early.status_code == 422 and "not an outcome" in early.text


def test_the_cofacilitator_extends_silence_and_a_new_text_withdraws_it_through_the_pages(
    app, cast, zero
):
    procedure = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(hours=24)
    )
    url = f"{neg(cast)}/silence/{procedure.id}"
    delegate, cofac = client_for(app, cast.delegate_a), client_for(app, cast.cofac_a)
    assert not page(delegate.get(url)).xpath("//form[contains(@action, '/extend')]")
    extension = page(cofac.get(url)).xpath("//form[contains(@action, '/extend')]")[0]
    shown = procedure.deadline.astimezone(NEW_YORK)
    assert extension.xpath(".//input[@name='deadline_day']/@value") == [f"{shown:%Y-%m-%d}"]
    assert page(cofac.get(url)).xpath("//input[@name='outcome'][@value='withdrawn']")
    earlier = cofac.post(url + "/extend", data=deadline_form(12))
    assert earlier.status_code == 422 and "must be later than the present one" in earlier.text
    malformed = cofac.post(url + "/extend", data={"deadline_day": "soon", "deadline_time": "6"})
    assert malformed.status_code == 422 and "New deadline: “soon 6” is not a date" in malformed.text
    assert delegate.post(url + "/extend", data=deadline_form(96)).status_code == 403
    assert db.session.get(SilenceProcedure, procedure.id).deadline == procedure.deadline
    extended = cofac.post(url + "/extend", data=deadline_form(96), follow_redirects=True)
    assert "Silence on Zero draft is extended; every delegation is told." in extended.text
    banner = page(delegate.get(url)).xpath("//div[@class='silence-banner']")[0].text_content()
    new_day = datetime.fromisoformat(deadline_form(96)["deadline_day"])
    assert f"under silence until {written_day(new_day)}" in banner

    # The review of a new text says it withdraws the one under silence; publishing does.
    revised = fixture_bytes(ZERO).replace(b"*Invites* Member States", b"*Invites* all States")
    preview_id = upload_revision(cast.cofac_a, cast.negotiation_a, filename=ZERO, data=revised).id
    review = cofac.get(f"{neg(cast)}/revisions/{preview_id}/review").text
    assert "Publishing Rev.1 withdraws Zero draft from silence" in review
    cofac.post(
        f"{neg(cast)}/revisions/{preview_id}/publish",
        data={"confirmed": "yes", "reviewed_against": str(zero.id)},
    )
    closed = page(delegate.get(url)).xpath("//div[@class='silence-banner']")[0].text_content()
    assert "Withdrawn from silence" in closed and "Rev.1 was circulated." in closed


def test_the_text_under_silence_says_a_comment_does_not_break_it(app, cast, zero):
    delegate = client_for(app, cast.delegate_a)
    paragraph_url = f"{neg(cast)}/paragraphs/{top(zero, 'OP1').id}/comments"
    text_url = f"{neg(cast)}/revisions/{zero.id}"
    notice = "//p[@class='silence-banner'][contains(., 'A comment or proposal does not break it')]"
    assert not page(delegate.get(paragraph_url)).xpath(notice)
    procedure = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(hours=24)
    )
    for url in (paragraph_url, text_url):
        shown = page(delegate.get(url))
        assert shown.xpath(notice), url
        assert shown.xpath(notice + f"/a[@href='{neg(cast)}']")
    silence.record_outcome(cast.cofac_a, procedure, outcome="withdrawn")
    assert not page(delegate.get(paragraph_url)).xpath(notice)
    assert not page(delegate.get(text_url)).xpath(notice)


def test_once_silence_passed_the_pages_say_the_text_is_agreed(app, cast, zero):
    procedure = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(hours=1)
    )
    procedure.deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    silence.record_outcome(cast.cofac_a, procedure, outcome="passed")
    delegate = client_for(app, cast.delegate_a)
    banner = page(delegate.get(neg(cast))).xpath("//div[@class='silence-banner']")
    assert "Silence passed on Zero draft: the text is agreed" in banner[0].text_content()
    paragraph = page(delegate.get(f"{neg(cast)}/paragraphs/{top(zero, 'OP1').id}/comments"))
    assert paragraph.xpath("//p[@class='silence-banner'][contains(., 'does not reopen the text')]")


def test_a_delegation_lifts_its_objection_through_the_page_once_confirmed(app, cast, zero):
    procedure = silence.start_silence(
        cast.cofac_a, cast.negotiation_a, zero, datetime.now(UTC) + timedelta(hours=24)
    )
    objection = silence.break_silence(
        cast.delegate_b, procedure, paragraph_ids=[top(zero, "OP1").id], statement="No."
    )
    url = f"{neg(cast)}/silence/{procedure.id}"
    lift_url = f"{url}/breaks/{objection.id}/lift"
    chile, mexico = client_for(app, cast.delegate_b), client_for(app, cast.delegate_a)
    lift_form = f"//form[@action='{lift_url}']"
    assert page(chile.get(url)).xpath(lift_form)
    assert not page(mexico.get(url)).xpath(lift_form)
    assert mexico.post(lift_url, data={"lift_note": "Not ours."}).status_code == 403
    asked = chile.post(lift_url, data={"lift_note": "Resolved bilaterally."})
    assert asked.status_code == 200 and "Yes, lift the objection" in asked.text
    assert db.session.get(SilenceBreak, objection.id).lifted_at is None
    done = chile.post(lift_url, data={"lift_note": "Resolved bilaterally.", "confirmed": "yes"})
    assert done.status_code == 302
    shown = page(chile.get(url))
    assert shown.xpath("//h3[contains(., 'Chile broke silence')]/span[.='objection lifted']")
    assert "Resolved bilaterally." in shown.text_content()
    assert not shown.xpath(lift_form)
    again = chile.post(lift_url, data={"confirmed": "yes"})
    assert again.status_code == 409 and "already lifted this objection" in again.text


def test_a_co_facilitator_is_told_who_sets_up_a_negotiation(app, cast):
    # The list offered a co-facilitator no button and no word on how a new process begins.
    listing = client_for(app, cast.cofac_a).get("/").text
    assert "New negotiation" not in listing
    assert "The secretariat sets up each negotiation" in listing
    secretariat = client_for(app, cast.secretariat).get("/").text
    assert "New negotiation" in secretariat and "The secretariat sets up" not in secretariat
    assert "The secretariat sets up" not in client_for(app, cast.delegate_a).get("/").text


def test_a_negotiations_co_facilitators_may_be_listed_as_people_write_lists(app, cast):
    # `amina@…, lars@…` was refused: "There is no account for co-facilitator amina@…,".
    secretariat = client_for(app, cast.secretariat)
    response = secretariat.post(
        "/negotiations/new",
        data={
            "title": "Revitalization of the work of the General Assembly",
            "mandate": "",
            "facilitators": f"{cast.cofac_a.email}, {cast.cofac_b.email};",
        },
    )
    assert response.status_code == 302, response.text
    created = db.session.scalars(
        select(Negotiation).where(Negotiation.title.startswith("Revitalization"))
    ).one()
    assert {u.email for u in created.facilitators} == {cast.cofac_a.email, cast.cofac_b.email}
