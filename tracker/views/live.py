"""Live pages: a negotiation's events as a server-sent event stream."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import Blueprint, Response, current_app, request, stream_with_context
from flask_login import current_user, login_required

from tracker.services import Invalid, access, events

bp = Blueprint("live", __name__, url_prefix="/negotiations/<int:negotiation_id>")

#: Longest event id a client may send back (ids are integers; anything longer is not one).
MAX_ID_DIGITS = 18


def _position(value: str | None, where: str) -> int | None:
    """The event id a client says it saw last, or Invalid naming where the bad value came from."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > MAX_ID_DIGITS:
        raise Invalid(f"{where} must be the id of an event (a whole number), not “{value[:40]}”.")
    return int(value)


def _lines(stream: Iterator[events.LiveEvent | None], release: Callable[[], None]) -> Iterator[str]:
    """Each event as `id:` and `data:` lines; a comment line for a heartbeat. The stream's
    place is given back when it ends (and when the response is closed, if it never began)."""
    try:
        yield "retry: 2000\n\n"
        for live_event in stream:
            if live_event is None:
                yield ": still here\n\n"
            else:
                yield f"id: {live_event.id}\ndata: {live_event.encoded}\n\n"
    finally:
        release()


@bp.route("/events")
@login_required
def stream(negotiation_id: int):
    """The negotiation's events after Last-Event-ID (or `after`) as they happen, for a while."""
    negotiation = access.get_negotiation(current_user, negotiation_id)
    after = _position(request.headers.get("Last-Event-ID"), "The Last-Event-ID header")
    if after is None:
        after = _position(request.args.get("after"), "The “after” parameter")
    if after is None:
        after = events.latest_event_id(negotiation)
    config = current_app.config
    release = events.admit_stream(config["LIVE_STREAMS_PER_PROCESS"])
    followed = events.follow(
        current_user._get_current_object(),
        negotiation,
        after,
        lifetime=config["LIVE_STREAM_SECONDS"],
        heartbeat=config["LIVE_HEARTBEAT_SECONDS"],
        poll=config["LIVE_POLL_SECONDS"],
    )
    response = Response(
        stream_with_context(_lines(followed, release)), mimetype="text/event-stream"
    )
    response.call_on_close(release)
    response.headers["Cache-Control"] = "no-cache"
    # Tells nginx not to hold the stream back in its buffer.
    response.headers["X-Accel-Buffering"] = "no"
    return response
