"""What council members (district councils, the city council) may read; they write nothing."""

from __future__ import annotations

from participation.accounts.models import COUNCIL_ROLE
from participation.core.permissions import rule
from participation.projects.permissions import is_office

# The stages of a process a council sees before the public does: the office reviews it,
# or has approved it for the Vorhabenliste.
COUNCIL_STATUSES = ("in_review", "approved")


def is_council_member(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(COUNCIL_ROLE))


def council_scope(user) -> set[int] | None:
    """The districts a council member reads; None: every district and the city-wide
    processes (the city council, and the office, which sees everything anyway)."""
    if is_office(user):
        return None
    seats = user.council_district_ids() if is_council_member(user) else set()
    if None in seats:
        return None
    return {seat for seat in seats if seat is not None}


def sits_for(user, district_id: int | None) -> bool:
    """Whether the user sits on a council that reads this district (None: city-wide)."""
    if not is_council_member(user):
        return False
    seats = user.council_district_ids()
    return None in seats or (district_id is not None and district_id in seats)


@rule("read_council_overview")
def can_read_council_overview(user, obj=None) -> bool:
    """Council members, and the office, which may want to see what politics sees."""
    return is_council_member(user) or is_office(user)


@rule("read_council_process")
def can_read_council_process(user, process) -> bool:
    """A process in review or approved, of a district the reader's council sits for."""
    if process.status not in COUNCIL_STATUSES:
        return False
    return sits_for(user, process.district_id) or is_office(user)
