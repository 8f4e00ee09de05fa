"""The volunteer phone line: its weekly hours and exceptions, its advisers and their duties,
callback requests and the anonymous log of the conversations."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.extensions import db
from participation.partners.models import PartnerOrganisation

TOPICS = ("first_steps", "social", "environment", "culture", "sport", "refugees", "other")
AGE_GROUPS = ("under_18", "18_29", "30_49", "50_64", "65_plus", "unknown")
OUTCOMES = ("referred", "information", "follow_up", "no_match")
# open: waiting for an adviser; taken: an adviser calls; reached: the person was reached
# and the conversation waits for its log; logged: done; unreachable: given up.
STATUSES = ("open", "taken", "reached", "logged", "unreachable")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class PhoneSlot(db.Model):
    """One slot of the weekly pattern (weekday 0 = Monday), in the city's local time."""

    __tablename__ = "phone_slot"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("ends > starts", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    weekday: Mapped[int]
    starts: Mapped[time]
    ends: Mapped[time]


class PhoneException(db.Model):
    """A day that differs from the pattern: closed (no times) or open with special hours
    (one row per slot of that day)."""

    __tablename__ = "phone_exception"
    __table_args__ = (
        CheckConstraint(
            "(starts IS NULL AND ends IS NULL) OR (starts IS NOT NULL AND ends > starts)",
            name="closed_or_hours",
        ),
        Index("ix_phone_exception_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    starts: Mapped[time | None]
    ends: Mapped[time | None]
    note: Mapped[str] = mapped_column(String(200), default="")

    @property
    def closed(self) -> bool:
        return self.starts is None


class PhoneAdviser(db.Model):
    """A person who answers the line: staff, or a member of a partner organisation the
    office designated. The name is shown publicly only with `show_name`."""

    __tablename__ = "phone_adviser"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="SET NULL")
    )
    show_name: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[PartnerOrganisation | None] = relationship(lazy="joined")


class PhoneDuty(db.Model):
    """An adviser on duty on a date, from–to (local time): the roster."""

    __tablename__ = "phone_duty"
    __table_args__ = (
        CheckConstraint("ends > starts", name="ends_after_start"),
        UniqueConstraint("adviser_id", "day", "starts"),
        Index("ix_phone_duty_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("phone_adviser.id", ondelete="CASCADE"))
    day: Mapped[date]
    starts: Mapped[time]
    ends: Mapped[time]

    adviser: Mapped[PhoneAdviser] = relationship(lazy="joined", innerjoin=True)


class CallbackRequest(db.Model):
    """A request to be called back. First name and number stay only until erased (the
    retention period); what remains is anonymous."""

    __tablename__ = "callback_request"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="known_status"),
        CheckConstraint(_in("topic", TOPICS), name="known_topic"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_callback_request_queue", "status", "created_at"),
        Index("ix_callback_request_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str | None] = mapped_column(String(60))
    # E.164; None once erased.
    phone: Mapped[str | None] = mapped_column(String(20))
    preferred_time: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(String(30))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime]
    taken_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    taken_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    reached_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    # The form's random key (core.db.submission_key): the same form sent twice is one request.
    submission_key: Mapped[str | None] = mapped_column(String(40), unique=True)

    taken_by: Mapped[User | None] = relationship(lazy="joined")


class PhoneConversation(db.Model):
    """The anonymous log of one conversation: no name, no number, no adviser."""

    __tablename__ = "phone_conversation"
    __table_args__ = (
        CheckConstraint(_in("topic", TOPICS), name="known_topic"),
        CheckConstraint(_in("age_group", AGE_GROUPS), name="known_age_group"),
        CheckConstraint(_in("outcome", OUTCOMES), name="known_outcome"),
        Index("ix_phone_conversation_logged", "logged_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    callback_id: Mapped[int | None] = mapped_column(
        ForeignKey("callback_request.id", ondelete="SET NULL"), unique=True
    )
    topic: Mapped[str] = mapped_column(String(30))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    age_group: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    referred_opportunities: Mapped[str] = mapped_column(Text, default="")
    logged_at: Mapped[datetime]

    organisations: Mapped[list[PartnerOrganisation]] = relationship(
        secondary="phone_conversation_organisation",
        lazy="selectin",
        order_by="PartnerOrganisation.name",
    )


class PhoneConversationOrganisation(db.Model):
    """An organisation a conversation referred to."""

    __tablename__ = "phone_conversation_organisation"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("phone_conversation.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), primary_key=True
    )
