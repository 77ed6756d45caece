"""Every view says in one line what it shows or does, for whoever reads the routes."""

from __future__ import annotations


def test_every_view_has_a_one_line_docstring(app):
    undocumented = sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and len((view.__doc__ or "").strip().splitlines()) != 1
    )
    assert undocumented == []
