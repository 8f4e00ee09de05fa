"""Who may support and rate in a process: not the staff who answer its proposals."""

from participation.core.permissions import can, rule


@rule("vote_in_process")
def can_vote_in_process(user, process) -> bool:
    return bool(user and user.is_authenticated) and not can(user, "publish_process", process)
