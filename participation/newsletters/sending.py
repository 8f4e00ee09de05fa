"""Sending an issue: its recipients chosen set-based, one delivery row each, then the mails
queued in the outbox in batches, each batch one transaction; and the counts.

Everything here can run again after a crash at any point: deliveries are unique per issue
and subscriber (INSERT … SELECT … ON CONFLICT DO NOTHING), a batch marks its deliveries in
the transaction that queues their mails, and every mail has its key
`newsletter:<issue>:<subscriber>`, so nobody is mailed twice, even by two runs at once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import String, case, cast, delete, exists, func, literal, or_, select, update

from participation.accounts.models import COUNCIL_ROLE, STAFF_ROLES, RoleAssignment
from participation.core.clock import utcnow
from participation.core.db import UTCDateTime, dialect_insert
from participation.core.links import external_url
from participation.extensions import db
from participation.mail.models import FAILED, SENT, OutboxMail
from participation.mail.services import queue_mail
from participation.newsletters import links, services
from participation.newsletters.models import (
    AUDIENCES,
    CONFIRMED,
    COUNCIL,
    PARTNERS,
    PENDING,
    QUEUED,
    RESIDENTS,
    SENDING,
    SKIPPED,
    STAFF,
    WAITING,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscriber,
    subscriber_action_field,
    subscriber_district,
)
from participation.newsletters.models import SENT as ISSUE_SENT

log = logging.getLogger(__name__)
BATCH = 500
# Unconfirmed requests are forgotten after this long (their link expired long before).
FORGET_PENDING_AFTER = timedelta(days=30)
# Counts of sent and failed mails are refreshed for this long after an issue went out.
COUNTS_FOR = timedelta(days=14)

Subscriber = NewsletterSubscriber
Delivery = NewsletterDelivery


def _holds(roles) -> exists:
    return exists().where(
        RoleAssignment.user_id == Subscriber.user_id, RoleAssignment.role.in_(sorted(roles))
    )


# Audiences follow the roles of the linked account as they are when the issue is sent;
# residents are everyone else (also subscribers without an account).
_AUDIENCE = {
    STAFF: lambda: _holds(STAFF_ROLES),
    PARTNERS: lambda: _holds({"partner_member"}),
    COUNCIL: lambda: _holds({COUNCIL_ROLE}),
    RESIDENTS: lambda: ~_holds(STAFF_ROLES | {"partner_member", COUNCIL_ROLE}),
}


def _in_segment(table, column: str, ids: list[int]):
    """No choice made means all of them; otherwise one chosen must be among `ids`."""
    chose_any = exists().where(table.c.subscriber_id == Subscriber.id)
    chose_one = exists().where(table.c.subscriber_id == Subscriber.id, table.c[column].in_(ids))
    return or_(~chose_any, chose_one)


def segment(issue: NewsletterIssue) -> list:
    """The conditions a subscriber meets to receive `issue`."""
    conditions = [
        Subscriber.status == CONFIRMED,
        getattr(Subscriber, f"wants_{issue.list_name}").is_(True),
    ]
    if issue.districts:
        ids = [d.id for d in issue.districts]
        conditions.append(_in_segment(subscriber_district, "district_id", ids))
    if issue.action_fields:
        ids = [f.id for f in issue.action_fields]
        conditions.append(_in_segment(subscriber_action_field, "action_field_id", ids))
    if set(issue.audiences) != set(AUDIENCES):
        conditions.append(or_(*(_AUDIENCE[name]() for name in issue.audiences)))
    return conditions


def audience_size(issue: NewsletterIssue) -> int:
    """How many confirmed subscribers the issue would reach now (one query)."""
    return db.session.scalar(select(func.count(Subscriber.id)).where(*segment(issue))) or 0


def build_recipients(issue: NewsletterIssue) -> None:
    """One delivery row per matching subscriber, in one statement; rows that exist stay."""
    chosen = select(
        literal(issue.id),
        Subscriber.id,
        literal(WAITING),
        literal(utcnow(), UTCDateTime()),
    ).where(*segment(issue))
    db.session.execute(
        dialect_insert(db.session)(Delivery)
        .from_select(["issue_id", "subscriber_id", "status", "created_at"], chosen)
        .on_conflict_do_nothing()
    )
    db.session.commit()


def _mark(issue_id: int, delivery_ids: list[int]) -> None:
    """Queued if the outbox holds the delivery's mail, else skipped (paused address,
    unsubscribed meanwhile): read from the outbox itself, two statements a batch."""
    key = literal(f"newsletter:{issue_id}:") + cast(Delivery.subscriber_id, String)
    mail_id = select(OutboxMail.id).where(OutboxMail.idempotency_key == key).scalar_subquery()
    batch = Delivery.id.in_(delivery_ids)
    db.session.execute(
        update(Delivery)
        .where(batch)
        .values(outbox_mail_id=mail_id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Delivery)
        .where(batch)
        .values(status=case((Delivery.outbox_mail_id.is_(None), SKIPPED), else_=QUEUED))
        .execution_options(synchronize_session=False)
    )


def queue_mails(issue: NewsletterIssue, *, batch_size: int = BATCH) -> int:
    """Queue the mails of every waiting delivery, a batch per commit; returns how many
    deliveries were handled."""
    issue_id, subject, body = issue.id, issue.subject, issue.body_markdown
    list_label = str(services.LIST_LABELS[issue.list_name])
    archive = external_url("newsletters.archived", issue_id=issue_id) if issue.in_archive else None
    # Built once: only the token differs between recipients (URL-safe, needs no quoting).
    placeholder = "TOKEN"
    link_base = external_url("newsletters.unsubscribe", token=placeholder)
    handled, after = 0, 0
    while True:
        rows = db.session.execute(
            select(Delivery.id, Subscriber.id, Subscriber.email, Subscriber.status)
            .add_columns(Subscriber.token_version)
            .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
            .where(Delivery.issue_id == issue_id, Delivery.status == WAITING, Delivery.id > after)
            .order_by(Delivery.id)
            .limit(batch_size)
        ).all()
        if not rows:
            return handled
        with force_locale("de"):
            for _delivery_id, subscriber_id, email, status, version in rows:
                if status != CONFIRMED:
                    continue
                link = link_base.replace(
                    placeholder, links.unsubscribe_token(subscriber_id, version)
                )
                try:
                    queue_mail(
                        recipient=email,
                        subject=subject,
                        template="newsletter_issue",
                        key=f"newsletter:{issue_id}:{subscriber_id}",
                        headers=links.list_headers(link),
                        bulk=True,
                        body=body,
                        list_label=list_label,
                        unsubscribe=link,
                        archive=archive,
                        test=False,
                    )
                except ValueError:
                    # An address the outbox refuses must not stop the issue: skipped.
                    log.warning("newsletter %s: subscriber %s refused", issue_id, subscriber_id)
        _mark(issue_id, [row[0] for row in rows])
        db.session.commit()
        handled += len(rows)
        after = rows[-1][0]


def _finish(issue_id: int) -> None:
    recipients, queued = db.session.execute(
        select(
            func.count(Delivery.id), func.count(Delivery.id).filter(Delivery.status == QUEUED)
        ).where(Delivery.issue_id == issue_id)
    ).one()
    db.session.execute(
        update(NewsletterIssue)
        .where(NewsletterIssue.id == issue_id, NewsletterIssue.status == SENDING)
        .values(
            status=ISSUE_SENT,
            sent_at=utcnow(),
            recipient_count=recipients or 0,
            queued_count=queued or 0,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def send_issue(issue_id: int) -> None:
    """The send job: recipients, mails, counts. An issue that is not (or no longer)
    sending is left alone, so the job may run any number of times."""
    issue = db.session.get(NewsletterIssue, issue_id)
    if issue is None or issue.status != SENDING:
        return
    build_recipients(issue)
    queue_mails(issue)
    _finish(issue_id)
    refresh_counts([issue_id])


def refresh_counts(issue_ids: list[int]) -> None:
    """Store how many of each issue's mails were sent and failed, read from the outbox in
    one grouped query."""
    if not issue_ids:
        return
    rows = db.session.execute(
        select(
            Delivery.issue_id,
            func.count(OutboxMail.id).filter(OutboxMail.status == SENT),
            func.count(OutboxMail.id).filter(OutboxMail.status == FAILED),
        )
        .join(OutboxMail, OutboxMail.id == Delivery.outbox_mail_id)
        .where(Delivery.issue_id.in_(issue_ids))
        .group_by(Delivery.issue_id)
    ).all()
    counts = {issue_id: (sent or 0, failed or 0) for issue_id, sent, failed in rows}
    for issue_id in issue_ids:
        sent, failed = counts.get(issue_id, (0, 0))
        db.session.execute(
            update(NewsletterIssue)
            .where(NewsletterIssue.id == issue_id)
            .values(sent_count=sent, failed_count=failed)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()


def unsettled_issue_ids(now: datetime) -> list[int]:
    """Sent lately, with mails still on their way."""
    return list(
        db.session.scalars(
            select(NewsletterIssue.id).where(
                NewsletterIssue.status == ISSUE_SENT,
                NewsletterIssue.sent_at >= now - COUNTS_FOR,
                NewsletterIssue.queued_count
                > NewsletterIssue.sent_count + NewsletterIssue.failed_count,
            )
        )
    )


def forget_unconfirmed(now: datetime) -> None:
    """Requests never confirmed are deleted: the portal keeps no address nobody confirmed."""
    db.session.execute(
        delete(Subscriber).where(
            Subscriber.status == PENDING,
            Subscriber.requested_at < now - FORGET_PENDING_AFTER,
        )
    )
