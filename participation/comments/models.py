"""Comments of the general discussion of a process and of proposals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import TimestampMixin
from participation.extensions import db

# published: visible; pending: waits for pre-moderation; deleted: its author deleted it
# (a tombstone stays so the thread reads on); hidden: hidden by moderation (issue 4).
COMMENT_STATUSES = ("published", "pending", "deleted", "hidden")


class Comment(TimestampMixin, db.Model):
    """A comment; `proposal_id` is empty in the general discussion of the process, and
    `contribution_id` is set for comments on a partner's statement.
    A reply has a `parent_id`; replies have no replies (one level)."""

    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_submission", "author_id", "submission_key", unique=True),
        # The thread pages: top-level comments of one target in order, replies of a parent.
        Index("ix_comment_thread", "process_id", "proposal_id", "parent_id", "id"),
        Index("ix_comment_parent", "parent_id", "id"),
        # Deleting a proposal deletes its comments (ON DELETE CASCADE): found by this index,
        # not by reading every comment of the city once per proposal.
        Index("ix_comment_proposal", "proposal_id"),
        # The moderation queue: the few comments waiting for approval, oldest first, without
        # reading every comment of the city.
        Index(
            "ix_comment_pending",
            "process_id",
            "created_at",
            sqlite_where=db.text("status = 'pending'"),
            postgresql_where=db.text("status = 'pending'"),
        ),
        CheckConstraint(
            "status IN ('published', 'pending', 'deleted', 'hidden')", name="known_status"
        ),
        CheckConstraint(
            "up_count >= 0 AND down_count >= 0 AND reply_count >= 0", name="counts_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))
    # Comments on a partner organisation's statement belong to the statement's process.
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="published")
    is_official: Mapped[bool] = mapped_column(default=False)
    up_count: Mapped[int] = mapped_column(default=0)
    down_count: Mapped[int] = mapped_column(default=0)
    reply_count: Mapped[int] = mapped_column(default=0)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # A locked thread (top-level comment) takes no more replies.
    thread_locked: Mapped[bool] = mapped_column(default=False)
    # Set when moderation hides the comment: the reason code and the public explanation.
    moderation_reason: Mapped[str] = mapped_column(String(20), default="")
    moderation_explanation: Mapped[str] = mapped_column(Text, default="")
    # Refused before it was ever published (pre-moderation): hidden, but not even as a
    # placeholder in public; only its author and the moderators see it.
    rejected: Mapped[bool] = mapped_column(default=False)
    # The same form sent twice gives one record (core.db.submission_key).
    submission_key: Mapped[str | None] = mapped_column(String(40))

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    @property
    def is_visible(self) -> bool:
        return self.status == "published"
