"""Queueing mail with the action it reports, and delivering the outbox exactly once."""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from participation.core.clock import utcnow
from participation.core.db import dialect_insert
from participation.extensions import db
from participation.mail import pausing
from participation.mail.models import FAILED, PENDING, SENDING, SENT, OutboxMail

log = logging.getLogger(__name__)
_HEADER_UNSAFE = str.maketrans({c: " " for c in map(chr, [*range(0, 32), 127])})
_POLICY = policy.default.clone(max_line_length=998)
_LINE_BREAK = re.compile(r"[\r\n\x00\x85\u2028\u2029]")
_SESSION_MAILS = "outbox_new_mails"
_ADDRESS = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+$")
# One background sender per process: requests never wait for the mail server.
_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")


@dataclass(frozen=True)
class Mail:
    """One mail for `queue_mails`: the arguments of `queue_mail`, for many at once."""

    recipient: str
    subject: str
    template: str
    key: str
    headers: dict[str, str] | None = None
    context: dict = field(default_factory=dict)


def _values(recipient, subject, template, headers, bulk, context) -> dict | None:
    """The outbox row of one mail, checked and rendered; None for a paused address."""
    recipient = recipient.strip()
    if not _ADDRESS.match(recipient) or len(recipient) > 254:
        raise ValueError(f"not a mail address: {recipient!r}")
    for name, value in (headers or {}).items():
        if _LINE_BREAK.search(name) or _LINE_BREAK.search(value):
            raise ValueError(f"header {name!r} holds a line break")
    if bulk and pausing.held_back(recipient):
        return None
    body = render_template(
        f"mail/{template}.txt", site_name=current_app.config["SITE_NAME"], **context
    )
    return {
        "recipient": recipient,
        "subject": " ".join(subject.translate(_HEADER_UNSAFE).split())[:250],
        "body": body,
        "headers": dict(headers) if headers else None,
        "bulk": bulk,
    }


def _insert_keyed(rows: list[dict]) -> int:
    """INSERT rows that carry idempotency keys in one statement; what a key already holds
    is skipped. Returns how many were queued."""
    if not rows:
        return 0
    now = utcnow()
    for row in rows:
        row.update(status=PENDING, attempts=0, created_at=now, next_attempt_at=now)
    ids = db.session.scalars(
        dialect_insert(db.session)(OutboxMail)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(OutboxMail.id)
    ).all()
    db.session.info.setdefault(_SESSION_MAILS, []).extend(ids)
    return len(ids)


def queue_mail(
    *,
    recipient: str,
    subject: str,
    template: str,
    key: str | None = None,
    headers: dict[str, str] | None = None,
    bulk: bool = False,
    **context,
) -> bool:
    """Write a mail (text template `mail/<template>.txt`) into the current transaction; it is
    delivered only if that transaction commits. With `key`, a mail with the same key is
    queued once, ever; `bulk` mail (notifications, digests, newsletters) is not queued for a
    paused address. True if a mail was queued."""
    values = _values(recipient, subject, template, headers, bulk, context)
    if values is None:
        return False
    if key is None:
        mail = OutboxMail(**values)
        db.session.add(mail)
        db.session.info.setdefault(_SESSION_MAILS, []).append(mail)
        return True
    return _insert_keyed([{**values, "idempotency_key": key[:120]}]) == 1


def queue_mails(mails: list[Mail]) -> int:
    """Bulk mail for many people at once (digests, newsletters): each checked and rendered
    as `queue_mail` does, all written in one INSERT; returns how many were queued."""
    rows = []
    for mail in mails:
        try:
            values = _values(
                mail.recipient, mail.subject, mail.template, mail.headers, True, mail.context
            )
        except ValueError:
            # One address the outbox refuses must not keep everyone else's mail back.
            log.warning("bulk mail to %r refused: not a deliverable address", mail.recipient)
            continue
        if values is not None:
            rows.append({**values, "idempotency_key": mail.key[:120]})
    return _insert_keyed(rows)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 360))


def _send_smtp(config, message: EmailMessage) -> None:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _build_message(config, mail: OutboxMail) -> EmailMessage:
    # Long header values (a List-Unsubscribe URL) stay one plain line, not encoded words.
    message = EmailMessage(policy=_POLICY)
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(idstring=f"outbox-{mail.id}")
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (mail.headers or {}).items():
        message[name] = value
    message.set_content(mail.body)
    return message


def deliver(config, mail: OutboxMail) -> None:
    """Hand one mail to the configured backend; raises on failure."""
    backend = config["MAIL_BACKEND"]
    message = _build_message(config, mail)
    if backend == "smtp":
        _send_smtp(config, message)
    elif backend == "memory":
        current_app.extensions.setdefault("mail_memory", []).append(message)
    elif backend == "log":
        log.info("mail to %s: %s\n%s", mail.recipient, mail.subject, mail.body)
    else:
        raise RuntimeError(f"unknown MAIL_BACKEND {backend!r}")


def send_pending(limit: int = 100, ids: list[int] | None = None) -> tuple[int, int]:
    """Deliver due mails (only `ids`, if given); returns (sent, failed). Each mail is claimed
    by one sender only, so running this from several processes never sends a mail twice."""
    config = current_app.config
    sent = failed = 0
    with Session(db.engine) as session:
        now = utcnow()
        # Mails left in "sending" by a crashed sender go back to the queue.
        session.execute(
            update(OutboxMail)
            .where(
                OutboxMail.status == SENDING,
                OutboxMail.next_attempt_at < now - timedelta(minutes=10),
            )
            .values(status=PENDING)
        )
        session.commit()
        query = select(OutboxMail.id).where(
            OutboxMail.status == PENDING, OutboxMail.next_attempt_at <= now
        )
        if ids is not None:
            query = query.where(OutboxMail.id.in_(ids))
        due = session.scalars(query.order_by(OutboxMail.id).limit(limit)).all()
        for mail_id in due:
            claimed = session.execute(
                update(OutboxMail)
                .where(OutboxMail.id == mail_id, OutboxMail.status == PENDING)
                .values(status=SENDING, attempts=OutboxMail.attempts + 1, next_attempt_at=utcnow())
            ).rowcount
            session.commit()
            if claimed != 1:
                continue
            mail = session.get(OutboxMail, mail_id)
            if mail.bulk and pausing.is_paused(mail.recipient, session=session):
                mail.status, mail.last_error = FAILED, "address paused"
                session.commit()
                continue
            try:
                deliver(config, mail)
            except Exception as exc:  # noqa: BLE001 - one bad mail must not stop the batch
                failed += 1
                permanent = pausing.permanent(exc)
                give_up = permanent or mail.attempts >= config["MAIL_MAX_ATTEMPTS"]
                mail.status = FAILED if give_up else PENDING
                mail.next_attempt_at = utcnow() + _backoff(mail.attempts)
                mail.last_error = f"{exc.__class__.__name__}: {exc}"[:500]
                if give_up and pausing.about_the_address(exc):
                    pausing.record_failure(session, mail.recipient, mail.last_error, permanent)
                log.warning("mail %s not delivered (attempt %s): %s", mail_id, mail.attempts, exc)
            else:
                sent += 1
                mail.status = SENT
                mail.sent_at = utcnow()
                mail.last_error = None
                pausing.record_success(session, mail.recipient)
            session.commit()
    return sent, failed


def _send_ids(app, ids: list[int]) -> None:
    with app.app_context():
        try:
            send_pending(ids=ids)
        except Exception:  # noqa: BLE001 - the action has committed; mails wait in the outbox
            log.exception("delivering after commit failed; the mails stay pending")


def _deliver_after_commit(session) -> None:
    """Hand exactly this transaction's mails to the sender (in the background by default)."""
    mails = session.info.pop(_SESSION_MAILS, [])
    pausing.forget_cache(session)
    app = current_app._get_current_object()
    if not mails or not app.config.get("MAIL_SEND_AFTER_COMMIT", True):
        return
    ids = [
        mail if isinstance(mail, int) else inspect(mail).identity[0]
        for mail in mails
        if isinstance(mail, int) or inspect(mail).identity
    ]
    if app.config.get("MAIL_DELIVERY", "background") == "inline":
        _send_ids(app, ids)
    else:
        _sender.submit(_send_ids, app, ids)


def _forget_after_rollback(session, previous_transaction) -> None:
    session.info.pop(_SESSION_MAILS, None)
    pausing.forget_cache(session)


def register_outbox_listeners() -> None:
    """Deliver right after a transaction that queued mail commits (idempotent)."""
    target = db.session
    if not event.contains(target, "after_commit", _deliver_after_commit):
        event.listen(target, "after_commit", _deliver_after_commit)
        event.listen(target, "after_soft_rollback", _forget_after_rollback)
