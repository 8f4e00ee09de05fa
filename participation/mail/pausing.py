"""Bulk mail pauses for addresses that bounce or keep failing, and resumes when asked."""

from __future__ import annotations

import smtplib

from flask import current_app
from sqlalchemy import delete, false, select, true, update

from participation.core.clock import utcnow
from participation.core.db import dialect_insert
from participation.extensions import db
from participation.mail.models import PausedAddress


def address_key(address: str) -> str:
    """An address as compared: trimmed and lower-cased."""
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
    """Count a mail to `address` that was given up because of the address (not of the
    server); a hard bounce, or MAIL_PAUSE_AFTER_FAILURES of them in a row, pause it. One
    statement, so two senders at once count twice instead of failing."""
    now = utcnow()
    statement = dialect_insert(session)(PausedAddress).values(
        address=address_key(address), failures=1, reason="", updated_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["address"],
            set_={"failures": PausedAddress.failures + 1, "updated_at": now},
        )
    )
    limit = current_app.config["MAIL_PAUSE_AFTER_FAILURES"]
    session.execute(
        update(PausedAddress)
        .where(
            PausedAddress.address == address_key(address),
            PausedAddress.paused_at.is_(None),
            (PausedAddress.failures >= limit) | (true() if permanent else false()),
        )
        .values(paused_at=now, reason=reason[:500])
    )


def record_success(session, address: str) -> None:
    """A delivered mail: the address works, its count of failures starts again."""
    session.execute(
        update(PausedAddress)
        .where(PausedAddress.address == address_key(address), PausedAddress.paused_at.is_(None))
        .values(failures=0)
    )


# The server's own troubles: they say nothing about the recipient's address.
_SERVER_TROUBLE = (
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPHeloError,
    smtplib.SMTPConnectError,
    smtplib.SMTPNotSupportedError,
    smtplib.SMTPServerDisconnected,
)
# Answers that mean "no such mailbox" (RFC 5321): retrying will not change them.
_NO_MAILBOX = {550, 551, 553}


def about_the_address(exc: Exception) -> bool:
    """Whether a failure concerns the recipient (a refused address), not the server, its
    configuration or the network: only those count towards pausing an address."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(exc, _SERVER_TROUBLE):
        return False
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code in _NO_MAILBOX


def permanent(exc: Exception) -> bool:
    """A refusal of the address that retrying will not change (a hard bounce)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code in _NO_MAILBOX for code, _msg in exc.recipients.values())
    return about_the_address(exc)
