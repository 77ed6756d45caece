"""Links: the app's addresses, each built once per process and then looked up.

A page links to every comment card, form and paragraph it shows: the paragraph page of the load
benchmark builds about forty addresses, and Werkzeug's `build` costs several microseconds each,
about 3% of that page (bench/README.md, nineteenth round). The address of an endpoint with the
same values under the same script root never changes while the process runs (its rules are
fixed once the blueprints are registered), so `TrackerFlask.url_for` keeps each one it built
and hands it out again, in views and templates alike (Flask's template global `url_for` is the
app's method).

Kept only where the answer is certain to be the same: inside a request, for a relative address
(no `_external`, no `_scheme`), with values that are plain strings and integers, and while the
app has no `url_defaults` function (which could add values that the key does not hold; static
files are versioned here instead, `static_digest`). Anything else is built as Flask builds it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import Any

from flask import Flask
from flask.globals import _cv_request

#: Addresses kept per process before the store starts afresh (a few megabytes at most).
ADDRESSES_KEPT = 50_000


class TrackerFlask(Flask):
    """Flask, whose `url_for` builds each address once (see the module's notes) and whose
    logger leaves out the secrets of addresses."""

    #: The digest a static file's address carries (`?v=`), set by tracker._version_static_files.
    static_digest: Callable[[str], str | None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[tuple[Any, ...], str] = {}

    @cached_property
    def logger(self) -> logging.Logger:
        """Flask's logger, made when first used as Flask makes it, whose lines never carry the
        secret of a one-time link: its line for an unexpected error names the address."""
        from tracker.logging import redact_every_line

        logger = super().logger
        redact_every_line(logger)
        return logger

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        if endpoint == "static":
            if self.static_digest and "v" not in values and values.get("filename"):
                version = self.static_digest(values["filename"])
                if version:
                    values["v"] = version
        else:
            key = self._address_key(endpoint, _anchor, _method, _scheme, _external, values)
            if key is not None:
                address = self._addresses.get(key)
                if address is None:
                    address = super().url_for(endpoint, _anchor=_anchor, _method=_method, **values)
                    if len(self._addresses) >= ADDRESSES_KEPT:
                        self._addresses.clear()
                    self._addresses[key] = address
                return address
        return super().url_for(
            endpoint,
            _anchor=_anchor,
            _method=_method,
            _scheme=_scheme,
            _external=_external,
            **values,
        )

    def _address_key(
        self,
        endpoint: str,
        anchor: str | None,
        method: str | None,
        scheme: str | None,
        external: bool | None,
        values: dict[str, Any],
    ) -> tuple[Any, ...] | None:
        """What the address depends on, or None when it is not to be kept."""
        context = _cv_request.get(None)
        if context is None or external or scheme is not None or self.url_default_functions:
            return None
        for value in values.values():
            kind = type(value)
            if kind is not int and kind is not str:
                return None  # a bool, a float, an object: built as Flask builds it
        adapter = context.url_adapter
        return (
            # A relative endpoint ('.page') is the current blueprint's.
            context.request.blueprint if endpoint[:1] == "." else None,
            endpoint,
            anchor,
            method,
            # Where the app is mounted, and what an address on another host would name.
            *(
                (adapter.script_name, adapter.server_name, adapter.subdomain, adapter.url_scheme)
                if adapter is not None
                else ()
            ),
            *values.items(),
        )
