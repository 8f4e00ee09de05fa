"""Who may change a comment, and who writes official comments."""

from participation.core.permissions import can, rule


@rule("change_comment")
def can_change_comment(user, comment) -> bool:
    """Edit (within the window) and delete: the author."""
    return bool(user and user.is_authenticated and user.id == comment.author_id)


@rule("comment_officially")
def can_comment_officially(user, process) -> bool:
    """The staff responsible for the process, in any phase while it is public."""
    return bool(user and user.is_authenticated) and can(user, "publish_process", process)
