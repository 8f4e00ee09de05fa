"""Recording what happened, fanning it out to the people concerned, and the notification
centre: lists, unread counts, marking read, preferences and settings."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, false, func, literal, or_, select, union, update

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.contributions.models import Contribution
from participation.core.clock import utcnow
from participation.core.db import dialect_insert, insert_returning_id
from participation.core.errors import NotFound
from participation.core.pagination import Page, clamp_page
from participation.extensions import db
from participation.jobs.services import enqueue
from participation.notifications import audience
from participation.notifications.kinds import KINDS
from participation.notifications.models import (
    INSTANT,
    PORTAL,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationSettings,
)
from participation.partners.models import PartnerOrganisation
from participation.projects.models import PUBLIC_STATUSES, Process
from participation.proposals.models import Proposal
from participation.volunteering.models import VolunteerOpportunity

PAGE_SIZE = 20
# A process is worth telling of from the Vorhabenliste on.
_VISIBLE_PROCESS = (*PUBLIC_STATUSES, "approved")


def record(
    kind: str,
    *,
    key: str,
    actor_id: int | None = None,
    detail: str = "",
    **items: int | None,
) -> bool:
    """Record an event (once per `key`) and queue its fan-out, in the current transaction;
    the caller commits. True if it is new."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    event_id = insert_returning_id(
        db.session,
        NotificationEvent,
        kind=kind,
        key=key[:200],
        actor_id=actor_id,
        detail=detail[:300],
        **items,
    )
    if event_id is None:
        return False
    enqueue("notifications.fan_out", key=f"fan-out:{event_id}", event_id=event_id)
    return True


def visible():
    """The condition under which an event may still be shown or mailed: everything it
    points at is public now (hidden, withdrawn, pending or draft items drop out)."""
    return and_(
        or_(
            NotificationEvent.process_id.is_(None),
            exists().where(
                Process.id == NotificationEvent.process_id, Process.status.in_(_VISIBLE_PROCESS)
            ),
        ),
        or_(
            NotificationEvent.proposal_id.is_(None),
            exists().where(
                Proposal.id == NotificationEvent.proposal_id, Proposal.status == "published"
            ),
        ),
        or_(
            NotificationEvent.comment_id.is_(None),
            exists().where(
                Comment.id == NotificationEvent.comment_id, Comment.status == "published"
            ),
        ),
        or_(
            NotificationEvent.contribution_id.is_(None),
            NotificationEvent.kind == "event_changed",  # a cancelled event is news too
            exists().where(
                Contribution.id == NotificationEvent.contribution_id,
                *Contribution.shown(),
            ),
        ),
        or_(
            NotificationEvent.organisation_id.is_(None),
            exists().where(
                PartnerOrganisation.id == NotificationEvent.organisation_id,
                PartnerOrganisation.status == "active",
            ),
        ),
        or_(
            NotificationEvent.opportunity_id.is_(None),
            exists().where(
                VolunteerOpportunity.id == NotificationEvent.opportunity_id,
                VolunteerOpportunity.status == "published",
                VolunteerOpportunity.hidden_at.is_(None),
            ),
        ),
    )


def fan_out(event_id: int) -> int:
    """Create the event's notifications for everyone it concerns, but its actor, in one
    INSERT … SELECT. Each gets the channel of their preference (or the kind's default);
    an address not yet confirmed, or a person who unsubscribed, gets the portal only (no
    one can make the portal mail a stranger); a place given to one person is mailed at
    once. Running it again adds nobody twice."""
    event = db.session.get(NotificationEvent, event_id)
    if event is None:
        return 0
    kind = KINDS[event.kind]
    people = union(*audience.audience(event)).subquery()
    user_id = people.c[0]
    preference = (
        select(NotificationPreference.channel)
        .where(NotificationPreference.user_id == user_id, NotificationPreference.kind == event.kind)
        .scalar_subquery()
    )
    chosen = literal(INSTANT) if event.recipient_id else func.coalesce(preference, kind.default)
    channel = case(
        (User.email_verified_at.is_(None), PORTAL),
        (func.coalesce(NotificationSettings.mail_off, false()), PORTAL),
        else_=chosen,
    )
    condition = user_id.is_not(None)
    if event.actor_id is not None:
        condition = condition & (user_id != event.actor_id)
    if kind.staff_only:
        condition = condition & user_id.in_(audience.staff())
    if kind.residents_only:
        condition = condition & user_id.not_in(audience.staff())
    rows = (
        select(user_id, literal(event.id), channel, literal(utcnow()))
        .join(User, User.id == user_id)
        .outerjoin(NotificationSettings, NotificationSettings.user_id == user_id)
        .where(condition)
    )
    result = db.session.execute(
        dialect_insert(db.session)(Notification)
        .from_select(["user_id", "event_id", "channel", "created_at"], rows)
        .on_conflict_do_nothing()
    )
    return result.rowcount or 0


# --- the notification centre --------------------------------------------------------------


def unread_count(user) -> int:
    """Unread notifications whose item is still public (one query)."""
    return (
        db.session.scalar(
            select(func.count(Notification.id))
            .join(NotificationEvent, NotificationEvent.id == Notification.event_id)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None), visible())
        )
        or 0
    )


def items_loaded():
    """Load what the notifications point at, a query per kind of item (never one per row)."""
    from sqlalchemy.orm import selectinload

    event = selectinload(Notification.event)
    return (
        event.selectinload(NotificationEvent.process),
        event.selectinload(NotificationEvent.proposal),
        event.selectinload(NotificationEvent.comment),
        event.selectinload(NotificationEvent.contribution),
        event.selectinload(NotificationEvent.working_group),
    )


def page(user, number: int = 1) -> Page:
    """The person's notifications, newest first, a page at a time (a fixed number of
    queries: the count, the page with its events, and one per kind of item)."""

    condition = (Notification.user_id == user.id) & visible()
    total = db.session.scalar(
        select(func.count(Notification.id))
        .join(NotificationEvent, NotificationEvent.id == Notification.event_id)
        .where(condition)
    )
    number, pages = clamp_page(total, number, PAGE_SIZE)
    items = db.session.scalars(
        select(Notification)
        .join(NotificationEvent, NotificationEvent.id == Notification.event_id)
        .where(condition)
        .options(*items_loaded())
        .order_by(Notification.id.desc())
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return Page(list(items), number, pages, total)


def mark_read(*, actor, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read; another person's is a 404."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != actor.id:
        raise NotFound(_("Diese Benachrichtigung gibt es nicht."))
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.commit()
    return db.session.scalars(
        select(Notification).where(Notification.id == notification_id).options(*items_loaded())
    ).one()


def mark_all_read(*, actor) -> int:
    """Mark all of the actor's notifications read; how many were unread."""
    changed = db.session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return changed or 0
