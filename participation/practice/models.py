"""A practice example: a finished participation process told as a case study, from this
portal or from another municipality (entered by hand or imported from its JSON export)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import TimestampMixin
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.projects.models import Process

DRAFT, PUBLISHED = "draft", "published"
STATUSES = (DRAFT, PUBLISHED)
# The formats are a fixed list (codes are part of the exchange format) plus "other".
FORMATS = (
    "online_dialogue",
    "workshop",
    "citizens_assembly",
    "survey",
    "planning_workshop",
    "neighbourhood_walk",
    "advisory_board",
    "other",
)
TARGET_GROUPS = (
    "everyone",
    "children_youth",
    "seniors",
    "families",
    "migrants",
    "disabled_people",
    "neighbours",
    "businesses",
    "associations",
)
# Where it took place: one district of this city, the whole city, another municipality.
DISTRICT, CITY, ELSEWHERE = "district", "city", "elsewhere"
SCOPES = (DISTRICT, CITY, ELSEWHERE)
# Where the example comes from: written here, or from another municipality.
PORTAL, EXTERNAL = "portal", "external"
SOURCES = (PORTAL, EXTERNAL)
# The texts in Markdown, each kept with its sanitised HTML (written once, on save).
TEXTS = ("description", "results", "worked", "not_worked", "resources")
# The figures of the process (copied from the results report, or typed in).
FIGURES = ("participants", "proposals", "comments", "answers")

example_action_field = Table(
    "practice_example_action_field",
    db.metadata,
    Column("example_id", ForeignKey("practice_example.id", ondelete="CASCADE"), primary_key=True),
    Column("action_field_id", ForeignKey("action_field.id", ondelete="CASCADE"), primary_key=True),
)


class ExampleTargetGroup(db.Model):
    """One target group of an example (a code of TARGET_GROUPS): rows, so the public filter
    is an indexed EXISTS on both engines."""

    __tablename__ = "practice_example_target_group"

    example_id: Mapped[int] = mapped_column(
        ForeignKey("practice_example.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


class PracticeExample(TimestampMixin, db.Model):
    """A case study. `origin_url` + `origin_id` identify an imported example at its source
    (the exporting portal and its id there), so importing the same file again updates the
    draft instead of adding a second one."""

    __tablename__ = "practice_example"
    __table_args__ = (
        UniqueConstraint("origin_url", "origin_id"),
        Index("ix_practice_example_status_published", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600), default="")
    format: Mapped[str] = mapped_column(String(30), default="other")
    format_other: Mapped[str] = mapped_column(String(100), default="")
    scope: Mapped[str] = mapped_column(String(20), default=CITY)
    district_id: Mapped[int | None] = mapped_column(
        ForeignKey("district.id", ondelete="SET NULL"), index=True
    )
    # The municipality (and its district) for examples from elsewhere.
    place: Mapped[str] = mapped_column(String(200), default="")
    description_markdown: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    results_markdown: Mapped[str] = mapped_column(Text, default="")
    results_html: Mapped[str] = mapped_column(Text, default="")
    worked_markdown: Mapped[str] = mapped_column(Text, default="")
    worked_html: Mapped[str] = mapped_column(Text, default="")
    not_worked_markdown: Mapped[str] = mapped_column(Text, default="")
    not_worked_html: Mapped[str] = mapped_column(Text, default="")
    resources_markdown: Mapped[str] = mapped_column(Text, default="")
    resources_html: Mapped[str] = mapped_column(Text, default="")
    staff_days: Mapped[int | None]
    budget_euros: Mapped[int | None]
    duration_weeks: Mapped[int | None]
    participants: Mapped[int | None]
    proposals: Mapped[int | None]
    comments: Mapped[int | None]
    answers: Mapped[int | None]
    # A role or an office, not a private person (unless entered on purpose).
    contact: Mapped[str] = mapped_column(String(300), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    published_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(20), default=PORTAL)
    source_name: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    origin_url: Mapped[str | None] = mapped_column(String(500))
    origin_id: Mapped[str | None] = mapped_column(String(100))
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("process.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    district: Mapped[District | None] = relationship(lazy="joined")
    action_fields: Mapped[list[ActionField]] = relationship(
        secondary=example_action_field, lazy="selectin", order_by=ActionField.position
    )
    process: Mapped[Process | None] = relationship()
    target_group_rows: Mapped[list[ExampleTargetGroup]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by=ExampleTargetGroup.code
    )

    @property
    def target_groups(self) -> list[str]:
        return [row.code for row in self.target_group_rows]

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def is_external(self) -> bool:
        return self.source == EXTERNAL

    @property
    def has_resources(self) -> bool:
        return bool(
            self.resources_html
            or any(v is not None for v in (self.staff_days, self.budget_euros, self.duration_weeks))
        )

    @property
    def has_figures(self) -> bool:
        return any(getattr(self, name) is not None for name in FIGURES)
