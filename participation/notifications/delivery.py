"""Mail for notifications: at once, or gathered into one digest per period; every mail
carries one-click unsubscribe (RFC 8058) and a signed link to the preferences."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from flask import current_app
from flask_babel import force_locale, ngettext
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import selectinload

from participation.accounts.models import User
from participation.accounts.tokens import make_token, read_token
from participation.core.clock import CITY_TIMEZONE, utcnow
from participation.core.db import dialect_insert
from participation.core.links import external_url
from participation.extensions import db
from participation.mail.services import Mail, queue_mails
from participation.notifications.describe import describe
from participation.notifications.models import (
    DAILY,
    DIGEST,
    INSTANT,
    WEEKLY,
    Notification,
    NotificationEvent,
    NotificationSettings,
)
from participation.notifications.preferences import settings_of
from participation.notifications.services import items_loaded, visible

log = logging.getLogger(__name__)
BATCH = 500
# Hours after a person's digest hour in which a missed run still sends that digest.
CATCH_UP_HOURS = 3
UNSUBSCRIBE, PREFERENCES = "notification-unsubscribe", "notification-preferences"


# --- signed links -----------------------------------------------------------------------------


def link_token(purpose: str, user_id: int, version: int) -> str:
    """A signed link token for one person (UNSUBSCRIBE or PREFERENCES) at a token version."""
    return make_token(purpose, {"u": user_id, "v": version})


def user_for_token(purpose: str, token: str) -> tuple[User | None, str]:
    """(user, "") for a valid link, or (None, why): "invalid" (forged, expired, unknown
    person) or "used" (a preference link that was used, or replaced by a newer one). An
    unsubscribe link keeps working: clicking it twice unsubscribes once."""
    max_age = current_app.config["NOTIFICATION_TOKEN_DAYS"] * 86_400
    payload = read_token(purpose, token, max_age)
    if (
        not payload
        or not isinstance(payload.get("u"), int)
        or not isinstance(payload.get("v"), int)
    ):
        return None, "invalid"
    user = db.session.get(User, payload["u"])
    if user is None:
        return None, "invalid"
    if purpose == PREFERENCES and settings_of(user).token_version != payload["v"]:
        return None, "used"
    return user, ""


def mail_links(user_id: int, version: int) -> dict[str, str]:
    """The unsubscribe and preference links every notification mail carries."""
    unsubscribe = external_url(
        "notifications.unsubscribe", token=link_token(UNSUBSCRIBE, user_id, version)
    )
    preferences = external_url(
        "notifications.preferences_by_link", token=link_token(PREFERENCES, user_id, version)
    )
    return {"unsubscribe": unsubscribe, "preferences": preferences}


def list_headers(links: dict[str, str]) -> dict[str, str]:
    """The RFC 8058 one-click unsubscribe headers for `mail_links`."""
    return {
        "List-Unsubscribe": f"<{links['unsubscribe']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _versions(user_ids: list[int]) -> dict[int, int]:
    """The people's token versions (one query; no row means version 1)."""
    rows = db.session.execute(
        select(NotificationSettings.user_id, NotificationSettings.token_version).where(
            NotificationSettings.user_id.in_(user_ids)
        )
    ).all()
    return {user_id: version for user_id, version in rows}


def _load_items():
    """Load what mailed notifications point at (as the centre does) and their people."""
    return (*items_loaded(), selectinload(Notification.user))


# --- at once ---------------------------------------------------------------------------------


def send_instant(event_id: int) -> int:
    """Mail every notification of this event whose channel is "instant", in batches; a
    notification is mailed once (its outbox key), however often this runs."""
    sent = 0
    while True:
        batch = db.session.scalars(
            select(Notification)
            .join(NotificationEvent, NotificationEvent.id == Notification.event_id)
            .where(
                Notification.event_id == event_id,
                Notification.channel == INSTANT,
                Notification.delivered_at.is_(None),
                visible(),
            )
            .options(*_load_items())
            .order_by(Notification.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return sent
        versions = _versions([n.user_id for n in batch])
        centre = external_url("notifications.centre")
        mails = []
        with force_locale("de"):
            for notification in batch:
                user = notification.user
                links = mail_links(user.id, versions.get(user.id, 1))
                described = describe(notification.event)
                link = external_url(described.endpoint, **described.values)
                mails.append(
                    Mail(
                        recipient=user.email,
                        subject=described.text[:200],
                        template="notification",
                        key=f"notification:{notification.id}",
                        headers=list_headers(links),
                        context={
                            "pseudonym": user.pseudonym,
                            "text": described.text,
                            "link": link,
                            "centre": centre,
                            **links,
                        },
                    )
                )
            sent += queue_mails(mails)
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_([n.id for n in batch]))
            .values(delivered_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


# --- digests ---------------------------------------------------------------------------------


def period_of(frequency: str, moment: datetime) -> str:
    """The digest period a moment falls in, in city time: a day or an ISO week."""
    local = moment.astimezone(CITY_TIMEZONE)
    if frequency == DAILY:
        return f"d{local.date().isoformat()}"
    year, week, _day = local.isocalendar()
    return f"w{year}-W{week:02d}"


def due_for_digest(now: datetime, *, after_id: int = 0, limit: int = 100_000) -> list[int]:
    """People whose digest hour is now (or was up to CATCH_UP_HOURS ago), who have not had
    this period's digest, and who have something new for it (one query; no row means the
    defaults)."""
    local = now.astimezone(CITY_TIMEZONE)
    weekday, hour = local.weekday(), local.hour
    frequency = func.coalesce(NotificationSettings.digest_frequency, WEEKLY)
    day = func.coalesce(NotificationSettings.digest_weekday, 0)
    at = func.coalesce(NotificationSettings.digest_hour, 7)
    last = func.coalesce(NotificationSettings.last_digest_period, "")
    # The chosen hour, or the next ones when a run was missed (the timer was down); a
    # first item later in the week waits for the next slot instead of going out at once.
    in_slot = and_(at <= hour, hour < at + CATCH_UP_HOURS)
    daily_due = and_(frequency == DAILY, in_slot, last != period_of(DAILY, now))
    weekly_due = and_(frequency == WEEKLY, day == weekday, in_slot, last != period_of(WEEKLY, now))
    waiting = (
        select(Notification.user_id)
        .where(Notification.channel == DIGEST, Notification.delivered_at.is_(None))
        .distinct()
        .subquery()
    )
    return list(
        db.session.scalars(
            select(waiting.c.user_id)
            .outerjoin(NotificationSettings, NotificationSettings.user_id == waiting.c.user_id)
            .where(waiting.c.user_id > after_id, or_(daily_due, weekly_due))
            .order_by(waiting.c.user_id)
            .limit(limit)
        )
    )


def _subject(frequency: str, count: int) -> str:
    """The digest's subject, in the singular for one item."""
    if frequency == DAILY:
        return ngettext(
            "Ihre tägliche Zusammenfassung: %(num)s Neuigkeit",
            "Ihre tägliche Zusammenfassung: %(num)s Neuigkeiten",
            count,
        )
    return ngettext(
        "Ihre wöchentliche Zusammenfassung: %(num)s Neuigkeit",
        "Ihre wöchentliche Zusammenfassung: %(num)s Neuigkeiten",
        count,
    )


def send_digests(user_ids: list[int], now: datetime) -> int:
    """One digest per person and period with everything new since the last one, grouped
    by process; none for a person with nothing (left) to tell. The batch is one
    transaction of a fixed number of statements; running it again queues nothing (the
    period's outbox key, the stored period, the delivered items)."""
    if not user_ids:
        return 0
    settings = {
        row.user_id: row
        for row in db.session.scalars(
            select(NotificationSettings).where(NotificationSettings.user_id.in_(user_ids))
        )
    }
    waiting = (
        Notification.user_id.in_(user_ids),
        Notification.channel == DIGEST,
        Notification.delivered_at.is_(None),
    )
    pending = db.session.execute(
        select(Notification, visible().label("shown"))
        .join(NotificationEvent, NotificationEvent.id == Notification.event_id)
        .where(*waiting)
        .options(*_load_items())
        .order_by(Notification.user_id, Notification.id)
    ).all()
    if not pending:
        return 0
    periods = {}
    for notification, _shown in pending:
        row = settings.get(notification.user_id)
        periods[notification.user_id] = period_of(row.digest_frequency if row else WEEKLY, now)
    claimed = _claim_periods(periods)
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification, shown in pending:
        if shown and notification.user_id in claimed:
            by_user[notification.user_id].append(notification)
    centre = external_url("notifications.centre")
    mails = []
    with force_locale("de"):
        for user_id in claimed:
            row = settings.get(user_id)
            frequency = row.digest_frequency if row else WEEKLY
            period = periods[user_id]
            items = by_user.get(user_id)
            if not items:
                continue  # everything it held was hidden since: no mail
            user = items[0].user
            links = mail_links(user_id, row.token_version if row else 1)
            groups: dict[str, list] = defaultdict(list)
            for notification in items:
                described = describe(notification.event)
                link = external_url(described.endpoint, **described.values)
                groups[described.group].append((described.text, link))
            context = {"pseudonym": user.pseudonym, "groups": sorted(groups.items())}
            mails.append(
                Mail(
                    recipient=user.email,
                    subject=_subject(frequency, len(items)),
                    template="digest",
                    key=f"digest:{user_id}:{period}",
                    headers=list_headers(links),
                    context={**context, "centre": centre, **links},
                )
            )
        sent = queue_mails(mails)
    if claimed:
        last_seen = max(notification.id for notification, _shown in pending)
        db.session.execute(
            update(Notification)
            .where(*waiting, Notification.user_id.in_(claimed), Notification.id <= last_seen)
            .values(delivered_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return sent


def _claim_periods(periods: dict[int, str]) -> set[int]:
    """Take this period's digest for these people: the stored period is the claim, moved
    by one conditional UPDATE per period, so a person whose digest another batch already
    took this period is left alone (and their newer items wait for the next period)."""
    db.session.execute(
        dialect_insert(db.session)(NotificationSettings)
        .values(
            [
                {"user_id": user_id, "created_at": utcnow(), "updated_at": utcnow()}
                for user_id in periods
            ]
        )
        .on_conflict_do_nothing()
    )
    claimed: set[int] = set()
    for period in set(periods.values()):
        people = [user_id for user_id, p in periods.items() if p == period]
        claimed |= set(
            db.session.scalars(
                update(NotificationSettings)
                .where(
                    NotificationSettings.user_id.in_(people),
                    or_(
                        NotificationSettings.last_digest_period.is_(None),
                        NotificationSettings.last_digest_period != period,
                    ),
                )
                .values(last_digest_period=period, updated_at=utcnow())
                .returning(NotificationSettings.user_id)
                .execution_options(synchronize_session=False)
            )
        )
    return claimed


def next_batches(now: datetime) -> list[list[int]]:
    """The people due for a digest now, in batches for the jobs."""
    due = due_for_digest(now)
    return [due[i : i + BATCH] for i in range(0, len(due), BATCH)]
