"""Who may change a proposal: its author (moderation rules come with issue 4)."""

from participation.core.permissions import rule


@rule("change_proposal")
def can_change_proposal(user, proposal) -> bool:
    """Edit (within the window) and withdraw."""
    return bool(user and user.is_authenticated and user.id == proposal.author_id)
