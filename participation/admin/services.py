"""Administration of accounts: find an account, block it, reset its second factor.

Roles are granted and revoked by participation/accounts/services.py and accounts are
deleted by participation/privacy/deletion.py; the administration page, the command line
and these services all write to the one account audit log.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from participation.accounts import audit, two_factor
from participation.accounts.models import RoleAssignment, User
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.links import external_url
from participation.core.pagination import Page, clamp_page
from participation.core.permissions import require
from participation.core.text import name_key, normalise_email
from participation.districts.models import District
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.moderation.services import (
    BLOCK_DAYS,
    PERMANENT,
    tell_blocked,
    tell_unblocked,
)

PAGE_SIZE = 25
QUERY_MAX = 100
REASON_MIN, REASON_MAX = 10, 1000
BLOCK_CHOICES = [(str(days), _l("%(days)s Tage", days=days)) for days in BLOCK_DAYS] + [
    ("immer", _l("dauerhaft"))
]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(*, actor, query: str = "", page: int = 1) -> Page:
    """Accounts whose address or public name contains `query` (all without one), newest
    first; the roles come with them in one more query."""
    require(actor, "administer")
    query = (query or "").strip()[:QUERY_MAX]
    statement = select(User).where(User.deleted_at.is_(None))
    if query:
        pattern = f"%{_escape_like(normalise_email(query))}%"
        statement = statement.where(
            or_(
                User.email_key.like(pattern, escape="\\"),
                User.pseudonym_key.like(f"%{_escape_like(name_key(query))}%", escape="\\"),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    page, pages = clamp_page(total, page, PAGE_SIZE)
    users = db.session.scalars(
        statement.options(
            # The roles' districts come without their quarters (one query fewer).
            selectinload(User.roles).joinedload(RoleAssignment.district).lazyload(District.quarters)
        )
        .order_by(User.created_at.desc(), User.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return Page(items=list(users), page=page, pages=pages, total=total, filters={"q": query})


def get_account(*, actor, user_id: int) -> User:
    require(actor, "administer")
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound(_("Dieses Konto gibt es nicht."))
    return user


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise Invalid(_("Bitte begründen Sie den Schritt in 10 bis 1.000 Zeichen."), field=field)
    return reason


def _not_yourself(actor, user, message: str) -> None:
    if actor is not None and actor.id == user.id:
        raise Conflict(message)


def block(*, actor, user: User, duration: str, reason: str) -> None:
    """Block an account (it may read, not write) for some days or for good; `actor` None
    is the operator's command line."""
    if actor is not None:
        require(actor, "administer")
    _not_yourself(actor, user, _("Sie können Ihr eigenes Konto nicht sperren."))
    if duration == "immer":
        until, days = PERMANENT, None
    elif duration.isdigit() and int(duration) in BLOCK_DAYS:
        days = int(duration)
        until = utcnow() + timedelta(days=days)
    else:
        raise Invalid(_("Bitte wählen Sie eine Dauer."), field="duration")
    reason = _reason(reason)
    user.blocked_until = until
    user.blocked_reason = reason
    audit.record(
        actor=actor,
        user=user,
        action="block",
        detail=f"{days} days" if days else "permanent",
    )
    tell_blocked(user, reason=reason, until=None if days is None else until)
    db.session.commit()


def unblock(*, actor, user: User) -> None:
    if actor is not None:
        require(actor, "administer")
    if not user.is_blocked(utcnow()):
        raise Conflict(_("Dieses Konto ist nicht gesperrt."))
    user.blocked_until = None
    user.blocked_reason = ""
    audit.record(actor=actor, user=user, action="unblock")
    tell_unblocked(user)
    db.session.commit()


def reset_two_factor(*, actor, user: User, reason: str) -> None:
    """For a person who lost their device and their recovery codes (after checking who
    they are outside the portal): the second factor goes, every session ends, the person
    is told by mail, and the step is logged."""
    if actor is not None:
        require(actor, "administer")
    _not_yourself(
        actor,
        user,
        _("Ihren eigenen zweiten Faktor setzt eine andere Administrator*in zurück."),
    )
    if not two_factor.is_enabled(user):
        raise Conflict(_("Dieses Konto hat keine Zwei-Faktor-Anmeldung."))
    reason = _reason(reason)
    two_factor.remove_factors(user)
    user.session_version += 1
    audit.record(actor=actor, user=user, action="reset_two_factor", detail=reason)
    queue_mail(
        recipient=user.email,
        subject=_("Ihre Zwei-Faktor-Anmeldung wurde zurückgesetzt"),
        template="two_factor_reset",
        pseudonym=user.pseudonym,
        setup_link=external_url("security.two_factor_view"),
        reset_link=external_url("accounts.request_reset"),
    )
    db.session.commit()


def history(*, actor, user: User) -> list:
    require(actor, "administer")
    return audit.entries_for(user)
