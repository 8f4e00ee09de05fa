"""How the network governs itself: meetings with attendance, the yearly work programme,
working groups, and the elections of the speaker group."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import TimestampMixin
from participation.extensions import db
from participation.partners.models import PartnerOrganisation

ITEM_STATUSES = ("planned", "in_progress", "done", "dropped")

meeting_attendance = Table(
    "meeting_attendance",
    db.metadata,
    Column("meeting_id", ForeignKey("network_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id",
        ForeignKey("partner_organisation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
work_item_organisation = Table(
    "work_item_organisation",
    db.metadata,
    Column("item_id", ForeignKey("work_programme_item.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id",
        ForeignKey("partner_organisation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
working_group_member = Table(
    "working_group_member",
    db.metadata,
    Column("group_id", ForeignKey("working_group.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id",
        ForeignKey("partner_organisation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class WorkingGroup(TimestampMixin, db.Model):
    """A thematic working group of member organisations."""

    __tablename__ = "working_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description_markdown: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[PartnerOrganisation]] = relationship(
        secondary=working_group_member, lazy="selectin", order_by=PartnerOrganisation.name
    )
    documents: Mapped[list[WorkingGroupDocument]] = relationship(
        lazy="selectin", order_by="WorkingGroupDocument.id", cascade="all, delete-orphan"
    )


class WorkingGroupDocument(db.Model):
    """A document of a working group: a title and where it is published."""

    __tablename__ = "working_group_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("working_group.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    added_at: Mapped[datetime]


class NetworkMeeting(TimestampMixin, db.Model):
    """A meeting of the whole network, or of one working group."""

    __tablename__ = "network_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(300))
    agenda_markdown: Mapped[str] = mapped_column(Text, default="")
    agenda_html: Mapped[str] = mapped_column(Text, default="")
    minutes_markdown: Mapped[str] = mapped_column(Text, default="")
    minutes_html: Mapped[str] = mapped_column(Text, default="")
    working_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group.id", ondelete="CASCADE"), index=True
    )

    attendees: Mapped[list[PartnerOrganisation]] = relationship(
        secondary=meeting_attendance, lazy="selectin", order_by=PartnerOrganisation.name
    )
    working_group: Mapped[WorkingGroup | None] = relationship(lazy="joined")


class WorkProgramme(db.Model):
    """The network's work programme for one year, adopted at the last meeting before it."""

    __tablename__ = "work_programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    adopted_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_meeting.id", ondelete="SET NULL")
    )
    adopted_on: Mapped[date | None] = mapped_column(Date)

    items: Mapped[list[WorkProgrammeItem]] = relationship(
        lazy="selectin", order_by="WorkProgrammeItem.id", cascade="all, delete-orphan"
    )
    adopted_at_meeting: Mapped[NetworkMeeting | None] = relationship(lazy="joined")


class WorkProgrammeItem(TimestampMixin, db.Model):
    __tablename__ = "work_programme_item"
    __table_args__ = (
        CheckConstraint(
            "status IN ('planned', 'in_progress', 'done', 'dropped')", name="known_status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("work_programme.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")

    responsible: Mapped[list[PartnerOrganisation]] = relationship(
        secondary=work_item_organisation, lazy="selectin", order_by=PartnerOrganisation.name
    )


class SpeakerElection(TimestampMixin, db.Model):
    """An election of the speaker group's elected seats: nominations, then one secret
    ballot per active organisation, then the published result."""

    __tablename__ = "speaker_election"
    __table_args__ = (CheckConstraint("seats > 0", name="seats_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seats: Mapped[int]
    nominations_close_at: Mapped[datetime]
    voting_close_at: Mapped[datetime]
    term_starts_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date] = mapped_column(Date)
    result_published_at: Mapped[datetime | None]
    # How a tie for the last seat was settled (drawn by lot), in words for the result.
    tie_note: Mapped[str] = mapped_column(Text, default="")
    reminded_at: Mapped[datetime | None]

    nominations: Mapped[list[Nomination]] = relationship(
        lazy="selectin", order_by="Nomination.id", cascade="all, delete-orphan"
    )


class Nomination(db.Model):
    """An organisation standing for election; `votes` is the only trace of the ballots."""

    __tablename__ = "nomination"
    __table_args__ = (
        UniqueConstraint("election_id", "organisation_id"),
        CheckConstraint("votes >= 0", name="votes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("speaker_election.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisation.id"))
    votes: Mapped[int] = mapped_column(default=0)
    elected: Mapped[bool] = mapped_column(default=False)
    by_lot: Mapped[bool] = mapped_column(default=False)

    organisation: Mapped[PartnerOrganisation] = relationship(lazy="joined", innerjoin=True)


class Ballot(db.Model):
    """That an organisation has voted, and nothing about how: no time, no person, no
    choice. The choices only ever exist as the nominations' counters."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("election_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("speaker_election.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partner_organisation.id"))
