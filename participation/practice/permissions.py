"""Who writes and publishes practice examples.

District managers draft examples (their experience is what the collection is for) and
edit drafts of their districts, and the drafts without a district that they started; the
coordination office edits every example, publishes, withdraws and imports examples of other
municipalities."""

from __future__ import annotations

from participation.core.permissions import rule
from participation.projects.permissions import is_office

WRITERS = frozenset({"district_manager", "coordinator", "admin"})


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


@rule("draft_practice_examples")
def can_draft_practice_examples(user, _obj=None) -> bool:
    """See the staff list and start a draft: district managers and the office."""
    return _signed_in(user) and bool(user.role_names & WRITERS)


@rule("edit_practice_example")
def can_edit_practice_example(user, example) -> bool:
    """The office edits every example; a district manager edits drafts of one of their
    districts, and the drafts without a district (city-wide, elsewhere) they started."""
    if is_office(user):
        return True
    if not can_draft_practice_examples(user) or example is None or example.is_published:
        return False
    if example.district_id is not None:
        return example.district_id in user.district_ids()
    return example.created_by_id == user.id


@rule("publish_practice_examples")
def can_publish_practice_examples(user, _obj=None) -> bool:
    """Publish, withdraw and import: the office."""
    return is_office(user)
