"""Registering for an event: a place while there are places, the waiting list after
that; a cancelled place goes to the first on the waiting list, who is told by mail."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from participation.accounts.models import User
from participation.contributions.models import Contribution, EventRegistration
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.db import bump_counter, insert_ignoring_duplicates, lock_row
from participation.core.errors import Conflict, Forbidden, NotFound
from participation.extensions import db


def registration_of(actor, event: Contribution) -> EventRegistration | None:
    if not (actor and actor.is_authenticated):
        return None
    return db.session.scalar(
        select(EventRegistration).where(
            EventRegistration.contribution_id == event.id, EventRegistration.user_id == actor.id
        )
    )


def _open_for_registration(event: Contribution) -> None:
    if event.kind != "event" or event.registration != "portal" or not event.is_visible:
        raise NotFound(_("Für diese Veranstaltung gibt es keine Anmeldung hier."))
    if event.starts_at <= utcnow():
        raise Conflict(_("Die Veranstaltung hat schon begonnen."))


def register(*, actor, event: Contribution) -> EventRegistration:
    """A place if one is free, otherwise the waiting list; registering twice changes
    nothing. The place is taken by one conditional UPDATE, which is also the first write of
    the transaction: PostgreSQL re-checks it under the row lock, SQLite takes its write
    lock with it, so two people never get the last place."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    if not actor.is_verified:
        raise Forbidden(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    _open_for_registration(event)
    existing = registration_of(actor, event)
    if existing is not None:
        return existing
    took_place = db.session.execute(
        update(Contribution)
        .where(Contribution.id == event.id, Contribution.confirmed_count < Contribution.capacity)
        .values(confirmed_count=Contribution.confirmed_count + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    status = "confirmed" if took_place == 1 else "waiting"
    if status == "waiting":
        bump_counter(db.session, Contribution, event.id, "waiting_count", +1)
    if not insert_ignoring_duplicates(
        db.session,
        EventRegistration,
        contribution_id=event.id,
        user_id=actor.id,
        status=status,
        created_at=utcnow(),
    ):
        db.session.rollback()  # the same person at once in another request: keep theirs
        return registration_of(actor, event)
    db.session.commit()
    db.session.refresh(event)
    return registration_of(actor, event)


def cancel(*, actor, event: Contribution) -> None:
    """Give the place back; the first on the waiting list moves up and is told. The
    DELETE comes first, so it is the transaction's first write (see register)."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    if event.starts_at is not None and event.starts_at <= utcnow():
        raise Conflict(_("Die Veranstaltung hat schon begonnen."))
    lock_row(db.session, Contribution, event.id)
    gone = db.session.execute(
        delete(EventRegistration)
        .where(
            EventRegistration.contribution_id == event.id,
            EventRegistration.user_id == actor.id,
        )
        .returning(EventRegistration.status)
    ).first()
    if gone is None:
        db.session.rollback()
        raise NotFound(_("Sie sind für diese Veranstaltung nicht angemeldet."))
    promoted = []
    if gone.status == "waiting":
        bump_counter(db.session, Contribution, event.id, "waiting_count", -1)
    else:
        bump_counter(db.session, Contribution, event.id, "confirmed_count", -1)
        promoted = promote_waiting(event, places=1)
    if promoted:
        signals.event_places_given.send(
            current_app._get_current_object(), contribution=event, registrations=promoted
        )
    db.session.commit()
    db.session.refresh(event)


def promote_waiting(event: Contribution, *, places: int) -> list[tuple[int, int]]:
    """Give up to `places` free places to the first on the waiting list, in order (inside
    the caller's transaction, which holds the event's lock); returns their (registration,
    person) ids, for the caller to announce after its commit."""
    following = list(
        db.session.scalars(
            select(EventRegistration)
            .where(
                EventRegistration.contribution_id == event.id,
                EventRegistration.status == "waiting",
            )
            .order_by(EventRegistration.id)
            .limit(max(places, 0))
        )
    )
    for registration in following:
        db.session.execute(
            update(EventRegistration)
            .where(EventRegistration.id == registration.id)
            .values(status="confirmed")
        )
        bump_counter(db.session, Contribution, event.id, "waiting_count", -1)
        bump_counter(db.session, Contribution, event.id, "confirmed_count", +1)
    return [(registration.id, registration.user_id) for registration in following]


def participants(event: Contribution) -> list[tuple[User, str]]:
    """Who registered (for the organisation's members): confirmed first, in order."""
    rows = db.session.execute(
        select(User, EventRegistration.status)
        .join(EventRegistration, EventRegistration.user_id == User.id)
        .where(EventRegistration.contribution_id == event.id)
        .order_by(EventRegistration.status, EventRegistration.id)
    ).all()
    return [(user, status) for user, status in rows]
