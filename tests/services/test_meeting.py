"""The live meeting: co-facilitators edit the working text on screen, never losing an edit to
one another, every change is an event pages follow, and the working text becomes the next
revision with its lineage taken from the edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.conftest import count, make_user, publish, rows, schedule_round
from tracker.extensions import db
from tracker.models import (
    Comment,
    Event,
    Meeting,
    MeetingChange,
    MeetingParagraph,
    ParagraphState,
    Revision,
    RevisionState,
    TriageStatus,
    User,
)
from tracker.services import Conflict, Invalid, NotFound, PermissionDenied, ServiceError
from tracker.services import comments as comment_service
from tracker.services import meeting as meetings
from tracker.services.brackets import unsettled_paragraphs
from tracker.services.meeting_held import open_meeting
from tracker.services.revisions import publish_revision
from tracker.services.triage import paragraph_state
from tracker.text.export_text import write_text

ZERO = """Appraisal of the Global Plan of Action

The General Assembly,

*Recalling* its resolution 64/293 of 30 July 2010,

*Noting* the report of the Secretary-General,

1. *Decides* to convene a high-level meeting on the appraisal of the Global Plan of Action in 2025;

2. *Also decides* that the high-level meeting will be organized as follows:

(a) An opening plenary meeting with statements by the President of the General Assembly;

(b) Two interactive panel discussions on the gaps in the implementation of the Plan;

3. *Requests* the President of the General Assembly to prepare a summary of the meeting;

4. *Invites* Member States to participate at the highest possible level;

5. *Encourages* civil society to contribute to the preparations of the meeting.
"""


@pytest.fixture
def zero(cast):
    return publish(cast.cofac_a, cast.negotiation_a, "zero.txt", data=ZERO.encode())


@pytest.fixture
def first_reading(cast, zero):
    return schedule_round(cast, zero)


@pytest.fixture
def cofac_a2(cast):
    """A second co-facilitator of negotiation A."""
    from tracker.models import NegotiationFacilitator

    second = make_user("cofac.a2@example.org", "facilitator", name="Second Cofac")
    db.session.add(NegotiationFacilitator(negotiation_id=cast.negotiation_a.id, user=second))
    db.session.commit()
    return second


@pytest.fixture
def meeting(cast, first_reading):
    return meetings.start_meeting(cast.cofac_a, first_reading)


def by_label(meeting, label: str) -> meetings.WorkingParagraph:
    return next(p for p in meetings.working_view(meeting) if p.label == label)


def meeting_events(cast) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.negotiation_id == cast.negotiation_a.id, Event.kind.like("meeting.%"))
            .order_by(Event.id)
        )
    )


def test_a_meeting_starts_from_the_latest_published_text(cast, zero, meeting):
    view = meetings.working_view(meeting)
    assert [p.label for p in view] == [
        "PP1", "PP2", "OP1", "OP2", "(a)", "(b)", "OP3", "OP4", "OP5",
    ]  # fmt: skip
    assert meeting.base_revision_id == zero.id
    assert {p.status for p in view} == {"pending"}
    assert all(not p.changed for p in view)
    sub = next(p for p in view if p.label == "(a)")
    assert sub.parent == by_label(meeting, "OP2").key and sub.depth == 1
    assert open_meeting(cast.negotiation_a) == meeting
    assert [e.kind for e in meeting_events(cast)] == ["meeting.start"]


def test_a_second_meeting_of_the_negotiation_is_refused_while_one_is_open(
    cast, first_reading, meeting, cofac_a2
):
    with pytest.raises(Conflict, match="already open: First reading, started by cofac.a"):
        meetings.start_meeting(cofac_a2, first_reading)
    assert count(Meeting) == 1


def test_a_meeting_needs_a_published_text(cast, zero, first_reading):
    zero.state = RevisionState.WITHDRAWN
    db.session.commit()
    with pytest.raises(Invalid, match="Nothing has been published"):
        meetings.start_meeting(cast.cofac_a, first_reading)


def test_edit_shows_as_tracked_changes_and_is_one_event(cast, meeting):
    op3 = by_label(meeting, "OP3")
    new_text = op3.text.replace("a summary", "a concise summary")
    version = meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, new_text, op3.version)
    edited = by_label(meeting, "OP3")
    assert version == edited.version == op3.version + 1
    assert [(op.op.value, op.text) for op in edited.ops if op.op.value != "equal"] == [
        ("insert", "concise ")
    ]
    event = meeting_events(cast)[-1]
    assert event.kind == "meeting.edit"
    [paragraph] = event.payload["paragraphs"]
    assert paragraph["key"] == op3.key and paragraph["version"] == version
    assert ["insert", "concise "] in paragraph["ops"]
    assert event.payload["by"] == cast.cofac_a.name
    change = rows(MeetingChange, kind="edit")[0]
    assert (change.label, change.before, change.after) == ("OP3", op3.text, new_text)


def test_italics_follow_the_words_through_an_edit(cast, meeting):
    op3 = by_label(meeting, "OP3")
    meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, "Further " + op3.text, op3.version)
    row = db.session.scalars(select(MeetingParagraph).where(MeetingParagraph.key == op3.key)).one()
    start, end = row.styling["emphasis"][0]
    assert row.text[start:end] == "Requests"


def italics(meeting, key: str) -> list[str]:
    """The words of the paragraph in italics, as stored for the preview."""
    view = next(p for p in meetings.working_view(meeting) if p.key == key)
    return [view.text[e.start : e.end] for e in view.emphasis]


def test_edited_and_inserted_paragraphs_keep_or_gain_their_italic_opening(cast, zero, meeting):
    op3, op4 = by_label(meeting, "OP3"), by_label(meeting, "OP4")
    # The edit box shows the italics marked; written back marked, they are what the marks say.
    assert op3.marked_text.startswith("*Requests* the President")
    meetings.edit_paragraph(
        cast.cofac_a, meeting, op3.key, "*Also requests* the President to report;", op3.version
    )
    assert by_label(meeting, "OP3").text == "Also requests the President to report;"
    assert italics(meeting, op3.key) == ["Also requests"]
    # Written plain, a new opening verb is italic as the genre prints it.
    meetings.edit_paragraph(
        cast.cofac_a, meeting, op4.key, op4.text.replace("Invites", "Urges"), op4.version
    )
    assert italics(meeting, op4.key) == ["Urges"]
    inserted = meetings.insert_paragraph(cast.cofac_a, meeting, op4.key, "Decides to review it;")
    marked = meetings.insert_paragraph(cast.cofac_a, meeting, inserted, "*Welcomes* the *plan*;")
    assert italics(meeting, inserted) == ["Decides"]
    assert italics(meeting, marked) == ["Welcomes", "plan"]
    assert by_label(meeting, "OP4 ter").text == "Welcomes the plan;"
    # Pages and events show them; the preview keeps them.
    event = meeting_events(cast)[-1]
    assert any(
        op == ["insert", "Welcomes", 1] for p in event.payload["paragraphs"] for op in p["ops"]
    )
    with pytest.raises(Invalid, match="not only the marks"):
        meetings.edit_paragraph(
            cast.cofac_a, meeting, op4.key, "* *", by_label(meeting, "OP4").version
        )
    document = meetings.end_meeting_to_preview(cast.cofac_a, meeting).document
    assert document.find("OP3").italic_text() == "Also requests"
    assert document.find("OP4").italic_text() == "Urges"
    assert document.find("OP4 bis").italic_text() == "Decides"
    assert "*Welcomes* the *plan*;" in write_text(document)


def test_two_cofacilitators_on_one_paragraph_conflict_and_no_edit_is_lost(cast, meeting, cofac_a2):
    op3 = by_label(meeting, "OP3")
    seen = op3.version
    first = op3.text.replace("a summary", "a short summary")
    meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, first, seen)
    with pytest.raises(meetings.MeetingConflict) as raised:
        meetings.edit_paragraph(
            cofac_a2, meeting, op3.key, op3.text.replace("summary", "report"), seen
        )
    assert first in raised.value.message and cast.cofac_a.name in raised.value.message
    assert raised.value.text == first and raised.value.version == seen + 1
    assert by_label(meeting, "OP3").text == first
    # The second writer, shown the current text, applies the change to it.
    meetings.edit_paragraph(
        cofac_a2, meeting, op3.key, first.replace("summary", "report"), raised.value.version
    )
    assert by_label(meeting, "OP3").text == first.replace("summary", "report")
    assert [e.kind for e in meeting_events(cast)] == [
        "meeting.start",
        "meeting.edit",
        "meeting.edit",
    ]


def test_an_agreed_paragraph_whose_words_change_is_pending_again(cast, meeting):
    op4 = by_label(meeting, "OP4")
    version = meetings.set_status(cast.cofac_a, meeting, op4.key, "agreed_ad_ref")
    meetings.edit_paragraph(cast.cofac_a, meeting, op4.key, op4.text + " soon", version)
    assert by_label(meeting, "OP4").status == "pending"
    assert meeting_events(cast)[-1].payload["paragraphs"][0]["status"] == "pending"
    op1 = by_label(meeting, "OP1")
    version = meetings.set_status(cast.cofac_a, meeting, op1.key, "bracketed")
    version = meetings.bracket_phrase(cast.cofac_a, meeting, op1.key, "in 2025", "EU", version)
    assert by_label(meeting, "OP1").status == "bracketed"
    # Words still in brackets are not agreed: the room settles them first.
    with pytest.raises(Invalid, match="OP1 still has words in brackets"):
        meetings.set_status(cast.cofac_a, meeting, op1.key, "agreed_ad_ref", version)
    assert by_label(meeting, "OP1").status == "bracketed"


def test_a_status_change_conflicts_with_an_edit_made_on_the_text_it_saw(cast, meeting, cofac_a2):
    op4 = by_label(meeting, "OP4")
    meetings.edit_paragraph(cofac_a2, meeting, op4.key, op4.text + " soon", op4.version)
    with pytest.raises(meetings.MeetingConflict):
        meetings.set_status(cast.cofac_a, meeting, op4.key, "agreed_ad_ref", op4.version)
    assert by_label(meeting, "OP4").status == "pending"


def test_delegates_follow_but_cannot_change_the_text(cast, meeting):
    op3 = by_label(meeting, "OP3")
    found = meetings.get_meeting(cast.delegate_a, cast.negotiation_a.id, meeting.id)
    assert found == meeting
    for attempt in (
        lambda: meetings.edit_paragraph(cast.delegate_a, meeting, op3.key, "x", op3.version),
        lambda: meetings.focus_paragraph(cast.delegate_a, meeting, op3.key),
        lambda: meetings.set_status(cast.delegate_a, meeting, op3.key, "agreed_ad_ref"),
        lambda: meetings.insert_paragraph(cast.delegate_a, meeting, op3.key, "New text"),
        lambda: meetings.end_meeting_to_preview(cast.delegate_a, meeting),
        lambda: meetings.edit_paragraph(cast.cofac_b, meeting, op3.key, "x", op3.version),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert by_label(meeting, "OP3").text == op3.text
    with pytest.raises(NotFound):
        meetings.get_meeting(cast.delegate_a, cast.negotiation_b.id, meeting.id)


def test_the_secretariat_acting_for_the_cofacilitators_is_recorded_as_such(cast, meeting):
    op1 = by_label(meeting, "OP1")
    meetings.set_status(cast.secretariat, meeting, op1.key, "agreed_ad_ref")
    change = rows(MeetingChange, kind="status")[0]
    assert change.for_facilitators and change.user_id == cast.secretariat.id


def test_hostile_input_is_refused_with_a_message_and_nothing_is_stored(cast, meeting):
    op3 = by_label(meeting, "OP3")
    before = count(MeetingChange), count(Event)
    with pytest.raises(Invalid, match="at most 20,000"):
        meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, "word " * 5000, op3.version)
    with pytest.raises(Invalid, match="Write the text of OP3"):
        meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, " \x00\t ", op3.version)
    with pytest.raises(NotFound, match="no paragraph “p999”"):
        meetings.edit_paragraph(cast.cofac_a, meeting, "p999", "Text", 1)
    with pytest.raises(Invalid, match="which version"):
        meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, "Text", "1; drop")
    with pytest.raises(Invalid, match="not a paragraph status"):
        meetings.set_status(cast.cofac_a, meeting, op3.key, "adopted")
    with pytest.raises(Invalid, match="does not contain"):
        meetings.bracket_phrase(cast.cofac_a, meeting, op3.key, "no such words", "EU", op3.version)
    with pytest.raises(Invalid, match="not a kind of paragraph"):
        meetings.insert_paragraph(cast.cofac_a, meeting, None, "Text", "footnote")
    with pytest.raises(Invalid, match="Who holds the bracket is 201 characters"):
        meetings.bracket_phrase(cast.cofac_a, meeting, op3.key, "summary", "x" * 201, op3.version)
    with pytest.raises(Invalid, match="The alternative wording is 2,001 characters"):
        meetings.add_alternative(cast.cofac_a, meeting, op3.key, "y" * 2001, "", op3.version)
    assert (count(MeetingChange), count(Event)) == before
    assert by_label(meeting, "OP3").version == op3.version
    # Control characters are dropped, not stored (PostgreSQL refuses NUL).
    meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, "Req\x00uests it;", op3.version)
    assert by_label(meeting, "OP3").text == "Requests it;"


def test_nothing_changes_once_the_meeting_has_ended(cast, meeting):
    op3 = by_label(meeting, "OP3")
    version = meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, "Decides;", op3.version)
    preview = meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    assert preview is not None
    with pytest.raises(Conflict, match=f"preview of {preview.label}"):
        meetings.edit_paragraph(cast.cofac_a, meeting, op3.key, "Text", version)
    with pytest.raises(Conflict, match="ended"):
        meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    assert open_meeting(cast.negotiation_a) is None


def test_inserted_paragraphs_are_labelled_as_the_genre_does(cast, meeting):
    op5 = by_label(meeting, "OP5")
    bis = meetings.insert_paragraph(cast.cofac_a, meeting, op5.key, "*Decides* one thing;")
    ter = meetings.insert_paragraph(cast.cofac_a, meeting, bis, "*Decides* another;")
    # Inserted between OP5 and OP5 bis: the suffixes follow the reading order.
    between = meetings.insert_paragraph(cast.cofac_a, meeting, op5.key, "*Notes* first;")
    pp = meetings.insert_paragraph(cast.cofac_a, meeting, by_label(meeting, "PP1").key, "Noting")
    sub = meetings.insert_paragraph(cast.cofac_a, meeting, by_label(meeting, "(a)").key, "A lunch")
    first_op = meetings.insert_paragraph(cast.cofac_a, meeting, None, "Welcomes", "operative")
    labels = {p.key: p.label for p in meetings.working_view(meeting)}
    assert labels[between] == "OP5 bis"
    assert labels[bis] == "OP5 ter"
    assert labels[ter] == "OP5 quater"
    assert labels[pp] == ""
    assert labels[sub] == "(a bis)"
    assert labels[first_op] == "New OP1"
    order = [p.label for p in meetings.working_view(meeting)]
    assert order[:4] == ["PP1", "", "PP2", "New OP1"]
    assert order[-4:] == ["OP5", "OP5 bis", "OP5 ter", "OP5 quater"]
    event = meeting_events(cast)[-1]
    assert event.payload["order"] == [p.key for p in meetings.working_view(meeting)]
    with pytest.raises(Invalid, match="operative paragraph cannot follow PP1"):
        meetings.insert_paragraph(
            cast.cofac_a, meeting, by_label(meeting, "PP1").key, "x", "operative"
        )


def test_labels_follow_the_reading_order_next_to_a_circulated_bis(cast, first_reading, meeting):
    op3 = by_label(meeting, "OP3")
    meetings.insert_paragraph(cast.cofac_a, meeting, op3.key, "*Decides* to review it;")
    publish_revision(cast.cofac_a, meetings.end_meeting_to_preview(cast.cofac_a, meeting))
    # The next meeting starts on Rev.1, which circulated OP3 bis.
    second = meetings.start_meeting(cast.cofac_a, first_reading)
    op3 = by_label(second, "OP3")
    before_bis = meetings.insert_paragraph(cast.cofac_a, second, op3.key, "Notes it;")
    after_bis = meetings.insert_paragraph(
        cast.cofac_a, second, by_label(second, "OP3 bis").key, "Welcomes it;"
    )
    labels = [p.label for p in meetings.working_view(second) if p.kind == "operative"]
    assert labels[2:6] == ["OP3", "New OP3 bis", "OP3 bis", "OP3 ter"]
    # Moved in front of OP3 bis, the paragraph takes the label of its new place.
    moving = next(p for p in meetings.working_view(second) if p.key == after_bis)
    meetings.move_paragraph(cast.cofac_a, second, after_bis, before_bis, moving.version)
    labels = [p.label for p in meetings.working_view(second) if p.kind == "operative"]
    assert labels[2:6] == ["OP3", "New OP3 bis", "New OP3 bis (2)", "OP3 bis"]
    # And sub-paragraphs alike: (a), then one inserted, then (b).
    sub_a = by_label(second, "(a)")
    meetings.insert_paragraph(cast.cofac_a, second, sub_a.key, "A lunch;")
    assert [p.label for p in meetings.working_view(second) if p.kind == "sub"] == [
        "(a)", "(a bis)", "(b)",
    ]  # fmt: skip


def test_delete_restore_and_move(cast, meeting):
    op2 = by_label(meeting, "OP2")
    version = meetings.delete_paragraph(cast.cofac_a, meeting, op2.key, op2.version)
    struck = {p.label: p.deleted for p in meetings.working_view(meeting)}
    assert struck["OP2"] and struck["(a)"] and struck["(b)"]
    event = meeting_events(cast)[-1]
    assert {p["label"] for p in event.payload["paragraphs"]} == {"OP2", "(a)", "(b)"}
    meetings.restore_paragraph(cast.cofac_a, meeting, op2.key, version)
    assert not by_label(meeting, "(a)").deleted

    op5 = by_label(meeting, "OP5")
    meetings.move_paragraph(
        cast.cofac_a, meeting, op5.key, by_label(meeting, "OP1").key, op5.version
    )
    view = meetings.working_view(meeting)
    assert [p.label for p in view if p.kind == "operative"] == ["OP1", "OP5", "OP2", "OP3", "OP4"]
    assert by_label(meeting, "OP5").moved and not by_label(meeting, "OP2").moved
    assert meeting_events(cast)[-1].payload["order"] == [p.key for p in view]
    sub_b = by_label(meeting, "(b)")
    meetings.move_paragraph(cast.cofac_a, meeting, sub_b.key, None, sub_b.version)
    assert [p.label for p in meetings.working_view(meeting) if p.kind == "sub"] == ["(b)", "(a)"]
    turns = meeting.structure_version
    with pytest.raises(Invalid, match="own level"):
        op1 = by_label(meeting, "OP1")
        meetings.move_paragraph(
            cast.cofac_a, meeting, op1.key, by_label(meeting, "(a)").key, op1.version
        )
    with pytest.raises(Invalid, match="already there"):
        op1 = by_label(meeting, "OP1")
        meetings.move_paragraph(cast.cofac_a, meeting, op1.key, None, op1.version)
    db.session.commit()  # a refusal left nothing in the session to store
    db.session.refresh(meeting)
    assert meeting.structure_version == turns


def test_brackets_and_alternatives_name_who_holds_them(cast, meeting):
    op1 = by_label(meeting, "OP1")
    version = meetings.bracket_phrase(cast.cofac_a, meeting, op1.key, "in 2025", "EU", op1.version)
    assert by_label(meeting, "OP1").text.endswith("[in 2025 (EU)];")
    meetings.add_alternative(
        cast.cofac_a, meeting, op1.key, "Decides to convene it", "G77", version
    )
    text = by_label(meeting, "OP1").text
    assert text.startswith("[Alt 1: ") and text.endswith("[Alt 2: Decides to convene it (G77)]")
    assert [c.holder for c in meetings.meeting_record(meeting) if c.holder] == ["EU", "G77"]


def test_a_paragraph_given_brackets_is_bracketed_until_the_cofacilitators_say_otherwise(
    cast, zero, meeting
):
    op1, op3 = by_label(meeting, "OP1"), by_label(meeting, "OP3")
    version = meetings.set_status(cast.cofac_a, meeting, op1.key, "agreed_ad_ref")
    meetings.bracket_phrase(cast.cofac_a, meeting, op1.key, "in 2025", "EU", version)
    assert by_label(meeting, "OP1").status == "bracketed"
    assert meeting_events(cast)[-1].payload["paragraphs"][0]["status"] == "bracketed"
    meetings.add_alternative(cast.cofac_a, meeting, op3.key, "Requests a note", "G77", op3.version)
    assert by_label(meeting, "OP3").status == "bracketed"
    inserted = meetings.insert_paragraph(cast.cofac_a, meeting, op3.key, "Notes [the plan];")
    assert next(p for p in meetings.working_view(meeting) if p.key == inserted).status == (
        "bracketed"
    )
    # Set explicitly afterwards, the co-facilitators' status stands through other edits.
    version = meetings.set_status(cast.cofac_a, meeting, op3.key, "pending")
    op3 = by_label(meeting, "OP3")
    meetings.edit_paragraph(
        cast.cofac_a, meeting, op3.key, op3.text.replace("summary", "report"), version
    )
    assert by_label(meeting, "OP3").status == "pending"
    # Published, the paragraphs bracketed in the room are the ones silence lists as bracketed.
    rev1 = publish_revision(cast.cofac_a, meetings.end_meeting_to_preview(cast.cofac_a, meeting))
    stored = {p.path: p for p in rev1.paragraphs}
    assert paragraph_state(stored["OP1"]) == ParagraphState.BRACKETED
    assert paragraph_state(stored["OP3 bis"]) == ParagraphState.BRACKETED
    unsettled = unsettled_paragraphs(rev1)
    assert {"OP1", "OP3", "OP3 bis"} <= set(unsettled.bracketed)


def test_the_room_starts_from_the_statuses_of_the_text_and_may_reopen_them(cast, zero):
    from tracker.services.triage import set_paragraph_state

    stored = {p.path: p for p in zero.paragraphs}
    for path, state in (("PP1", "agreed_ad_ref"), ("OP4", "agreed_ad_ref"), ("OP5", "bracketed")):
        set_paragraph_state(cast.cofac_a, stored[path], state)
    meeting = meetings.start_meeting(cast.cofac_a, schedule_round(cast, zero))
    statuses = {p.label: p.status for p in meetings.working_view(meeting)}
    assert (statuses["PP1"], statuses["OP4"], statuses["OP5"]) == (
        "agreed_ad_ref",
        "agreed_ad_ref",
        "bracketed",
    )
    assert statuses["OP1"] == "pending"
    # The room reopens PP1 (it had answered "PP1 is already pending") and agrees OP1.
    meetings.set_status(cast.cofac_a, meeting, by_label(meeting, "PP1").key, "pending")
    meetings.set_status(cast.cofac_a, meeting, by_label(meeting, "OP1").key, "agreed_ad_ref")
    op3 = by_label(meeting, "OP3")
    meetings.edit_paragraph(
        cast.cofac_a, meeting, op3.key, op3.text.replace("summary", "report"), op3.version
    )
    rev1 = publish_revision(cast.cofac_a, meetings.end_meeting_to_preview(cast.cofac_a, meeting))
    after = {p.path: paragraph_state(p) for p in rev1.paragraphs if p.parent_id is None}
    assert after == {
        "PP1": "pending",
        "PP2": "pending",
        "OP1": "agreed_ad_ref",
        "OP2": "pending",
        "OP3": "pending",
        "OP4": "agreed_ad_ref",
        "OP5": "bracketed",
    }


def test_a_meeting_that_changed_no_words_marks_its_statuses_on_the_circulated_text(cast, zero):
    from tracker.models import AuditEvent
    from tracker.services.triage import set_paragraph_state

    set_paragraph_state(
        cast.cofac_a, next(p for p in zero.paragraphs if p.path == "PP1"), "agreed_ad_ref"
    )
    meeting = meetings.start_meeting(cast.cofac_a, schedule_round(cast, zero))
    for label, state in (("PP1", "pending"), ("OP1", "agreed_ad_ref"), ("OP4", "bracketed")):
        meetings.set_status(cast.cofac_a, meeting, by_label(meeting, label).key, state)
    marks_before = count(AuditEvent, action="paragraph.status")
    # A reading that only agreed and bracketed paragraphs: no text to circulate (a preview of
    # it could not be published), so the statuses go onto the text the room read.
    assert meetings.end_meeting_to_preview(cast.cofac_a, meeting) is None
    assert not meeting.is_open and meeting.preview is None
    assert count(Revision) == 1
    states = {p.path: paragraph_state(p) for p in zero.paragraphs if p.parent_id is None}
    assert (states["PP1"], states["OP1"], states["OP4"], states["OP5"]) == (
        "pending",
        "agreed_ad_ref",
        "bracketed",
        "pending",
    )
    assert count(AuditEvent, action="paragraph.status") == marks_before + 3
    assert meeting_events(cast)[-1].payload["statuses_on"] == "Zero draft"


def test_focus_moves_and_the_event_says_which_paragraphs_to_redraw(cast, meeting):
    op1, op2 = by_label(meeting, "OP1"), by_label(meeting, "OP2")
    meetings.focus_paragraph(cast.cofac_a, meeting, op1.key)
    meetings.focus_paragraph(cast.cofac_a, meeting, op2.key)
    assert by_label(meeting, "OP2").focus and not by_label(meeting, "OP1").focus
    event = meeting_events(cast)[-1]
    assert event.payload["focus"] == op2.key
    assert {p["key"]: p["focus"] for p in event.payload["paragraphs"]} == {
        op1.key: False,
        op2.key: True,
    }


def test_every_change_is_one_event_in_order(cast, meeting):
    op1 = by_label(meeting, "OP1")
    meetings.focus_paragraph(cast.cofac_a, meeting, op1.key)
    version = meetings.edit_paragraph(cast.cofac_a, meeting, op1.key, op1.text + " x", op1.version)
    version = meetings.set_status(cast.cofac_a, meeting, op1.key, "agreed_ad_ref", version)
    key = meetings.insert_paragraph(cast.cofac_a, meeting, op1.key, "New")
    meetings.delete_paragraph(cast.cofac_a, meeting, key, 1)
    meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    kinds = [e.kind for e in meeting_events(cast)]
    assert kinds == [
        "meeting.start", "meeting.focus", "meeting.edit", "meeting.status",
        "meeting.insert", "meeting.delete", "meeting.end",
    ]  # fmt: skip
    assert [c.kind for c in meetings.meeting_record(meeting)] == [k[8:] for k in kinds]
    ids = [e.id for e in meeting_events(cast)]
    assert ids == sorted(ids)


def proposal(cast, revision, label: str, kind: str, proposed: str | None) -> Comment:
    paragraph = next(p for p in revision.paragraphs if p.path == label)
    return comment_service.create_comment(
        cast.delegate_a, revision, paragraph=paragraph, kind=kind, proposed_text=proposed,
        body="Our proposal.",
    )  # fmt: skip


def test_reading_in_a_proposal_changes_the_text_and_marks_it_reflected(cast, zero, meeting):
    op4 = by_label(meeting, "OP4")
    amendment = proposal(cast, zero, "OP4", "amend", op4.text.replace("Invites", "Urges"))
    key = meetings.read_in_proposal(cast.cofac_a, meeting, amendment)
    assert key == op4.key
    assert by_label(meeting, "OP4").text == op4.text.replace("Invites", "Urges")
    db.session.refresh(amendment)
    assert amendment.triage_status == TriageStatus.REFLECTED
    assert amendment.triage_revision_label == "Rev.1"
    change = rows(MeetingChange, kind="read-in")[0]
    assert change.comment_id == amendment.id and change.holder == "Mexico"
    kinds = [e.kind for e in meeting_events(cast)]
    assert kinds[-1] == "meeting.read-in"
    with pytest.raises(Conflict, match="already triaged"):
        meetings.read_in_proposal(cast.cofac_a, meeting, amendment)

    addition = proposal(cast, zero, "OP4", "new_after", "*Calls upon* donors to contribute;")
    new_key = meetings.read_in_proposal(cast.cofac_a, meeting, addition)
    assert next(p for p in meetings.working_view(meeting) if p.key == new_key).label == "OP4 bis"
    deletion = proposal(cast, zero, "OP5", "delete", None)
    meetings.read_in_proposal(cast.cofac_a, meeting, deletion)
    assert by_label(meeting, "OP5").deleted

    whole = proposal(
        cast,
        zero,
        "OP2",
        "amend",
        "Decides the meeting shall have:\n(a) One plenary;\n(b) Two panels;",
    )
    meetings.read_in_proposal(cast.cofac_a, meeting, whole)
    assert [by_label(meeting, x).text for x in ("OP2", "(a)", "(b)")] == [
        "Decides the meeting shall have:", "One plenary;", "Two panels;",
    ]  # fmt: skip

    # A proposal made on the circulated text is carried onto what the room changed since,
    # where the two do not meet: the bracket the room placed stays.
    op3 = by_label(meeting, "OP3")
    meetings.bracket_phrase(cast.cofac_a, meeting, op3.key, "summary", "G-77", op3.version)
    rewrite = proposal(cast, zero, "OP3", "amend", op3.text.replace("Requests", "Also requests"))
    meetings.read_in_proposal(cast.cofac_a, meeting, rewrite)
    assert by_label(meeting, "OP3").text == (
        "Also requests the President of the General Assembly to prepare a [summary (G-77)] of "
        "the meeting;"
    )
    # Where they meet, reading it in would undo the room's change: refused, saying what.
    clash = proposal(cast, zero, "OP3", "amend", op3.text.replace("summary", "report"))
    with pytest.raises(
        Invalid,
        match=r"OP3 was changed in this meeting since Mexico's proposal was made, and the "
        r"changes meet: in the room's text “summary” became “\[summary \(G-77\)\]”, in the "
        r"proposal “summary” became “report” \(against Zero draft, on which it was made\)",
    ):
        meetings.read_in_proposal(cast.cofac_a, meeting, clash)
    assert "[summary (G-77)]" in by_label(meeting, "OP3").text

    question = proposal(cast, zero, "OP1", "question", None)
    with pytest.raises(Invalid, match="Only a proposal"):
        meetings.read_in_proposal(cast.cofac_a, meeting, question)


def test_reading_in_a_proposal_that_keeps_only_the_chapeau_strikes_its_sub_paragraphs(
    cast, zero, meeting
):
    """A proposal to amend an OP starts from it with its sub-paragraphs and is read against
    all of it: keeping only the chapeau deletes them, as its diff shows, and so does reading
    it in (not the chapeau changed and the sub-paragraphs left standing)."""
    op2 = by_label(meeting, "OP2")
    subs = [by_label(meeting, label) for label in ("(a)", "(b)")]
    chapeau = proposal(cast, zero, "OP2", "amend", op2.text.rstrip(":") + ", as appropriate:")
    (outcome,) = meetings.read_in_outcomes(meeting, op2.key, [chapeau])
    assert not outcome.refused
    assert subs[0].text in outcome.before and subs[0].text not in outcome.after
    meetings.read_in_proposal(cast.cofac_a, meeting, chapeau)
    assert by_label(meeting, "OP2").text.endswith(", as appropriate:")
    assert all(by_label(meeting, sub.label).deleted for sub in subs)
    change = rows(MeetingChange, kind="read-in")[0]
    assert change.comment_id == chapeau.id


def proposal_in_the_room(cast, zero, meeting, label: str, change) -> Comment:
    """A delegate's proposal to amend made on the paragraph's page while the meeting is live:
    the form starts from the room's wording, `change` makes the proposal of it, and the
    wording is sent back with it."""
    paragraph = next(p for p in zero.paragraphs if p.path == label)
    room = meetings.room_wording(paragraph, meeting)
    assert room is not None and room.meeting == meeting
    return comment_service.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="amend", proposed_text=change(room.text),
        body="Our proposal.", room_text=room.text,
    )  # fmt: skip


def edit_in_room(cast, meeting, label: str, old: str, new: str) -> None:
    """The chair changes words of the paragraph as the room has it now."""
    shown = by_label(meeting, label)
    meetings.edit_paragraph(
        cast.cofac_a, meeting, shown.key, shown.text.replace(old, new), shown.version
    )


def test_a_proposal_made_during_the_meeting_starts_from_the_room_wording_and_reads_in(
    cast, zero, meeting
):
    op3 = by_label(meeting, "OP3")
    circulated = next(p for p in zero.paragraphs if p.path == "OP3")
    assert meetings.room_wording(circulated, meeting).text == circulated.text
    assert not meetings.room_wording(circulated, meeting).changed
    edit_in_room(cast, meeting, "OP3", "a summary", "a concise summary")
    room = meetings.room_wording(circulated, meeting)
    assert room.text == op3.text.replace("a summary", "a concise summary")
    assert room.changed and room.version == 2
    amendment = proposal_in_the_room(
        cast, zero, meeting, "OP3", lambda text: text.replace("Requests", "Also requests")
    )
    assert amendment.room_text == room.text
    meetings.read_in_proposal(cast.cofac_a, meeting, amendment)
    assert by_label(meeting, "OP3").text == (
        "Also requests the President of the General Assembly to prepare a concise summary of "
        "the meeting;"
    )
    db.session.refresh(amendment)
    assert amendment.triage_status == TriageStatus.REFLECTED
    # The room's wording as it stands is no proposal to amend it.
    with pytest.raises(Invalid, match="identical to the current text"):
        proposal_in_the_room(cast, zero, meeting, "OP3", lambda text: text)


def test_a_proposal_on_the_room_wording_is_carried_onto_what_the_room_changed_since(
    cast, zero, meeting
):
    edit_in_room(cast, meeting, "OP3", "a summary", "a concise summary")
    early = proposal_in_the_room(
        cast, zero, meeting, "OP3", lambda text: text.replace("Requests", "Also requests")
    )
    clashing = proposal_in_the_room(
        cast, zero, meeting, "OP3", lambda text: text.replace("the meeting;", "the debate;")
    )
    # The room moves on while the delegates write.
    edit_in_room(cast, meeting, "OP3", "of the meeting;", "of the high-level meeting;")
    meetings.read_in_proposal(cast.cofac_a, meeting, early)
    assert by_label(meeting, "OP3").text == (
        "Also requests the President of the General Assembly to prepare a concise summary of "
        "the high-level meeting;"
    )
    version, events_before = by_label(meeting, "OP3").version, len(meeting_events(cast))
    with pytest.raises(
        Invalid,
        match=r"OP3 was changed in this meeting since Mexico's proposal was made, and the "
        r"changes meet: in the room's text “high-level” was added, in the proposal “meeting” "
        r"became “debate” \(against the room's wording it was made on\)\. Read in, it could "
        r"undo or garble the room's change",
    ):
        meetings.read_in_proposal(cast.cofac_a, meeting, clashing)
    # Nothing half-done: the text, its version, the triage and the events are as they were.
    assert by_label(meeting, "OP3").version == version
    assert "debate" not in by_label(meeting, "OP3").text
    db.session.refresh(clashing)
    assert clashing.triage_status == TriageStatus.OPEN
    assert len(meeting_events(cast)) == events_before
    # The chair sees why before reading it in, in a line, with the wording it was made on and
    # the wording proposed, to read out.
    (outcome,) = meetings.read_in_outcomes(meeting, by_label(meeting, "OP3").key, [clashing])
    assert outcome.refused.startswith("It no longer applies cleanly to the room's text")
    assert "“high-level” was added, in the proposal “meeting” became “debate”" in outcome.refused
    assert outcome.before.endswith("summary of the meeting;")
    assert outcome.after.endswith("summary of the debate;")


def test_a_proposal_on_a_whole_paragraph_in_the_room_keeps_the_room_sub_paragraphs(
    cast, zero, meeting
):
    edit_in_room(cast, meeting, "(a)", "An opening", "A short opening")
    amendment = proposal_in_the_room(
        cast, zero, meeting, "OP2", lambda text: text.replace("Two interactive", "Three")
    )
    assert "(a) A short opening plenary" in amendment.room_text
    meetings.read_in_proposal(cast.cofac_a, meeting, amendment)
    assert by_label(meeting, "(a)").text.startswith("A short opening plenary")
    assert by_label(meeting, "(b)").text.startswith("Three panel discussions")


def test_a_proposal_read_in_says_so_until_the_text_it_became_is_circulated(cast, zero, meeting):
    from tracker.models import Notification
    from tracker.services.comment_export import CommentFilters, comment_rows
    from tracker.services.triage import triage_label

    op4 = by_label(meeting, "OP4")
    amendment = proposal(cast, zero, "OP4", "amend", op4.text.replace("Invites", "Urges"))
    meetings.read_in_proposal(cast.cofac_a, meeting, amendment)
    db.session.refresh(amendment)

    def labels() -> list[str]:
        [row] = comment_rows(
            cast.negotiation_a,
            CommentFilters(),
            visible=lambda comment: comment.id == amendment.id,
            link_for=lambda comment: "",
        )
        return [triage_label(amendment), row.status]

    assert labels() == ["Read into the room's text"] * 2
    assert triage_label(amendment.triage_changes[-1]) == "Read into the room's text"
    told = db.session.scalars(select(Notification.text).order_by(Notification.id)).all()
    assert "Your comment on Zero draft OP4 is now “Read into the room's text”." in told
    assert not any("Rev.1" in text for text in told)
    # Made into the preview, still not circulated: still so.
    preview = meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    db.session.refresh(amendment)
    assert labels() == ["Read into the room's text"] * 2
    publish_revision(cast.cofac_a, preview)
    db.session.refresh(amendment)
    assert labels() == ["Reflected in Rev.1"] * 2
    # The decision's history says what it was when made.
    assert triage_label(amendment.triage_changes[-1]) == "Read into the room's text"


def test_proposals_read_into_a_meeting_that_makes_no_revision_are_reflected_in_none(
    cast, zero, meeting
):
    from tracker.services.triage import triage_comment

    op4 = by_label(meeting, "OP4")
    amendment = proposal(cast, zero, "OP4", "amend", op4.text.replace("Invites", "Urges"))
    noted = proposal(cast, zero, "OP5", "delete", None)
    triage_comment(cast.cofac_a, noted, status="noted", reply="Heard.", version=noted.version)
    retriaged = proposal(cast, zero, "OP3", "new_after", "*Decides* to meet again;")
    for comment in (amendment, noted, retriaged):
        meetings.read_in_proposal(cast.cofac_a, meeting, comment)
    # Triaged again by hand after it was read in: the co-facilitators' word stands.
    triage_comment(cast.cofac_a, retriaged, status="partly_reflected", version=retriaged.version)
    # The room did not finish: closed without a preview, no text says "Rev.1" yet.
    meetings.close_meeting(cast.cofac_a, meeting)
    for comment in (amendment, noted, retriaged):
        db.session.refresh(comment)
    assert (amendment.triage_status, amendment.triage_revision_label) == (TriageStatus.OPEN, "")
    assert (noted.triage_status, noted.triage_reply) == (TriageStatus.NOTED, "Heard.")
    assert retriaged.triage_status == TriageStatus.PARTLY_REFLECTED


def test_proposals_read_into_a_preview_that_is_discarded_are_reflected_in_none(cast, zero, meeting):
    from tracker.services.revisions import discard_preview

    op4 = by_label(meeting, "OP4")
    amendment = proposal(cast, zero, "OP4", "amend", op4.text.replace("Invites", "Urges"))
    meetings.read_in_proposal(cast.cofac_a, meeting, amendment)
    preview = meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    assert preview is not None
    db.session.refresh(amendment)
    assert (amendment.triage_status, amendment.triage_revision_label) == (
        TriageStatus.REFLECTED,
        preview.label,
    )
    # The co-facilitators set the meeting's text aside: no text will say "Rev.1" for it.
    discard_preview(cast.cofac_a, preview)
    db.session.refresh(amendment)
    assert (amendment.triage_status, amendment.triage_revision_label) == (TriageStatus.OPEN, "")


def test_the_working_text_becomes_the_next_revision_with_its_lineage(cast, zero, meeting):
    op3 = by_label(meeting, "OP3")
    comment = proposal(cast, zero, "OP3", "amend", op3.text.replace("summary", "report"))
    # OP3 edited beyond recognition: re-alignment could not pair it, the edits do.
    meetings.edit_paragraph(
        cast.cofac_a,
        meeting,
        op3.key,
        "Requests a short note on the high-level event;",
        op3.version,
    )
    op5 = by_label(meeting, "OP5")
    meetings.move_paragraph(
        cast.cofac_a, meeting, op5.key, by_label(meeting, "OP1").key, op5.version
    )
    inserted = meetings.insert_paragraph(cast.cofac_a, meeting, op3.key, "Decides to review it;")
    op4 = by_label(meeting, "OP4")
    meetings.set_status(cast.cofac_a, meeting, op4.key, "agreed_ad_ref")
    pp2 = by_label(meeting, "PP2")
    meetings.delete_paragraph(cast.cofac_a, meeting, pp2.key, pp2.version)

    preview = meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    assert preview.state == RevisionState.PREVIEW and preview.label == "Rev.1"
    document = preview.document
    assert [p.label for p in document.paragraphs] == [
        "PP1", "OP1", "OP5", "OP2", "OP3", "OP3 bis", "OP4",
    ]  # fmt: skip
    assert preview.preview_pairing == {
        "PP1": "PP1", "OP1": "OP1", "OP5": "OP5", "OP2": "OP2", "OP3": "OP3",
        "OP3 bis": None, "OP4": "OP4",
    }  # fmt: skip
    assert document.find("OP3").text == "Requests a short note on the high-level event;"
    assert document.find("OP3").italic_text() == "Requests"
    assert meeting.preview_id == preview.id and not meeting.is_open
    assert inserted

    rev1 = publish_revision(cast.cofac_a, preview)
    stored = {p.path: p for p in rev1.paragraphs}
    old = {p.path: p for p in zero.paragraphs}
    assert stored["OP3"].lineage_id == old["OP3"].lineage_id
    assert stored["OP5"].lineage_id == old["OP5"].lineage_id
    assert stored["OP3 bis"].previous_id is None
    assert stored["OP2 (a)"].lineage_id == old["OP2 (a)"].lineage_id
    # The comment on OP3 follows it into Rev.1.
    placed = comment_service.comments_on(cast.delegate_a, rev1)
    assert comment.id in {v.comment.id for v in placed.by_lineage[stored["OP3"].lineage_id]}
    # Agreed ad ref in the room: agreed ad ref in the revision it became.
    assert paragraph_state(stored["OP4"]) == ParagraphState.AGREED_AD_REF
    assert paragraph_state(stored["OP1"]) == ParagraphState.PENDING


def test_the_record_and_the_summary_say_who_changed_what(cast, zero, meeting):
    op4 = by_label(meeting, "OP4")
    amendment = proposal(cast, zero, "OP4", "amend", op4.text.replace("Invites", "Urges"))
    meetings.read_in_proposal(cast.cofac_a, meeting, amendment)
    meetings.set_status(cast.cofac_a, meeting, op4.key, "agreed_ad_ref")
    meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    record = meetings.meeting_record(meeting)
    assert [c.kind for c in record] == ["start", "read-in", "status", "end"]
    summary = meetings.meeting_summary(cast.delegate_b, meeting)
    text = summary.data.decode()
    assert summary.filename.endswith(".md")
    assert "## Proposals read in (1)" in text
    assert "Mexico's proposal (amend" in text
    assert "changed the status from Pending to Agreed ad ref" in text
    assert "**OP4**, Agreed ad ref (edited): Urges Member States" in text
    assert "preview of Rev.1" in text


def test_the_summary_names_sub_paragraphs_in_full(cast, meeting):
    sub_a = by_label(meeting, "(a)")
    meetings.set_status(cast.cofac_a, meeting, sub_a.key, "agreed_ad_ref")
    text = meetings.meeting_summary(cast.delegate_b, meeting).data.decode()
    closing = text.split("## Paragraphs at the end of the meeting")[1]
    assert "- **OP2 (a)**, Agreed ad ref: An opening plenary meeting" in closing
    assert "- **OP2 (b)**, Pending: Two interactive" in closing
    assert "- **(a)**" not in closing


def test_pending_proposals_are_listed_by_paragraph_for_those_who_may_see_them(cast, zero, meeting):
    op4 = by_label(meeting, "OP4")
    public = proposal(cast, zero, "OP4", "amend", op4.text.replace("Invites", "Urges"))
    paragraph = next(p for p in zero.paragraphs if p.path == "OP5")
    private = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="delete", body="Drop it.",
        visibility="facilitators",
    )  # fmt: skip
    op5 = by_label(meeting, "OP5")
    assert meetings.pending_proposals(cast.cofac_a, meeting) == {
        op4.key: [public], op5.key: [private],
    }  # fmt: skip
    assert meetings.pending_proposals(cast.delegate_b, meeting) == {op4.key: [public]}
    assert meetings.base_paragraph(meeting, op5.key) == paragraph
    # Reading in the private one tells every page the text changed, not whose proposal it was.
    meetings.read_in_proposal(cast.cofac_a, meeting, private)
    payload = meeting_events(cast)[-1].payload
    assert payload["proposal"] == "delete" and "delegation" not in payload
    assert op5.key not in meetings.pending_proposals(cast.cofac_a, meeting)


#: Lock requests waiting in this test's database (other databases share the server).
WAITING_HERE = (
    "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid IN "
    "(SELECT pid FROM pg_stat_activity WHERE datname = current_database())"
)


def in_own_session(user: User, meeting: Meeting) -> Callable[[], tuple[User, Meeting]]:
    """A function giving the user and the meeting loaded in the session of the request
    calling it (on another thread): their ids are read here, as touching an expired row there
    would load it through this thread's session."""
    user_id, meeting_id = user.id, meeting.id
    return lambda: (db.session.get_one(User, user_id), db.session.get_one(Meeting, meeting_id))


def race(app, first_writes: list[tuple[str, dict]], second: Callable[[], object]) -> object:
    """Run `second` in a request of its own while another transaction has written
    `first_writes` and not yet committed; commit those once `second` waits on them. Returns
    what `second` returned or raised (a ServiceError)."""
    import threading

    from sqlalchemy import text as sql

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer at a time in; the race needs PostgreSQL")
    other = db.engine.connect()
    first = other.begin()
    for statement, params in first_writes:
        other.execute(sql(statement), params)
    outcome: list[object] = []

    def run_second() -> None:
        with app.app_context():
            try:
                outcome.append(second())
            except ServiceError as refused:
                outcome.append(refused)
            finally:
                db.session.remove()

    runner = threading.Thread(target=run_second)
    runner.start()
    waiting = 0
    try:
        for _ in range(6000):  # a bound for a broken server, not a time limit: load may be high
            waiting = db.session.scalar(sql(WAITING_HERE)) or 0
            db.session.rollback()
            if waiting or not runner.is_alive():
                break
            threading.Event().wait(0.01)
    finally:
        first.commit()
        other.close()
        runner.join()
    assert waiting, "the second writer never waited for the first"
    [result] = outcome
    return result


def test_edits_racing_on_postgresql_never_overwrite_each_other(app, cast, meeting, cofac_a2):
    """The second writer's UPDATE waits for the first to commit, then finds the version moved
    on: a conflict, not a lost edit."""
    op3 = by_label(meeting, "OP3")
    rows_for_second = in_own_session(cofac_a2, meeting)
    conflict = race(
        app,
        [
            (
                "UPDATE meeting_paragraphs SET version = version + 1, text = :t WHERE key = :k",
                {"t": "Written first;", "k": op3.key},
            )
        ],
        lambda: meetings.edit_paragraph(
            *rows_for_second(), op3.key, "Written second;", op3.version
        ),
    )
    assert isinstance(conflict, meetings.MeetingConflict)
    assert conflict.text == "Written first;"
    assert by_label(meeting, "OP3").text == "Written first;"


def test_the_end_waits_for_an_edit_being_saved_and_the_preview_has_it(app, cast, meeting):
    op3 = by_label(meeting, "OP3")
    rows_for_second = in_own_session(cast.cofac_a, meeting)
    preview = race(
        app,
        [
            (
                "UPDATE meeting_paragraphs SET version = version + 1, text = :t WHERE key = :k",
                {"t": "Requests the last words;", "k": op3.key},
            )
        ],
        lambda: meetings.end_meeting_to_preview(*rows_for_second()).id,
    )
    assert isinstance(preview, int)
    saved = db.session.get(Revision, preview)
    assert saved.document.find("OP3").text == "Requests the last words;"


def test_an_edit_waiting_on_the_end_is_refused_not_lost(app, cast, meeting):
    op3 = by_label(meeting, "OP3")
    rows_for_second = in_own_session(cast.cofac_a, meeting)
    refused = race(
        app,
        [
            (
                "SELECT id FROM meeting_paragraphs WHERE meeting_id = :m FOR UPDATE",
                {"m": meeting.id},
            ),
            (
                "UPDATE meetings SET state = 'ended', open_negotiation_id = NULL WHERE id = :m",
                {"m": meeting.id},
            ),
        ],
        lambda: meetings.edit_paragraph(*rows_for_second(), op3.key, "Too late;", op3.version),
    )
    assert isinstance(refused, Conflict) and "meeting ended" in refused.message
    assert by_label(meeting, "OP3").text == op3.text


def test_a_meeting_overtaken_by_another_text_is_closed_without_a_preview(cast, zero, meeting):
    op1 = by_label(meeting, "OP1")
    meetings.edit_paragraph(cast.cofac_a, meeting, op1.key, "Decides something else;", op1.version)
    op4 = by_label(meeting, "OP4")
    amendment = proposal(cast, zero, "OP4", "amend", op4.text.replace("Invites", "Urges"))
    meetings.read_in_proposal(cast.cofac_a, meeting, amendment)
    publish(
        cast.cofac_a, cast.negotiation_a, "rev1.txt", data=ZERO.replace("2025", "2026").encode()
    )
    turns_taken = meeting.structure_version
    with pytest.raises(Conflict, match="Rev.1 was published during the meeting") as refused:
        meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    assert "Close the meeting without a preview" in refused.value.message
    # Refused, the end left nothing behind for a later commit of the same session to write.
    db.session.commit()
    db.session.refresh(meeting)
    assert meeting.structure_version == turns_taken
    assert open_meeting(cast.negotiation_a) == meeting
    with pytest.raises(PermissionDenied):
        meetings.close_meeting(cast.delegate_a, meeting)
    meetings.close_meeting(cast.cofac_a, meeting)
    assert open_meeting(cast.negotiation_a) is None
    assert meeting.preview_id is None
    # Read in under the label Rev.1 took meanwhile, the proposal still goes back to its triage.
    db.session.refresh(amendment)
    assert amendment.triage_status == TriageStatus.OPEN and not amendment.read_into_room
    assert by_label(meeting, "OP1").text == "Decides something else;"
    assert meeting_events(cast)[-1].kind == "meeting.close"
    with pytest.raises(Conflict, match="ended"):
        meetings.focus_paragraph(cast.cofac_a, meeting, op1.key)


def test_withdrawing_the_text_of_a_meeting_closes_it_without_a_preview(cast, zero):
    from tracker.services.publishing import withdraw_revision

    rev1 = publish(
        cast.cofac_a, cast.negotiation_a, "rev1.txt", data=ZERO.replace("2025", "2026").encode()
    )
    meeting = meetings.start_meeting(cast.cofac_a, schedule_round(cast, rev1))
    op4 = by_label(meeting, "OP4")
    amendment = proposal(cast, rev1, "OP4", "amend", op4.text.replace("Invites", "Urges"))
    meetings.read_in_proposal(cast.cofac_a, meeting, amendment)
    op1 = by_label(meeting, "OP1")
    meetings.edit_paragraph(cast.cofac_a, meeting, op1.key, "Decides something else;", op1.version)
    withdraw_revision(cast.cofac_a, rev1, "The wrong file.")
    db.session.refresh(meeting)
    assert open_meeting(cast.negotiation_a) is None
    assert not meeting.is_open and meeting.preview_id is None
    # The proposal read in went back to the triage it had, as closing the meeting does.
    db.session.refresh(amendment)
    assert amendment.triage_status == TriageStatus.OPEN and not amendment.read_into_room
    # The record and the working text stay; pages following the meeting hear it closed.
    assert by_label(meeting, "OP1").text == "Decides something else;"
    assert [c.kind for c in meetings.meeting_record(meeting)][-1] == "close"
    closing = meeting_events(cast)[-1]
    assert closing.kind == "meeting.close" and closing.payload["withdrawn"] == "Rev.1"
    assert (
        "Decides something else;" in meetings.meeting_summary(cast.cofac_a, meeting).data.decode()
    )


def test_a_meeting_on_a_withdrawn_text_cannot_end_and_is_told_to_close(cast, zero):
    rev1 = publish(
        cast.cofac_a, cast.negotiation_a, "rev1.txt", data=ZERO.replace("2025", "2026").encode()
    )
    meeting = meetings.start_meeting(cast.cofac_a, schedule_round(cast, rev1))
    op1 = by_label(meeting, "OP1")
    meetings.edit_paragraph(cast.cofac_a, meeting, op1.key, "Decides something else;", op1.version)
    # Withdrawn before withdrawing closed the meeting with it: the meeting is still open.
    rev1.state = RevisionState.WITHDRAWN
    rev1.withdrawn_at = rev1.published_at
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        meetings.end_meeting_to_preview(cast.cofac_a, meeting)
    message = refused.value.message
    assert message.startswith("Rev.1, the text this meeting was held on, was withdrawn")
    assert "published during the meeting" not in message and "Zero draft" not in message
    assert "Close the meeting without a preview" in message
    meetings.close_meeting(cast.cofac_a, meeting)
    assert open_meeting(cast.negotiation_a) is None


def test_a_working_text_left_as_it_was_is_the_circulated_text_again(cast, zero, meeting):
    written = meetings.written_text(meeting)
    assert written.document.paragraphs == zero.document.paragraphs
    assert set(written.pairing.items()) == {(p.label, p.label) for p in zero.document.paragraphs}
    assert meetings.text_unchanged(meeting)
    # Ended, it makes no preview: there would be nothing new to circulate.
    assert meetings.end_meeting_to_preview(cast.cofac_a, meeting) is None


def test_a_real_draft_with_footnotes_and_sub_paragraphs_survives_the_meeting_unchanged(cast):
    draft = publish(cast.cofac_a, cast.negotiation_a, "zero-draft-2021-hlm-modalities.txt")
    meeting = meetings.start_meeting(cast.cofac_a, schedule_round(cast, draft))
    assert len(meetings.working_view(meeting)) == len(draft.paragraphs)
    written = meetings.written_text(meeting).document
    assert written.paragraphs == draft.document.paragraphs
    assert written.footnotes == draft.document.footnotes
    assert written.headings == draft.document.headings


def test_a_meeting_holds_a_bounded_number_of_paragraphs(cast, meeting, monkeypatch):
    monkeypatch.setattr(meetings, "MAX_PARAGRAPHS", meeting.keys_issued + 1)
    op5 = by_label(meeting, "OP5")
    meetings.insert_paragraph(cast.cofac_a, meeting, op5.key, "One more;")
    with pytest.raises(Invalid, match="holds 10 paragraphs already"):
        meetings.insert_paragraph(cast.cofac_a, meeting, op5.key, "And another;")
    assert len(meetings.working_view(meeting)) == 10


def test_the_summary_names_a_private_proposal_only_to_those_who_may_see_it(cast, zero, meeting):
    paragraph = next(p for p in zero.paragraphs if p.path == "OP5")
    private = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="delete", body="Drop it.",
        visibility="facilitators",
    )  # fmt: skip
    meetings.read_in_proposal(cast.cofac_a, meeting, private)
    seen_by_chile = meetings.meeting_summary(cast.delegate_b, meeting).data.decode()
    seen_by_mexico = meetings.meeting_summary(cast.delegate_a, meeting).data.decode()
    assert "a delegation's proposal (delete" in seen_by_chile and "Mexico" not in seen_by_chile
    assert "Mexico's proposal (delete" in seen_by_mexico


def test_the_record_names_a_private_proposal_only_to_those_who_may_see_it(cast, zero, meeting):
    paragraph = next(p for p in zero.paragraphs if p.path == "OP5")
    private = comment_service.create_comment(
        cast.delegate_a, zero, paragraph=paragraph, kind="delete", body="Drop it.",
        visibility="facilitators",
    )  # fmt: skip
    meetings.read_in_proposal(cast.cofac_a, meeting, private)

    def proposers(user: User) -> list[str]:
        return [r.proposer for r in meetings.visible_record(user, meeting) if r.proposer]

    assert proposers(cast.delegate_b) == ["a delegation"]
    assert proposers(cast.delegate_a) == proposers(cast.cofac_a) == ["Mexico"]
    assert [r.change.kind for r in meetings.visible_record(cast.delegate_b, meeting)] == [
        "start", "read-in",
    ]  # fmt: skip


def test_a_paragraph_no_suffix_fits_is_never_circulated_unnumbered(cast, first_reading, meeting):
    # Rev.1 circulated OP3 bis; a paragraph inserted between OP3 and it is `New OP3 bis` in
    # the room. Rev.2 printed it as an operative paragraph without a number, labelled
    # "New OP3 bis" in its contents. The text's operative paragraphs are numbered again.
    op3 = by_label(meeting, "OP3")
    meetings.insert_paragraph(cast.cofac_a, meeting, op3.key, "*Decides* to review it;")
    publish_revision(cast.cofac_a, meetings.end_meeting_to_preview(cast.cofac_a, meeting))
    second = meetings.start_meeting(cast.cofac_a, first_reading)
    meetings.insert_paragraph(cast.cofac_a, second, by_label(second, "OP3").key, "*Notes* it;")
    preview = meetings.end_meeting_to_preview(cast.cofac_a, second)
    operative = preview.document.operative
    assert [p.number for p in operative] == [str(n) for n in range(1, len(operative) + 1)]
    assert [p.label for p in operative] == [f"OP{n}" for n in range(1, len(operative) + 1)]
    assert operative[3].text == "Notes it;" and operative[4].text == "Decides to review it;"
    rev2 = publish_revision(cast.cofac_a, preview)
    continued = {
        p.label: p.previous.label if p.previous else None
        for p in rev2.paragraphs
        if p.parent_id is None
    }
    assert continued["OP4"] is None and continued["OP5"] == "OP3 bis"
