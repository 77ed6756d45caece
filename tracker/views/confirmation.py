"""The second step of a grave action, as a real page and form (no script needed): the first
press of the button shows what will happen; only the form on that page carries
`confirmed=yes`, and only then does the view call the service."""

from __future__ import annotations

from collections.abc import Iterable

from flask import render_template, request

from tracker.forms import ConfirmForm


def confirmed() -> bool:
    """Whether this POST comes from a confirmation page."""
    return ConfirmForm().confirmed.data == "yes"


def confirmation_page(
    *,
    title: str,
    explanation: Iterable[str],
    button: str,
    cancel_url: str,
    fields: Iterable[tuple[str, str]] = (),
    quoted: str = "",
) -> str:
    """The page asking to confirm: it posts the same fields back to the same address."""
    return render_template(
        "confirm.html",
        title=title,
        explanation=list(explanation),
        button=button,
        cancel_url=cancel_url,
        action=request.path,
        fields=list(fields),
        quoted=quoted,
        form=ConfirmForm(),
    )
