"""A proposal of a resident to a process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import TimestampMixin
from participation.districts.models import Quarter
from participation.extensions import db
from participation.projects.models import Process, ProposalCategory

# published: visible; pending: waits for pre-moderation; withdrawn: taken back by its
# author; hidden: hidden by moderation (issue 4).
PROPOSAL_STATUSES = ("published", "pending", "withdrawn", "hidden")
# The processing status an official response gives a proposal (issue 6 writes it).
RESPONSE_STATUSES = (
    "open",
    "under_review",
    "accepted",
    "partly_accepted",
    "rejected",
    "implemented",
)


class Proposal(TimestampMixin, db.Model):
    """A Vorschlag: title, body, optional category and place; support and comment counters
    are stored on the row and changed only by the services that insert or delete."""

    __tablename__ = "proposal"
    __table_args__ = (
        Index("ix_proposal_submission", "author_id", "submission_key", unique=True),
        # The list's default order (newest first) reads its page straight from the index
        # instead of sorting every proposal of the process.
        Index("ix_proposal_process_status_created", "process_id", "status", "created_at"),
        # The answer queue's counts over a district's or the city's proposals read this index
        # alone (with a fresh visibility map) instead of one heap page per proposal.
        Index(
            "ix_proposal_answer_scope",
            "process_id",
            "response_status",
            "id",
            sqlite_where=db.text("status = 'published'"),
            postgresql_where=db.text("status = 'published'"),
        ),
        CheckConstraint(
            "status IN ('published', 'pending', 'withdrawn', 'hidden')", name="known_status"
        ),
        CheckConstraint(
            "response_status IN ('open', 'under_review', 'accepted', 'partly_accepted', "
            "'rejected', 'implemented')",
            name="known_response_status",
        ),
        CheckConstraint("support_count >= 0 AND comment_count >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal_category.id", ondelete="SET NULL")
    )
    quarter_id: Mapped[int | None] = mapped_column(ForeignKey("quarter.id"))
    place: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(150))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="published")
    response_status: Mapped[str] = mapped_column(String(20), default="open")
    support_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    comments_closed: Mapped[bool] = mapped_column(default=False)
    edited_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    # Set when moderation hides the proposal: the reason code and the public explanation.
    moderation_reason: Mapped[str] = mapped_column(String(20), default="")
    moderation_explanation: Mapped[str] = mapped_column(Text, default="")
    # Refused before it was ever published (pre-moderation): only its author and the
    # moderators see it.
    rejected: Mapped[bool] = mapped_column(default=False)
    # The same form sent twice gives one record (core.db.submission_key).
    submission_key: Mapped[str | None] = mapped_column(String(40))

    process: Mapped[Process] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    category: Mapped[ProposalCategory | None] = relationship(lazy="joined")
    quarter: Mapped[Quarter | None] = relationship(lazy="joined")

    @property
    def is_visible(self) -> bool:
        return self.status == "published"
