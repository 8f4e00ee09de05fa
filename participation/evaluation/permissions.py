"""Who reads the evaluation of the test phase: the coordination office and admins."""

from participation.core.permissions import rule
from participation.projects.permissions import OFFICE_ROLES


@rule("read_evaluation")
def can_read_evaluation(user, obj=None) -> bool:
    return bool(user and user.is_authenticated and user.role_names & OFFICE_ROLES)
