"""Marketplace test data: active companies with a member, entries, deals, events."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from participation.accounts.models import RoleAssignment
from participation.core.clock import utcnow
from participation.extensions import db
from participation.mail.models import OutboxMail
from participation.marketplace import services
from participation.marketplace.models import Company


def company(make_user, name: str | None = None, *, active: bool = True):
    """(company, its first member)."""
    member = make_user("resident")
    created = services.register_company(
        actor=member,
        data=services.CompanyInput(name=name or f"Firma {member.id}", sector="crafts"),
    )
    if active:
        created.status = "active"
        db.session.commit()
    return created, member


def add_member(company_row: Company, user) -> None:
    db.session.add(
        RoleAssignment(user_id=user.id, role="company_member", company_id=company_row.id)
    )
    db.session.commit()
    db.session.refresh(user)


def entry(actor, party, *, kind: str = "offer", title: str = "Werkstatt für Reparaturen", **extra):
    return services.create_entry(
        actor=actor,
        party_key=services.party_key(party),
        data=services.EntryInput(
            kind=kind,
            category=extra.pop("category", "rooms"),
            title=title,
            description="Unsere Werkstatt steht samstags offen.",
            **extra,
        ),
    )


def event(office, *, capacity: int = 2):
    return services.create_event(
        actor=office,
        data=services.EventInput(
            title="Marktplatz im Rathaus",
            starts_at=utcnow() + timedelta(days=20),
            place="Neues Rathaus",
            capacity=capacity,
        ),
    )


def mails_to(address: str, key_prefix: str) -> int:
    return db.session.scalar(
        select(func.count(OutboxMail.id)).where(
            OutboxMail.recipient == address, OutboxMail.idempotency_key.startswith(key_prefix)
        )
    )
