"""Domain signals: services send them once a change is made, just before they commit it, so what
a subscriber adds (notifications, mail in the outbox, live events) is stored in the same
transaction or not at all. Every signal is sent with the acting user (or None for the command
line) as sender and the changed object as a keyword argument; subscribers are connected when
`create_app` imports their module."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from blinker import Namespace

from tracker.extensions import db

_signals = Namespace()

#: A revision was published: ``revision``.
revision_published = _signals.signal("revision-published")
#: A published revision was withdrawn: ``revision``.
revision_withdrawn = _signals.signal("revision-withdrawn")
#: A preview was set aside unpublished: ``revision``.
preview_discarded = _signals.signal("preview-discarded")
#: A consultation round was opened or its schedule changed: ``consultation_round``.
round_opened = _signals.signal("round-opened")
round_changed = _signals.signal("round-changed")
#: A comment or proposal was posted: ``comment``.
comment_posted = _signals.signal("comment-posted")
#: Its delegation changed the wording of a comment or proposal, or withdrew it: ``comment``.
comment_edited = _signals.signal("comment-edited")
comment_withdrawn = _signals.signal("comment-withdrawn")
#: A reply was posted to a comment: ``comment`` (the one replied to), ``reply``.
comment_replied = _signals.signal("comment-replied")
#: A delegation joined a comment: ``comment``, ``delegation``.
comment_joined = _signals.signal("comment-joined")
#: A co-facilitator triaged a comment: ``comment``, ``status_label``.
comment_triaged = _signals.signal("comment-triaged")
#: Silence procedure events: ``silence``.
silence_opened = _signals.signal("silence-opened")
silence_broken = _signals.signal("silence-broken")
#: ``silence``, ``silence_break`` (the statement whose objection was lifted).
silence_lifted = _signals.signal("silence-lifted")
silence_passed = _signals.signal("silence-passed")
#: ``silence`` (its outcome recorded as broken: the text goes back to consultations).
silence_ended_broken = _signals.signal("silence-ended-broken")
#: ``silence`` (its new deadline), ``earlier`` (the deadline it replaced).
silence_extended = _signals.signal("silence-extended")
#: ``silence`` (its note says why: the co-facilitators, a new text or the text withdrawn).
silence_withdrawn = _signals.signal("silence-withdrawn")
#: A co-facilitator marked a paragraph's status: ``paragraph``, ``status``.
paragraph_status_changed = _signals.signal("paragraph-status-changed")
#: A change in a live meeting's working text: ``meeting``, ``kind`` (`edit`, `focus` ...),
#: ``payload`` (what pages need to show it; see tracker.services.meeting).
meeting_changed = _signals.signal("meeting-changed")


def without_autoflush(handler: Callable[..., None]) -> Callable[..., None]:
    """A subscriber run without flushing the sender's pending changes: the service's own commit
    stays the place where its uniqueness and optimistic-locking checks fire."""

    @functools.wraps(handler)
    def receiver(sender: Any, **kwargs: Any) -> None:
        with db.session.no_autoflush:
            handler(sender, **kwargs)

    return receiver
