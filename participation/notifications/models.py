"""What happened (an event), who hears of it (a notification), and how each person likes
to hear (preferences, settings, standing interests)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.clock import utcnow
from participation.core.db import TimestampMixin
from participation.extensions import db

if TYPE_CHECKING:
    from participation.accounts.models import User
    from participation.comments.models import Comment
    from participation.contributions.models import Contribution
    from participation.network.models import WorkingGroup
    from participation.projects.models import Process
    from participation.proposals.models import Proposal

PORTAL, INSTANT, DIGEST = "portal", "instant", "digest"
CHANNELS = (PORTAL, INSTANT, DIGEST)
DAILY, WEEKLY = "daily", "weekly"


class NotificationEvent(db.Model):
    """One thing that happened, once: its unique `key` (e.g. "dialogue_opened:<phase>") makes
    recording it twice a no-op. It points at what it is about with real foreign keys; whether
    that is still public is checked whenever it is shown or mailed."""

    __tablename__ = "notification_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # Who caused it: never told of their own doing.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # An event meant for one person only (a place given from the waiting list).
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("process.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )
    # A volunteer opportunity of the Freiwilligenbörse (participation/volunteering).
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer_opportunity.id", ondelete="CASCADE"), index=True
    )
    working_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group.id", ondelete="CASCADE"), index=True
    )
    # A short plain-text detail the item itself does not say ("verschoben auf …").
    detail: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Loaded together for a page of notifications (selectinload), never one by one.
    process: Mapped[Process | None] = relationship(lazy="raise")
    proposal: Mapped[Proposal | None] = relationship(lazy="raise")
    comment: Mapped[Comment | None] = relationship(lazy="raise")
    contribution: Mapped[Contribution | None] = relationship(lazy="raise")
    working_group: Mapped[WorkingGroup | None] = relationship(lazy="raise")


class Notification(db.Model):
    """One person hears of one event, once (the unique pair); `channel` is how, decided
    from their preferences when it was created."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("user_id", "event_id"),
        Index("ix_notification_user_read", "user_id", "read_at"),
        Index("ix_notification_channel_delivered", "channel", "delivered_at", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        ForeignKey("notification_event.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # Mailed at once, or taken into a digest (or, in the portal only, never).
    delivered_at: Mapped[datetime | None]

    event: Mapped[NotificationEvent] = relationship(lazy="joined", innerjoin=True)
    user: Mapped[User] = relationship(lazy="raise")


class NotificationPreference(TimestampMixin, db.Model):
    """How a person wants to hear of one kind of event, where it is not the default."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10))


class NotificationSettings(TimestampMixin, db.Model):
    """A person's digest rhythm and defaults; no row means the defaults (weekly, Monday
    07:00 in Hannover, following one's own proposals and threads)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    digest_frequency: Mapped[str] = mapped_column(String(10), default=WEEKLY)
    # 0 = Monday, as Python's weekday().
    digest_weekday: Mapped[int] = mapped_column(default=0)
    digest_hour: Mapped[int] = mapped_column(default=7)
    follow_own: Mapped[bool] = mapped_column(default=True)
    # The digest period last sent ("d2026-12-04" or "w2026-W49"): one digest per period.
    last_digest_period: Mapped[str | None] = mapped_column(String(12))
    # Part of every preference link: raising it retires them all.
    token_version: Mapped[int] = mapped_column(default=1)
    # Unsubscribed with one click: no mail of any kind until preferences are saved again.
    mail_off: Mapped[bool] = mapped_column(default=False)


class Interest(TimestampMixin, db.Model):
    """A standing interest ("Mein Bezirk"): tell me of new things in this area, this action
    field, with these words. Every criterion that is set must match."""

    __tablename__ = "interest"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # "all" (the whole city), "citywide" (only city-wide processes) or "district".
    area: Mapped[str] = mapped_column(String(10), default="all")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"))
    quarter_id: Mapped[int | None] = mapped_column(ForeignKey("quarter.id", ondelete="CASCADE"))
    # With a district: city-wide processes count as well.
    include_citywide: Mapped[bool] = mapped_column(default=True)
    action_field_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_field.id", ondelete="CASCADE")
    )
    # As typed, for showing; matching uses the InterestKeyword rows.
    keywords: Mapped[str] = mapped_column(String(200), default="")

    words: Mapped[list[InterestKeyword]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="InterestKeyword.id"
    )


class InterestKeyword(db.Model):
    """One keyword of an interest, lower-cased, matched as a part of a title or summary."""

    __tablename__ = "interest_keyword"
    __table_args__ = (UniqueConstraint("interest_id", "word"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interest_id: Mapped[int] = mapped_column(
        ForeignKey("interest.id", ondelete="CASCADE"), index=True
    )
    word: Mapped[str] = mapped_column(String(60))
