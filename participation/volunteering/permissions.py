"""Who may do what in the Freiwilligenbörse."""

from __future__ import annotations

from participation.core.clock import utcnow
from participation.core.permissions import rule
from participation.partners.permissions import is_member
from participation.projects.permissions import is_office


@rule("manage_opportunities")
def can_manage_opportunities(user, organisation) -> bool:
    """Write, publish, withdraw and renew opportunities and answer interest in them: the
    members of that (active) organisation, for it alone, unless their account is blocked."""
    return bool(
        organisation is not None
        and organisation.is_active
        and is_member(user, organisation)
        and not user.is_blocked(utcnow())
    )


@rule("express_volunteer_interest")
def can_express_volunteer_interest(user, _obj=None) -> bool:
    """Signed in with a confirmed address and not blocked."""
    return bool(
        user and user.is_authenticated and user.is_verified and not user.is_blocked(utcnow())
    )


@rule("see_volunteering_figures")
def can_see_volunteering_figures(user, _obj=None) -> bool:
    """The office's figures of the exchange: coordinators and administrators."""
    return is_office(user)
