"""Registering for an event: a place while there are places, the waiting list after
that; a cancelled place goes to the first on the waiting list, who is told by mail. The
places themselves are core.places, which trainings (participation/qualification) share."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from participation.accounts.models import User
from participation.contributions.models import Contribution, EventRegistration
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, NotFound
from participation.core.places import PlaceBook
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


EVENT_PLACES = PlaceBook(Contribution, EventRegistration, "contribution_id")


def register(*, actor, event: Contribution) -> EventRegistration:
    """A place if one is free, otherwise the waiting list; registering twice changes
    nothing. The place is taken first (core.places: never more than the capacity)."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    if not actor.is_verified:
        raise Forbidden(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    _open_for_registration(event)
    existing = registration_of(actor, event)
    if existing is not None:
        return existing
    if not EVENT_PLACES.enter(event.id, user_id=actor.id, created_at=utcnow()):
        return registration_of(actor, event)  # the same person at once: keep theirs
    db.session.commit()
    db.session.refresh(event)
    return registration_of(actor, event)


def cancel(*, actor, event: Contribution) -> None:
    """Give the place back; the first on the waiting list moves up and is told."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    if event.starts_at is not None and event.starts_at <= utcnow():
        raise Conflict(_("Die Veranstaltung hat schon begonnen."))
    status, promoted = EVENT_PLACES.give_back(event.id, EventRegistration.user_id == actor.id)
    if status is None:
        db.session.rollback()
        raise NotFound(_("Sie sind für diese Veranstaltung nicht angemeldet."))
    if promoted:
        signals.event_places_given.send(
            current_app._get_current_object(), contribution=event, registrations=promoted
        )
    db.session.commit()
    db.session.refresh(event)


def promote_waiting(event: Contribution, *, places: int) -> list[tuple[int, int]]:
    """Give up to `places` free places to the first on the waiting list (core.places)."""
    return EVENT_PLACES.promote(event.id, places=places)


def participants(event: Contribution) -> list[tuple[User, str]]:
    """Who registered (for the organisation's members): confirmed first, in order."""
    rows = db.session.execute(
        select(User, EventRegistration.status)
        .join(EventRegistration, EventRegistration.user_id == User.id)
        .where(EventRegistration.contribution_id == event.id)
        .order_by(EventRegistration.status, EventRegistration.id)
    ).all()
    return [(user, status) for user, status in rows]
