"""A job as the database keeps it: what to run, when, and whether it ran."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.clock import utcnow
from participation.extensions import db

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"


class Job(db.Model):
    """One run of a registered handler. The unique `key` makes enqueueing idempotent (a
    digest period, a phase reminder, a newsletter send is queued once however often the
    scheduler looks); the status is the guard that lets exactly one worker claim it."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_status_run_at", "status", "run_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A claimed job whose lease ran out belongs to a worker that died: it is claimed again.
    lease_until: Mapped[datetime | None]
    # When it was last handed to the RQ queue: the scheduler hands it again only after a
    # lease's time, so a busy queue does not fill with copies.
    handed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
