"""Reports, moderation actions (the audit log), appeals and internal notes."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.core.db import TimestampMixin
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal

# Reason codes of reports and of hiding; the labels are what residents read.
REASONS = {
    "insult": _l("Beleidigung oder Bedrohung"),
    "discrimination": _l("Diskriminierung"),
    "illegal": _l("Rechtswidriger Inhalt"),
    "advertising": _l("Werbung"),
    "spam": _l("Spam oder Doppelung"),
    "off_topic": _l("Nicht zum Thema"),
    "personal_data": _l("Persönliche Daten anderer"),
    "copyright": _l("Urheberrechtsverletzung"),
    "other": _l("Anderer Grund"),
}
REPORT_STATUSES = ("open", "dismissed", "actioned")
# What the audit log calls each action.
ACTION_LABELS = {
    "hide": _l("ausgeblendet"),
    "restore": _l("wieder angezeigt"),
    "dismiss": _l("Meldungen verworfen"),
    "approve": _l("freigegeben"),
    "reject": _l("nicht freigegeben"),
    "lock_thread": _l("Gesprächsfaden gesperrt"),
    "unlock_thread": _l("Gesprächsfaden geöffnet"),
    "close_comments": _l("Kommentare geschlossen"),
    "open_comments": _l("Kommentare geöffnet"),
    "block_user": _l("Konto gesperrt"),
    "unblock_user": _l("Sperre aufgehoben"),
    "decide_appeal": _l("über Einspruch entschieden"),
}
ACTIONS = tuple(ACTION_LABELS)


def _reason_check(column: str) -> str:
    codes = ", ".join(f"'{code}'" for code in REASONS)
    return f"{column} IN ({codes})"


# Exactly one target: a proposal, a comment, or a network item (a registered subject,
# participation/moderation/subjects.py, named by kind and id).
ONE_TARGET = (
    "(CASE WHEN proposal_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN subject_id IS NULL THEN 0 ELSE 1 END) = 1"
)
SUBJECT_PAIR = "(subject_kind IS NULL) = (subject_id IS NULL)"


class Report(TimestampMixin, db.Model):
    """A signed-in user reports a proposal, a comment or a network item; one open report per
    user and item. Reports of dialogue items belong to their process; network items have
    none (the coordination office moderates them)."""

    __tablename__ = "report"
    __table_args__ = (
        CheckConstraint(_reason_check("reason"), name="known_reason"),
        CheckConstraint("status IN ('open', 'dismissed', 'actioned')", name="known_status"),
        CheckConstraint(ONE_TARGET, name="one_target"),
        CheckConstraint(SUBJECT_PAIR, name="subject_pair"),
        CheckConstraint(
            "(process_id IS NULL) = (subject_id IS NOT NULL)", name="process_or_subject"
        ),
        Index(
            "uq_report_open_proposal",
            "reporter_id",
            "proposal_id",
            unique=True,
            sqlite_where=db.text("status = 'open' AND proposal_id IS NOT NULL"),
            postgresql_where=db.text("status = 'open' AND proposal_id IS NOT NULL"),
        ),
        Index(
            "uq_report_open_comment",
            "reporter_id",
            "comment_id",
            unique=True,
            sqlite_where=db.text("status = 'open' AND comment_id IS NOT NULL"),
            postgresql_where=db.text("status = 'open' AND comment_id IS NOT NULL"),
        ),
        Index(
            "uq_report_open_subject",
            "reporter_id",
            "subject_kind",
            "subject_id",
            unique=True,
            sqlite_where=db.text("status = 'open' AND subject_id IS NOT NULL"),
            postgresql_where=db.text("status = 'open' AND subject_id IS NOT NULL"),
        ),
        Index("ix_report_queue", "status", "process_id", "created_at"),
        Index("ix_report_subject", "subject_kind", "subject_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))
    subject_kind: Mapped[str | None] = mapped_column(String(30))
    subject_id: Mapped[int | None]
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id], lazy="joined")
    process: Mapped[Process | None] = relationship(lazy="joined")
    proposal: Mapped[Proposal | None] = relationship(lazy="joined")
    comment: Mapped[Comment | None] = relationship(lazy="joined")


class ModerationAction(db.Model):
    """Every moderation step, with actor, time, target and reason: the audit log."""

    __tablename__ = "moderation_action"
    __table_args__ = (
        CheckConstraint(
            "action IN (" + ", ".join(f"'{a}'" for a in ACTIONS) + ")", name="known_action"
        ),
        CheckConstraint(SUBJECT_PAIR, name="subject_pair"),
        CheckConstraint(
            "subject_id IS NULL OR (proposal_id IS NULL AND comment_id IS NULL)",
            name="subject_alone",
        ),
        Index("ix_moderation_action_process", "process_id", "created_at"),
        Index("ix_moderation_action_subject", "subject_kind", "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    actor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(20))
    process_id: Mapped[int | None] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # A network item (participation/moderation/subjects.py): its registered kind and id.
    subject_kind: Mapped[str | None] = mapped_column(String(30))
    subject_id: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(20), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User] = relationship(foreign_keys=[actor_id], lazy="joined")
    # The blocked or unblocked user, and the process (for the audit log).
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")
    process: Mapped[Process | None] = relationship(lazy="joined")


class Appeal(TimestampMixin, db.Model):
    """The author's one appeal against a hide; another moderator decides where one exists."""

    __tablename__ = "appeal"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'upheld', 'overturned')", name="known_status"),
        db.UniqueConstraint("action_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("moderation_action.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    action: Mapped[ModerationAction] = relationship(lazy="joined")


class ModerationNote(TimestampMixin, db.Model):
    """An internal note of a moderator on an item: never public, never in an export."""

    __tablename__ = "moderation_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    text: Mapped[str] = mapped_column(Text)

    author: Mapped[User] = relationship(lazy="joined")
