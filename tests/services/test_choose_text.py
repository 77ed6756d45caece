"""A file that holds several texts: the preview shows one, the co-facilitator picks another."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.text.test_read_several import REPORT
from tracker.extensions import db
from tracker.models import AuditEvent, Revision
from tracker.services import Invalid, PermissionDenied, revisions


def _preview(cast) -> Revision:
    return revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename="report.txt", data=REPORT.encode("utf-8")
    )


def test_the_preview_can_show_another_text_and_back(app, cast) -> None:
    preview = _preview(cast)
    assert preview.title == "Policies and programmes involving youth"
    assert [o.title for o in preview.document.others] == [
        "Literacy for life",
        "Documents considered",
    ]
    revisions.choose_text(cast.cofac_a, preview, 0)
    db.session.expire_all()
    chosen = db.session.get(Revision, preview.id)
    assert chosen.title == "Literacy for life"
    assert [p.label for p in chosen.document.paragraphs] == ["PP1", "OP1"]
    assert [o.title for o in chosen.document.others] == [
        "Policies and programmes involving youth",
        "Documents considered",
    ]
    revisions.choose_text(cast.cofac_a, chosen, 0)
    assert chosen.document.title == "Policies and programmes involving youth"
    published = revisions.publish_revision(cast.cofac_a, chosen)
    assert [p.label for p in published.document.paragraphs] == ["PP1", "OP1", "OP2"]


def test_only_a_facilitator_chooses_and_only_a_text_the_file_holds(app, cast) -> None:
    preview = _preview(cast)
    with pytest.raises(PermissionDenied):
        revisions.choose_text(cast.delegate_a, preview, 0)
    with pytest.raises(Invalid, match="not in the uploaded file"):
        revisions.choose_text(cast.cofac_a, preview, 2)
    assert preview.title == "Policies and programmes involving youth"


def test_the_secretariat_choosing_a_text_is_recorded_as_acting_for_the_facilitators(
    app, cast
) -> None:
    preview = _preview(cast)
    revisions.choose_text(cast.secretariat, preview, 0)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "revision.choose_text"))
    assert event is not None and event.details.get("for_facilitators") is True
