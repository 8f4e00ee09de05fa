"""Who may use the account pages and the staff area."""

from participation.accounts.models import COUNCIL_ROLE
from participation.core.permissions import rule


@rule("manage_own_account")
def can_manage_own_account(user, obj=None) -> bool:
    return bool(user and user.is_authenticated)


@rule("access_staff_area")
def can_access_staff_area(user, obj=None) -> bool:
    """Staff, and council members, who read (never change) their district's work there."""
    return bool(user and user.is_authenticated and (user.is_staff or user.has_role(COUNCIL_ROLE)))


@rule("administer")
def can_administer(user, obj=None) -> bool:
    return bool(user and user.is_authenticated and user.has_role("admin"))
