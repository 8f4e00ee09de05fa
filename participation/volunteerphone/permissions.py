"""Who runs the volunteer phone line and who works on its callbacks."""

from __future__ import annotations

from sqlalchemy import select

from participation.core.clock import utcnow
from participation.core.permissions import rule
from participation.extensions import db
from participation.projects.permissions import is_office


@rule("manage_phone_line")
def can_manage_phone_line(user, _obj=None) -> bool:
    """Opening hours, exceptions, advisers, roster and figures: the coordination office."""
    return is_office(user)


def adviser_of(user):
    """The user's adviser record, if the office designated them and they still belong to
    the organisation they advise for (one query)."""
    from participation.volunteerphone.models import PhoneAdviser

    if not (user and user.is_authenticated):
        return None
    adviser = db.session.scalar(select(PhoneAdviser).where(PhoneAdviser.user_id == user.id))
    if adviser is None:
        return None
    if adviser.organisation_id is not None and adviser.organisation_id not in (
        user.organisation_ids()
    ):
        return None
    return adviser


@rule("work_callbacks")
def can_work_callbacks(user, _obj=None) -> bool:
    """The callback queue: the office and designated advisers whose account is not
    blocked."""
    if not (user and user.is_authenticated) or user.is_blocked(utcnow()):
        return False
    return is_office(user) or adviser_of(user) is not None


@rule("handle_callback")
def can_handle_callback(user, callback) -> bool:
    """Calling and logging: the adviser who took the callback, or the office."""
    if not can_work_callbacks(user):
        return False
    return is_office(user) or (callback is not None and callback.taken_by_id == user.id)
