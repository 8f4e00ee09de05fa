"""Processes, their phases, council documents, links and proposal categories."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import TimestampMixin
from participation.districts.models import ActionField, District
from participation.extensions import db

# The coordination workflow (issue 5) moves processes through these; until then staff
# create drafts and publish them.
PROCESS_STATUSES = (
    "draft",
    "in_review",
    "returned",
    "approved",
    "published",
    "closed",
    "results_published",
    "archived",
)
PUBLIC_STATUSES = ("published", "closed", "results_published", "archived")


class Process(TimestampMixin, db.Model):
    """A Beteiligungsverfahren of one district, or city-wide when it has no district."""

    __tablename__ = "process"
    __table_args__ = (
        Index("ix_process_status_district", "status", "district_id"),
        CheckConstraint(
            "status IN ('draft', 'in_review', 'returned', 'approved', 'published', 'closed', "
            "'results_published', 'archived')",
            name="known_status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600))
    description_markdown: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    easy_summary: Mapped[str] = mapped_column(Text, default="")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"), index=True)
    action_field_id: Mapped[int] = mapped_column(ForeignKey("action_field.id"), index=True)
    decided_by: Mapped[str] = mapped_column(String(300), default="")
    scope_for_influence: Mapped[str] = mapped_column(Text, default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    use_of_results: Mapped[str] = mapped_column(Text, default="")
    feedback_due: Mapped[date | None] = mapped_column(Date)
    contact_office: Mapped[str] = mapped_column(String(200), default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # The uploaded image: a random file name under UPLOAD_FOLDER, and its alternative text.
    image_filename: Mapped[str | None] = mapped_column(String(64))
    image_alt: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    published_at: Mapped[datetime | None]
    # Actions a process opens beyond the phase registry, e.g. {"information": ["comment"]}.
    phase_overrides: Mapped[dict] = mapped_column(JSON, default=dict)
    pre_moderation: Mapped[bool] = mapped_column(default=False)
    # The first contribution of a new account waits for approval, even without pre-moderation.
    first_contribution_review: Mapped[bool] = mapped_column(default=False)
    # Stored counters shown on lists; kept exact by the services that change them.
    proposal_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)

    district: Mapped[District | None] = relationship(lazy="joined")
    action_field: Mapped[ActionField] = relationship(lazy="joined")
    phases: Mapped[list[Phase]] = relationship(
        back_populates="process",
        order_by="Phase.starts_on",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    council_documents: Mapped[list[CouncilDocument]] = relationship(
        cascade="all, delete-orphan", order_by="CouncilDocument.number", lazy="select"
    )
    links: Mapped[list[ProcessLink]] = relationship(
        cascade="all, delete-orphan", order_by="ProcessLink.position", lazy="select"
    )
    categories: Mapped[list[ProposalCategory]] = relationship(
        cascade="all, delete-orphan", order_by="ProposalCategory.position", lazy="select"
    )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def expected_start(self) -> date | None:
        """The first day of its first phase (the Vorhabenliste's "expected start")."""
        return min((phase.starts_on for phase in self.phases), default=None)


class Phase(db.Model):
    """A dated phase of a process; its kind says what is open (projects.phases.REGISTRY)."""

    __tablename__ = "phase"
    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="dates_in_order"),
        CheckConstraint(
            "kind IN ('information', 'dialogue', 'evaluation', 'results', 'implementation')",
            name="known_kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("process.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    process: Mapped[Process] = relationship(back_populates="phases")


class CouncilDocument(db.Model):
    """A council document (Drucksache) number, "NNNN/YYYY"."""

    __tablename__ = "council_document"
    __table_args__ = (db.UniqueConstraint("process_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(9))
    title: Mapped[str] = mapped_column(String(300), default="")


class ProcessLink(db.Model):
    """A document or a link that belongs to a process."""

    __tablename__ = "process_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(default=0)


class ProposalCategory(db.Model):
    """A category residents may choose for a proposal of this process."""

    __tablename__ = "proposal_category"
    __table_args__ = (db.UniqueConstraint("process_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)
