"""Who runs the network: the office plans, responsible organisations report their items."""

from __future__ import annotations

from participation.core.permissions import can, rule


@rule("report_work_item")
def can_report_work_item(user, item) -> bool:
    """The office, or a member of an organisation responsible for the item."""
    if can(user, "manage_partners"):
        return True
    if not (user and user.is_authenticated):
        return False
    return bool(user.organisation_ids() & {o.id for o in item.responsible})
