"""Each person's notifications, the unread count on every page, and the Atom feeds."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.services import access, notifications
from tracker.services.negotiations import list_negotiations
from tracker.views import safe_next

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def layout_context() -> dict[str, Any]:
    """What the layout shows on every page: the signed-in user's unread notifications."""
    unread = notifications.unread_count(current_user) if current_user.is_authenticated else 0
    return {"unread_notifications": notifications.unread_shown(unread)}


@bp.route("/notifications")
@login_required
def index():
    """The signed-in person's notifications and feed links."""
    token = notifications.feed_token(current_user)
    return render_template(
        "notifications/index.html",
        items=notifications.notifications_for(current_user),
        token=token,
        negotiations=list_negotiations(current_user),
    )


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Follow a notification to what it tells of, marking it read as opening a message does."""
    notification = notifications.mark_read(current_user, notification_id)
    return redirect(safe_next(notification.link, "notifications.index"))


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    """Mark one notification read."""
    notifications.mark_read(current_user, notification_id)
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def mark_all_read():
    """Mark every notification read."""
    count = notifications.mark_all_read(current_user)
    flash(
        f"{count} notification{'' if count == 1 else 's'} marked as read."
        if count
        else "There were no unread notifications.",
        "success",
    )
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/feed-token", methods=["POST"])
@login_required
def reset_feed_token():
    """Replace the personal feed token, so older feed links stop working."""
    notifications.reset_feed_token(current_user)
    flash("Your feed links were replaced; links given out before no longer work.", "success")
    return redirect(url_for("notifications.index"))


@bp.route("/negotiations/<int:negotiation_id>/feed.atom")
def feed(negotiation_id: int):
    # Feed readers cannot sign in: the personal token stands for the session.
    """A negotiation's Atom feed, read with a personal token instead of a session."""
    reader = notifications.user_for_feed_token(request.args.get("token"))
    negotiation = access.get_negotiation(reader, negotiation_id)
    atom = notifications.negotiation_feed(
        reader,
        negotiation,
        base_url=request.url_root,
        feed_url=url_for("notifications.feed", negotiation_id=negotiation.id, _external=True),
    )
    response = Response(atom, mimetype="application/atom+xml")
    # A personal feed: shared caches must not keep one reader's view for another.
    response.headers["Cache-Control"] = "private, no-store"
    return response
