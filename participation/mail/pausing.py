"""Bulk mail pauses for addresses that bounce or keep failing, and resumes when asked."""

from __future__ import annotations

import smtplib

from flask import current_app
from sqlalchemy import delete, select, update

from participation.core.clock import utcnow
from participation.extensions import db
from participation.mail.models import PausedAddress


def address_key(address: str) -> str:
    return address.strip().lower()[:254]


def is_paused(address: str, *, session=None) -> bool:
    """Whether bulk mail to this address waits (it bounced or kept failing)."""
    session = session or db.session
    return (
        session.scalar(
            select(PausedAddress.id).where(
                PausedAddress.address == address_key(address),
                PausedAddress.paused_at.is_not(None),
            )
        )
        is not None
    )


_CACHE = "mail_paused_addresses"


def held_back(address: str) -> bool:
    """`is_paused` for bulk sends: all paused addresses are read once per transaction (a
    digest run queues thousands of mails; few addresses are paused)."""
    paused = db.session.info.get(_CACHE)
    if paused is None:
        paused = set(
            db.session.scalars(
                select(PausedAddress.address).where(PausedAddress.paused_at.is_not(None))
            )
        )
        db.session.info[_CACHE] = paused
    return address_key(address) in paused


def forget_cache(session) -> None:
    session.info.pop(_CACHE, None)


def pause_address(address: str, reason: str, *, session=None) -> None:
    """Stop bulk mail to `address` (a bounce, or repeated failures) until it is resumed."""
    session = session or db.session
    forget_cache(session)
    now = utcnow()
    key = address_key(address)
    row = session.scalar(select(PausedAddress).where(PausedAddress.address == key))
    if row is None:
        row = PausedAddress(address=key, failures=0)
        session.add(row)
    row.paused_at = row.paused_at or now
    row.reason = reason[:500]
    row.updated_at = now


def resume_address(address: str) -> None:
    """Mail to `address` goes out again (the person said the address works)."""
    forget_cache(db.session)
    db.session.execute(delete(PausedAddress).where(PausedAddress.address == address_key(address)))


def record_failure(session, address: str, reason: str, permanent: bool) -> None:
    key = address_key(address)
    row = session.scalar(select(PausedAddress).where(PausedAddress.address == key))
    if row is None:
        row = PausedAddress(address=key, failures=0, reason="")
        session.add(row)
    row.failures += 1
    row.updated_at = utcnow()
    limit = current_app.config["MAIL_PAUSE_AFTER_FAILURES"]
    if permanent or row.failures >= limit:
        row.paused_at = row.paused_at or utcnow()
        row.reason = reason[:500]


def record_success(session, address: str) -> None:
    session.execute(
        update(PausedAddress)
        .where(PausedAddress.address == address_key(address), PausedAddress.paused_at.is_(None))
        .values(failures=0)
    )


def permanent(exc: Exception) -> bool:
    """A refusal that retrying will not change (the server said the address is bad)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500
