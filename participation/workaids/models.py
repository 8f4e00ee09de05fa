"""Work aids with their versions and checklist items; checklists attached to processes with
their items and the record of every tick."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.db import TimestampMixin
from participation.districts.models import ActionField
from participation.extensions import db

GUIDE, TEMPLATE, CHECKLIST = "guide", "template", "checklist"
KINDS = {
    GUIDE: _l("Leitfaden"),
    TEMPLATE: _l("Vorlage"),
    CHECKLIST: _l("Checkliste"),
}
# Who a work aid is written for (the qualification audiences of the city's plan).
AUDIENCES = {
    "administration": _l("Verwaltung"),
    "district_managers": _l("Stadtbezirksmanagement"),
    "partners": _l("Partnerorganisationen"),
    "residents": _l("Einwohner*innen"),
    "council": _l("Politik"),
}
FILE, MARKDOWN = "file", "markdown"


work_aid_action_field = Table(
    "work_aid_action_field",
    db.metadata,
    Column("work_aid_id", ForeignKey("work_aid.id", ondelete="CASCADE"), primary_key=True),
    Column("action_field_id", ForeignKey("action_field.id", ondelete="CASCADE"), primary_key=True),
)


class WorkAidAudience(db.Model):
    """One audience of a work aid (a code of AUDIENCES)."""

    __tablename__ = "work_aid_audience"

    work_aid_id: Mapped[int] = mapped_column(
        ForeignKey("work_aid.id", ondelete="CASCADE"), primary_key=True
    )
    audience: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class WorkAidPhase(db.Model):
    """A kind of process phase the work aid helps with (projects.phases.REGISTRY)."""

    __tablename__ = "work_aid_phase"

    work_aid_id: Mapped[int] = mapped_column(
        ForeignKey("work_aid.id", ondelete="CASCADE"), primary_key=True
    )
    phase_kind: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class WorkAid(TimestampMixin, db.Model):
    """A guide, template or checklist of the library; public or for staff only."""

    __tablename__ = "work_aid"
    __table_args__ = (
        CheckConstraint("kind IN ('guide', 'template', 'checklist')", name="known_kind"),
        Index("ix_work_aid_public_title", "is_public", "title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000), default="")
    kind: Mapped[str] = mapped_column(String(12), index=True)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    # The number of the latest version (0 before the first): the list finds each aid's
    # latest version by it, in one query for a whole page.
    version_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )

    audiences: Mapped[list[WorkAidAudience]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by=WorkAidAudience.audience
    )
    phases: Mapped[list[WorkAidPhase]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by=WorkAidPhase.phase_kind
    )
    action_fields: Mapped[list[ActionField]] = relationship(
        secondary=work_aid_action_field, lazy="selectin", order_by=ActionField.position
    )
    items: Mapped[list[ChecklistItem]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="ChecklistItem.position",
        back_populates="work_aid",
    )

    @property
    def audience_codes(self) -> list[str]:
        return [a.audience for a in self.audiences]

    @property
    def phase_kinds(self) -> list[str]:
        return [p.phase_kind for p in self.phases]


class WorkAidVersion(db.Model):
    """One version: an uploaded document (checked by core.documents) or Markdown written in
    the portal; kept when a newer one comes."""

    __tablename__ = "work_aid_version"
    __table_args__ = (
        UniqueConstraint("work_aid_id", "number"),
        CheckConstraint("source IN ('file', 'markdown')", name="known_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_aid_id: Mapped[int] = mapped_column(ForeignKey("work_aid.id", ondelete="CASCADE"))
    number: Mapped[int]
    source: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(500), default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # A stored document: its random name, the format its check decided, its size.
    file_name: Mapped[str | None] = mapped_column(String(60))
    file_format: Mapped[str | None] = mapped_column(String(10))
    file_size: Mapped[int | None]
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")


class ChecklistItem(db.Model):
    """An item of a checklist work aid: the template a process checklist copies."""

    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_aid_id: Mapped[int] = mapped_column(
        ForeignKey("work_aid.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))

    work_aid: Mapped[WorkAid] = relationship(back_populates="items")


class ProcessChecklist(db.Model):
    """A checklist attached to a process: the items are copied from the template, so a
    later change of the template leaves a checklist in use as it was."""

    __tablename__ = "process_checklist"
    __table_args__ = (UniqueConstraint("process_id", "work_aid_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("process.id", ondelete="CASCADE"), index=True
    )
    work_aid_id: Mapped[int | None] = mapped_column(
        ForeignKey("work_aid.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    attached_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    attached_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list[ProcessChecklistItem]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="ProcessChecklistItem.position",
        back_populates="checklist",
    )
    work_aid: Mapped[WorkAid | None] = relationship(lazy="joined")

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)


class ProcessChecklistItem(db.Model):
    """An item of an attached checklist with its current state (who ticked it, when, a
    note); every change is in ChecklistTick as well."""

    __tablename__ = "process_checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        ForeignKey("process_checklist.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(String(500), default="")

    checklist: Mapped[ProcessChecklist] = relationship(back_populates="items")
    done_by: Mapped[User | None] = relationship(lazy="joined")


class ChecklistTick(db.Model):
    """One tick or untick of an item: who, when, which way, with what note."""

    __tablename__ = "checklist_tick"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("process_checklist_item.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    done: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")
