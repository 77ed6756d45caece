"""Consultation rounds: the schedule of informal consultations and their comment deadlines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, NotRequired, TypedDict, Unpack

from icalendar import Calendar, Event
from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm.exc import StaleDataError

from tracker import moments, signals
from tracker.extensions import db
from tracker.models import ConsultationRound, Negotiation, Revision, utcnow
from tracker.services import Conflict, Invalid
from tracker.services.access import Actor, get_of_negotiation, require_facilitator
from tracker.services.audit import record
from tracker.text.days import written_moment


def new_york_time(day: str, clock: str, what: str) -> datetime:
    """A date (YYYY-MM-DD) and time (HH:MM) read as New York time, returned in UTC.

    Raises Invalid naming the field when either part is missing or malformed.
    """
    day, clock = (day or "").strip(), (clock or "").strip()
    if not day or not clock:
        raise Invalid(f"{what}: give both a date and a time.")
    try:
        parsed_day = date.fromisoformat(day)
        parsed_time = time.fromisoformat(clock)
    except ValueError as error:
        raise Invalid(
            f"{what}: “{day} {clock}” is not a date (YYYY-MM-DD) and time (HH:MM)."
        ) from error
    return datetime.combine(parsed_day, parsed_time, tzinfo=moments.NEW_YORK).astimezone(UTC)


#: A meeting whose end time is before its start time ends the next day (a late session past
#: midnight in New York), if it then lasts at most this long; longer, the times were mistyped.
LONGEST_OVERNIGHT = timedelta(hours=12)


def meeting_times(day: str, starts: str, ends: str) -> tuple[datetime, datetime]:
    """When a meeting on `day` from `starts` to `ends` (New York times, as the round's form
    gives them) starts and ends, in UTC: one ending before it starts ends the next day, as a
    session running past midnight does (and as the form shows such a meeting again)."""
    start = new_york_time(day, starts, "Start")
    end = new_york_time(day, ends, "End")
    if end <= start:
        next_day = (date.fromisoformat(day.strip()) + timedelta(days=1)).isoformat()
        overnight = new_york_time(next_day, ends, "End")
        if overnight - start <= LONGEST_OVERNIGHT:
            return start, overnight
    return start, end


class RoundDetails(TypedDict):
    """What a co-facilitator sets when scheduling or changing a round."""

    title: str
    revision: Revision | None
    starts_at: datetime
    ends_at: datetime
    comment_deadline: datetime
    venue: NotRequired[str]
    virtual_link: NotRequired[str]


def _checked(
    negotiation: Negotiation, details: RoundDetails, stored: ConsultationRound | None = None
) -> dict[str, Any]:
    """The round's fields, tidied and checked; Invalid says what is wrong. `stored`: the round
    being changed, whose deadline may have passed (only a deadline set now must be ahead)."""
    title = " ".join(details["title"].split())
    revision = details["revision"]
    starts_at, ends_at = details["starts_at"], details["ends_at"]
    comment_deadline = details["comment_deadline"]
    virtual_link = details.get("virtual_link", "").strip()
    if not title:
        raise Invalid("Give the round a title, such as “First informal consultations”.")
    if len(title) > 200:
        raise Invalid("The title is longer than 200 characters.")
    if revision is None or revision.negotiation_id != negotiation.id or not revision.is_published:
        raise Invalid("Choose a published revision of this negotiation to discuss.")
    for moment in (starts_at, ends_at, comment_deadline):
        if moment.tzinfo is None:
            raise Invalid("Times must carry a time zone.")
    if ends_at <= starts_at:
        raise Invalid("The meeting must end after it starts.")
    if stored is not None and _same_minute(comment_deadline, stored.comment_deadline):
        # The form gives minutes: the deadline left as it was is kept to the second.
        comment_deadline = stored.comment_deadline
    elif comment_deadline <= utcnow():
        # Delegations would be told of a round whose comments are already closed.
        raise Invalid(
            f"The comment deadline, {moments.in_words(comment_deadline)}, has already passed: "
            "choose a later one."
        )
    if virtual_link and not virtual_link.startswith(("https://", "http://")):
        raise Invalid("The virtual meeting link must start with https://.")
    return {
        "title": title,
        "revision": revision,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "comment_deadline": comment_deadline,
        "venue": details.get("venue", "").strip()[:300],
        "virtual_link": virtual_link[:500],
    }


def _same_minute(one: datetime, other: datetime) -> bool:
    return one.astimezone(UTC).replace(second=0, microsecond=0) == other.astimezone(UTC).replace(
        second=0, microsecond=0
    )


def create_round(
    user: Actor, negotiation: Negotiation, **details: Unpack[RoundDetails]
) -> ConsultationRound:
    """Schedule a round of informal consultations (co-facilitators only)."""
    actor = require_facilitator(user, negotiation)
    fields = _checked(negotiation, details)
    consultation_round = ConsultationRound(negotiation=negotiation, created_by=actor, **fields)
    db.session.add(consultation_round)
    db.session.flush()
    record(
        actor,
        "round.create",
        f"Scheduled “{consultation_round.title}” on {consultation_round.revision.label}",
        negotiation=negotiation,
        round_id=consultation_round.id,
    )
    signals.round_opened.send(actor, consultation_round=consultation_round)
    db.session.commit()
    return consultation_round


class RoundConflict(Conflict):
    """The round changed since the form was opened; `consultation_round` is as it is now."""

    def __init__(self, consultation_round: ConsultationRound) -> None:
        super().__init__(
            "The round was changed by someone else since you opened this form; nothing was "
            "saved and no one was told. Your entries are kept below: check them against the "
            "round as it is now and save again."
        )
        self.consultation_round = consultation_round


class RoundChange(StrEnum):
    """What a change to a round changes for those taking part."""

    #: when the meeting starts or ends
    TIME = "time"
    #: the room it meets in
    VENUE = "venue"
    #: the virtual meeting's link
    LINK = "link"
    DEADLINE = "deadline"
    #: its title or the text it discusses
    DETAILS = "details"


#: The round's fields, by what changing each one changes.
_CHANGED_BY = {
    "starts_at": RoundChange.TIME,
    "ends_at": RoundChange.TIME,
    "venue": RoundChange.VENUE,
    "virtual_link": RoundChange.LINK,
    "comment_deadline": RoundChange.DEADLINE,
    "title": RoundChange.DETAILS,
    "revision": RoundChange.DETAILS,
}


def round_changes(
    consultation_round: ConsultationRound, fields: dict[str, Any]
) -> frozenset[RoundChange]:
    """What setting these checked fields (`_checked`) would change of the round as stored."""
    return frozenset(
        _CHANGED_BY[name]
        for name, value in fields.items()
        if getattr(consultation_round, name) != value
    )


def update_round(
    user: Actor,
    consultation_round: ConsultationRound,
    *,
    version: int | str | None = None,
    **details: Unpack[RoundDetails],
) -> ConsultationRound:
    """Change a round's schedule, venue or deadline (co-facilitators only); audited.
    `version`: the round's `sequence` the form was opened on (None: a program that read the
    round just now); when the round changed since, RoundConflict, and nothing is written."""
    negotiation = consultation_round.negotiation
    actor = require_facilitator(user, negotiation)
    if version is not None and str(version) != str(consultation_round.sequence):
        raise RoundConflict(consultation_round)
    fields = _checked(negotiation, details, consultation_round)
    before = consultation_round.comment_deadline
    changes = round_changes(consultation_round, fields)
    if not changes:
        raise Invalid("Nothing was changed: the round is as it was, and no one was told.")
    try:
        for name, value in fields.items():
            setattr(consultation_round, name, value)
        consultation_round.sequence += 1
        moved = RoundChange.DEADLINE in changes
        record(
            actor,
            "round.update",
            f"Updated “{consultation_round.title}”"
            + (f"; comment deadline moved from {written_moment(before)}" if moved else ""),
            negotiation=negotiation,
            round_id=consultation_round.id,
        )
        signals.round_changed.send(
            actor, consultation_round=consultation_round, deadline_moved=moved, changes=changes
        )
        db.session.commit()
    except StaleDataError as error:
        # Another change was committed between the check above and this one: the row is
        # written only over the version read, so nothing of this one (letters included) stays.
        db.session.rollback()
        fresh = db.session.get(ConsultationRound, consultation_round.id)
        raise RoundConflict(fresh or consultation_round) from error
    return consultation_round


def get_round(user: Actor, negotiation_id: int, round_id: int) -> ConsultationRound:
    """A round of that negotiation; every signed-in participant may see the schedule."""
    return get_of_negotiation(
        user, negotiation_id, ConsultationRound, round_id, "consultation round"
    )


def rounds_of(negotiation: Negotiation) -> list[ConsultationRound]:
    """The negotiation's rounds in the order they meet."""
    return _rounds(ConsultationRound.negotiation_id == negotiation.id, ConsultationRound.starts_at)


def rounds_on(revision: Revision) -> list[ConsultationRound]:
    """Rounds that discuss this revision, by comment deadline."""
    return _rounds(ConsultationRound.revision_id == revision.id, ConsultationRound.comment_deadline)


def last_deadline(
    revision_id: ColumnElement[int] | InstrumentedAttribute[int],
) -> ScalarSelect[datetime]:
    """The last comment deadline of the rounds on a revision, as a column to read with it:
    comments on it are taken until then (None: no round was scheduled, and comments are taken
    without one). `open_round` refuses a comment after it."""
    return (
        select(func.max(ConsultationRound.comment_deadline))
        .where(ConsultationRound.revision_id == revision_id)
        .scalar_subquery()
    )


def _rounds(
    condition: ColumnElement[bool], order: InstrumentedAttribute[datetime]
) -> list[ConsultationRound]:
    """The rounds that meet the condition, in that order (then as created)."""
    return list(
        db.session.scalars(
            select(ConsultationRound).where(condition).order_by(order, ConsultationRound.id)
        )
    )


@dataclass(frozen=True)
class CommentPeriod:
    """Whether a round still takes written comments and, when not, why: its deadline passed,
    or a later text superseded the one it discusses (comments are then taken on the latest
    text only). Every page showing a round's deadline says it by this."""

    consultation_round: ConsultationRound
    #: The text circulated next after the round's own, which closed it; None while the
    #: round's text is the latest.
    superseded_by: Revision | None
    #: The latest circulated text, on which comments are taken now.
    latest: Revision | None
    now: datetime

    @property
    def deadline_passed(self) -> bool:
        """Whether the round's own comment deadline has passed."""
        return self.now > self.consultation_round.comment_deadline

    @property
    def is_open(self) -> bool:
        """Whether delegations may still send comments in this round."""
        return self.superseded_by is None and not self.deadline_passed

    @property
    def meets_ahead(self) -> bool:
        """Whether the round's meeting is still to come."""
        return self.now < self.consultation_round.starts_at

    @property
    def state(self) -> str:
        """“open”, “closed”, or “closed: Rev.2 was circulated on 9 December 2026, 10:00 New York
        time (15:00 UTC) — comments are now taken on Rev.3”."""
        if self.is_open:
            return "open"
        superseding, latest = self.superseded_by, self.latest
        if superseding is None or latest is None:
            return "closed"
        published_at = superseding.published_at
        # The moment as every other on the page says it: "on 7 December" alone read as a
        # different day beside a publication listed at 01:27 UTC on the 8th.
        when = f" on {moments.in_words(published_at)}" if published_at else ""
        return (
            f"closed: {superseding.label} was circulated{when} — comments are now taken on "
            f"{latest.label}"
        )

    @property
    def written_comments(self) -> str:
        """When written comments are taken, in a line for a calendar file or a letter that
        outlives the page: by the round's deadline, or, once a later text superseded the
        round's, that they closed and on which text they are taken now (`state`)."""
        if self.superseded_by is not None:
            return f"Written comments {self.state}."
        return f"Written comments by {moments.in_words(self.consultation_round.comment_deadline)}."


def comment_period(
    consultation_round: ConsultationRound,
    published: Sequence[Revision] | None = None,
    now: datetime | None = None,
) -> CommentPeriod:
    """Whether the round takes comments now; `published`: the negotiation's published
    revisions, oldest first (read from the negotiation when not given)."""
    if published is None:
        published = consultation_round.negotiation.published_revisions
    own = consultation_round.revision.sequence or 0
    later = [r for r in published if (r.sequence or 0) > own]
    return CommentPeriod(
        consultation_round,
        later[0] if later else None,
        published[-1] if published else None,
        now or utcnow(),
    )


def comment_periods(negotiation: Negotiation) -> list[CommentPeriod]:
    """The negotiation's rounds in the order they meet, each with its comment period."""
    published = negotiation.published_revisions
    now = utcnow()
    return [comment_period(r, published, now) for r in rounds_of(negotiation)]


def round_calendar(consultation_round: ConsultationRound, url: str = "") -> bytes:
    """The round as an iCalendar (.ics) file for delegates' calendars."""
    calendar = Calendar()
    calendar.add("prodid", "-//Resolution Tracker//Consultation rounds//EN")
    calendar.add("version", "2.0")
    # Published for people to add, not an invitation that asks them to reply.
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"round-{consultation_round.id}@resolution-tracker")
    event.add("dtstamp", consultation_round.updated_at or utcnow())
    event.add("sequence", consultation_round.sequence)
    event.add("dtstart", consultation_round.starts_at)
    event.add("dtend", consultation_round.ends_at)
    event.add("summary", f"{consultation_round.title}: {consultation_round.negotiation.title}")
    location = consultation_round.venue or consultation_round.virtual_link
    if location:
        event.add("location", location)
    lines = [
        f"Text under discussion: {consultation_round.revision.label}.",
        comment_period(consultation_round).written_comments,
    ]
    if consultation_round.virtual_link:
        lines.append(f"Join: {consultation_round.virtual_link}")
    if url:
        lines.append(url)
        event.add("url", url)
    event.add("description", "\n".join(lines))
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
