"""Published texts and comparisons are rendered once and reused; a pairing correction gives
exactly the pages it changes a fresh rendering; per-person lines are never shared."""

from __future__ import annotations

import contextlib
import re
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from flask import Flask, template_rendered

from tests.conftest import fixture_bytes, publish, redis_url_or_skip, sign_in
from tracker import render_cache
from tracker.services.comments import (
    create_comment,
    join_comment,
    leave_comment,
    withdraw_comment,
)
from tracker.services.moderation import hide_comment
from tracker.services.publishing import withdraw_revision
from tracker.services.revisions import pairing_stamp
from tracker.services.triage import set_paragraph_state

ZERO = "zero-draft-2021-hlm-modalities.txt"


def _rev1() -> bytes:
    """The zero draft with a new OP5 inserted (the rest renumbered)."""
    text = fixture_bytes(ZERO).decode("utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("5. "))
    renumbered = [
        re.sub(r"^(\d+)\. ", lambda m: f"{int(m.group(1)) + 1}. ", line) if i >= at else line
        for i, line in enumerate(lines)
    ]
    new = "5. *Invites* Member States to consider hosting side events on the review;"
    return "\n".join(renumbered[:at] + [new, ""] + renumbered[at:]).encode("utf-8")


@contextmanager
def rendered_templates(app):
    """Names of the templates rendered inside the block."""
    names: list[str] = []

    def note(sender, template, context, **extra):  # noqa: ARG001 (blinker's signature)
        names.append(template.name)

    template_rendered.connect(note, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(note, app)


def _pair_by_hand(app, cast, revision, label: str, continuing) -> None:  # noqa: ANN001 (models)
    """The co-facilitator pairs the revision's paragraph `label` with the paragraph
    (revision, label) `continuing` names, through the page's form."""
    earlier, earlier_label = continuing
    paragraph = next(p for p in revision.paragraphs if p.label == label)
    continues = next(p for p in earlier.paragraphs if p.label == earlier_label)
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    response = facilitator.post(
        f"/negotiations/{revision.negotiation_id}/paragraphs/{paragraph.id}/pairing",
        data={"continues": str(continues.id)},
    )
    assert response.status_code == 302


def test_the_draft_and_compare_pages_render_the_text_once_for_everyone(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1())
    base = f"/negotiations/{cast.negotiation_a.id}"
    first = sign_in(app.test_client(), cast.delegate_a)
    second = sign_in(app.test_client(), cast.delegate_b)
    with rendered_templates(app) as names:
        pages = [
            client.get(f"{base}/revisions/{rev1.id}").get_data(as_text=True)
            for client in (first, second, first)
        ]
        compared = [
            client.get(f"{base}/compare?old={zero.id}&new={rev1.id}").get_data(as_text=True)
            for client in (first, second)
        ]
    assert names.count("revisions/_published_text.html") == 1
    assert names.count("revisions/_comparison.html") == 1
    assert all('id="OP5"' in page and "badge-added" in page for page in pages)
    assert all(re.search(r"<strong>1</strong> added", page) for page in compared)


def test_a_texts_paragraphs_are_rendered_once_for_all_their_pages_and_readers(app, cast):
    """A paragraph's page shows the paragraph as the draft prints it: every paragraph of the
    text is drawn once, by the draft view's macros, for every paragraph page and reader."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    base = f"/negotiations/{cast.negotiation_a.id}"
    paths = ("OP2", "OP2 (b)", "PP3", "OP13")
    urls = [f"{base}/paragraphs/{p.id}/comments" for p in zero.paragraphs if p.path in paths]
    readers = [sign_in(app.test_client(), who) for who in (cast.delegate_a, cast.delegate_b)]
    with rendered_templates(app) as names:
        pages = [reader.get(url).get_data(as_text=True) for reader in readers for url in urls]
    assert names.count("consultations/_paragraph_texts.html") == 1
    assert len(pages) == 8 and all('class="resolution paragraph-text"' in page for page in pages)
    assert all("<em>Encourages</em>" in page for page in pages[3::4])  # OP13


def test_a_pairing_correction_renders_again_only_what_it_changed(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1())
    base = f"/negotiations/{cast.negotiation_a.id}"
    reader = sign_in(app.test_client(), cast.delegate_a)
    compare_url = f"{base}/compare?old={zero.id}&new={rev1.id}"
    for url in (f"{base}/revisions/{zero.id}", f"{base}/revisions/{rev1.id}", compare_url):
        reader.get(url)
    zero_stamp, rev1_stamp = pairing_stamp(None, zero), pairing_stamp(zero, rev1)

    _pair_by_hand(app, cast, rev1, "OP5", continuing=(zero, "OP14"))

    assert pairing_stamp(None, zero) == zero_stamp  # the zero draft is marked as it was
    assert pairing_stamp(zero, rev1) != rev1_stamp
    with rendered_templates(app) as names:
        zero_page = reader.get(f"{base}/revisions/{zero.id}")
        rev1_page = reader.get(f"{base}/revisions/{rev1.id}").get_data(as_text=True)
        compared = reader.get(compare_url).get_data(as_text=True)
    # Rev.1 and the pair are drawn again; the zero draft comes from the store.
    assert names.count("revisions/_published_text.html") == 1
    assert names.count("revisions/_comparison.html") == 1
    assert zero_page.status_code == 200
    op5 = re.search(r'id="OP5".*?</div>', rev1_page, re.S)
    assert op5 and "badge-added" not in op5.group(0)
    assert re.search(r'<td class="label">OP14</td>\s*<td class="label">OP5</td>', compared)
    # The correction is listed with the comparison it changed.
    assert "Pairings corrected by hand (1)" in compared


def test_a_withdrawal_between_two_compared_texts_renders_their_comparison_again(app, cast):
    """Hand corrections are listed only between consecutive published texts: when the texts
    between two compared ones are withdrawn (the latest first, then the one before it), their
    stored comparison is not used again."""
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1())
    texts = [_rev1().replace(b"consider hosting", b"host", 1)]
    texts.append(texts[0].replace(b"side events", b"events", 1))
    rev2, rev3 = (publish(cast.cofac_a, cast.negotiation_a, ZERO, data=t) for t in texts)
    base = f"/negotiations/{cast.negotiation_a.id}"
    _pair_by_hand(app, cast, rev3, "OP5", continuing=(rev2, "OP14"))
    reader = sign_in(app.test_client(), cast.delegate_a)
    url = f"{base}/compare?old={rev1.id}&new={rev3.id}"
    assert "Pairings corrected by hand" not in reader.get(url).get_data(as_text=True)
    withdraw_revision(cast.cofac_a, rev3, "Circulated by mistake.")
    withdraw_revision(cast.cofac_a, rev2, "Circulated by mistake too.")
    # Rev.3 now follows Rev.1: the correction made on it is listed.
    assert "Pairings corrected by hand (1)" in reader.get(url).get_data(as_text=True)


def test_a_later_publication_leaves_the_stored_comparison_of_earlier_texts(app, cast):
    """Publishing Rev.2 changes nothing in the comparison of the zero draft and Rev.1: it is
    taken from the store, not rendered again."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1())
    base = f"/negotiations/{cast.negotiation_a.id}"
    reader = sign_in(app.test_client(), cast.delegate_a)
    url = f"{base}/compare?old={zero.id}&new={rev1.id}"
    before = reader.get(url).get_data(as_text=True)
    publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1().replace(b"side events", b"events"))
    with rendered_templates(app) as names:
        after = reader.get(url).get_data(as_text=True)
    assert "revisions/_comparison.html" not in names
    table = re.compile(r'<table class="compare.*?</table>', re.S)
    assert table.search(after).group(0) == table.search(before).group(0)


def test_per_person_lines_are_composed_around_the_shared_text(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    op3 = next(p for p in zero.paragraphs if p.label == "OP3")
    create_comment(
        cast.delegate_a,
        zero,
        paragraph=op3,
        kind="comment",
        body="Only for the co-facilitators.",
        visibility="facilitators",
    )
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}"
    mexico = sign_in(app.test_client(), cast.delegate_a).get(url).get_data(as_text=True)
    chile = sign_in(app.test_client(), cast.delegate_b).get(url).get_data(as_text=True)
    assert "1 comment on OP3" in mexico  # its own comment, seen by its own delegation
    assert "1 comment on OP3" not in chile and "No comments on OP3 yet" in chile

    for number in range(5):
        create_comment(cast.delegate_b, zero, paragraph=op3, kind="comment", body=f"No {number}.")
    mexico = sign_in(app.test_client(), cast.delegate_a).get(url).get_data(as_text=True)
    chile = sign_in(app.test_client(), cast.delegate_b).get(url).get_data(as_text=True)
    # The first four who spoke are named, the rest counted; each sees what it may see.
    assert re.search(
        r'6 comments on OP3</a>:\s*<span class="speakers">Mexico; Chile; Chile; Chile; and 2 more',
        mexico,
    )
    assert re.search(
        r'5 comments on OP3</a>:\s*<span class="speakers">Chile; Chile; Chile; Chile; and 1 more',
        chile,
    )


def _op3_line(client, url: str) -> str:
    return _line_under(client, url, "OP3")


def _line_under(client, url: str, label: str) -> str:
    page = client.get(url).get_data(as_text=True)
    found = re.search(
        rf'<p class="para-consult[^"]*">((?:(?!</p>).)*?on {label}\b.*?)</p>', page, re.S
    )
    assert found, f"no line under {label}"
    return " ".join(found.group(1).split())


def test_the_stored_lines_under_paragraphs_follow_every_change(app, cast):
    """The lines under the paragraphs are composed once and reused until what they show
    changes: each change below shows on the very next page."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    op3 = next(p for p in zero.paragraphs if p.label == "OP3")
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}"
    chile = sign_in(app.test_client(), cast.delegate_b)
    assert "No comments on OP3 yet" in _op3_line(chile, url)
    assert _op3_line(chile, url) == _op3_line(chile, url)

    comment = create_comment(cast.delegate_a, zero, paragraph=op3, kind="comment", body="Yes.")
    assert "1 comment on OP3" in _op3_line(chile, url)
    assert "Mexico" in _op3_line(chile, url)

    join_comment(cast.delegate_b, comment)
    assert "Mexico, joined by Chile" in _op3_line(chile, url)
    leave_comment(cast.delegate_b, comment)
    assert "joined by" not in _op3_line(chile, url)

    set_paragraph_state(cast.cofac_a, op3, "agreed_ad_ref")
    assert "Agreed ad ref" in _op3_line(chile, url)

    hide_comment(cast.cofac_a, comment)
    assert "No comments on OP3 yet" in _op3_line(chile, url)
    mexico = sign_in(app.test_client(), cast.delegate_a)
    assert "1 comment on OP3" in _op3_line(mexico, url)  # its own, hidden from others
    hide_comment(cast.cofac_a, comment, hidden=False)
    assert "1 comment on OP3" in _op3_line(chile, url)

    withdraw_comment(cast.delegate_a, comment)
    assert "No comments on OP3 yet" in _op3_line(chile, url)


def test_a_reader_of_an_earlier_revision_is_pointed_to_the_latest_and_offered_no_form(app, cast):
    """Once a later revision is out, an earlier one says which text is the latest (with the
    way to it and to the comparison), and the lines under its paragraphs say what was said
    and offer no comment form, with nothing trailing after the last item (a lone `·` had)."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    op3 = next(p for p in zero.paragraphs if p.label == "OP3")
    create_comment(cast.delegate_a, zero, paragraph=op3, kind="comment", body="Clarify.")
    op4 = next(p for p in zero.paragraphs if p.label == "OP4")
    set_paragraph_state(cast.cofac_a, op4, "agreed_ad_ref")
    base = f"/negotiations/{cast.negotiation_a.id}"
    chile = sign_in(app.test_client(), cast.delegate_b)
    assert "is the latest text" not in chile.get(f"{base}/revisions/{zero.id}").get_data(True)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "rev1.txt", data=_rev1())
    url = f"{base}/revisions/{zero.id}"
    page = chile.get(url).get_data(as_text=True)
    assert "Rev.1 is the latest text" in page
    assert f'href="{base}/revisions/{rev1.id}">Open Rev.1</a>' in page
    assert f"{base}/compare?old={zero.id}&amp;new={rev1.id}" in page
    assert "is the latest text" not in chile.get(f"{base}/revisions/{rev1.id}").get_data(True)
    commented, silent = _line_under(chile, url, "OP3"), _line_under(chile, url, "OP4")
    assert commented.endswith('<span class="speakers">Mexico</span>'), commented
    assert silent.endswith('<span class="muted">No comments on OP4 yet</span>'), silent
    assert "Comment or propose" not in commented + silent


def test_the_redis_store_shares_entries_between_apps(app):
    url = redis_url_or_skip(15)
    prefix = f"tracker-test-{uuid.uuid4().hex}:"
    one, other = render_cache.RedisStore(url, prefix), render_cache.RedisStore(url, prefix)
    one.set("text:1", {"pieces": ["<p>a</p>"]})
    assert other.get("text:1") == {"pieces": ["<p>a</p>"]}
    other.clear()
    assert one.get("text:1") is None
    unreachable = render_cache.RedisStore("redis://127.0.0.1:1/0", prefix)
    assert unreachable.get("text:1") is None  # an outage costs a render, not the page
    unreachable.set("text:1", {"x": 1})


class _CountedStore(render_cache.MemoryStore):
    """A shared store that counts how often it is read."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get(self, key):  # noqa: ANN001, ANN201 (the Store protocol's)
        self.reads += 1
        return super().get(key)


def test_a_worker_reads_an_entry_from_the_shared_store_once():
    """With Redis, each page used to fetch and decode the whole stored text again."""
    shared = _CountedStore()
    one = render_cache.LayeredStore(render_cache.MemoryStore(), shared)
    other = render_cache.LayeredStore(render_cache.MemoryStore(), shared)
    one.set("text:1", {"pieces": ["<p>a</p>"]})
    assert other.get("text:1") == {"pieces": ["<p>a</p>"]}  # made by another worker
    assert other.get("text:1") == {"pieces": ["<p>a</p>"]}
    assert shared.reads == 1
    assert other.get("text:2") is None and other.get("text:2") is None
    assert shared.reads == 3  # a missing entry is asked for again: another worker may store it
    other.clear()
    assert one.get("text:1") == {"pieces": ["<p>a</p>"]}  # still right: keys never change
    assert shared.get("text:1") is None


def test_with_a_cache_url_the_stores_are_shared_and_kept_near(app):
    served = Flask("tracker", root_path=app.root_path, template_folder=app.template_folder)
    served.config.update(CACHE_URL="redis://127.0.0.1:6379/15", CACHE_KEY_PREFIX="tracker-test:")
    render_cache.init_app(served)
    texts, pages = served.extensions["render_cache"], served.extensions["render_cache_pages"]
    assert isinstance(texts, render_cache.LayeredStore)
    assert isinstance(pages, render_cache.LayeredStore)
    assert isinstance(texts.shared, render_cache.RedisStore)
    moments = served.extensions["render_cache_moments"]
    assert isinstance(moments, render_cache.LayeredStore) and moments.shared is texts.shared
    assert texts.near.entries == render_cache.MEMORY_ENTRIES
    assert pages.near.entries == render_cache.MEMORY_PAGES


def _on_postgresql_or_skip(app) -> None:  # noqa: ANN001 (a Flask app)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("texts are shared through PostgreSQL; on SQLite each process keeps its own")


def test_a_text_rendered_in_one_worker_is_not_rendered_again_in_another(app, cast):
    """Four workers each rendered a new text in the first seconds after its publication."""
    _on_postgresql_or_skip(app)
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1())
    base = f"/negotiations/{cast.negotiation_a.id}"
    sign_in(app.test_client(), cast.delegate_a).get(f"{base}/revisions/{rev1.id}")
    sign_in(app.test_client(), cast.delegate_a).get(f"{base}/compare?old={zero.id}&new={rev1.id}")
    for name in ("render_cache", "render_cache_moments", "render_cache_pages"):
        store = app.extensions[name]
        (store.near if isinstance(store, render_cache.LayeredStore) else store).clear()
    other = sign_in(app.test_client(), cast.delegate_b)  # in another worker, memory empty
    with rendered_templates(app) as names:
        page = other.get(f"{base}/revisions/{rev1.id}").get_data(as_text=True)
        compared = other.get(f"{base}/compare?old={zero.id}&new={rev1.id}")
    assert "revisions/_published_text.html" not in names
    assert "revisions/_comparison.html" not in names
    assert 'id="OP5"' in page and "badge-added" in page
    assert re.search(r"<strong>1</strong> added", compared.get_data(as_text=True))


def test_storing_a_rendering_moves_no_generation(app):
    """A stored rendering is not data: kept pages stay kept. (A connection marked as written
    moves the generation when its transaction commits.)"""
    _on_postgresql_or_skip(app)
    from tracker import data_generation
    from tracker.extensions import db

    with app.app_context():
        render_cache.DatabaseStore().set(f"{render_cache.release()}:test:{uuid.uuid4()}", [1])
        assert not data_generation.wrote(db.session.connection())
        db.session.rollback()


def test_a_process_waits_for_another_building_the_same_text(app):
    """The others wait for the render and take what it stored, not for the rest of the
    builder's page."""
    _on_postgresql_or_skip(app)
    from tracker.extensions import db

    key = f"{render_cache.release()}:test:{uuid.uuid4()}"
    building, built, rest_of_page = threading.Event(), threading.Event(), threading.Event()
    second_done = threading.Event()
    found: list[object] = []

    def first() -> None:
        with app.app_context():
            store = render_cache.DatabaseStore()
            with store.exclusive(key):
                building.set()
                built.wait(10)
                store.set(key, {"pieces": ["<p>built once</p>"]})
            rest_of_page.wait(10)  # the builder's page goes on
            db.session.rollback()

    def second() -> None:
        assert building.wait(10)
        with app.app_context():
            store = render_cache.DatabaseStore()
            with store.exclusive(key):
                found.append(store.get(key))
            db.session.rollback()
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    assert found == []  # the second waits while the first builds
    built.set()
    try:
        assert second_done.wait(5)
    finally:
        rest_of_page.set()
        for thread in threads:
            thread.join(10)
    assert found == [{"pieces": ["<p>built once</p>"]}]


def test_renderings_of_earlier_releases_are_removed(app):
    _on_postgresql_or_skip(app)
    from tracker.extensions import db

    store = render_cache.DatabaseStore()
    with app.app_context():
        store.set("an-earlier-release:text:1", {"pieces": []})
        render_cache._earlier_releases_forgotten.clear()  # as in a process just started
        current = f"{render_cache.release()}:text:{uuid.uuid4()}"
        store.set(current, {"pieces": ["<p>a</p>"]})
        assert store.get("an-earlier-release:text:1") is None
        assert store.get(current) == {"pieces": ["<p>a</p>"]}
        db.session.rollback()


def test_requests_asking_at_once_for_what_is_being_built_wait_for_it(app):
    """200 delegations opening a new revision in the same second: one request of a process
    builds the text, the others wait and take it; when the builder fails, a waiter builds."""
    key = f"test:{uuid.uuid4()}"
    started, release = threading.Event(), threading.Event()
    builds: list[str] = []
    got: list[object] = []

    def slow_build() -> str:
        builds.append("first")
        started.set()
        release.wait(10)
        return "<p>text</p>"

    def ask(build) -> None:  # noqa: ANN001
        with app.app_context():
            got.append(render_cache.fetch(key, build))

    first = threading.Thread(target=ask, args=(slow_build,))
    first.start()
    assert started.wait(10)

    def build_again() -> str:
        builds.append("again")
        return "<p>again</p>"

    others = [threading.Thread(target=ask, args=(build_again,)) for _ in range(3)]
    for thread in others:
        thread.start()
    time.sleep(0.2)  # the others reach the wait (if they built instead, `builds` says so)
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert builds == ["first"]
    assert got == ["<p>text</p>"] * 4

    failing_key = f"test:{uuid.uuid4()}"
    started.clear()
    release.clear()
    builds.clear()
    got.clear()

    def failing_build() -> str:
        started.set()
        release.wait(10)
        raise RuntimeError("the database went away")

    def ask_failing() -> None:
        with app.app_context(), contextlib.suppress(RuntimeError):
            render_cache.fetch(failing_key, failing_build)

    def ask_again() -> None:
        with app.app_context():
            got.append(render_cache.fetch(failing_key, lambda: "<p>built by a waiter</p>"))

    first = threading.Thread(target=ask_failing)
    first.start()
    assert started.wait(10)
    waiter = threading.Thread(target=ask_again)
    waiter.start()
    time.sleep(0.2)
    release.set()
    for thread in (first, waiter):
        thread.join(10)
    assert got == ["<p>built by a waiter</p>"]


def test_a_pairing_corrected_on_an_earlier_text_moves_the_comments_of_a_later_one(app, cast):
    """Rev.1's new OP5 is paired by hand with the zero draft's OP14: the comments on that
    paragraph follow it to OP5 in Rev.2 too, whose own pairing did not change."""
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    old_op14 = next(p for p in zero.paragraphs if p.label == "OP14")
    create_comment(cast.delegate_a, zero, paragraph=old_op14, kind="comment", body="On OP14.")
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1())
    rev2_text = _rev1().replace(b"consider hosting", b"host", 1)
    rev2 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=rev2_text)
    base = f"/negotiations/{cast.negotiation_a.id}"
    reader = sign_in(app.test_client(), cast.delegate_b)
    url = f"{base}/revisions/{rev2.id}"
    assert "1 comment on OP15" in _line_under(reader, url, "OP15")
    assert "No comments on OP5 yet" in _line_under(reader, url, "OP5")

    _pair_by_hand(app, cast, rev1, "OP5", continuing=(zero, "OP14"))
    assert "1 comment on OP5" in _line_under(reader, url, "OP5")
    assert "No comments on OP15 yet" in _line_under(reader, url, "OP15")
