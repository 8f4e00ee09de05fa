"""Who reads, writes and uses work aids and process checklists.

The library is the coordination office's: coordinators and admins create aids and add
versions. District managers use it (they read staff-only aids, attach checklists to the
processes of their districts and tick them) but do not add to it: what the library says
is the office's quality standard, so a district's own material goes to the office first.
"""

from __future__ import annotations

from participation.accounts.models import STAFF_ROLES
from participation.core.permissions import rule
from participation.projects.permissions import is_office
from participation.projects.services import process_in_scope


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.role_names & STAFF_ROLES)


@rule("manage_work_aids")
def can_manage_work_aids(user, _obj=None) -> bool:
    """Create work aids, edit them, add versions: the office."""
    return is_office(user)


@rule("read_staff_work_aids")
def can_read_staff_work_aids(user, _obj=None) -> bool:
    """See the aids meant for staff only: district managers and the office."""
    return is_staff(user)


@rule("view_work_aid")
def can_view_work_aid(user, aid) -> bool:
    return aid.is_public or is_staff(user)


@rule("prepare_process")
def can_prepare_process(user, process) -> bool:
    """Attach checklists to a process and tick them: its district's managers and the
    office (the same scope as drafting it)."""
    return bool(user and user.is_authenticated) and process_in_scope(user, process)
