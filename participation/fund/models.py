"""The recognition fund: calls of the office, applications of partner organisations, the
jury's scores and the office's decisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import TimestampMixin
from participation.extensions import db
from participation.partners.models import PartnerOrganisation

# draft: only the office sees it; open: applications until the deadline (after it the
# call is shown as closed); decided: every submitted application has its decision.
CALL_STATUSES = ("draft", "open", "decided")
# approved is "funded": the money is promised; reported: the organisation has sent its
# report and receipts; closed: the office has closed the case.
APPLICATION_STATUSES = ("draft", "submitted", "approved", "declined", "reported", "closed")
FUNDED = ("approved", "reported", "closed")
DOCUMENT_KINDS = ("attachment", "receipt")
SCALES = (5, 10)


def _in(column: str, values: tuple) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class FundCall(TimestampMixin, db.Model):
    """A call for applications (Ausschreibung) with its budget and criteria."""

    __tablename__ = "fund_call"
    __table_args__ = (
        CheckConstraint(_in("status", CALL_STATUSES), name="known_status"),
        CheckConstraint("budget_cents > 0", name="budget_positive"),
        CheckConstraint("max_per_application_cents > 0", name="maximum_positive"),
        CheckConstraint("score_scale IN (5, 10)", name="known_scale"),
        # The budget holds: the approvals' sum is kept here and never passes it.
        CheckConstraint(
            "approved_total_cents >= 0 AND approved_total_cents <= budget_cents",
            name="within_budget",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    title: Mapped[str] = mapped_column(String(200))
    description_markdown: Mapped[str] = mapped_column(Text)
    description_html: Mapped[str] = mapped_column(Text)
    budget_cents: Mapped[int]
    max_per_application_cents: Mapped[int]
    approved_total_cents: Mapped[int] = mapped_column(default=0)
    deadline: Mapped[datetime]
    seal_required: Mapped[bool] = mapped_column(default=False)
    score_scale: Mapped[int] = mapped_column(default=5)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    opened_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]

    criteria: Mapped[list[FundCriterion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="FundCriterion.position"
    )
    jurors: Mapped[list[FundJuror]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    def phase(self, now: datetime) -> str:
        """draft, open, closed (the deadline has passed) or decided."""
        if self.status == "open" and now >= self.deadline:
            return "closed"
        return self.status

    @property
    def budget_left_cents(self) -> int:
        return self.budget_cents - self.approved_total_cents

    @property
    def juror_ids(self) -> set[int]:
        return {juror.user_id for juror in self.jurors}


class FundCriterion(db.Model):
    """A criterion the jury scores, with its weight (1–5)."""

    __tablename__ = "fund_criterion"
    __table_args__ = (CheckConstraint("weight BETWEEN 1 AND 5", name="weight_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("fund_call.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int]


class FundJuror(db.Model):
    """A member of a call's jury (the office, members of the speaker group)."""

    __tablename__ = "fund_juror"

    call_id: Mapped[int] = mapped_column(
        ForeignKey("fund_call.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class FundApplication(TimestampMixin, db.Model):
    """An organisation's application to a call: the organisation's, not its writer's."""

    __tablename__ = "fund_application"
    __table_args__ = (
        UniqueConstraint("call_id", "organisation_id"),
        CheckConstraint(_in("status", APPLICATION_STATUSES), name="known_status"),
        CheckConstraint("requested_cents > 0", name="requested_positive"),
        CheckConstraint(
            "approved_cents IS NULL OR (approved_cents > 0 AND approved_cents <= requested_cents)",
            name="approved_within_request",
        ),
        Index("ix_fund_application_call_status", "call_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("fund_call.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("partner_organisation.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(20), default="draft")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    recognition: Mapped[str] = mapped_column(Text)
    requested_cents: Mapped[int]
    submitted_at: Mapped[datetime | None]
    approved_cents: Mapped[int | None]
    conditions: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    report: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Moderation (the shared queue hides and restores with a public reason).
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(String(40), default="")
    hidden_explanation: Mapped[str] = mapped_column(Text, default="")

    call: Mapped[FundCall] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[PartnerOrganisation] = relationship(lazy="joined", innerjoin=True)
    cost_items: Mapped[list[FundCostItem]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="FundCostItem.position"
    )
    documents: Mapped[list[FundDocument]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="FundDocument.id"
    )

    @property
    def cost_total_cents(self) -> int:
        return sum(item.amount_cents for item in self.cost_items)

    @property
    def is_funded(self) -> bool:
        return self.status in FUNDED


class FundCostItem(db.Model):
    """A row of an application's cost plan."""

    __tablename__ = "fund_cost_item"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("fund_application.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    item: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int]


class FundDocument(db.Model):
    """An attachment of an application, or a receipt sent with the report (checked by
    content through core.documents)."""

    __tablename__ = "fund_document"
    __table_args__ = (CheckConstraint(_in("kind", DOCUMENT_KINDS), name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("fund_application.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(60))
    file_format: Mapped[str] = mapped_column(String(10))
    file_size: Mapped[int]
    uploaded_at: Mapped[datetime]


class FundReview(db.Model):
    """One juror's scores of one application, with a comment. When the juror's account is
    erased, the review stays without the person so the decision remains explicable."""

    __tablename__ = "fund_review"
    __table_args__ = (
        UniqueConstraint("application_id", "juror_id"),
        Index("ix_fund_review_juror", "juror_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("fund_application.id", ondelete="CASCADE")
    )
    juror_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The juror's public name when scoring; emptied on erasure.
    juror_name: Mapped[str] = mapped_column(String(120), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    # The weighted average of this review (0..scale), kept with the scores.
    weighted: Mapped[float]
    submitted_at: Mapped[datetime]

    scores: Mapped[list[FundScore]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="FundScore.criterion_id"
    )


class FundScore(db.Model):
    """A score for one criterion within a review."""

    __tablename__ = "fund_score"
    __table_args__ = (CheckConstraint("value BETWEEN 0 AND 10", name="value_range"),)

    review_id: Mapped[int] = mapped_column(
        ForeignKey("fund_review.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("fund_criterion.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[int]
