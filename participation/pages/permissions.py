"""Who may edit the operator's page texts and read accessibility feedback."""

from participation.core.permissions import rule


@rule("edit_site_pages")
def can_edit_site_pages(user, obj=None) -> bool:
    return bool(user and user.is_authenticated and user.role_names & {"admin", "coordinator"})


@rule("read_accessibility_feedback")
def can_read_accessibility_feedback(user, obj=None) -> bool:
    return bool(user and user.is_authenticated and user.role_names & {"admin", "coordinator"})
