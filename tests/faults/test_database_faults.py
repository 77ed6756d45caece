"""The database connection dies in the middle of a write: nothing half-stored, next request works.

On PostgreSQL the session's own backend is terminated with pg_terminate_backend half-way through
the publish; on SQLite (which has no server to lose) the flush fails with the OperationalError a
lost connection raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from tests.conftest import fixture_bytes, publish, sign_in

DRAFT = "zero-draft-2021-hlm-modalities.txt"


@contextmanager
def connection_lost_at(statement_start: str, after: int = 0) -> Iterator[list[str]]:
    """Kill the database connection when the (after+1)-th statement starting so is sent."""
    from tracker.extensions import db

    engine = db.engine
    seen: list[str] = []
    matched = 0

    def before_execute(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        nonlocal matched
        if seen or not statement.lstrip().upper().startswith(statement_start):
            return
        matched += 1
        if matched <= after:
            return
        seen.append(statement)
        if engine.dialect.name == "postgresql":
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as killer:
                killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        else:
            raise OperationalError(statement, parameters, Exception("disk I/O error"))

    event.listen(engine, "before_cursor_execute", before_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before_execute)


def _counts() -> dict[str, int]:
    from tracker.extensions import db
    from tracker.models import Comment, Lineage, Paragraph, Revision

    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Revision, Paragraph, Lineage, Comment)
    }


def test_publish_interrupted_by_a_lost_connection_leaves_the_preview_untouched(app, cast):
    from tracker.extensions import db
    from tracker.models import Paragraph, Revision, RevisionState
    from tracker.services.revisions import upload_revision

    preview = upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=DRAFT, data=fixture_bytes(DRAFT)
    )
    preview_id = preview.id
    before = _counts()
    client = sign_in(app.test_client(), cast.cofac_a)
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{preview_id}/publish"
    # By the first paragraph the revision row is already updated and the lineages inserted.
    with (
        connection_lost_at("INSERT INTO PARAGRAPHS") as killed,
        pytest.raises((OperationalError, DBAPIError)),
    ):
        # (a testing app lets the error through)
        client.post(url, data={"confirmed": "yes", "reviewed_against": "none"})
    assert killed, "the fault was never injected"
    db.session.rollback()
    db.session.remove()

    assert _counts() == before
    revision = db.session.get(Revision, preview_id)
    assert revision.state == RevisionState.PREVIEW
    assert revision.sequence is None
    orphans = db.session.scalar(
        select(func.count(Paragraph.id))
        .join(Revision)
        .where(Revision.state != RevisionState.PUBLISHED)
    )
    assert orphans == 0

    # The dead connection is replaced: the next request works, and so does the retry.
    assert client.get("/healthz").status_code == 200
    response = client.post(url, data={"confirmed": "yes", "reviewed_against": "none"})
    assert response.status_code == 302
    db.session.remove()
    assert db.session.get(Revision, preview_id).state == RevisionState.PUBLISHED


def test_a_comment_interrupted_by_a_lost_connection_is_not_half_stored(app, cast):
    from tracker.extensions import db

    zero = publish(cast.cofac_a, cast.negotiation_a, DRAFT)
    paragraph = zero.paragraphs[0]
    before = _counts()
    client = sign_in(app.test_client(), cast.delegate_a)
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}/comments"
    form = {"paragraph_id": str(paragraph.id), "kind": "comment", "body": "We support PP1."}
    with (
        connection_lost_at("INSERT INTO COMMENTS") as killed,
        pytest.raises((OperationalError, DBAPIError)),
    ):
        client.post(url, data=form)
    assert killed
    db.session.rollback()
    db.session.remove()
    assert _counts() == before

    assert client.get("/healthz").status_code == 200
    assert client.post(url, data=form).status_code == 302
    assert _counts()["comments"] == before["comments"] + 1


def test_a_lost_connection_gives_a_readable_500_page_not_a_traceback(app, cast):
    from tracker.extensions import db

    client = sign_in(app.test_client(), cast.secretariat)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page is served
    try:
        with connection_lost_at("SELECT"):
            response = client.get("/")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    db.session.rollback()
    db.session.remove()
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and "OperationalError" not in page
    assert client.get("/").status_code == 200


def test_a_connection_the_server_ended_while_idle_is_replaced_before_a_request_uses_it(app, cast):
    """A database restart or a terminated backend ends the pool's idle connections: the next
    request gets a new one instead of an error."""
    import psycopg

    from tracker.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("only a database server can end a connection the pool keeps (PostgreSQL)")
    client = sign_in(app.test_client(), cast.delegate_a)
    negotiation_page = f"/negotiations/{cast.negotiation_a.id}"
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as connection:  # the pool's one connection, idle once returned
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as killer:
        assert killer.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone()[0]

    assert client.get("/healthz").status_code == 200
    assert client.get(negotiation_page).status_code == 200
