"""Finding 9: `flask import-negotiation` made an existing delegate a co-facilitator because the
archive said so."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tests.conftest import count, make_user
from tracker.extensions import db
from tracker.models import Negotiation, NegotiationFacilitator, User
from tracker.services.archive import export_archive, import_negotiation
from tracker.services.negotiations import create_negotiation


def test_an_archive_never_makes_an_existing_account_a_co_facilitator(app, cast, tmp_path):
    archive = json.loads(export_archive(None, cast.negotiation_a.id).data)
    row = dict(archive["negotiation_facilitators"][0])
    archive["negotiation_facilitators"].append({**row, "user_id": cast.delegate_a.email})
    archive["users"].append(
        {"email": cast.delegate_a.email, "name": "Mexico", "role": "delegate", "delegation": "MEX"}
    )
    if not any(d["code"] == "MEX" for d in archive["delegations"]):
        archive["delegations"].append({"code": "MEX", "name": "Mexico", "kind": "member_state"})
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(archive))
    result = app.test_cli_runner().invoke(args=["import-negotiation", str(path)])
    assert result.exit_code == 0, result.output
    newest = db.session.scalar(select(func.max(Negotiation.id)))
    assert newest != cast.negotiation_a.id
    assert count(NegotiationFacilitator, negotiation_id=newest, user_id=cast.delegate_a.id) == 0
    # Nor the archive's own co-facilitator, whose account exists here: the secretariat appoints.
    assert count(NegotiationFacilitator, negotiation_id=newest, user_id=cast.cofac_a.id) == 0


def test_a_co_facilitator_new_to_this_database_arrives_deactivated(app, cast):
    newcomer = make_user("newcomer@example.org", "facilitator")
    negotiation = create_negotiation(
        cast.secretariat, title="Elsewhere", mandate="", facilitator_emails=[newcomer.email]
    )
    archive = json.loads(export_archive(None, negotiation.id).data)
    archive["users"].append(
        {"email": "stranger@example.org", "name": "Stranger", "role": "facilitator"}
    )
    archive["negotiation_facilitators"][0]["user_id"] = "stranger@example.org"
    imported = import_negotiation(archive)
    stranger = count(User, email="stranger@example.org", active=False)
    assert stranger == 1
    assert count(NegotiationFacilitator, negotiation_id=imported.id) == 1
