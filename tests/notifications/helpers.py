"""Shared helpers of the notification tests."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from participation.core.clock import CITY_TIMEZONE, local_today
from participation.extensions import db
from participation.notifications.models import Notification, NotificationEvent


def kinds_of(user) -> list[str]:
    """The kinds of the person's notifications, oldest first."""
    rows = db.session.scalars(
        select(NotificationEvent.kind)
        .join(Notification, Notification.event_id == NotificationEvent.id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id)
    ).all()
    db.session.rollback()
    return list(rows)


def next_monday_morning(hour: int = 8) -> datetime:
    """A moment when the default weekly digest (Monday 07:00 in Hannover) is due."""
    today = local_today()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    return datetime.combine(monday, time(hour), tzinfo=CITY_TIMEZONE)


def run_digests(now: datetime) -> None:
    from participation.notifications.jobs import digest_run

    digest_run(now=now.isoformat())


def mails_to(mails, user) -> list:
    return [m for m in mails if m["To"] == user.email]


def want_at_once(user, *kinds: str) -> None:
    """The person asks for these kinds by mail at once (the default is the digest)."""
    from participation.notifications.preferences import Preferences, save_preferences

    save_preferences(
        actor=user,
        preferences=Preferences({kind: "instant" for kind in kinds}, "weekly", 0, 7, True),
    )
