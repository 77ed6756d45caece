"""Validators and 304s where they are correct: revision pages, exports of published revisions,
and static files with versioned names kept a year."""

from __future__ import annotations

import re

from tests.conftest import publish, sign_in
from tests.views.test_render_cache import ZERO, _rev1
from tracker.services.comments import create_comment


def test_a_revision_page_answers_304_until_what_it_shows_changes(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    url = f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}"
    reader = sign_in(app.test_client(), cast.delegate_b)
    first = reader.get(url)
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    assert "private" in first.headers["Cache-Control"]
    again = reader.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""

    op3 = next(p for p in zero.paragraphs if p.label == "OP3")
    create_comment(cast.delegate_a, zero, paragraph=op3, kind="comment", body="Support.")
    changed = reader.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "1 comment on OP3" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_exports_of_published_revisions_are_made_once_per_browser(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1())
    base = f"/negotiations/{cast.negotiation_a.id}"
    reader = sign_in(app.test_client(), cast.delegate_a)
    for url in (
        f"{base}/revisions/{zero.id}/export.txt",
        f"{base}/revisions/{zero.id}/export.docx",
        f"{base}/compare/export.html?old={zero.id}&new={rev1.id}",
    ):
        first = reader.get(url)
        assert first.status_code == 200 and first.headers["Last-Modified"]
        etag = first.headers["ETag"]
        again = reader.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", url
        assert again.headers["ETag"] == etag
    other = reader.get(f"{base}/revisions/{rev1.id}/export.txt")
    assert (
        other.headers["ETag"]
        != reader.get(f"{base}/revisions/{zero.id}/export.txt").headers["ETag"]
    )


def test_a_pairing_correction_gives_the_comparison_a_new_etag(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, ZERO, data=_rev1())
    base = f"/negotiations/{cast.negotiation_a.id}"
    url = f"{base}/compare/export.html?old={zero.id}&new={rev1.id}"
    facilitator = sign_in(app.test_client(), cast.cofac_a)
    etag = facilitator.get(url).headers["ETag"]
    zero_etag = facilitator.get(f"{base}/revisions/{zero.id}/export.xml").headers["ETag"]
    new_op5 = next(p for p in rev1.paragraphs if p.label == "OP5")
    old_op14 = next(p for p in zero.paragraphs if p.label == "OP14")
    facilitator.post(
        f"{base}/paragraphs/{new_op5.id}/pairing", data={"continues": str(old_op14.id)}
    )
    after = facilitator.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    # The zero draft's own lineages did not change: its export is still the one held.
    held = facilitator.get(
        f"{base}/revisions/{zero.id}/export.xml", headers={"If-None-Match": zero_etag}
    )
    assert held.status_code == 304


def test_static_files_have_versioned_names_kept_a_year(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    reader = sign_in(app.test_client(), cast.delegate_a)
    page = reader.get(f"/negotiations/{cast.negotiation_a.id}/revisions/{zero.id}")
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', page.get_data(as_text=True))
    assert css, "the stylesheet's URL names its version"
    versioned = reader.get(css.group(1))
    assert versioned.status_code == 200
    assert "max-age=31536000" in versioned.headers["Cache-Control"]
    assert "immutable" in versioned.headers["Cache-Control"]
    versioned.close()
    stale = reader.get("/static/app.css?v=0000")
    assert "max-age=31536000" not in stale.headers["Cache-Control"]
    etag = stale.headers["ETag"]
    stale.close()
    revalidated = reader.get("/static/app.css", headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    revalidated.close()


def test_every_page_names_its_icon_and_the_icon_is_served(app, cast):
    """A delegate with a dozen tabs open (the text, the mail, the meeting) finds the tracker's
    by its icon; without one the browser asked for /favicon.ico and got a 404 on every visit."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon is not None
    with client.get(icon.group(1)) as served:
        assert served.status_code == 200 and served.mimetype == "image/svg+xml"
        assert "immutable" in served.headers["Cache-Control"]


def test_the_list_of_negotiations_is_found_under_its_own_name(app, cast):
    """An address cut back from /negotiations/3/revisions/7 finds the list, not a 404."""
    response = sign_in(app.test_client(), cast.delegate_a).get("/negotiations")
    assert response.status_code == 302 and response.headers["Location"] == "/"
