"""Delegations and people are listed as the United Nations lists its Members: accents and case
set aside, on every database (SQLite compares characters, so `Côte d'Ivoire` came after
`Czechia`)."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import make_user, sign_in
from tracker.extensions import db
from tracker.models import Delegation, alphabetical_key
from tracker.reference_data import MEMBER_STATES, OBSERVER_STATES
from tracker.services import delegations
from tracker.services.accounts import list_accounts


def _in_order(names: list[str], *expected: str) -> bool:
    return [names.index(name) for name in expected] == sorted(names.index(n) for n in expected)


def test_the_states_are_in_the_un_list_order(app):
    names = [state.name for state in delegations.states()]
    assert _in_order(names, "Costa Rica", "Côte d'Ivoire", "Croatia")
    assert _in_order(names, "Tunisia", "Türkiye", "Turkmenistan", "Tuvalu")
    reference = sorted((name for _, name in MEMBER_STATES + OBSERVER_STATES), key=alphabetical_key)
    assert names == reference


def test_a_delegations_sort_name_follows_its_name(app):
    row = db.session.scalar(select(Delegation).where(Delegation.code == "CIV"))
    assert row.sort_name == "cote d'ivoire"
    row.name = "Éire test"
    assert row.sort_name == "eire test"
    db.session.rollback()


def test_the_exports_page_offers_cote_divoire_after_costa_rica(app, cast):
    client = sign_in(app.test_client(), cast.delegate_a)
    html = client.get(f"/negotiations/{cast.negotiation_a.id}/exports").data.decode()
    options = re.findall(r"<option value=\"[A-Z]{3}\">([^<]+)</option>", html)
    names = [name.replace("&#39;", "'") for name in options]
    assert _in_order(names, "Costa Rica", "Côte d'Ivoire", "Croatia", "Czechia")


def test_the_migration_fills_the_sort_names_of_existing_delegations(tmp_path):
    from flask_migrate import downgrade, upgrade

    from tests.services.test_archive import _second_app

    second = _second_app(f"sqlite:///{tmp_path / 'migrate.sqlite'}")
    with second.app_context():
        db.session.remove()
        downgrade(revision="silence01_lifted_objections")
        upgrade()
        names = [state.name for state in delegations.states()]
        assert _in_order(names, "Costa Rica", "Côte d'Ivoire", "Croatia")
        assert _in_order(names, "Tunisia", "Türkiye", "Turkmenistan")
        db.session.remove()
        db.engine.dispose()


def test_the_accounts_list_reads_accented_names_among_the_others(app, cast):
    for name in ("zoe", "Ángela", "Bruno"):
        make_user(f"{name.lower()}@example.org", "delegate", "CHL", name=name)
    delegates = [u.name for u in list_accounts(cast.secretariat) if u.role == "delegate"]
    assert _in_order(delegates, "Ángela", "Bruno", "zoe")
