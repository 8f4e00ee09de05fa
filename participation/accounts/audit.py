"""The account audit log: what administrators, or the command line, did to an account."""

from __future__ import annotations

from sqlalchemy import select

from participation.accounts.models import AccountAudit, User
from participation.core.clock import utcnow
from participation.extensions import db


def record(*, actor: User | None, user: User, action: str, detail: str = "") -> AccountAudit:
    """Add an entry to the caller's transaction (the caller commits)."""
    entry = AccountAudit(
        created_at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        user_id=user.id,
        action=action,
        detail=detail[:1000],
    )
    db.session.add(entry)
    return entry


def entries_for(user: User, limit: int = 50) -> list[AccountAudit]:
    """The newest entries about one account (the actor is loaded with them)."""
    return list(
        db.session.scalars(
            select(AccountAudit)
            .where(AccountAudit.user_id == user.id)
            .order_by(AccountAudit.created_at.desc(), AccountAudit.id.desc())
            .limit(limit)
        )
    )


def role_detail(role: str, district=None, organisation=None) -> str:
    """ "district_manager 10" / "partner_member slug": a role and its scope, no personal data."""
    scope = district.code if district is not None else organisation.slug if organisation else ""
    return f"{role} {scope}".strip()
