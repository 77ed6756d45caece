"""A page a person has seen is sent again, without being made, while nothing in the database has
changed; any committed write, by whatever route, gives everyone fresh pages."""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager, suppress

from sqlalchemy import event, select, text, update

from tests.conftest import (
    clock_past,
    fixture_bytes,
    publish,
    redis_url_or_skip,
    schedule_round,
    sign_in,
)
from tests.views.test_query_counts import counted_queries
from tracker import data_generation, render_cache
from tracker.extensions import db
from tracker.models import Negotiation, User
from tracker.services.comments import create_comment
from tracker.services.revisions import upload_revision

ZERO = "zero-draft-2021-hlm-modalities.txt"


def _draft(cast):
    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    return revision, f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"


def _remark(cast, revision) -> None:
    create_comment(
        cast.delegate_b,
        revision,
        paragraph=revision.paragraphs[0],
        kind="comment",
        body="A remark.",
    )


def _keys(page: str) -> list[str]:
    return re.findall(r'name="submission_key" value="([^"]*)"', page)


def test_a_page_seen_again_is_sent_without_being_made_with_fresh_form_keys(app, cast):
    _revision, path = _draft(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    with counted_queries() as first:
        made = client.get(path)
    with counted_queries() as again:
        kept = client.get(path)
    assert made.status_code == kept.status_code == 200
    # the person with the generation, the negotiation, the revision
    assert len(again) <= 3 < len(first)
    made_page, kept_page = made.get_data(as_text=True), kept.get_data(as_text=True)
    assert _keys(made_page) and _keys(kept_page) and _keys(made_page) != _keys(kept_page)
    no_keys = re.compile(r'(name="(?:csrf_token|submission_key)"[^>]*value=")[^"]*')
    assert no_keys.sub(r"\1", made_page) == no_keys.sub(r"\1", kept_page)
    assert kept.headers["ETag"] == made.headers["ETag"]


def test_the_forms_of_a_kept_page_are_accepted_from_the_session_asking(app, cast):
    revision, path = _draft(cast)
    sign_in(app.test_client(), cast.delegate_a).get(path)  # kept, with another session's token
    browser = sign_in(app.test_client(), cast.delegate_a)  # another browser of the same person
    page = browser.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key = _keys(page)[0]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        sent = browser.post(
            f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}/comments",
            data={
                "csrf_token": token,
                "submission_key": key,
                "kind": "comment",
                "body": "On the text as a whole.",
                "visibility": "all",
            },
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert sent.status_code == 302, sent.get_data(as_text=True)[-3000:]
    assert "On the text as a whole." in browser.get(path).get_data(as_text=True)


def test_any_committed_write_gives_fresh_pages(app, cast):
    revision, path = _draft(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    assert "Negotiation A" in client.get(path).get_data(as_text=True)

    # Through the ORM
    _remark(cast, revision)
    assert "1 comment on" in client.get(path).get_data(as_text=True)

    # Through Core
    db.session.execute(
        update(Negotiation).where(Negotiation.id == cast.negotiation_a.id).values(title="Renamed")
    )
    db.session.commit()
    assert "Renamed" in client.get(path).get_data(as_text=True)

    # Through plain SQL
    db.session.execute(
        text("UPDATE negotiations SET title = 'Plainly renamed' WHERE id = :id"),
        {"id": cast.negotiation_a.id},
    )
    db.session.commit()
    assert "Plainly renamed" in client.get(path).get_data(as_text=True)


def test_a_rolled_back_write_keeps_the_generation_and_a_commit_moves_it(app, cast):
    before = data_generation.current()
    db.session.execute(text("UPDATE negotiations SET title = 'Never' WHERE id = :id"), {"id": 1})
    db.session.rollback()
    assert data_generation.current() == before
    db.session.commit()  # nothing written: nothing moves
    assert data_generation.current() == before
    cast.negotiation_a.title = "Moved on"
    db.session.commit()
    assert data_generation.current() == before + 1


def test_each_person_has_their_own_page(app, cast):
    _revision, path = _draft(cast)
    mexico = sign_in(app.test_client(), cast.delegate_a)
    chile = sign_in(app.test_client(), cast.delegate_b)
    assert "Mexico" in mexico.get(path).get_data(as_text=True)
    page = chile.get(path).get_data(as_text=True)
    assert "Chile" in page and cast.delegate_a.name not in page


def test_a_changed_account_is_shown_as_it_is_now(app, cast):
    _revision, path = _draft(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    client.get(path)
    db.session.execute(update(User).where(User.id == cast.delegate_a.id).values(name="Ana Ruiz"))
    db.session.commit()
    assert "Ana Ruiz" in client.get(path).get_data(as_text=True)


def test_a_message_to_show_once_is_shown_and_never_kept(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    client = sign_in(app.test_client(), cast.cofac_a)
    path = f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}"
    client.get(path)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Zero draft is published.")]
    assert "Zero draft is published." in client.get(path).get_data(as_text=True)
    assert "Zero draft is published." not in client.get(path).get_data(as_text=True)


def test_a_browser_holding_the_page_is_answered_304_until_something_changes(app, cast):
    revision, path = _draft(cast)
    client = sign_in(app.test_client(), cast.delegate_a)
    etag = client.get(path).headers["ETag"]
    with counted_queries() as asked:
        held = client.get(path, headers={"If-None-Match": etag})
    assert held.status_code == 304 and len(asked) == 1
    _remark(cast, revision)
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_permissions_are_checked_before_a_kept_page_is_sent(app, cast):
    preview = upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=ZERO, data=fixture_bytes(ZERO)
    )
    preview_path = f"/negotiations/{cast.negotiation_a.id}/revisions/{preview.id}"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    assert cofac.get(preview_path).status_code == 200
    etag = cofac.get(preview_path).headers["ETag"]
    delegate = sign_in(app.test_client(), cast.delegate_a)
    assert delegate.get(preview_path, headers={"If-None-Match": etag}).status_code == 404


def test_migrations_move_the_generation_on_to_the_clock_at_least(app):
    from flask_migrate import upgrade

    db.session.execute(text("UPDATE data_generation SET value = 5 WHERE id = 1"))
    db.session.commit()
    db.session.remove()
    upgrade()  # nothing left to migrate: the generation still moves on
    assert data_generation.current() >= data_generation.starting_value() - 60_000_000


def test_a_paragraph_page_is_kept_but_never_left_in_the_browser(app, cast):
    revision, _path = _draft(cast)
    paragraph = revision.paragraphs[0]
    path = f"/negotiations/{cast.negotiation_a.id}/paragraphs/{paragraph.id}/comments"
    client = sign_in(app.test_client(), cast.delegate_a)
    client.get(path)
    with counted_queries() as again:
        kept = client.get(path)
    assert kept.status_code == 200 and len(again) == 1  # the person, with the generation
    assert kept.headers["Cache-Control"] == "private, no-store" and "ETag" not in kept.headers
    _remark(cast, revision)
    assert "A remark." in client.get(path).get_data(as_text=True)


def test_pages_kept_in_redis_serve_every_app_server(app, cast):
    url = redis_url_or_skip(15)
    revision, path = _draft(cast)
    own = app.extensions["render_cache_pages"]
    shared = render_cache.RedisStore(url, f"tracker-test-{uuid.uuid4().hex}:")
    app.extensions["render_cache_pages"] = shared
    try:
        sign_in(app.test_client(), cast.delegate_a).get(path)  # made on one server, kept
        own.clear()  # another server: nothing of its own in memory
        other = sign_in(app.test_client(), cast.delegate_a)
        with counted_queries() as asked:
            kept = other.get(path)
        assert kept.status_code == 200 and len(asked) <= 3
        _remark(cast, revision)  # written through any server: the generation is the database's
        assert "1 comment on" in other.get(path).get_data(as_text=True)
    finally:
        shared.clear()
        app.extensions["render_cache_pages"] = own


@contextmanager
def transaction_endings():
    """How each transaction on the database ended inside the block: "commit" or "rollback"."""
    endings: list[str] = []
    engine = db.engine

    def committed(_connection):
        endings.append("commit")

    def rolled_back(_connection):
        endings.append("rollback")

    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)
    try:
        yield endings
    finally:
        event.remove(engine, "commit", committed)
        event.remove(engine, "rollback", rolled_back)


def test_a_request_that_wrote_nothing_ends_with_commit_and_plans_are_kept(app, cast):
    # psycopg forgets its prepared statements (the reused query plans) at every ROLLBACK.
    with transaction_endings() as endings, app.app_context():
        db.session.scalar(select(User.id).where(User.id == cast.delegate_a.id))
    assert endings == ["commit"]


def test_a_request_that_wrote_without_committing_is_still_rolled_back(app, cast):
    with transaction_endings() as endings, app.app_context():
        db.session.execute(update(User).where(User.id == cast.delegate_a.id).values(name="Never"))
    assert endings == ["rollback"]
    with transaction_endings() as endings, app.app_context():
        db.session.get(User, cast.delegate_a.id).name = "Pending"  # never flushed
    assert endings == ["rollback"]
    db.session.expire_all()
    assert db.session.get(User, cast.delegate_a.id).name == cast.delegate_a.name


def test_a_refused_request_that_wrote_nothing_ends_with_commit_and_plans_are_kept(app, cast):
    """A refusal found before any change (stopping a join one's delegation never made) ends
    like a read: at a ROLLBACK psycopg forgets every plan of the connection, and a busy day has
    refusals every second."""
    revision, _ = _draft(cast)
    comment = create_comment(
        cast.delegate_a, revision, paragraph=revision.paragraphs[0], kind="comment", body="Ours."
    )
    mexico = sign_in(app.test_client(), cast.delegate_a)
    with transaction_endings() as endings:
        refused = mexico.post(f"/negotiations/{cast.negotiation_a.id}/comments/{comment.id}/leave")
    assert refused.status_code in (403, 409, 422)
    assert "rollback" not in endings and "commit" in endings


def test_a_refused_request_that_wrote_is_rolled_back_and_stores_nothing(app, cast):
    from tracker.services import end_refused_transaction

    with app.test_request_context("/somewhere"), transaction_endings() as endings:
        db.session.execute(update(User).where(User.id == cast.delegate_a.id).values(name="Never"))
        end_refused_transaction()
    assert endings == ["rollback"]
    with app.test_request_context("/somewhere"), transaction_endings() as endings:
        db.session.get(User, cast.delegate_a.id).name = "Pending"  # never flushed
        end_refused_transaction()
    assert endings == ["rollback"]
    db.session.expire_all()
    assert db.session.get(User, cast.delegate_a.id).name == cast.delegate_a.name


def test_a_transaction_the_database_failed_is_ended_and_the_next_one_works(app, cast):
    from sqlalchemy.exc import DBAPIError

    from tracker.services import end_refused_transaction

    with app.test_request_context("/somewhere"):
        with suppress(DBAPIError):
            db.session.execute(text("SELECT missing FROM no_such_table"))
        end_refused_transaction()
        assert not db.session().in_transaction()
        assert db.session.scalar(select(User.name).where(User.id == cast.delegate_a.id)) == (
            cast.delegate_a.name
        )


def test_a_page_whose_form_token_is_in_no_slot_is_not_kept(app, cast):
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from tracker.views.kept_pages import KeptPage

    with app.test_request_context("/somewhere"):
        login_user(cast.delegate_a)
        kept = KeptPage.begin("test")
        token = generate_csrf()
        kept.keep(f'<form><input name="csrf_token" type="hidden" value="{token}"></form>')
        assert render_cache.page_store().get(kept.key) is not None
        render_cache.page_store().clear()
        kept.keep(f'<form><input value="{token}" name="csrf_token" type="hidden"></form>')
        assert render_cache.page_store().get(kept.key) is None  # it would carry this token


def test_a_kept_page_is_sent_after_reading_only_the_person(app, cast):
    """Same person, address and generation: the page, its permission checks included, would
    come out the same, so nothing but the person (with the generation) is read."""
    _draft(cast)
    revision = publish(cast.cofac_a, cast.negotiation_a, "align-zero-draft-rev1.txt")
    comment = create_comment(
        cast.delegate_a, revision, paragraph=revision.paragraphs[0], kind="comment", body="Yes."
    )
    base = f"/negotiations/{cast.negotiation_a.id}"
    pages = [
        f"{base}/revisions/{revision.id}",
        f"{base}/compare?mode=side",
        f"{base}/paragraphs/{revision.paragraphs[0].id}/comments",
        f"{base}/comments/{comment.id}",
    ]
    client = sign_in(app.test_client(), cast.delegate_b)
    for path in pages:
        first = client.get(path)
        with counted_queries() as asked:
            again = client.get(path)
        assert again.status_code == first.status_code == 200, path
        assert len(asked) == 1 and asked[0].lstrip().upper().startswith("SELECT USERS."), path


def test_a_person_who_may_no_longer_see_a_page_is_not_sent_it_kept(app, cast):
    """Taking away someone's right to see a page is a write: the page kept for them before is
    not sent again."""
    preview = upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=ZERO, data=fixture_bytes(ZERO)
    )
    path = f"/negotiations/{cast.negotiation_a.id}/revisions/{preview.id}"
    cofac = sign_in(app.test_client(), cast.cofac_a)
    assert cofac.get(path).status_code == 200
    assert cofac.get(path).status_code == 200  # kept
    db.session.execute(
        text("DELETE FROM negotiation_facilitators WHERE user_id = :user"),
        {"user": cast.cofac_a.id},
    )
    db.session.commit()
    assert cofac.get(path).status_code == 404


def test_a_kept_comment_page_is_made_again_when_its_round_closes(app, cast, monkeypatch):
    """A page kept while the round was open offers the delegation its edit and reply forms;
    once the deadline passes, with nothing written meanwhile, the page is made again and says
    the round has closed instead."""
    from datetime import timedelta

    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    closing = schedule_round(cast, revision, comments_for=timedelta(minutes=1))
    comment = create_comment(
        cast.delegate_a, revision, paragraph=revision.paragraphs[0], kind="comment", body="Mine."
    )
    assert comment.round is not None
    url = f"/negotiations/{cast.negotiation_a.id}/comments/{comment.id}"
    client = sign_in(app.test_client(), cast.delegate_a)
    assert "Save the edit" in client.get(url).get_data(as_text=True)
    assert "Save the edit" in client.get(url).get_data(as_text=True)  # kept, sent again
    clock_past(monkeypatch, closing.comment_deadline)
    page = client.get(url).get_data(as_text=True)
    assert "Save the edit" not in page and "Post reply" not in page
    assert "The deadline of First reading passed on" in page


def test_a_kept_paragraph_page_closes_its_comment_form_with_the_last_round(app, cast, monkeypatch):
    """A paragraph page kept while a round was open offers the delegation its comment form,
    though no comment shown has a deadline of its own; once the last round's deadline passes,
    with nothing written meanwhile, the page is made again and says no more comments are
    taken."""
    from datetime import timedelta

    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    closing = schedule_round(cast, revision, comments_for=timedelta(minutes=1))
    url = f"/negotiations/{cast.negotiation_a.id}/paragraphs/{revision.paragraphs[0].id}/comments"
    client = sign_in(app.test_client(), cast.delegate_a)
    assert 'class="comment-form"' in client.get(url).get_data(as_text=True)
    with counted_queries() as statements:
        assert 'class="comment-form"' in client.get(url).get_data(as_text=True)  # kept
    assert len(statements) == 1  # the person, with the generation: the page was kept
    clock_past(monkeypatch, closing.comment_deadline)
    page = client.get(url).get_data(as_text=True)
    assert 'class="comment-form"' not in page
    assert "The last deadline for comments on" in page


def test_a_kept_draft_page_closes_its_comment_forms_with_the_last_round(app, cast, monkeypatch):
    """A draft page kept, and held by the browser, while a round was open offers the
    delegation its comment forms; once the last round's deadline passes, with nothing written
    meanwhile, the browser's copy is no longer confirmed (no 304), and the page made again
    offers no comment form and says no more comments are taken."""
    from datetime import timedelta

    revision = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    closing = schedule_round(cast, revision, comments_for=timedelta(minutes=1))
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{revision.id}"
    client = sign_in(app.test_client(), cast.delegate_a)
    client.get(url)  # the first opening is recorded: a write
    held = client.get(url)
    page = held.get_data(as_text=True)
    assert "Comment on the text as a whole" in page and "Comment or propose" in page
    etag = held.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    clock_past(monkeypatch, closing.comment_deadline)
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    page = again.get_data(as_text=True)
    assert "Comment on the text as a whole" not in page and "Comment or propose" not in page
    assert "The last deadline for comments on" in page
