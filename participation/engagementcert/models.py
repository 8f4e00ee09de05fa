"""A volunteer's request for a certificate of their engagement at a partner organisation."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.certificates.models import Certificate
from participation.core.clock import utcnow
from participation.extensions import db
from participation.partners.models import PartnerOrganisation

# requested: waits for the organisation; corrected: the organisation changed it and waits for
# the volunteer; confirmed: issued; declined: by the organisation; withdrawn: by the volunteer.
REQUESTED, CORRECTED, CONFIRMED, DECLINED, WITHDRAWN = (
    "requested",
    "corrected",
    "confirmed",
    "declined",
    "withdrawn",
)
STATUSES = (REQUESTED, CORRECTED, CONFIRMED, DECLINED, WITHDRAWN)
OPEN = (REQUESTED, CORRECTED)


class EngagementRequest(db.Model):
    """What the volunteer asked to be confirmed, and the organisation's correction (kept
    apart so that the volunteer sees both before accepting)."""

    __tablename__ = "engagement_request"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")", name="known_status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=REQUESTED, index=True)
    # The name to print on the certificate (accounts carry only a pseudonym).
    volunteer_name: Mapped[str] = mapped_column(String(200))
    activities: Mapped[str] = mapped_column(Text)
    held_from: Mapped[date] = mapped_column(Date)
    held_until: Mapped[date] = mapped_column(Date)
    hours_per_month: Mapped[int]
    # [["2026-01", 8], …] or None when no month-by-month log was given.
    monthly_hours: Mapped[list | None] = mapped_column(JSON)
    # The organisation's correction, waiting for the volunteer's acceptance.
    corrected_activities: Mapped[str] = mapped_column(Text, default="")
    corrected_from: Mapped[date | None] = mapped_column(Date)
    corrected_until: Mapped[date | None] = mapped_column(Date)
    corrected_hours: Mapped[int | None]
    corrected_monthly: Mapped[list | None] = mapped_column(JSON)
    correction_note: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    # The member who confirmed, corrected or declined, and the name printed as signer.
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    certificate_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    volunteer: Mapped[User] = relationship(foreign_keys=[volunteer_id], lazy="raise")
    organisation: Mapped[PartnerOrganisation] = relationship(lazy="joined")
    certificate: Mapped[Certificate | None] = relationship(lazy="raise")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN
