"""Feedback on the portal (anonymous) and page views counted per section and day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import TimestampMixin
from participation.extensions import db

OUTCOMES = ("ja", "teilweise", "nein")


class PortalFeedback(TimestampMixin, db.Model):
    """One answer to "Wie finden Sie dieses Portal?". Nothing about the person is kept:
    no account, no address, no browser; only the portal page it was sent from."""

    __tablename__ = "portal_feedback"
    __table_args__ = (
        CheckConstraint("outcome IN ('ja', 'teilweise', 'nein')", name="known_outcome"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        # The evaluation reads by period.
        Index("ix_portal_feedback_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_path: Mapped[str | None] = mapped_column(String(300))
    task: Mapped[str] = mapped_column(String(500), default="")
    outcome: Mapped[str] = mapped_column(String(10))
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")


class PageViewCount(db.Model):
    """Page views of one section (first path segment of the route) on one local day,
    added up in each worker's memory and written now and then (evaluation/usage.py)."""

    __tablename__ = "page_view_count"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    section: Mapped[str] = mapped_column(String(40), primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)
