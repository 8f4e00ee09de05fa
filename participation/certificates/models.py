"""A certificate: who holds it, what for, when, issued by whom, and the code that proves it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.extensions import db

# The kinds other features issue; the verification page names the kind.
TRAINING, ENGAGEMENT = "training", "engagement"
KINDS = (TRAINING, ENGAGEMENT)
# The source type of the demo's certificates (trainings issue with source type "training").
DEMO = "demo"


class Certificate(db.Model):
    """Issued once per source and holder (`holder_ref`: the account, or the printed name
    where there is no account). The holder's name and details are erased with the account;
    the rest stays so that a verification still answers."""

    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("source_type", "source_id", "holder_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public verification code (services.new_code: 160 random bits, base32).
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    holder_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # "user:<id>", "name:<normalised name>", or "erased:<code>" once the account is gone.
    holder_ref: Mapped[str] = mapped_column(String(220))
    # The name as printed; empty once the holder deleted the account.
    holder_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    held_from: Mapped[date] = mapped_column(Date)
    held_until: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(300))
    # What the issuing feature prints besides (hours, activities, speaker); never shown on
    # the public verification page.
    details: Mapped[dict | None] = mapped_column(JSON)
    source_type: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str] = mapped_column(String(500), default="")
    # The holder switched the public check off (issue 20): the page then confirms nothing,
    # without calling the certificate invalid; the holder can switch it on again.
    verification_off_at: Mapped[datetime | None]

    holder: Mapped[User | None] = relationship(lazy="raise")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_verifiable(self) -> bool:
        return self.verification_off_at is None

    @property
    def is_erased(self) -> bool:
        """The holder deleted the account: the name is gone, so the certificate no longer
        confirms anyone."""
        return not self.holder_name
