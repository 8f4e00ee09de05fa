"""The Ergebnisbericht: one per process, written by staff, published by the office."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import TimestampMixin
from participation.extensions import db


class ResultsReport(TimestampMixin, db.Model):
    """The summary and next steps of a process; its figures and the proposals with their
    answers are read from the database when the report is shown, so they are never stale.
    `override_reason` says why it was published while proposals were still unanswered."""

    __tablename__ = "results_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("process.id", ondelete="CASCADE"), unique=True
    )
    summary_markdown: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    next_steps_markdown: Mapped[str] = mapped_column(Text, default="")
    next_steps_html: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    published_by: Mapped[User | None] = relationship(lazy="joined")
