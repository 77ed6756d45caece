"""The negotiation archive: everything recorded is in it, it restores exactly into a fresh
database (ids renumbered, accounts and delegations matched), and a bad archive stores nothing."""

from __future__ import annotations

import base64
import copy
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.conftest import (
    PASSWORD,
    designate,
    drop_postgres_database,
    fixture_bytes,
    make_user,
    postgres_url,
    publish,
    sign_in,
)
from tracker.extensions import db
from tracker.models import AuditEvent, Comment, CommentTally, Delegation, Negotiation, User
from tracker.services import PermissionDenied, meeting, rounds, silence, triage
from tracker.services import comments as comment_service
from tracker.services.archive import (
    ARCHIVED,
    DETAIL_REFERENCES,
    FORMAT,
    REFERENCED,
    VERSION,
    ArchiveInvalid,
    archive_json,
    archive_negotiation,
    export_archive,
    import_negotiation,
    is_excluded,
    read_archive,
)
from tracker.services.revisions import correct_lineage

ZERO = "zero-draft-2021-hlm-modalities.txt"


def rev1_with_new_op3(edit: tuple[str, str]) -> bytes:
    """The zero draft with a new OP3, so the old OP3 becomes OP4, and one edit made."""
    lines = fixture_bytes(ZERO).decode("utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("3. *Also decides*"))
    for i in range(start, len(lines)):
        lines[i] = re.sub(r"^(\d+)\. ", lambda m: f"{int(m.group(1)) + 1}. ", lines[i])
    lines.insert(start, "3. *Welcomes* the contributions of Member States to the preparations;")
    return "\n".join(lines).replace(*edit).encode("utf-8")


def top(revision, label: str):
    """The paragraph (not a sub-paragraph) with that label."""
    return next(p for p in revision.paragraphs if p.label == label and p.parent_id is None)


@dataclass
class Built:
    """A negotiation with every kind of record an archive must carry."""

    negotiation: Any
    zero: Any
    rev1: Any
    amend: Any
    private: Any
    whole_text: Any
    new_after: Any
    turkiye: Any
    ivory_coast: Any


def build_negotiation(cast) -> Built:
    """Two revisions, a pairing correction, a round, comments of several kinds with joins,
    replies, edits, triage and paragraph statuses, by delegations with accented names."""
    negotiation = cast.negotiation_a
    zero = publish(cast.cofac_a, negotiation, ZERO)
    now = datetime.now(UTC)
    consultation_round = rounds.create_round(
        cast.cofac_a,
        negotiation,
        title="First reading",
        revision=zero,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=3),
        comment_deadline=now + timedelta(days=2),
        venue="Conference Room 4",
    )
    turkiye = make_user("turkiye@example.org", "delegate", "TUR", name="Delegate of Türkiye")
    ivory_coast = make_user("civ@example.org", "delegate", "CIV", name="Délégué ivoirien")
    op3, op5, op1 = top(zero, "OP3"), top(zero, "OP5"), top(zero, "OP1")
    amend = comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=op3,
        kind="amend",
        proposed_text=op3.text.replace("will be webcast", "will be webcast live"),
        body="Live webcasting reaches capitals.",
    )
    comment_service.join_comment(cast.delegate_b, amend)
    comment_service.join_comment(ivory_coast, amend)
    comment_service.join_comment(turkiye, amend)
    comment_service.leave_comment(turkiye, amend)
    comment_service.edit_comment(
        cast.delegate_a,
        amend,
        body="Live webcasting reaches capitals and civil society.",
        proposed_text=amend.proposed_text,
        version=amend.version,
    )
    private = comment_service.create_comment(
        cast.delegate_b,
        zero,
        paragraph=op1,
        kind="reservation",
        body='=HYPERLINK("http://evil.example") Chile reserves its position.',
        visibility="facilitators",
    )
    designate(cast, "G77", "MEX", zero.negotiation)
    g77 = next(d for d in cast.delegate_a.delegation.groups if d.code == "G77")
    whole_text = comment_service.create_comment(
        cast.delegate_a,
        zero,
        paragraph=None,
        kind="comment",
        body="The Group welcomes the zero draft.",
        on_behalf_of=g77.id,
    )
    new_after = comment_service.create_comment(
        turkiye,
        zero,
        paragraph=op5,
        kind="new_after",
        proposed_text="+ Türkiye proposes a paragraph on Côte d'Ivoire's experience;",
        body="-- see the statement of Côte d'Ivoire",
    )
    withdrawn = comment_service.create_comment(
        ivory_coast, zero, paragraph=op5, kind="question", body="Côte d'Ivoire asks why?"
    )
    comment_service.withdraw_comment(ivory_coast, withdrawn)
    comment_service.reply_to(cast.cofac_a, amend, "We will look at the wording.")
    comment_service.reply_to(cast.delegate_b, amend, "Chile supports this.")
    triage.triage_comment(
        cast.cofac_a, amend, status="reflected", reply="Reflected in OP4.", version=amend.version
    )
    triage.triage_comment(
        cast.cofac_a, new_after, status="not_retained", reply="Not retained.", version=1
    )
    triage.set_paragraph_state(cast.cofac_a, op1, "agreed_ad_ref")
    triage.set_paragraph_state(cast.cofac_a, top(zero, "OP2"), "bracketed")
    rev1 = publish(
        cast.cofac_a,
        negotiation,
        ZERO,
        data=rev1_with_new_op3(("will be webcast,", "will be webcast live,")),
    )
    correct_lineage(cast.cofac_a, top(rev1, "PP1"), None)
    procedure = silence.start_silence(cast.cofac_a, negotiation, rev1, now + timedelta(hours=72))
    silence.break_silence(
        cast.delegate_b,
        procedure,
        paragraph_ids=[top(rev1, "OP4").id, top(rev1, "OP1").id],
        statement="Chile breaks silence on OP4 and OP1.",
    )
    silence.record_outcome(cast.cofac_a, procedure, outcome="broken", note="Back to the room.")
    # A meeting of the round: OP3 edited on screen, OP5 agreed, then closed without a preview.
    held = meeting.start_meeting(cast.cofac_a, consultation_round)
    working = {p.label: p for p in meeting.working_view(held) if p.parent is None}
    meeting.edit_paragraph(
        cast.cofac_a, held, working["OP3"].key, "*Decides* that the meeting is webcast;", 1
    )
    meeting.set_status(cast.cofac_a, held, working["OP5"].key, "agreed_ad_ref")
    meeting.close_meeting(cast.cofac_a, held)
    return Built(
        negotiation, zero, rev1, amend, private, whole_text, new_after, turkiye, ivory_coast
    )


def normalised(archive: dict[str, Any]) -> dict[str, Any]:
    """The archive with ids renumbered 1, 2, 3 … per table in the order rows appear, foreign
    keys and audit-detail ids following, and the export time dropped."""
    result = copy.deepcopy(archive)
    result.pop("exported_at")
    renumber: dict[str, dict[int, int]] = {}
    for name in ARCHIVED:
        renumber[name] = {
            row["id"]: index for index, row in enumerate(result[name], 1) if "id" in row
        }
    for name in ARCHIVED:
        table = db.metadata.tables[name]
        for row in result[name]:
            for column in table.columns:
                targets = [key.column.table.name for key in column.foreign_keys]
                if column.name == "id" and "id" in row and name in renumber:
                    row["id"] = renumber[name][row["id"]]
                elif targets and targets[0] in renumber and row[column.name] is not None:
                    row[column.name] = renumber[targets[0]][row[column.name]]
            if name == "audit_events":
                for key, target in DETAIL_REFERENCES.items():
                    if key in row["details"]:
                        row["details"][key] = renumber[target][row["details"][key]]
    return result


def test_every_table_is_archived_referenced_or_excluded_by_name(app):
    unaccounted = sorted(
        name
        for name in db.metadata.tables
        if name not in ARCHIVED and name not in REFERENCED and not is_excluded(name)
    )
    assert not unaccounted, (
        f"tables neither archived nor excluded in tracker/services/archive.py: {unaccounted}"
    )
    assert is_excluded("login_attempts")


def test_archived_tables_point_only_at_archived_or_referenced_tables_restored_before(app):
    order = {name: index for index, name in enumerate(ARCHIVED)}
    for name in ARCHIVED:
        for key in db.metadata.tables[name].foreign_keys:
            target = key.column.table.name
            # A reference to any other table could not be renumbered on import.
            assert target in order or target in REFERENCED, f"{name} points at {target}"
            if target in order and target != name:
                assert order[target] < order[name], f"{name} is restored before {target}"


def test_the_archive_carries_every_record_of_the_negotiation(cast):
    built = build_negotiation(cast)
    other = publish(cast.cofac_b, cast.negotiation_b, ZERO)
    archive = archive_negotiation(built.negotiation)
    assert archive["format"] == FORMAT and archive["version"] == VERSION
    assert [r["label"] for r in archive["revisions"]] == ["Zero draft", "Rev.1"]
    assert not any(r["id"] == other.id for r in archive["revisions"])
    source = archive["revisions"][0]["source_data"]
    assert base64.b64decode(source) == built.zero.source_data
    assert archive["revisions"][0]["document_data"]["title"] == built.zero.document.title
    assert len(archive["lineage_corrections"]) == 1
    assert len(archive["comments"]) == 5
    assert len(archive["comment_versions"]) == 1
    assert len(archive["comment_joins"]) == 3
    assert len(archive["comment_replies"]) == 2
    assert len(archive["triage_changes"]) == 2
    assert len(archive["paragraph_status_changes"]) == 2
    assert len(archive["consultation_rounds"]) == 1
    assert len(archive["silence_procedures"]) == 1
    assert len(archive["silence_break_paragraphs"]) == 2
    assert len(archive["meetings"]) == 1
    changes = [change["kind"] for change in archive["meeting_changes"]]
    assert changes == ["start", "edit", "status", "close"]
    # Written with its italics marked, the edit is stored as words and italics.
    assert any(
        p["text"] == "Decides that the meeting is webcast;"
        and p["styling"]["emphasis"] == [[0, len("Decides")]]
        for p in archive["meeting_paragraphs"]
    )
    actions = {event["action"] for event in archive["audit_events"]}
    assert {"negotiation.create", "revision.publish", "lineage.correct"} <= actions
    # Accounts by e-mail, delegations by code, never by database id.
    assert archive["comments"][0]["author_id"] == "mexico@example.org"
    assert archive["comments"][2]["delegation_id"] == "G77"
    emails = {user["email"]: user for user in archive["users"]}
    assert emails["turkiye@example.org"] == {
        "email": "turkiye@example.org",
        "name": "Delegate of Türkiye",
        "role": "delegate",
        "delegation": "TUR",
    }
    assert "password_hash" not in json.dumps(archive)
    codes = {d["code"]: d["name"] for d in archive["delegations"]}
    assert codes["CIV"] == "Côte d'Ivoire" and codes["TUR"] == "Türkiye"


def test_a_column_added_to_a_model_is_archived_without_changing_the_archive_code(cast):
    build_negotiation(cast)
    archive = archive_negotiation(cast.negotiation_a)
    for name in ARCHIVED:
        columns = {column.name for column in db.metadata.tables[name].columns}
        for row in archive[name]:
            assert set(row) == columns, name


def test_only_the_secretariat_downloads_the_archive_and_it_is_audited(app, cast):
    build_negotiation(cast)
    for user in (cast.delegate_a, cast.cofac_a):
        with pytest.raises(PermissionDenied):
            export_archive(user, cast.negotiation_a.id)
    file = export_archive(cast.secretariat, cast.negotiation_a.id)
    assert re.fullmatch(r"negotiation-a-archive-\d{4}-\d\d-\d\d\.json", file.filename)
    assert json.loads(file.data)["format"] == FORMAT
    client = sign_in(app.test_client(), cast.delegate_a)
    assert client.get(f"/negotiations/{cast.negotiation_a.id}/archive.json").status_code == 403
    client = sign_in(app.test_client(), cast.admin)
    response = client.get(f"/negotiations/{cast.negotiation_a.id}/archive.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export.archive"))
    assert [event.user_id for event in events] == [cast.secretariat.id, cast.admin.id]


# Restoring ---------------------------------------------------------------------------------


def _second_app(url: str) -> Flask:
    from flask_migrate import upgrade

    from tests.conftest import RequestClient
    from tracker import create_app
    from tracker.services.delegations import ensure_reference_delegations

    second = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "test",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        }
    )
    second.test_client_class = RequestClient
    with second.app_context():
        upgrade()
        ensure_reference_delegations()
    return second


TARGETS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=TARGETS)
def fresh_app(request, app, tmp_path):
    """A second app on an empty database of its own, for importing into."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        second = _second_app(url)
        yield second
        with second.app_context():
            db.session.remove()
            db.engine.dispose()
        return
    # PostgreSQL: a fresh database named after the test database (so that test runs against
    # other databases of the same server do not collide), made and dropped here.
    url = postgres_url("_archive")
    assert url is not None
    drop_postgres_database(url, create_again=True)
    second = _second_app(url)
    yield second
    with second.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_postgres_database(url)


def test_an_archive_restores_exactly_into_a_fresh_database(app, cast, fresh_app):
    built = build_negotiation(cast)
    first = json.loads(archive_json(archive_negotiation(built.negotiation)))
    # Read now: inside the other app's context, this database's objects cannot load.
    rev1_upload = built.rev1.source_data
    with fresh_app.app_context():
        # Ids in the fresh database differ: one account and one negotiation exist already.
        make_user("someone.else@example.org", "secretariat")
        make_user("chile@example.org", "delegate", "CHL", name="Chile's own account")
        restored = import_negotiation(read_archive(archive_json(first)))
        second = json.loads(archive_json(archive_negotiation(restored)))
        expected = normalised(first)
        # An account the database already had is reused as it stands there.
        for user in expected["users"]:
            if user["email"] == "chile@example.org":
                user["name"] = "Chile's own account"
        assert normalised(second) == expected
        # Its comments' figures, which the draft view's marks read, are counted where it lands.
        tally = db.session.get(CommentTally, restored.id)
        comments = db.session.scalars(
            select(Comment).where(Comment.negotiation_id == restored.id)
        ).all()
        joins = [join for comment in comments for join in comment.joins]
        assert comments and joins
        assert (tally.comments, tally.newest_comment, tally.joins, tally.newest_join) == (
            len(comments),
            max(c.id for c in comments),
            len(joins),
            max(j.id for j in joins),
        )
        # Missing accounts were created deactivated; an existing one was reused as it is.
        mexico = db.session.scalar(select(User).where(User.email == "mexico@example.org"))
        assert mexico is not None and not mexico.active
        assert not mexico.check_password(PASSWORD)
        chile = db.session.scalar(select(User).where(User.email == "chile@example.org"))
        assert chile.active and chile.name == "Chile's own account"
        # The import itself is on record, outside the negotiation's own trail.
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "negotiation.import")
        )
        assert event.negotiation_id is None
        assert event.details["imported_negotiation_id"] == restored.id
        # Its pages render for the secretariat of the new database.
        secretariat = make_user("sec.fresh@example.org", "secretariat")
        client = sign_in(fresh_app.test_client(), secretariat)
        base = f"/negotiations/{restored.id}"
        rev1 = restored.published_revisions[-1]
        pages = [
            base,
            f"{base}/revisions/{rev1.id}",
            f"{base}/revisions/{rev1.id}/comments",
            f"{base}/audit",
            f"{base}/exports",
            f"{base}/revisions/{rev1.id}/source",
        ]
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
        assert (
            b"Live webcasting reaches capitals"
            in client.get(f"{base}/revisions/{rev1.id}/comments").data
        )
        assert client.get(f"{base}/revisions/{rev1.id}/source").data == rev1_upload


def test_an_archive_written_before_comments_said_when_edited_dates_them_from_their_wordings(
    app, cast, fresh_app
):
    """Archives written before a comment carried when its wording last changed: the edited
    comment shows as edited where it lands, dated by its latest earlier wording."""
    built = build_negotiation(cast)
    archive = json.loads(archive_json(archive_negotiation(built.negotiation)))
    edited_before = {row["body"] for row in archive["comments"] if row["edited_at"]}
    assert edited_before == {"Live webcasting reaches capitals and civil society."}
    for row in archive["comments"]:
        del row["edited_at"]
    with fresh_app.app_context():
        restored = import_negotiation(read_archive(archive_json(archive)))
        comments = db.session.scalars(
            select(Comment).where(Comment.negotiation_id == restored.id)
        ).all()
        edited = {c.body for c in comments if c.is_edited}
        assert edited == edited_before
        (comment,) = (c for c in comments if c.is_edited)
        assert comment.edited_at == max(v.created_at for v in comment.versions)


def test_a_delegation_whose_name_comes_apart_into_many_letters_lands(app, cast, fresh_app):
    """A name of 150 characters fits its column; set apart into the letters it is sorted by
    (`ﷺ` into 18) it no longer would, and PostgreSQL refused the import."""
    build_negotiation(cast)
    archive = json.loads(archive_json(archive_negotiation(cast.negotiation_a)))
    archive["delegations"].append({"code": "ZZZ", "name": "\ufdfa" * 150, "kind": "observer_state"})
    archive["users"][0]["delegation"] = "ZZZ"
    with fresh_app.app_context():
        import_negotiation(read_archive(archive_json(archive)))
        landed = db.session.scalar(select(Delegation).where(Delegation.code == "ZZZ"))
        assert landed.name == "\ufdfa" * 150
        assert len(landed.sort_name) == 200


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda a: a["delegations"].append({"code": "ZZZ", "name": "x" * 201, "kind": "group"}),
            "name: longer than 200 characters",
        ),
        (
            lambda a: a["delegations"].append({"code": "ZZZ", "name": "Z", "kind": "empire"}),
            "kind: 'empire' is not one of",
        ),
        (lambda a: a["users"][0].update(name="y" * 201), "users[0].name: longer than 200"),
        (lambda a: a["users"][0].update(name=["a list"]), "users[0].name: ['a list'] is not a"),
        (lambda a: a["revisions"][0].update(label="R" * 101), "revisions[0].label: longer than"),
        (lambda a: a["negotiations"][0].update(title="T" * 501), "negotiations[0].title: longer"),
    ],
)
def test_accounts_and_delegations_that_do_not_fit_are_named(app, cast, fresh_app, change, expected):
    build_negotiation(cast)
    archive = json.loads(archive_json(archive_negotiation(cast.negotiation_a)))
    archive["users"][0]["email"] = "someone.new@example.org"  # created by the import
    change(archive)
    with fresh_app.app_context():
        before = (_count(Negotiation), _count(User), _count(Delegation))
        with pytest.raises(ArchiveInvalid) as caught:
            import_negotiation(read_archive(archive_json(archive)))
        assert expected in caught.value.message
        assert (_count(Negotiation), _count(User), _count(Delegation)) == before


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_bad_archive_stores_nothing_and_says_where(app, cast):
    build_negotiation(cast)
    archive = json.loads(archive_json(archive_negotiation(cast.negotiation_a)))
    before = (_count(Negotiation), _count(Comment), _count(User))
    broken = copy.deepcopy(archive)
    broken["comments"][3]["lineage_id"] = 99999
    broken["comment_joins"][0]["delegation_id"] = "XXX"
    broken["revisions"][1]["created_at"] = "yesterday"
    broken["comments"][0]["kind"] = "praise"
    with pytest.raises(ArchiveInvalid) as caught:
        import_negotiation(broken)
    message = caught.value.message
    assert "comments[3].lineage_id: unknown lineage 99999" in message
    assert "comment_joins[0].delegation_id: unknown delegation XXX" in message
    assert "revisions[1].created_at: 'yesterday' is not a valid ISO date and time" in message
    assert "comments[0].kind: 'praise' is not one of comment, question" in message
    assert (_count(Negotiation), _count(Comment), _count(User)) == before


def test_an_archive_the_database_refuses_half_way_leaves_nothing_behind(app, cast):
    build_negotiation(cast)
    archive = json.loads(archive_json(archive_negotiation(cast.negotiation_a)))
    before = (_count(Negotiation), _count(Comment), _count(User))
    # Passes the checks but breaks a constraint late, after rows of earlier tables went in.
    archive["paragraph_status_changes"][1]["status"] = None
    with pytest.raises(ArchiveInvalid, match=r"paragraph_status_changes\[1\]\.status"):
        import_negotiation(archive)
    # An account this database lacks is created on the way, and must go again with the rest.
    renamed = archive_json(archive_negotiation(cast.negotiation_a)).replace(
        b"turkiye@example.org", b"new.person@example.org"
    )
    duplicate = json.loads(renamed)
    duplicate["revisions"][1]["sequence"] = 0  # two revisions numbered alike
    with pytest.raises(ArchiveInvalid, match=r"revisions\[1\]: the database refused the row"):
        import_negotiation(duplicate)
    assert (_count(Negotiation), _count(Comment), _count(User)) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda a: a.update(format="something else"), "format: expected"),
        (lambda a: a.update(version=VERSION + 1), "version: this app reads archive versions"),
        (lambda a: a["comments"][0].update(colour="red"), "comments[0].colour: comments has no"),
        (lambda a: a["users"][0].update(role="emperor"), "users[0].role: 'emperor' is not a role"),
        (lambda a: a["comments"][0].pop("kind"), "comments[0].kind: missing"),
        (lambda a: a["revisions"][0].update(source_data="%%%"), "revisions[0].source_data"),
        (lambda a: a["paragraphs"][0].update(position="first"), "paragraphs[0].position"),
    ],
)
def test_archive_problems_are_named_by_field(app, cast, change, expected):
    publish(cast.cofac_a, cast.negotiation_a, ZERO)
    comment_service.create_comment(
        cast.delegate_a,
        cast.negotiation_a.revisions[0],
        paragraph=None,
        kind="comment",
        body="A comment.",
    )
    archive = json.loads(archive_json(archive_negotiation(cast.negotiation_a)))
    change(archive)
    with pytest.raises(ArchiveInvalid) as caught:
        import_negotiation(archive)
    assert expected in caught.value.message


def test_a_file_that_is_not_json_says_on_which_line(app):
    with pytest.raises(ArchiveInvalid, match="line 2, column 1"):
        read_archive(b'{"format": 1,\n}')
    with pytest.raises(ArchiveInvalid, match="must be a JSON object"):
        import_negotiation([])


def test_command_line_export_and_import_round_trip(app, cast, tmp_path):
    built = build_negotiation(cast)
    runner = app.test_cli_runner()
    out = tmp_path / "negotiation.json"
    result = runner.invoke(args=["export", "archive", str(built.negotiation.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["import-negotiation", str(out)])
    assert result.exit_code == 0, result.output
    assert "Imported “Negotiation A” as negotiation" in result.output
    copies = db.session.scalars(select(Negotiation).where(Negotiation.title == "Negotiation A"))
    original, restored = list(copies)
    assert (
        normalised(archive_negotiation(original))["comments"]
        == (normalised(archive_negotiation(restored))["comments"])
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "resolution-tracker-negotiation", "version": 1, "negotiations": []}')
    result = runner.invoke(args=["import-negotiation", str(bad)])
    assert result.exit_code != 0
    assert "exactly one negotiation" in result.output
    result = runner.invoke(args=["export", "archive", "99999", "-o", str(out)])
    assert result.exit_code != 0 and "no negotiation 99999" in result.output
    assert _count(Negotiation) == 3
