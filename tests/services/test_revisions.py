"""Publishing: immutable revisions, one sequence number each, nothing half-stored on a race."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import fixture_bytes, publish
from tracker.extensions import db
from tracker.models import AuditEvent, Paragraph, Revision
from tracker.services import Conflict, PermissionDenied, revisions

ZERO = "zero-draft-2021-hlm-modalities.txt"


def test_two_publications_racing_for_the_same_number_leave_the_second_a_preview(
    app, cast, monkeypatch
):
    first = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=ZERO, data=fixture_bytes(ZERO)
    )
    second = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=ZERO, data=fixture_bytes(ZERO), label="Draft"
    )
    revisions.publish_revision(cast.cofac_a, first)
    paragraphs_before = db.session.scalar(select(func.count(Paragraph.id)))
    # The second co-facilitator read "no revision published yet" just before the first committed.
    nothing_yet = revisions.Circulation(
        latest_id=None, latest_sequence=None, labels=frozenset(), highest_sequence=-1
    )
    monkeypatch.setattr(revisions, "circulation", lambda negotiation: nothing_yet)
    with pytest.raises(Conflict, match="published at the same moment"):
        revisions.publish_revision(cast.cofac_a, second)
    db.session.expire_all()
    assert db.session.get(Revision, second.id).state == "preview"
    assert db.session.scalar(select(func.count(Paragraph.id))) == paragraphs_before


def test_only_the_negotiations_own_facilitators_publish(app, cast):
    preview = revisions.upload_revision(
        cast.cofac_a, cast.negotiation_a, filename=ZERO, data=fixture_bytes(ZERO)
    )
    for outsider in (cast.cofac_b, cast.delegate_a):
        with pytest.raises(PermissionDenied):
            revisions.publish_revision(outsider, preview)
    assert preview.state == "preview"


def test_the_secretariat_publishes_for_the_facilitators_and_is_recorded_so(app, cast):
    preview = revisions.upload_revision(
        cast.secretariat, cast.negotiation_a, filename=ZERO, data=fixture_bytes(ZERO)
    )
    revisions.publish_revision(cast.secretariat, preview)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    acted = [(e.action, e.details.get("for_facilitators")) for e in events]
    assert ("revision.upload", True) in acted and ("revision.publish", True) in acted


def test_lineages_carry_through_three_revisions(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, ZERO)
    rev1 = publish(cast.cofac_a, cast.negotiation_a, "align-zero-draft-rev1.txt")
    # Rev.2 differs only in its title: every paragraph is unchanged.
    rev2 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        "align-zero-draft-rev1.txt",
        data=fixture_bytes("align-zero-draft-rev1.txt").replace(
            b"Modalities, format", b"Modalities and format", 1
        ),
    )
    history = revisions.lineage_history(
        cast.delegate_a, next(p for p in rev2.paragraphs if p.label == "OP7")
    )
    assert [(step.revision.label, step.label) for step in history] == [
        ("Zero draft", "OP8"),
        ("Rev.1", "OP7"),
        ("Rev.2", "OP7"),
    ]
    assert {p.change for p in rev2.paragraphs} == {"unchanged"}
    assert zero.sequence == 0 and rev1.sequence == 1 and rev2.sequence == 2


NESTED = """Paragraphs nested two deep

The General Assembly,

*Recalling* its earlier resolutions,

1. *Decides* that the meeting shall:

(a) Open with a plenary;

(b) Close with a summary that:

(i) Lists the commitments made;

(ii) Is circulated to all;

2. *Requests* a report.
"""


def test_a_text_with_sub_paragraphs_is_stored_in_reading_order_under_its_parents(app, cast):
    zero = publish(cast.cofac_a, cast.negotiation_a, "nested.txt", data=NESTED.encode())
    rev1 = publish(
        cast.cofac_a,
        cast.negotiation_a,
        "nested.txt",
        data=NESTED.replace("a report", "a short report").encode(),
    )
    for revision in (zero, rev1):
        rows = revision.paragraphs
        by_id = {p.id: p for p in rows}
        assert [(p.path, p.position) for p in rows] == [
            ("PP1", 0),
            ("OP1", 1),
            ("OP1 (a)", 2),
            ("OP1 (b)", 3),
            ("OP1 (b) (i)", 4),
            ("OP1 (b) (ii)", 5),
            ("OP2", 6),
        ]
        parents = {p.path: by_id[p.parent_id].path if p.parent_id else None for p in rows}
        assert parents == {
            "PP1": None,
            "OP1": None,
            "OP1 (a)": "OP1",
            "OP1 (b)": "OP1",
            "OP1 (b) (i)": "OP1 (b)",
            "OP1 (b) (ii)": "OP1 (b)",
            "OP2": None,
        }
    old = {p.path: p for p in zero.paragraphs}
    for paragraph in rev1.paragraphs:
        assert paragraph.lineage_id == old[paragraph.path].lineage_id
        assert paragraph.previous_id == old[paragraph.path].id
    assert {p.path: p.change for p in rev1.paragraphs if p.change != "unchanged"} == {
        "OP2": "modified"
    }
