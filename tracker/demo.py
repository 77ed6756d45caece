"""The demo negotiation a new user sees: the 2021 modalities zero draft, Rev.1, and accounts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Negotiation, NegotiationStatus, Role, User
from tracker.services import accounts, negotiations, revisions
from tracker.services.delegations import ensure_reference_delegations

DEMO_DATA = Path(__file__).parent / "demo_data"
DEMO_PASSWORD = "demo-password"

#: (e-mail, name, role, delegation code)
DEMO_ACCOUNTS = [
    ("admin@demo.example", "Ada Admin", Role.ADMIN, None),
    ("secretariat@demo.example", "Sam Secretariat (DGACM)", Role.SECRETARIAT, None),
    ("cofac.georgia@demo.example", "Kaha Imnadze (co-facilitator)", Role.FACILITATOR, None),
    ("cofac.philippines@demo.example", "Enrique Manalo (co-facilitator)", Role.FACILITATOR, None),
    ("mexico@demo.example", "Delegate of Mexico", Role.DELEGATE, "MEX"),
    ("chile@demo.example", "Delegate of Chile", Role.DELEGATE, "CHL"),
    ("france@demo.example", "Delegate of France", Role.DELEGATE, "FRA"),
    ("nigeria@demo.example", "Delegate of Nigeria", Role.DELEGATE, "NGA"),
    ("norway@demo.example", "Delegate of Norway", Role.DELEGATE, "NOR"),
]

NEGOTIATION_TITLE = (
    "Modalities of the high-level meeting on the appraisal of the Global Plan of Action "
    "to Combat Trafficking in Persons"
)


def load_demo(only_if_empty: bool = False) -> list[tuple[str, str]] | None:
    """Create the demo accounts and negotiation; None when skipped because data exists."""
    ensure_reference_delegations()
    if only_if_empty and db.session.scalar(select(func.count(Negotiation.id))):
        return None
    created = []
    for email, name, role, delegation in DEMO_ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            accounts.create_account(
                None,
                email=email,
                name=name,
                role=role,
                password=DEMO_PASSWORD,
                delegation_code=delegation,
            )
        label = f"{role.value}" + (f" ({delegation})" if delegation else "")
        created.append((email, label))
    secretariat = db.session.scalar(select(User).where(User.role == Role.SECRETARIAT))
    facilitator = db.session.scalar(select(User).where(User.email == "cofac.georgia@demo.example"))
    negotiation = negotiations.create_negotiation(
        secretariat,
        title=NEGOTIATION_TITLE,
        mandate="General Assembly resolution 74/176 of 18 December 2019",
        facilitator_emails=["cofac.georgia@demo.example", "cofac.philippines@demo.example"],
    )
    for filename, label in (("zero-draft.txt", "Zero draft"), ("rev1.txt", "Rev.1")):
        path = DEMO_DATA / filename
        if not path.exists():
            continue
        preview = revisions.upload_revision(
            facilitator, negotiation, filename=filename, data=path.read_bytes(), label=label
        )
        revisions.publish_revision(facilitator, preview)
    negotiation.status = NegotiationStatus.CONSULTATIONS
    db.session.commit()
    return created
