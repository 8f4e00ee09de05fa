"""Who links council papers to a process: the staff who run it (its district's managers
and the coordination office), the same people who edit the process."""

from participation.core.permissions import can, rule


@rule("link_council_papers")
def can_link_council_papers(user, process) -> bool:
    return can(user, "publish_process", process)
