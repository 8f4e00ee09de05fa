"""Who writes and sends newsletters: the coordination office."""

from __future__ import annotations

from participation.core.permissions import rule
from participation.projects.permissions import is_office


@rule("manage_newsletters")
def can_manage_newsletters(user, _obj=None) -> bool:
    """Write, test, schedule, send and cancel issues; see the counts: the office."""
    return is_office(user)
