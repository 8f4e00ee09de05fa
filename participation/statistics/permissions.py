"""Who reads the office's figures: the coordination office and admins."""

from participation.core.permissions import rule
from participation.projects.permissions import OFFICE_ROLES


@rule("read_office_figures")
def can_read_office_figures(user, obj=None) -> bool:
    return bool(user and user.is_authenticated and user.role_names & OFFICE_ROLES)
