"""A whole negotiation as one JSON archive, and restoring such an archive into any database.

Rows are serialised column by column from the table definitions, so a column added to a model
later is archived without anyone remembering to add it here, and a table added later makes
`test_archive` fail until it is archived or excluded below. Foreign keys drive the id remapping:
a reference to an archived table keeps the source id and is renumbered on import, a reference
to an account becomes its e-mail address and a reference to a delegation its code.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Table, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import JSON, Date, DateTime, Enum, LargeBinary

from tracker.extensions import db
from tracker.models import (
    Comment,
    CommentVersion,
    Delegation,
    DelegationKind,
    Negotiation,
    Role,
    User,
)
from tracker.services import Invalid
from tracker.services.access import Actor, get_existing, require_secretariat
from tracker.services.accounts import normalise_email
from tracker.services.audit import record
from tracker.services.exports import ExportFile, snapshot_name
from tracker.services.structure import store_structure
from tracker.services.tallies import count_again

FORMAT = "resolution-tracker-negotiation"
VERSION = 1

#: Tables archived as rows, parents before children. A table with a `negotiation_id` column is
#: scoped by it; the others by the column named in SCOPED_BY, pointing at an archived parent.
ARCHIVED = (
    "negotiations",
    "negotiation_facilitators",
    "revisions",
    "lineages",
    "paragraphs",
    "revision_sponsors",
    "revision_headings",
    "lineage_corrections",
    "consultation_rounds",
    "comments",
    "comment_versions",
    "comment_joins",
    "comment_replies",
    "triage_changes",
    "paragraph_status_changes",
    "silence_procedures",
    "silence_breaks",
    "silence_break_paragraphs",
    "writing_suspensions",
    "meetings",
    "meeting_paragraphs",
    "meeting_changes",
    "audit_events",
)
SCOPED_BY = {
    "paragraphs": "revision_id",
    "revision_sponsors": "revision_id",
    "revision_headings": "revision_id",
    "lineage_corrections": "paragraph_id",
    "comment_versions": "comment_id",
    "comment_joins": "comment_id",
    "comment_replies": "comment_id",
    "triage_changes": "comment_id",
    "paragraph_status_changes": "paragraph_id",
    "silence_breaks": "procedure_id",
    "silence_break_paragraphs": "silence_break_id",
    "meeting_paragraphs": "meeting_id",
    "meeting_changes": "meeting_id",
}
#: The tables of a published revision's sponsors and headings, which archives written before
#: they existed lack.
STRUCTURE_TABLES = {"revision_sponsors", "revision_headings"}
#: Tables referenced by a natural key instead of being copied.
REFERENCED = {"users": "email", "delegations": "code"}
#: Tables deliberately left out, and why.
EXCLUDED = {
    "login_attempts": "failed sign-ins concern accounts, not a negotiation",
    "group_memberships": "reference data; delegations are matched by code in the target",
    "feed_keys": "personal secrets of accounts; each database issues its own",
    "outbox": "mail delivery state; what it reports is in the archived rows",
    "outbox_letters": "mail delivery state (letters to many before the worker writes them)",
    "events": "live-page delivery state; each change it reports is in the archived rows",
    "mail_preferences": "each person's mail choices, not the negotiation's record",
    "mail_unsubscriptions": "each person's mail choices, not the negotiation's record",
    "digest_cursors": "mail delivery state",
    "round_reminders": "mail delivery state",
    "revision_openings": "who read what is personal reading history, not the record",
    "negotiation_visits": "when each person last looked is personal history, not the record",
    "group_speakers": "the secretariat designates group speakers again where the archive lands",
    "data_generation": "each database counts its own writes",
    "stored_renderings": "HTML made from archived rows, rendered again where the archive lands",
    "comment_tallies": "figures of archived rows, counted again where the archive lands",
}
#: Tables whose name starts with one of these are not a negotiation's record: per-person
#: delivery state, and the library of adopted texts that every negotiation shares.
EXCLUDED_PREFIXES = ("notification", "library_")
#: Keys of audit-event details that hold ids of archived rows.
DETAIL_REFERENCES = {
    "revision_id": "revisions",
    "paragraph_id": "paragraphs",
    "lineage_id": "lineages",
    "round_id": "consultation_rounds",
    "comment_id": "comments",
    "procedure_id": "silence_procedures",
    "silence_break_id": "silence_breaks",
    "meeting_id": "meetings",
}
#: What one archived row is called in error messages (`unknown lineage 99`).
SINGULAR = {
    "negotiations": "negotiation",
    "revisions": "revision",
    "lineages": "lineage",
    "paragraphs": "paragraph",
    "consultation_rounds": "round",
    "comments": "comment",
    "silence_procedures": "silence procedure",
    "silence_breaks": "silence break",
}
MAX_ERRORS = 20
#: Top-level keys of an archive besides the archived tables.
HEADER_KEYS = ("format", "version", "exported_at", "title", "users", "delegations")


def is_excluded(table_name: str) -> bool:
    """Whether a table is deliberately not part of an archive."""
    return table_name in EXCLUDED or table_name.startswith(EXCLUDED_PREFIXES)


def archived_tables() -> list[Table]:
    """The archived tables, in the order they are written and restored."""
    return [db.metadata.tables[name] for name in ARCHIVED]


def _has_id(table: Table) -> bool:
    return [c.name for c in table.primary_key.columns] == ["id"]


def _reference(table: Table, column_name: str) -> str | None:
    """The table a column points at, if it is a foreign key."""
    for key in table.c[column_name].foreign_keys:
        return key.column.table.name
    return None


def _scope(table: Table, negotiation_id: int) -> ColumnElement[bool]:
    """The rows of `table` that belong to the negotiation."""
    if table.name == "negotiations":
        return table.c.id == negotiation_id
    if "negotiation_id" in table.c:
        return table.c.negotiation_id == negotiation_id
    column = SCOPED_BY[table.name]
    parent = db.metadata.tables[_reference(table, column) or ""]
    return table.c[column].in_(select(parent.c.id).where(_scope(parent, negotiation_id)))


# Writing -----------------------------------------------------------------------------------


def _encode(value: Any, column: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def archive_negotiation(negotiation: Negotiation) -> dict[str, Any]:
    """The negotiation and everything recorded about it, as JSON-ready data (no permission)."""
    archive: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "title": negotiation.title,
    }
    user_ids: set[int] = set()
    delegation_ids: set[int] = set()
    for table in archived_tables():
        rows = []
        query = select(table).where(_scope(table, negotiation.id))
        if _has_id(table):
            query = query.order_by(table.c.id)
        else:
            query = query.order_by(*table.primary_key.columns)
        for source in db.session.execute(query).mappings():
            row = {}
            for column in table.columns:
                value = source[column.name]
                target = _reference(table, column.name)
                if target == "users" and value is not None:
                    user_ids.add(value)
                elif target == "delegations" and value is not None:
                    delegation_ids.add(value)
                row[column.name] = _encode(value, column)
            rows.append(row)
        archive[table.name] = rows
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    delegation_ids |= {u.delegation_id for u in users.values() if u.delegation_id}
    delegations = {
        d.id: d
        for d in db.session.scalars(select(Delegation).where(Delegation.id.in_(delegation_ids)))
    }
    for table in archived_tables():
        for row in archive[table.name]:
            for column in table.columns:
                target = _reference(table, column.name)
                if row[column.name] is None:
                    continue
                if target == "users":
                    row[column.name] = users[row[column.name]].email
                elif target == "delegations":
                    row[column.name] = delegations[row[column.name]].code
    archive["users"] = [
        {
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "delegation": delegations[user.delegation_id].code if user.delegation_id else None,
        }
        for user in sorted(users.values(), key=lambda u: u.email)
    ]
    archive["delegations"] = [
        {"code": d.code, "name": d.name, "kind": d.kind}
        for d in sorted(delegations.values(), key=lambda d: d.code)
    ]
    return archive


def archive_json(archive: dict[str, Any]) -> bytes:
    """The archive as indented UTF-8 JSON."""
    return json.dumps(archive, ensure_ascii=False, indent=1).encode("utf-8")


def archive_filename(negotiation: Negotiation) -> str:
    """`negotiation-title-archive-2026-12-08.json`."""
    return f"{snapshot_name(negotiation.title, 'archive')}.json"


def export_archive(user: Actor | None, negotiation_id: int) -> ExportFile:
    """The whole negotiation as a JSON archive, for the secretariat, or for whoever operates the
    server when `user` is None (the command line); recorded in the audit."""
    actor = None if user is None else require_secretariat(user)
    negotiation = get_existing(
        Negotiation, negotiation_id, f"There is no negotiation {negotiation_id}."
    )
    data = archive_json(archive_negotiation(negotiation))
    record(
        actor,
        "export.archive",
        "Exported the whole negotiation as an archive"
        + (" from the command line" if user is None else ""),
        negotiation=negotiation,
    )
    db.session.commit()
    return ExportFile(archive_filename(negotiation), "application/json", data)


# Reading -----------------------------------------------------------------------------------


class ArchiveInvalid(Invalid):
    """An archive that cannot be restored; `problems` says what and where, one per line."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_ERRORS]
        more = len(problems) - len(shown)
        message = "The archive was not imported:\n" + "\n".join(shown)
        if more:
            message += f"\n… and {more} more problems."
        super().__init__(message)
        self.problems = problems


@dataclass
class _Check:
    """Problems found while reading an archive, each with where it is."""

    problems: list[str] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")


def _decode(value: Any, column: Any, where: str, check: _Check) -> Any:
    if value is None:
        if not column.nullable:
            check.add(where, "must not be empty")
        return None
    try:
        if isinstance(column.type, LargeBinary):
            return base64.b64decode(str(value), validate=True)
        if _is_datetime(column):
            return datetime.fromisoformat(value)
        if isinstance(column.type, Date):
            return date.fromisoformat(value)
    except (ValueError, TypeError):
        check.add(where, f"{value!r} is not a valid {_type_name(column)}")
        return None
    if isinstance(column.type, JSON):
        return value
    if isinstance(column.type, Enum) and column.type.enum_class is not None:
        try:
            return column.type.enum_class(value)
        except (ValueError, TypeError):
            allowed = ", ".join(str(member.value) for member in column.type.enum_class)
            check.add(where, f"{value!r} is not one of {allowed}")
            return None
    expected = _python_type(column)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is not None and not (
        isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    ):
        check.add(where, f"{value!r} is not a valid {_type_name(column)}")
        return None
    length = getattr(column.type, "length", None)
    if isinstance(value, str) and length is not None and len(value) > length:
        # PostgreSQL refuses the row; SQLite would store it.
        check.add(where, f"longer than {length} characters")
        return None
    return value


def _is_datetime(column: Any) -> bool:
    kind = getattr(column.type, "impl", column.type)
    return isinstance(kind, DateTime) or isinstance(column.type, DateTime)


def _python_type(column: Any) -> type | None:
    try:
        python_type: type = column.type.python_type
    except NotImplementedError:
        return None
    return python_type


def _type_name(column: Any) -> str:
    if isinstance(column.type, LargeBinary):
        return "base64 text"
    if _is_datetime(column):
        return "ISO date and time"
    expected = _python_type(column)
    names = {int: "whole number", float: "number", str: "text", bool: "true or false"}
    if expected in (datetime, date):
        return "ISO date and time" if expected is datetime else "ISO date"
    return names.get(expected, "value") if expected else "value"


def _rows(archive: dict[str, Any], name: str, check: _Check) -> list[dict[str, Any]]:
    rows = archive.get(name, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        check.add(name, "must be a list of objects")
        return []
    return rows


def _check_header(archive: object) -> dict[str, Any]:
    """The archive, once its header is found to be that of a negotiation archive."""
    if not isinstance(archive, dict):
        raise ArchiveInvalid(["the archive must be a JSON object"])
    if archive.get("format") != FORMAT:
        raise ArchiveInvalid([f"format: expected {FORMAT!r}, found {archive.get('format')!r}"])
    version = archive.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= VERSION:
        raise ArchiveInvalid(
            [f"version: this app reads archive versions 1 to {VERSION}, found {version!r}"]
        )
    negotiations = archive.get("negotiations")
    if not isinstance(negotiations, list) or len(negotiations) != 1:
        raise ArchiveInvalid(["negotiations: an archive holds exactly one negotiation"])
    return archive


def _fits(
    entry: dict[str, Any], model: type, keys: tuple[str, ...], where: str, check: _Check
) -> None:
    """Each of these values of an account or a delegation, where given, is one its column
    takes, as a row's are."""
    for key in keys:
        if entry.get(key) is not None:
            _decode(entry[key], model.__table__.c[key], f"{where}.{key}", check)  # type: ignore[attr-defined]


def _people(
    archive: dict[str, Any], check: _Check
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    delegations: dict[str, dict[str, Any]] = {}
    kinds = [kind.value for kind in DelegationKind]
    for index, entry in enumerate(_rows(archive, "delegations", check)):
        where = f"delegations[{index}]"
        if not isinstance(entry.get("code"), str) or not entry["code"]:
            check.add(where + ".code", "missing")
            continue
        _fits(entry, Delegation, ("code", "name"), where, check)
        if entry.get("kind") not in kinds:
            check.add(where + ".kind", f"{entry.get('kind')!r} is not one of {', '.join(kinds)}")
        delegations[entry["code"]] = entry
    users: dict[str, dict[str, Any]] = {}
    roles = {role.value for role in Role}
    for index, entry in enumerate(_rows(archive, "users", check)):
        where = f"users[{index}]"
        email = entry.get("email")
        if not isinstance(email, str) or "@" not in email:
            check.add(where + ".email", f"{email!r} is not an e-mail address")
            continue
        _fits(entry, User, ("email", "name"), where, check)
        if entry.get("role") not in roles:
            check.add(where + ".role", f"{entry.get('role')!r} is not a role")
        delegation = entry.get("delegation")
        if delegation is not None and delegation not in delegations:
            check.add(where + ".delegation", f"unknown delegation {delegation}")
        users[normalise_email(email)] = entry
    return users, delegations


def _check_rows(
    archive: dict[str, Any],
    users: dict[str, dict[str, Any]],
    delegations: dict[str, dict[str, Any]],
    check: _Check,
) -> None:
    """Every column known and well typed, every reference to something in the archive."""
    ids: dict[str, set[int]] = {}
    for table in archived_tables():
        rows = _rows(archive, table.name, check)
        seen: set[int] = set()
        for index, row in enumerate(rows):
            where = f"{table.name}[{index}]"
            for name in row:
                if name not in table.c:
                    check.add(f"{where}.{name}", f"{table.name} has no such column")
            if _has_id(table):
                if not isinstance(row.get("id"), int) or isinstance(row.get("id"), bool):
                    check.add(f"{where}.id", "missing or not a whole number")
                elif row["id"] in seen:
                    check.add(f"{where}.id", f"{row['id']} appears twice")
                else:
                    seen.add(row["id"])
        ids[table.name] = seen
    for table in archived_tables():
        for index, row in enumerate(_rows(archive, table.name, check)):
            where = f"{table.name}[{index}]"
            for column in table.columns:
                place = f"{where}.{column.name}"
                if column.name not in row:
                    required = not column.nullable and column.default is None
                    if required and column.server_default is None and column.name != "id":
                        check.add(place, "missing")
                    continue
                value = row[column.name]
                target = _reference(table, column.name)
                if value is None:
                    if not column.nullable:
                        check.add(place, "must not be empty")
                elif target == "users":
                    if not isinstance(value, str) or normalise_email(value) not in users:
                        check.add(place, f"unknown account {value} (not in users)")
                elif target == "delegations":
                    if value not in delegations:
                        check.add(place, f"unknown delegation {value} (not in delegations)")
                elif target in ids and column.name != "id":
                    if value not in ids[target]:
                        check.add(place, f"unknown {SINGULAR.get(target, target)} {value}")
                elif column.name != "id":
                    _decode(value, column, place, check)
            if table.name == "audit_events":
                details = row.get("details") or {}
                if not isinstance(details, dict):
                    check.add(f"{where}.details", "must be an object")
                    continue
                for key, target in DETAIL_REFERENCES.items():
                    value = details.get(key)
                    if value is not None and value not in ids[target]:
                        check.add(
                            f"{where}.details.{key}",
                            f"unknown {SINGULAR.get(target, target)} {value}",
                        )


#: Columns whose archived values are not restored: one-time form keys belong to the database
#: that took the form (restoring one twice would collide).
NOT_RESTORED = {("comments", "submission_key")}


@dataclass
class _Restorer:
    """Inserts the checked rows, renumbering ids through the maps it builds as it goes."""

    user_ids: dict[str, int]
    delegation_ids: dict[str, int]
    #: Accounts that existed before the import: an archive never gives them rights.
    existing_users: set[int] = field(default_factory=set)
    id_maps: dict[str, dict[int, int]] = field(default_factory=dict)
    #: Co-facilitators named by the archive whose accounts already existed, left unappointed.
    unappointed: list[int] = field(default_factory=list)

    def value(self, table: Table, column: Any, value: Any, where: str, check: _Check) -> Any:
        target = _reference(table, column.name)
        if value is None:
            return None
        if target == "users":
            return self.user_ids[normalise_email(value)]
        if target == "delegations":
            return self.delegation_ids[value]
        if target in self.id_maps:
            return self.id_maps[target][value]
        return _decode(value, column, where, check)

    def details(self, details: dict[str, Any]) -> dict[str, Any]:
        renumbered = dict(details)
        for key, target in DETAIL_REFERENCES.items():
            if renumbered.get(key) is not None:
                renumbered[key] = self.id_maps[target][renumbered[key]]
        return renumbered

    def restore(self, table: Table, rows: list[dict[str, Any]], check: _Check) -> None:
        self.id_maps.setdefault(table.name, {})
        later: list[tuple[int, dict[str, Any]]] = []
        for index, row in enumerate(rows):
            where = f"{table.name}[{index}]"
            values: dict[str, Any] = {}
            deferred: dict[str, Any] = {}
            if table.name == "negotiation_facilitators" and row.get("user_id") is not None:
                user_id = self.user_ids[normalise_email(row["user_id"])]
                if user_id in self.existing_users:
                    # Whoever wrote the archive cannot make an account of this database a
                    # co-facilitator: the secretariat appoints them after the import.
                    self.unappointed.append(user_id)
                    continue
            for column in table.columns:
                if column.name not in row or (column.name == "id" and _has_id(table)):
                    continue
                if (table.name, column.name) in NOT_RESTORED:
                    continue
                if _reference(table, column.name) == table.name and row[column.name] is not None:
                    # Points at a row of the same table that may come later: set it afterwards.
                    deferred[column.name] = row[column.name]
                    continue
                values[column.name] = self.value(table, column, row[column.name], where, check)
            if table.name == "audit_events" and isinstance(values.get("details"), dict):
                values["details"] = self.details(values["details"])
            if check.problems:
                raise ArchiveInvalid(check.problems)
            try:
                result = cast(CursorResult[Any], db.session.execute(insert(table).values(**values)))
            except SQLAlchemyError as error:
                reason = str(getattr(error, "orig", error)).splitlines()[0]
                raise ArchiveInvalid(
                    [f"{where}: the database refused the row: {reason}"]
                ) from error
            if _has_id(table):
                key = result.inserted_primary_key
                assert key is not None, "an INSERT of one row gives its key"
                new_id = key[0]
                self.id_maps[table.name][row["id"]] = new_id
                if deferred:
                    later.append((new_id, deferred))
        for new_id, deferred in later:
            renumbered = {name: self.id_maps[table.name][value] for name, value in deferred.items()}
            db.session.execute(update(table).where(table.c.id == new_id).values(**renumbered))


def _existing_accounts(users: dict[str, dict[str, Any]]) -> dict[str, User]:
    """The accounts this database already has among those the archive names, by e-mail."""
    return {
        normalise_email(u.email): u
        for u in db.session.scalars(select(User).where(User.email.in_(list(users))))
    }


def _accounts(users: dict[str, dict[str, Any]], delegation_ids: dict[str, int]) -> dict[str, int]:
    """Account ids by e-mail; accounts missing here are created deactivated, without a usable
    password, so the record names them but nobody can sign in as them until an admin acts."""
    existing = _existing_accounts(users)
    ids: dict[str, int] = {}
    for email, entry in users.items():
        account = existing.get(email)
        if account is None:
            account = User(
                email=email,
                name=str(entry.get("name") or email),
                role=entry["role"],
                delegation_id=delegation_ids.get(entry.get("delegation") or ""),
                active=False,
            )
            account.set_password(secrets.token_urlsafe(32))
            db.session.add(account)
            db.session.flush()
        ids[email] = account.id
    return ids


def _delegations(delegations: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Delegation ids by code; a delegation this database lacks is added as archived."""
    existing = {
        d.code: d
        for d in db.session.scalars(
            select(Delegation).where(Delegation.code.in_(list(delegations)))
        )
    }
    ids: dict[str, int] = {}
    for code, entry in delegations.items():
        delegation = existing.get(code)
        if delegation is None:
            delegation = Delegation(
                code=code, name=str(entry.get("name") or code), kind=str(entry.get("kind") or "")
            )
            db.session.add(delegation)
            db.session.flush()
        ids[code] = delegation.id
    return ids


def read_archive(data: bytes) -> object:
    """The archive parsed from JSON bytes; a malformed file says on which line and column."""
    try:
        archive = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ArchiveInvalid([f"byte {error.start}: the archive is not UTF-8 text"]) from error
    except json.JSONDecodeError as error:
        raise ArchiveInvalid([f"line {error.lineno}, column {error.colno}: {error.msg}"]) from error
    return archive


def _date_edits_from_versions(negotiation_id: int) -> None:
    """Comments from an archive written before a comment said when its wording last changed:
    the time of their latest earlier wording, as the migration that added it (edits01) filled
    them in."""
    latest = (
        select(func.max(CommentVersion.created_at))
        .where(CommentVersion.comment_id == Comment.id)
        .scalar_subquery()
    )
    db.session.execute(
        update(Comment)
        .where(Comment.negotiation_id == negotiation_id, Comment.versions.any())
        .values(edited_at=latest)
        .execution_options(synchronize_session=False)
    )


def import_negotiation(data: object) -> Negotiation:
    """Restore an archive (as read by `read_archive`) as a new negotiation, all or nothing;
    ArchiveInvalid says what is wrong and where (e.g. `comments[12].lineage_id: unknown
    lineage 99`)."""
    archive = _check_header(data)
    check = _Check()
    users, delegations = _people(archive, check)
    for name in archive:
        if name not in HEADER_KEYS and name not in ARCHIVED:
            check.add(name, "not part of a negotiation archive")
    _check_rows(archive, users, delegations, check)
    if check.problems:
        raise ArchiveInvalid(check.problems)
    try:
        delegation_ids = _delegations(delegations)
        existing = {account.id for account in _existing_accounts(users).values()}
        restorer = _Restorer(_accounts(users, delegation_ids), delegation_ids, existing)
        for table in archived_tables():
            restorer.restore(table, archive.get(table.name, []), check)
        negotiation_id = restorer.id_maps["negotiations"][archive["negotiations"][0]["id"]]
        negotiation = db.session.get_one(Negotiation, negotiation_id)
        count_again(negotiation_id)  # its comments were inserted as they were, uncounted
        if any("edited_at" not in row for row in archive.get("comments", [])):
            _date_edits_from_versions(negotiation_id)
        if not STRUCTURE_TABLES & archive.keys():
            # Written before revisions kept their sponsors and headings apart: take them
            # from the parsed documents the archive holds.
            for revision in negotiation.published_revisions:
                store_structure(revision, revision.document)
        unappointed = [db.session.get_one(User, user_id).email for user_id in restorer.unappointed]
        record(
            None,
            "negotiation.import",
            f"Imported “{negotiation.title}” from an archive as negotiation {negotiation.id}"
            + (
                f"; co-facilitators not appointed (existing accounts): {', '.join(unappointed)}"
                if unappointed
                else ""
            ),
            imported_negotiation_id=negotiation.id,
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return negotiation


__all__ = [
    "ARCHIVED",
    "EXCLUDED",
    "FORMAT",
    "REFERENCED",
    "VERSION",
    "ArchiveInvalid",
    "archive_json",
    "archive_negotiation",
    "export_archive",
    "import_negotiation",
    "is_excluded",
    "read_archive",
]
