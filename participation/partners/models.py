"""Partner organisations of the network, the cooperation agreement they sign, and the
invitations that bring further members in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import TimestampMixin
from participation.districts.models import ActionField, District
from participation.extensions import db

ORGANISATION_KINDS = (
    "welfare_association",
    "migrant_organisation",
    "self_help",
    "municipal_office",
    "initiative",
    "media",
    "other",
)
# applied: waits for the office; active: a partner; declined: refused with a reason;
# left: was a partner and left the network.
ORGANISATION_STATUSES = ("applied", "active", "declined", "left")

partner_district = Table(
    "partner_district",
    db.metadata,
    Column(
        "organisation_id",
        ForeignKey("partner_organisation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("district_id", ForeignKey("district.id"), primary_key=True),
)
partner_action_field = Table(
    "partner_action_field",
    db.metadata,
    Column(
        "organisation_id",
        ForeignKey("partner_organisation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("action_field_id", ForeignKey("action_field.id"), primary_key=True),
)


class PartnerOrganisation(TimestampMixin, db.Model):
    """An organisation of the network; scope of the partner_member role."""

    __tablename__ = "partner_organisation"
    __table_args__ = (
        CheckConstraint("status IN ('applied', 'active', 'declined', 'left')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="other")
    status: Mapped[str] = mapped_column(String(20), default="applied", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    # The organisation's public contact (an office address, not a person's account).
    public_email: Mapped[str] = mapped_column(String(254), default="")
    public_phone: Mapped[str] = mapped_column(String(40), default="")
    logo: Mapped[str | None] = mapped_column(String(80))
    # The member who speaks for the organisation: signs the agreement, invites, votes.
    # use_alter: user_account refers back to this table through role_assignment.
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL", use_alter=True)
    )
    # One of the two organisations that coordinate the network (seats in the speaker group
    # without election).
    is_coordinating: Mapped[bool] = mapped_column(default=False)
    decided_at: Mapped[datetime | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    left_at: Mapped[datetime | None]
    seal_granted_at: Mapped[datetime | None]
    seal_note: Mapped[str] = mapped_column(Text, default="")

    districts: Mapped[list[District]] = relationship(
        secondary=partner_district, lazy="selectin", order_by=District.code
    )
    action_fields: Mapped[list[ActionField]] = relationship(
        secondary=partner_action_field, lazy="selectin", order_by=ActionField.name
    )

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def has_seal(self) -> bool:
        return self.seal_granted_at is not None

    def __repr__(self) -> str:
        return f"<PartnerOrganisation {self.slug!r} {self.status}>"


class CooperationAgreement(db.Model):
    """One version of the cooperation agreement; the newest published one is current."""

    __tablename__ = "cooperation_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    text_markdown: Mapped[str] = mapped_column(Text)
    text_html: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class AgreementSignature(db.Model):
    """An organisation accepted one version: who signed for it, and when."""

    __tablename__ = "agreement_signature"
    __table_args__ = (UniqueConstraint("organisation_id", "agreement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE")
    )
    agreement_id: Mapped[int] = mapped_column(ForeignKey("cooperation_agreement.id"))
    signer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # The signer's name as it was when signing; it stays if the account goes.
    signer_name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime]

    agreement: Mapped[CooperationAgreement] = relationship(lazy="joined", innerjoin=True)


class PartnerInvitation(db.Model):
    """A single-use, expiring invitation to become a member of an organisation.

    Only a hash of the token is stored, so a copy of the database opens no membership."""

    __tablename__ = "partner_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    withdrawn_at: Mapped[datetime | None]
