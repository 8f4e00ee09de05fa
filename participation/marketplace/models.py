"""Marketplace rows: companies, their "Biete"/"Suche" entries, messages between parties,
deals (who gives what to whom) and the office's marketplace events.

A party is a company or a partner organisation: every row that names one has a pair of
nullable foreign keys of which exactly one is set (a check constraint says so).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import TimestampMixin
from participation.districts.models import District
from participation.extensions import db
from participation.partners.models import PartnerOrganisation

SECTORS = (
    "trade",
    "crafts",
    "industry",
    "services",
    "it_media",
    "health",
    "hospitality",
    "finance",
    "other",
)
COMPANY_STATUSES = ("applied", "active", "declined")
ENTRY_KINDS = ("offer", "request")
# Never money: the marketplace trades what a party can give in kind.
CATEGORIES = ("expertise", "material", "rooms", "transport", "time")
ENTRY_STATUSES = ("draft", "published", "closed")
DEAL_STATUSES = ("proposed", "agreed", "declined")
SIDES = ("giver", "receiver")
REGISTRATION_STATUSES = ("confirmed", "waiting")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _one_party(prefix: str, name: str) -> CheckConstraint:
    return CheckConstraint(
        f"({prefix}company_id IS NULL) <> ({prefix}organisation_id IS NULL)", name=name
    )


class Company(TimestampMixin, db.Model):
    """A company taking part in the marketplace: lighter than a network partner (no
    agreement); the office confirms it."""

    __tablename__ = "company"
    __table_args__ = (
        CheckConstraint(_in("sector", SECTORS), name="known_sector"),
        CheckConstraint(_in("status", COMPANY_STATUSES), name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    sector: Mapped[str] = mapped_column(String(20))
    website: Mapped[str] = mapped_column(String(500), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="applied")
    decided_at: Mapped[datetime | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def party_key(self) -> str:
        return f"c{self.id}"


class _Party:
    """A row that belongs to one party: `company` or `organisation`."""

    @property
    def owner(self):
        return self.company if self.company_id else self.organisation

    @property
    def owner_key(self) -> str:
        return f"c{self.company_id}" if self.company_id else f"o{self.organisation_id}"


class MarketEntry(_Party, TimestampMixin, db.Model):
    """A "Biete" (offer) or "Suche" (request) of a party."""

    __tablename__ = "market_entry"
    __table_args__ = (
        CheckConstraint(_in("kind", ENTRY_KINDS), name="known_kind"),
        CheckConstraint(_in("category", CATEGORIES), name="known_category"),
        CheckConstraint(_in("status", ENTRY_STATUSES), name="known_status"),
        _one_party("", "one_owner"),
        Index("ix_market_entry_listing", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    # None: city-wide.
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    valid_until: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    published_at: Mapped[datetime | None]
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Moderation: a hidden entry leaves every public list and page.
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(String(40), default="")
    hidden_explanation: Mapped[str] = mapped_column(Text, default="")

    company: Mapped[Company | None] = relationship(lazy="joined")
    organisation: Mapped[PartnerOrganisation | None] = relationship(lazy="joined")
    district: Mapped[District | None] = relationship(lazy="joined")


class MarketMessage(db.Model):
    """A message of one party to the owner of an entry, sent through the portal."""

    __tablename__ = "market_message"
    __table_args__ = (_one_party("sender_", "one_sender"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("market_entry.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    sender_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE")
    )
    sender_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE")
    )
    body: Mapped[str] = mapped_column(Text)
    # Given by the sender for this message only; emptied when the sender's account goes.
    reply_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime]

    entry: Mapped[MarketEntry] = relationship(lazy="joined")
    sender_company: Mapped[Company | None] = relationship(lazy="joined")
    sender_organisation: Mapped[PartnerOrganisation | None] = relationship(lazy="joined")

    @property
    def sender_name(self) -> str:
        party = self.sender_company or self.sender_organisation
        return party.name if party else ""


class MarketEvent(TimestampMixin, db.Model):
    """A Marktplatz event of the office: parties register participants for its places."""

    __tablename__ = "market_event"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("confirmed_count >= 0 AND waiting_count >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int]
    confirmed_count: Mapped[int] = mapped_column(default=0)
    waiting_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class MarketEventRegistration(_Party, db.Model):
    """One participant a party registered for a marketplace event."""

    __tablename__ = "market_event_registration"
    __table_args__ = (
        CheckConstraint(_in("status", REGISTRATION_STATUSES), name="known_status"),
        _one_party("", "one_party"),
        UniqueConstraint("event_id", "party_key", "participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("market_event.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE")
    )
    # "c<id>" or "o<id>": one name per party and event, whichever kind the party is.
    party_key: Mapped[str] = mapped_column(String(24))
    participant: Mapped[str] = mapped_column(String(120))
    # The member who registered the participant (the place book moves people up by it).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]

    company: Mapped[Company | None] = relationship(lazy="joined")
    organisation: Mapped[PartnerOrganisation | None] = relationship(lazy="joined")


class Deal(TimestampMixin, db.Model):
    """Who gives what to whom: proposed by one side, agreed by the other; public only when
    both agreed and both consented to publishing."""

    __tablename__ = "market_deal"
    __table_args__ = (
        CheckConstraint(_in("category", CATEGORIES), name="known_category"),
        CheckConstraint(_in("status", DEAL_STATUSES), name="known_status"),
        CheckConstraint(_in("proposed_by_side", SIDES), name="known_side"),
        _one_party("giver_", "one_giver"),
        _one_party("receiver_", "one_receiver"),
        Index("ix_market_deal_published", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    giver_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    giver_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )
    receiver_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    receiver_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("market_entry.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("market_event.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    proposed_by_side: Mapped[str] = mapped_column(String(10))
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    agreed_at: Mapped[datetime | None]
    giver_consents: Mapped[bool] = mapped_column(default=False)
    receiver_consents: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]

    giver_company: Mapped[Company | None] = relationship(
        foreign_keys=[giver_company_id], lazy="joined"
    )
    giver_organisation: Mapped[PartnerOrganisation | None] = relationship(
        foreign_keys=[giver_organisation_id], lazy="joined"
    )
    receiver_company: Mapped[Company | None] = relationship(
        foreign_keys=[receiver_company_id], lazy="joined"
    )
    receiver_organisation: Mapped[PartnerOrganisation | None] = relationship(
        foreign_keys=[receiver_organisation_id], lazy="joined"
    )
    event: Mapped[MarketEvent | None] = relationship(lazy="joined")

    @property
    def giver(self):
        return self.giver_company or self.giver_organisation

    @property
    def receiver(self):
        return self.receiver_company or self.receiver_organisation

    def side_key(self, side: str) -> str:
        company = getattr(self, f"{side}_company_id")
        return f"c{company}" if company else f"o{getattr(self, f'{side}_organisation_id')}"
