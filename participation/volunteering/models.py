"""The Freiwilligenbörse: volunteer opportunities of partner organisations, the interest
residents express in them, and the searches residents save to hear of new ones."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import TimestampMixin
from participation.districts.models import ActionField, District, Quarter
from participation.extensions import db
from participation.partners.models import PartnerOrganisation

STATUSES = ("draft", "published", "expired", "withdrawn")
RHYTHMS = ("once", "regular")
# open: sent; accepted: the organisation answered yes; declined: answered no (with a
# reason); matched: the volunteer started; withdrawn: the resident took it back.
INTEREST_STATUSES = ("open", "accepted", "declined", "matched", "withdrawn")
DECLINE_REASONS = ("filled", "requirements", "timing", "other")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class VolunteerOpportunity(TimestampMixin, db.Model):
    """One way to volunteer at a partner organisation."""

    __tablename__ = "volunteer_opportunity"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="known_status"),
        CheckConstraint(_in("rhythm", RHYTHMS), name="known_rhythm"),
        CheckConstraint("volunteers_wanted > 0", name="wanted_positive"),
        CheckConstraint("interest_count >= 0 AND match_count >= 0", name="counts_not_negative"),
        Index("ix_volunteer_opportunity_list", "status", "district_id", "published_at"),
        Index("ix_volunteer_opportunity_expiry", "status", "expires_at"),
        Index("ix_volunteer_opportunity_organisation", "organisation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(20), default="draft")
    title: Mapped[str] = mapped_column(String(200))
    tasks_markdown: Mapped[str] = mapped_column(Text)
    tasks_html: Mapped[str] = mapped_column(Text)
    # No district: city-wide.
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    quarter_id: Mapped[int | None] = mapped_column(ForeignKey("quarter.id"))
    action_field_id: Mapped[int | None] = mapped_column(ForeignKey("action_field.id"))
    rhythm: Mapped[str] = mapped_column(String(10), default="regular")
    # Per week (regular) or per occasion (one-off).
    hours: Mapped[int | None]
    times: Mapped[str] = mapped_column(String(300), default="")
    # Weekdays it takes place on, as digits 1 (Monday) to 7, e.g. "246".
    weekdays: Mapped[str] = mapped_column(String(7), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    volunteers_wanted: Mapped[int] = mapped_column(default=1)
    skills: Mapped[str] = mapped_column(String(500), default="")
    languages: Mapped[str] = mapped_column(String(200), default="")
    minimum_age: Mapped[int | None]
    accessibility: Mapped[str] = mapped_column(Text, default="")
    for_newcomers: Mapped[bool] = mapped_column(default=False)
    for_families: Mapped[bool] = mapped_column(default=False)
    for_young_people: Mapped[bool] = mapped_column(default=False)
    # The contact person is named publicly; their address is not (contact goes through
    # the portal).
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_role: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    # The renewal reminder and request are keyed by this, so each expiry asks once.
    expiry_round: Mapped[int] = mapped_column(default=1)
    withdrawn_at: Mapped[datetime | None]
    interest_count: Mapped[int] = mapped_column(default=0)
    match_count: Mapped[int] = mapped_column(default=0)
    # Moderation: hidden from every public list and page, with a public reason.
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(String(40), default="")
    hidden_explanation: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[PartnerOrganisation] = relationship(lazy="joined", innerjoin=True)
    district: Mapped[District | None] = relationship(lazy="joined")
    quarter: Mapped[Quarter | None] = relationship(lazy="joined")
    action_field: Mapped[ActionField | None] = relationship(lazy="joined")

    @property
    def is_public(self) -> bool:
        return self.status == "published" and self.hidden_at is None and self.organisation.is_active


class VolunteerInterest(TimestampMixin, db.Model):
    """A resident's "Ich habe Interesse": their message, with consent that their name and
    address reach the organisation."""

    __tablename__ = "volunteer_interest"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "user_id"),
        CheckConstraint(_in("status", INTEREST_STATUSES), name="known_status"),
        Index("ix_volunteer_interest_user", "user_id", "created_at"),
        Index("ix_volunteer_interest_opportunity", "opportunity_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_opportunity.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    message: Mapped[str] = mapped_column(Text, default="")
    # The explicit step: name and address go to the organisation only with it.
    consented_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    decline_reason: Mapped[str] = mapped_column(String(20), default="")
    decline_note: Mapped[str] = mapped_column(Text, default="")
    matched_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    opportunity: Mapped[VolunteerOpportunity] = relationship(lazy="joined", innerjoin=True)
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True, foreign_keys=[user_id])


class VolunteerSearch(TimestampMixin, db.Model):
    """A resident's saved filter of /engagement: new opportunities that match it reach
    them through the notifications."""

    __tablename__ = "volunteer_search"
    __table_args__ = (
        CheckConstraint("rhythm = '' OR " + _in("rhythm", RHYTHMS), name="known_rhythm"),
        Index("ix_volunteer_search_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"))
    quarter_id: Mapped[int | None] = mapped_column(ForeignKey("quarter.id", ondelete="CASCADE"))
    action_field_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_field.id", ondelete="CASCADE")
    )
    rhythm: Mapped[str] = mapped_column(String(10), default="")
    # "newcomers", "families", "young" or "".
    suitable: Mapped[str] = mapped_column(String(20), default="")
    # Lower-cased words; one of them in the title or tasks.
    query: Mapped[str] = mapped_column(String(100), default="")

    district: Mapped[District | None] = relationship(lazy="joined")
    quarter: Mapped[Quarter | None] = relationship(lazy="joined")
    action_field: Mapped[ActionField | None] = relationship(lazy="joined")
