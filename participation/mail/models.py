"""The mail outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.clock import utcnow
from participation.extensions import db

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


class OutboxMail(db.Model):
    """One mail waiting for delivery, or delivered; written in the transaction it reports."""

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # Mails that report one thing to one person once (a notification, a digest period, a
    # newsletter issue) carry a key: a job that runs again after a crash queues nothing new.
    idempotency_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    # Extra headers (List-Unsubscribe and its one-click POST, RFC 8058); checked for CR/LF
    # when queued.
    headers: Mapped[dict | None] = mapped_column(JSON)
    # Notifications, digests and newsletters are bulk mail: never sent to a paused address.
    bulk: Mapped[bool] = mapped_column(default=False)


class PausedAddress(db.Model):
    """An address that bounced or failed again and again: bulk mail to it waits until the
    person resumes it in the portal (their account's notification settings)."""

    __tablename__ = "mail_paused_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Lower-cased, as compared.
    address: Mapped[str] = mapped_column(String(254), unique=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    # Mails to it that failed in a row; reaching MAIL_PAUSE_AFTER_FAILURES pauses it.
    failures: Mapped[int] = mapped_column(default=0)
    paused_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
