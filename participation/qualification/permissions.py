"""Who runs trainings and who sees training records."""

from __future__ import annotations

from participation.core.permissions import rule
from participation.projects.permissions import is_office


@rule("manage_trainings")
def can_manage_trainings(user, _obj=None) -> bool:
    """Create, edit, publish and cancel trainings, record attendance, read feedback and
    the anchoring figures: the coordination office (coordinators and admins)."""
    return is_office(user)


@rule("read_own_training_record")
def can_read_own_training_record(user, _obj=None) -> bool:
    """Staff, council members and partner members see what they attended."""
    return bool(
        user
        and user.is_authenticated
        and user.role_names
        & {"district_manager", "coordinator", "admin", "council_member", "partner_member"}
    )
