"""Subscribers with their segments, issues with their filters, and one delivery per
recipient of an issue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.clock import utcnow
from participation.core.db import TimestampMixin
from participation.districts.models import ActionField, District
from participation.extensions import db

# The lists: the office's newsletter, and the network's news for its partners.
OFFICE, NETWORK = "office", "network"
LISTS = (OFFICE, NETWORK)
# Audiences are derived from an account's roles when an issue is sent (roles change);
# "council": members of the district councils and the city council (politics).
RESIDENTS, PARTNERS, STAFF, COUNCIL = "residents", "partners", "staff", "council"
AUDIENCES = (RESIDENTS, PARTNERS, STAFF, COUNCIL)
PENDING, CONFIRMED, UNSUBSCRIBED = "pending", "confirmed", "unsubscribed"
DRAFT, SCHEDULED, SENDING, SENT = "draft", "scheduled", "sending", "sent"
# A delivery waits, was queued in the outbox, or was skipped (paused address, unsubscribed
# before its batch came).
WAITING, QUEUED, SKIPPED = "waiting", "queued", "skipped"


def _link(name: str, owner: str, owner_table: str, target: str, target_table: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column(owner, ForeignKey(f"{owner_table}.id", ondelete="CASCADE"), primary_key=True),
        Column(target, ForeignKey(f"{target_table}.id", ondelete="CASCADE"), primary_key=True),
    )


subscriber_district = _link(
    "newsletter_subscriber_district",
    "subscriber_id",
    "newsletter_subscriber",
    "district_id",
    "district",
)
subscriber_action_field = _link(
    "newsletter_subscriber_action_field",
    "subscriber_id",
    "newsletter_subscriber",
    "action_field_id",
    "action_field",
)
issue_district = _link(
    "newsletter_issue_district", "issue_id", "newsletter_issue", "district_id", "district"
)
issue_action_field = _link(
    "newsletter_issue_action_field",
    "issue_id",
    "newsletter_issue",
    "action_field_id",
    "action_field",
)


class NewsletterSubscriber(TimestampMixin, db.Model):
    """One address and what it wants to read. No districts (action fields) chosen means
    all of them. Anyone may subscribe; an account is linked when its verified address is
    the subscribed one."""

    __tablename__ = "newsletter_subscriber"
    __table_args__ = (Index("ix_newsletter_subscriber_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    # core.text.normalise_email: one row per address however it is typed.
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    wants_office: Mapped[bool] = mapped_column(default=False)
    wants_network: Mapped[bool] = mapped_column(default=False)
    # Part of every signed link (confirm, unsubscribe): bumped when a subscription is
    # confirmed, so the links of an earlier subscription stop working.
    token_version: Mapped[int] = mapped_column(default=1)
    # The last confirmation mail asked for (a new one waits a few minutes).
    requested_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]

    districts: Mapped[list[District]] = relationship(
        secondary=subscriber_district, lazy="selectin", order_by=District.code
    )
    action_fields: Mapped[list[ActionField]] = relationship(
        secondary=subscriber_action_field, lazy="selectin", order_by=ActionField.position
    )

    @property
    def lists(self) -> list[str]:
        return [name for name in LISTS if getattr(self, f"wants_{name}")]


class NewsletterIssue(TimestampMixin, db.Model):
    """One issue of a list: written as Markdown (kept sanitised as HTML for the archive),
    addressed to a segment, sent once. The counts are stored: recipients and queued when it
    is built, sent and failed from the outbox as the mails go out."""

    __tablename__ = "newsletter_issue"
    __table_args__ = (Index("ix_newsletter_issue_status_scheduled_at", "status", "scheduled_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_name: Mapped[str] = mapped_column(String(10), default=OFFICE)
    subject: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    scheduled_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # Segment: audiences (none ticked is refused), districts and action fields (none
    # chosen: all).
    to_residents: Mapped[bool] = mapped_column(default=True)
    to_partners: Mapped[bool] = mapped_column(default=True)
    to_staff: Mapped[bool] = mapped_column(default=True)
    to_council: Mapped[bool] = mapped_column(default=True)
    # Shown in the public archive once sent (an issue for staff only may stay out of it).
    in_archive: Mapped[bool] = mapped_column(default=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recipient_count: Mapped[int] = mapped_column(default=0)
    queued_count: Mapped[int] = mapped_column(default=0)
    sent_count: Mapped[int] = mapped_column(default=0)
    failed_count: Mapped[int] = mapped_column(default=0)

    districts: Mapped[list[District]] = relationship(
        secondary=issue_district, lazy="selectin", order_by=District.code
    )
    action_fields: Mapped[list[ActionField]] = relationship(
        secondary=issue_action_field, lazy="selectin", order_by=ActionField.position
    )

    @property
    def audiences(self) -> list[str]:
        return [name for name in AUDIENCES if getattr(self, f"to_{name}")]

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT


class NewsletterDelivery(db.Model):
    """One issue for one subscriber: the unique pair makes building the recipients again
    (a send job that runs twice) add nobody twice; the outbox mail says whether it went."""

    __tablename__ = "newsletter_delivery"
    __table_args__ = (
        UniqueConstraint("issue_id", "subscriber_id"),
        Index("ix_newsletter_delivery_issue_id_status", "issue_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("newsletter_issue.id", ondelete="CASCADE"))
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("newsletter_subscriber.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default=WAITING)
    outbox_mail_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_mail.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
