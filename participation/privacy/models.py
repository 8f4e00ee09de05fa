"""Data exports: requested by a person, built by a job, downloaded once within 7 days."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import TimestampMixin
from participation.extensions import db

EXPORT_STATUSES = ("pending", "ready", "downloaded", "expired", "failed")


class DataExport(TimestampMixin, db.Model):
    """One requested export and the ZIP file it produced."""

    __tablename__ = "data_export"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in EXPORT_STATUSES) + ")",
            name="known_status",
        ),
        Index("ix_data_export_user", "user_id", "created_at"),
        # One export in the making per person, even when two requests race.
        Index(
            "uq_data_export_pending",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    ready_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    downloaded_at: Mapped[datetime | None]
    # The file's random name in EXPORT_FOLDER; empty once it is deleted.
    file_name: Mapped[str] = mapped_column(String(80), default="")
    size_bytes: Mapped[int] = mapped_column(default=0)
