"""Health check for load balancers and the production scripts."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from tracker.extensions import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """200 when the app can reach its database, 503 otherwise."""
    # One question outside any transaction (no BEGIN and COMMIT around it): load balancers
    # ask it every few seconds of every worker, busy or not.
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy"; the body says which part
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
