"""Pages kept per person and sent again while nothing in the database has changed.

A page shows what the database holds, as one person may see it: while the database's
generation (tracker.data_generation) stays the same, the same person asking for the same address
is shown the same page. So a page is kept (tracker.render_cache's page store: Redis with
`CACHE_URL`, else per worker) under a key naming the release, the address with its query, the
person as loaded for this request (id, session version, role, delegation and name) and the
generation, and sent again without being made. Only what is signed anew for every sending
differs: the form token and the comment forms' one-time keys, whose places are kept as slots
and filled at each sending. A revision page's `ETag` is the key's digest, so a browser that
holds the page is answered 304, while it is kept, before anything is made; other pages stay
`no-store`. A page with messages to show once (flashes) is neither kept nor taken from the
store. A page that the clock alone changes (a round's deadline closes its comment forms) is
kept until then, and its `ETag` names that moment.

The generation is read first, before anything the page shows (`KeptPage.begin()` opens the
view): whatever is read after it is at least as new, and a change committed meanwhile moves the
generation on, so a kept page is never older than the generation it is kept under. A kept page
is sent again before the view reads anything else, its permission checks included: at the same
generation, for the same person and address, they read the same data and decide the same, and
any change to who may see what is a write, which moves the generation on. (A page a person may
not see is never made for them, so never kept for them.)
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from datetime import datetime

from flask import Response, g, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from tracker import data_generation, render_cache
from tracker.services.comments import new_submission_key
from tracker.views.conditional import PRIVATE, revalidated

#: The values signed anew for every page: form tokens and comment forms' one-time keys.
_FRESH_VALUE = re.compile(r'(name="(csrf_token|submission_key)"[^>]*value=")[^"]*(")')


@dataclass(frozen=True)
class KeptPage:
    """One request's page: its key in the store, or None when it is not to be kept."""

    key: str | None
    #: whether the browser may keep it too and ask again with its ETag (revision pages); other
    #: pages stay `no-store`, so that nothing of them outlives a sign-out on a shared computer
    revalidated: bool = True

    @classmethod
    def begin(cls, name: str, *, revalidated: bool = True) -> KeptPage:
        """Open a view whose page may be kept: the generation is read now, first."""
        if session.get("_flashes") or not current_user.is_authenticated:
            return cls(None, revalidated)
        generation = data_generation.current()
        if generation is None:
            return cls(None, revalidated)
        user = current_user
        person = (user.id, user.session_version, user.role, user.delegation_id, user.name)
        parts = (name, request.full_path, *person, generation)
        digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
        return cls(f"{render_cache.release()}:page:{digest}", revalidated)

    def etag(self, until: float | None) -> str:
        """The page's entity tag: the same page has the same one in every worker and server.
        A page that changes by the clock names the moment (`keep`'s `until`), so the page
        made after it never has the tag of the one before."""
        digest = (self.key or "").rsplit(":", 1)[-1][:32]
        return digest if until is None else f"{digest}-{int(until)}"

    def sent_again(self) -> Response | None:
        """While the kept page stands: a 304 when the browser holds it, else the kept page.
        None when there is none (the view makes it, then calls keep)."""
        if self.key is None:
            return None
        kept = render_cache.page_store().get(self.key)
        if kept is None:
            return None
        until = kept.get("until")
        if until is not None and time.time() >= until:
            return None
        if self.revalidated and request.if_none_match.contains(self.etag(until)):
            return self._with_validators(Response(status=304), until)
        token = generate_csrf()
        parts = [kept["pieces"][0]]
        for slot, piece in zip(kept["slots"], kept["pieces"][1:], strict=True):
            parts += (token if slot == "csrf_token" else new_submission_key(), piece)
        return self._with_validators(make_response("".join(parts)), until)

    def keep(self, page: str, *, until: datetime | None = None) -> Response:
        """Keep the page just made and send it; `until`: the moment it changes by the clock
        alone (a deadline that closes its forms), after which it is made again."""
        if self.key is None:
            return revalidated(make_response(page)) if self.revalidated else make_response(page)
        moment = until.timestamp() if until is not None else None
        pieces, slots, at = [], [], 0
        for match in _FRESH_VALUE.finditer(page):
            pieces.append(page[at : match.end(1)])
            slots.append(match.group(2))
            at = match.start(3)
        pieces.append(page[at:])
        token = g.get("csrf_token")  # where Flask-WTF keeps the request's signed token
        if token and any(token in piece for piece in pieces):
            return self._with_validators(make_response(page), moment)  # token in no slot
        render_cache.page_store().set(
            self.key,
            {
                "pieces": pieces,
                "slots": slots,
                "until": moment,
            },
            render_cache.FLEETING_TTL,
        )
        return self._with_validators(make_response(page), moment)

    def _with_validators(self, response: Response, until: float | None) -> Response:
        if self.revalidated:
            response.set_etag(self.etag(until))
            response.headers["Cache-Control"] = PRIVATE
        return response
