"""Who reports and who moderates: district managers their districts' processes, the
coordination office and admins every process."""

from participation.core.clock import utcnow
from participation.core.permissions import can, rule


@rule("report_content")
def can_report_content(user, process=None) -> bool:
    """Signed-in users who are not blocked (a blocked user reads but does not write)."""
    return bool(user and user.is_authenticated and not user.is_blocked(utcnow()))


@rule("moderate")
def can_moderate(user, process) -> bool:
    return can(user, "publish_process", process)


@rule("moderate_queue")
def can_moderate_queue(user, obj=None) -> bool:
    """Staff who moderate somewhere: district managers, the coordination office, admins."""
    return bool(
        user
        and user.is_authenticated
        and user.role_names & {"district_manager", "coordinator", "admin"}
    )


@rule("read_moderation_log")
def can_read_moderation_log(user, obj=None) -> bool:
    """The audit log of every moderation action: the coordination office and admins."""
    return bool(user and user.is_authenticated and user.role_names & {"coordinator", "admin"})


@rule("moderate_network")
def can_moderate_network(user, obj=None) -> bool:
    """Network items (participation/moderation/subjects.py) belong to no process and no
    district: the coordination office and admins moderate them."""
    return bool(user and user.is_authenticated and user.role_names & {"coordinator", "admin"})
