"""Trainings (Fortbildungen, workshops, networking meetings), their dates, registrations
with attendance, and the attendees' feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import TimestampMixin
from participation.extensions import db

KINDS = ("training", "workshop", "network_internal", "network_external")
AUDIENCES = ("administration", "district_managers", "partners", "residents", "council")
FORMATS = ("in_person", "online", "hybrid")
STATUSES = ("draft", "published", "cancelled")
# pending: an e-mail registration waiting for its double opt-in (holds no place).
REGISTRATION_STATUSES = ("pending", "confirmed", "waiting")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Training(TimestampMixin, db.Model):
    """A training of the coordination office: one date or a series, with places."""

    __tablename__ = "training"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="known_kind"),
        CheckConstraint(_in("format", FORMATS), name="known_format"),
        CheckConstraint(_in("status", STATUSES), name="known_status"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("confirmed_count >= 0 AND waiting_count >= 0", name="counts_not_negative"),
        Index("ix_training_status_starts", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    title: Mapped[str] = mapped_column(String(200))
    description_markdown: Mapped[str] = mapped_column(Text)
    description_html: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(300), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int]
    registration_deadline: Mapped[datetime | None]
    speaker: Mapped[str] = mapped_column(String(300), default="")
    materials_markdown: Mapped[str] = mapped_column(Text, default="")
    materials_html: Mapped[str] = mapped_column(Text, default="")
    # A code the anchoring counts by (e.g. QUALIFICATION_BASIC_TRAINING, "grundlagen").
    topic: Mapped[str] = mapped_column(String(60), default="")
    # Open formats take registrations by e-mail without an account (double opt-in).
    open_registration: Mapped[bool] = mapped_column(default=False)
    # The first start and the last end of its dates, kept with the dates (lists, filters).
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    confirmed_count: Mapped[int] = mapped_column(default=0)
    waiting_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

    dates: Mapped[list[TrainingDate]] = relationship(
        back_populates="training",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="TrainingDate.starts_at",
    )
    audience_rows: Mapped[list[TrainingAudience]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="TrainingAudience.audience"
    )

    @property
    def audiences(self) -> list[str]:
        return [row.audience for row in self.audience_rows]

    @property
    def is_public(self) -> bool:
        return self.status in ("published", "cancelled")

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)


class TrainingAudience(db.Model):
    """Whom a training is for (one row per audience)."""

    __tablename__ = "training_audience"
    __table_args__ = (CheckConstraint(_in("audience", AUDIENCES), name="known_audience"),)

    training_id: Mapped[int] = mapped_column(
        ForeignKey("training.id", ondelete="CASCADE"), primary_key=True
    )
    audience: Mapped[str] = mapped_column(String(30), primary_key=True)


class TrainingDate(db.Model):
    """One date of a training (a series has several)."""

    __tablename__ = "training_date"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_training_date_training", "training_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]

    training: Mapped[Training] = relationship(back_populates="dates")


class TrainingRegistration(db.Model):
    """A place at a training, on its waiting list, or (by e-mail) waiting for the opt-in;
    after the training, whether the person attended."""

    __tablename__ = "training_registration"
    __table_args__ = (
        UniqueConstraint("training_id", "user_id"),
        UniqueConstraint("training_id", "email_key"),
        CheckConstraint(_in("status", REGISTRATION_STATUSES), name="known_status"),
        CheckConstraint("(user_id IS NULL) <> (email_key IS NULL)", name="account_or_address"),
        Index("ix_training_registration_queue", "training_id", "status", "id"),
        Index("ix_training_registration_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id", ondelete="CASCADE"))
    # A signed-in person, or an address (open formats) with the name it gave.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    email: Mapped[str | None] = mapped_column(String(254))
    email_key: Mapped[str | None] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(20))
    # Signed links carry it; confirming raises it, so a confirmation link works once.
    token_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime]
    requested_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    attended: Mapped[bool] = mapped_column(default=False)
    attendance_recorded_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship(lazy="joined")
    training: Mapped[Training] = relationship(lazy="joined", innerjoin=True)

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.pseudonym
        return self.name or (self.email or "")

    @property
    def address(self) -> str:
        return self.user.email if self.user is not None else (self.email or "")


class TrainingFeedback(TimestampMixin, db.Model):
    """An attendee's rating of a training (once, changeable). When the account goes, the
    ratings stay for the figures without the person and the comment."""

    __tablename__ = "training_feedback"
    __table_args__ = (
        CheckConstraint("usefulness BETWEEN 1 AND 5", name="usefulness_range"),
        CheckConstraint("organisation BETWEEN 1 AND 5", name="organisation_range"),
        Index("ix_training_feedback_training", "training_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id", ondelete="CASCADE"))
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_registration.id", ondelete="SET NULL"), unique=True
    )
    usefulness: Mapped[int]
    organisation: Mapped[int]
    comment_markdown: Mapped[str] = mapped_column(Text, default="")
    comment_html: Mapped[str] = mapped_column(Text, default="")
