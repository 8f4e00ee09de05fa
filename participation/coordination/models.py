"""The record of a process's way through its lifecycle."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.extensions import db


class ProcessTransition(db.Model):
    """One step of a process: who moved it from which status to which, when and why.
    An approval also keeps the review checklist as the reviewer ticked it."""

    __tablename__ = "process_transition"
    __table_args__ = (Index("ix_process_transition_process_time", "process_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    # [{"key": ..., "text": ...}] of the ticked review checklist (approvals only).
    checklist: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User] = relationship(lazy="joined", innerjoin=True)
