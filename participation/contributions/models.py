"""Statements, events and offers published by members for their organisation, and the
registrations for events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import TimestampMixin
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.partners.models import PartnerOrganisation
from participation.projects.models import Process

KINDS = ("statement", "event", "offer")
# none: no registration; portal: residents register here (capacity, waiting list);
# external: registration on the organiser's own site.
REGISTRATION_MODES = ("none", "portal", "external")

contribution_process = Table(
    "contribution_process",
    db.metadata,
    Column("contribution_id", ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", ForeignKey("process.id", ondelete="CASCADE"), primary_key=True),
)
contribution_district = Table(
    "contribution_district",
    db.metadata,
    Column("contribution_id", ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("district.id"), primary_key=True),
)
contribution_action_field = Table(
    "contribution_action_field",
    db.metadata,
    Column("contribution_id", ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True),
    Column("action_field_id", ForeignKey("action_field.id"), primary_key=True),
)


class Contribution(TimestampMixin, db.Model):
    """What an organisation says or offers: a statement on one process, an event, or an
    offer; events and offers may be tied to processes, districts and action fields."""

    __tablename__ = "contribution"
    __table_args__ = (
        CheckConstraint("kind IN ('statement', 'event', 'offer')", name="known_kind"),
        CheckConstraint(
            "registration IN ('none', 'portal', 'external')", name="known_registration"
        ),
        CheckConstraint("status IN ('published', 'withdrawn')", name="known_status"),
        CheckConstraint("confirmed_count >= 0 AND waiting_count >= 0", name="counts_not_negative"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        # Upcoming events in date order; an organisation's contributions, newest first.
        Index("ix_contribution_kind_starts", "kind", "status", "starts_at"),
        Index("ix_contribution_organisation", "organisation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="published")
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # Events (and offers with a place).
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(300), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    registration: Mapped[str] = mapped_column(String(20), default="none")
    capacity: Mapped[int | None]
    external_url: Mapped[str] = mapped_column(String(500), default="")
    # Offers: how to take part (a contact, opening hours).
    contact: Mapped[str] = mapped_column(String(500), default="")
    confirmed_count: Mapped[int] = mapped_column(default=0)
    waiting_count: Mapped[int] = mapped_column(default=0)
    edited_at: Mapped[datetime | None]
    # Hidden by the moderation (a network item, participation/moderation/subjects.py): the
    # page then shows only the reason and the public explanation, and every list, feed,
    # count and answer of the API leaves it out.
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(String(40), default="")
    hidden_explanation: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[PartnerOrganisation] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    processes: Mapped[list[Process]] = relationship(
        secondary=contribution_process, lazy="selectin", order_by=Process.title
    )
    districts: Mapped[list[District]] = relationship(
        secondary=contribution_district, lazy="selectin", order_by=District.code
    )
    action_fields: Mapped[list[ActionField]] = relationship(
        secondary=contribution_action_field, lazy="selectin", order_by=ActionField.name
    )

    @property
    def is_visible(self) -> bool:
        """Public: published, not withdrawn and not hidden by the moderation."""
        return self.status == "published" and self.hidden_at is None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @classmethod
    def shown(cls) -> list:
        """The conditions of a public contribution, for every list, count and feed."""
        return [cls.status == "published", cls.hidden_at.is_(None)]

    @property
    def places_left(self) -> int | None:
        if self.registration != "portal" or self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)


class EventRegistration(db.Model):
    """A resident's place at an event, or on its waiting list."""

    __tablename__ = "event_registration"
    __table_args__ = (
        UniqueConstraint("contribution_id", "user_id"),
        CheckConstraint("status IN ('confirmed', 'waiting')", name="known_status"),
        Index("ix_event_registration_queue", "contribution_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
