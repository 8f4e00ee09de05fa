"""How each person wants to hear: channels per kind, the digest rhythm, unsubscribing with
one click, and the version that retires old preference links."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.core.db import dialect_insert, upsert
from participation.core.errors import Invalid
from participation.extensions import db
from participation.mail import pausing
from participation.notifications.kinds import kinds_for
from participation.notifications.models import (
    DAILY,
    PORTAL,
    WEEKLY,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationSettings,
)


def settings_of(user) -> NotificationSettings:
    """The person's settings, or the defaults (not stored until they change something)."""
    row = db.session.get(NotificationSettings, user.id)
    return row or NotificationSettings(
        user_id=user.id,
        digest_frequency=WEEKLY,
        digest_weekday=0,
        digest_hour=7,
        follow_own=True,
        token_version=1,
        mail_off=False,
    )


def channels_of(user) -> dict[str, str]:
    """The channel of every kind this person may choose for (stored, or the default)."""
    stored = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.channel).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {name: stored.get(name, kind.default) for name, kind in kinds_for(user).items()}


@dataclass
class Preferences:
    channels: dict[str, str]
    digest_frequency: str
    digest_weekday: int
    digest_hour: int
    follow_own: bool


def _rechannel_waiting(user_id: int, kind: str, channel: str) -> None:
    """What waits to be mailed follows the person's new choice (an unsubscribed person gets
    no digest of what was gathered before)."""
    events = select(NotificationEvent.id).where(NotificationEvent.kind == kind)
    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.delivered_at.is_(None),
            Notification.event_id.in_(events),
        )
        .values(channel=channel)
        .execution_options(synchronize_session=False)
    )


def save_preferences(*, actor, preferences: Preferences, used_link: bool = False) -> None:
    """Store how the person wants to hear of each kind, and their digest rhythm; saving
    turns mail on again after a one-click unsubscribe. With `used_link`, the preference
    link that was used stops working, in the same transaction."""
    allowed = kinds_for(actor)
    for name, channel in preferences.channels.items():
        if name not in allowed or channel not in allowed[name].channels:
            raise Invalid(_("Bitte wählen Sie einen der angebotenen Wege."), field=f"kind_{name}")
    if preferences.digest_frequency not in (DAILY, WEEKLY):
        raise Invalid(_("Bitte wählen Sie täglich oder wöchentlich."), field="digest_frequency")
    if not 0 <= preferences.digest_weekday <= 6:
        raise Invalid(_("Bitte wählen Sie einen Wochentag."), field="digest_weekday")
    if not 0 <= preferences.digest_hour <= 23:
        raise Invalid(_("Bitte wählen Sie eine Uhrzeit."), field="digest_hour")
    for name, channel in preferences.channels.items():
        upsert(
            db.session,
            NotificationPreference,
            keys=("user_id", "kind"),
            user_id=actor.id,
            kind=name,
            channel=channel,
        )
        _rechannel_waiting(actor.id, name, channel)
    upsert(
        db.session,
        NotificationSettings,
        keys=("user_id",),
        user_id=actor.id,
        digest_frequency=preferences.digest_frequency,
        digest_weekday=preferences.digest_weekday,
        digest_hour=preferences.digest_hour,
        follow_own=preferences.follow_own,
        mail_off=False,
    )
    if used_link:
        retire_links(actor)
    db.session.commit()


def unsubscribe(*, user) -> bool:
    """One click: no more mail of any kind, and what waited for a digest stays in the
    portal. True if this changed anything (a second click changes nothing)."""
    was_off = settings_of(user).mail_off
    upsert(db.session, NotificationSettings, keys=("user_id",), user_id=user.id, mail_off=True)
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.delivered_at.is_(None))
        .values(channel=PORTAL)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return not was_off


def retire_links(user) -> None:
    """Raise the token version in the database itself: every preference link mailed so
    far stops working (after one was used to save)."""
    statement = dialect_insert(db.session)(NotificationSettings).values(
        user_id=user.id, token_version=2
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id"],
            set_={"token_version": NotificationSettings.token_version + 1},
        )
    )


def resume_mail(*, actor) -> None:
    """The person says their address works again: bulk mail to it goes out again."""
    pausing.resume_address(actor.email)
    db.session.commit()
