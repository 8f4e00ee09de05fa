"""Official responses and the assignments that say who answers which proposal by when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.db import TimestampMixin
from participation.extensions import db

# The statuses an official response gives a proposal ("open" means: no response yet).
ANSWER_STATUSES = ("under_review", "accepted", "partly_accepted", "rejected", "implemented")


class OfficialResponse(TimestampMixin, db.Model):
    """The administration's answer to one proposal: a status and its justification, who
    answered and when. A duplicate is answered by pointing at its lead proposal, whose
    answer it then shows."""

    __tablename__ = "official_response"
    __table_args__ = (
        CheckConstraint(
            "status IN ('under_review', 'accepted', 'partly_accepted', 'rejected', 'implemented')",
            name="known_status",
        ),
        CheckConstraint(
            "duplicate_of_id IS NULL OR duplicate_of_id <> proposal_id", name="not_self"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(20))
    text_markdown: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str] = mapped_column(Text, default="")
    responder_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # When the answer was first given (the public date); updated_at says when it changed.
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL"), index=True
    )

    responder: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class ProcessAssignment(TimestampMixin, db.Model):
    """Staff responsible for answering the proposals of a process, with a due date."""

    __tablename__ = "process_assignment"
    __table_args__ = (UniqueConstraint("process_id", "assignee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    assignee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date | None] = mapped_column(Date)

    assignee: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class ProposalAssignment(TimestampMixin, db.Model):
    """Who answers one proposal, and by when (default: the process's feedback date). It
    takes precedence over the process's assignments."""

    __tablename__ = "proposal_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), unique=True
    )
    assignee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date | None] = mapped_column(Date)

    assignee: Mapped[User] = relationship(lazy="joined", innerjoin=True)
