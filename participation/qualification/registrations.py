"""Registering for a training: signed-in people with a button, and (for open formats)
anyone by e-mail with double opt-in. Places, the waiting list and moving up are the
events' mechanism (core.places); every mail goes through the outbox under a key, so each
is written once.

Links in mails are signed (newsletters.links: itsdangerous under this feature's salts) and
name the registration and its `token_version`; confirming raises the version, so a
confirmation link works once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.core.clock import utcnow
from participation.core.db import insert_ignoring_duplicates
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.core.places import CONFIRMED, PlaceBook
from participation.core.text import is_mail_address, normalise_email
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.newsletters.links import GoneLink, make_link_token, read_link
from participation.qualification.models import Training, TrainingRegistration
from participation.qualification.services import registration_closes_at

PLACES = PlaceBook(Training, TrainingRegistration, "training_id")
CONFIRM, CANCEL, FEEDBACK = "training-confirm", "training-cancel", "training-feedback"
PENDING = "pending"
# A second confirmation mail to the same address for the same training waits this long.
CONFIRM_INTERVAL = timedelta(minutes=5)
NAME_MAX = 120


def link(purpose: str, registration: TrainingRegistration, endpoint: str) -> str:
    token = make_link_token(purpose, link_claims(registration))
    return external_url(endpoint, token=token)


def link_claims(registration: TrainingRegistration) -> dict:
    """What a signed link names: the row, its link version, and when the row was made (a
    deleted row's id is given again by SQLite; the time tells the rows apart)."""
    return {
        "s": registration.id,
        "v": registration.token_version,
        "c": int(registration.created_at.timestamp()),
    }


def _max_age(purpose: str) -> int:
    config = current_app.config
    if purpose == CONFIRM:
        return int(config["QUALIFICATION_CONFIRM_MAX_AGE"])
    return int(config["QUALIFICATION_LINK_MAX_AGE"])


def registration_for_link(purpose: str, token: str) -> TrainingRegistration:
    """The registration a signed link names; BadLink (400), GoneLink (410) or NotFound."""
    payload = read_link(purpose, token, _max_age(purpose))
    registration = db.session.get(TrainingRegistration, payload["s"])
    if registration is None:
        raise NotFound(_("Diese Anmeldung gibt es nicht mehr."))
    if payload.get("c") != link_claims(registration)["c"]:
        raise NotFound(_("Diese Anmeldung gibt es nicht mehr."))
    if payload["v"] != registration.token_version:
        raise GoneLink(_("Dieser Link wurde schon benutzt oder durch einen neueren ersetzt."))
    return registration


def registration_of(actor, training: Training) -> TrainingRegistration | None:
    if not (actor and actor.is_authenticated):
        return None
    return db.session.scalar(
        select(TrainingRegistration).where(
            TrainingRegistration.training_id == training.id,
            TrainingRegistration.user_id == actor.id,
        )
    )


def is_open(training: Training) -> bool:
    return training.status == "published" and utcnow() < registration_closes_at(training)


def _open_for_registration(training: Training) -> None:
    if training.status != "published":
        raise NotFound(_("Für diese Veranstaltung gibt es keine Anmeldung."))
    if utcnow() >= registration_closes_at(training):
        raise Conflict(_("Die Anmeldung ist geschlossen."))


def _not_started(training: Training) -> None:
    if training.starts_at <= utcnow():
        raise Conflict(_("Die Veranstaltung hat schon begonnen."))


def announce_places(training: Training, promoted: list[tuple[int, int | None]]) -> None:
    """One mail to each person moved up from the waiting list (inside the caller's
    transaction; the key keeps it to one mail per registration, ever)."""
    for registration_id, _user_id in promoted:
        registration = db.session.get(TrainingRegistration, registration_id)
        _mail(
            registration,
            training,
            "training_place",
            _("Sie haben einen Platz: %(title)s", title=training.title),
        )


def mail_key(name: str, registration: TrainingRegistration) -> str:
    """The outbox key of a mail about a registration: its id and when it was made, since
    SQLite may give a deleted row's id to the next one."""
    return f"{name}:{registration.id}:{registration.created_at.timestamp():.6f}"


def _mail(registration: TrainingRegistration, training: Training, template: str, subject: str):
    """A mail about the registration, once per template and registration; e-mail
    registrants get their cancellation link with it."""
    cancel = None
    if registration.user_id is None:
        cancel = link(CANCEL, registration, "qualification.cancel_by_link")
    queue_mail(
        recipient=registration.address,
        subject=subject,
        template=template,
        key=mail_key(template, registration),
        training=training,
        name=registration.display_name,
        page=external_url("qualification.detail", training_id=training.id),
        cancel=cancel,
    )


def register(*, actor, training: Training) -> TrainingRegistration:
    """A signed-in, verified person takes a place, or a place on the waiting list;
    registering twice changes nothing."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    if not actor.is_verified:
        raise Forbidden(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    _open_for_registration(training)
    existing = registration_of(actor, training)
    if existing is not None:
        return existing
    now = utcnow()
    entered = PLACES.enter(
        training.id,
        user_id=actor.id,
        token_version=1,
        attended=False,
        name="",
        created_at=now,
        confirmed_at=now,
    )
    if not entered:
        return registration_of(actor, training)  # the same person at once: keep theirs
    db.session.commit()
    db.session.refresh(training)
    return registration_of(actor, training)


def _give_back(training: Training, *where) -> str:
    _not_started(training)
    status, promoted = PLACES.give_back(training.id, *where, move_up=training.status == "published")
    if status is None:
        db.session.rollback()
        raise NotFound(_("Diese Anmeldung gibt es nicht (mehr)."))
    announce_places(training, promoted)
    db.session.commit()
    db.session.refresh(training)
    return status


def cancel(*, actor, training: Training) -> None:
    """Give the place back until the training starts; the first waiting moves up."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    _give_back(training, TrainingRegistration.user_id == actor.id)


def register_by_email(*, training: Training, email: str, name: str) -> None:
    """Ask for a place by e-mail (open formats): a confirmation mail with a signed link;
    nothing is reserved until it is clicked. The answer is the same whether or not the
    address was known, and a second mail waits CONFIRM_INTERVAL."""
    if not training.open_registration:
        raise Forbidden(_("Für diese Veranstaltung melden Sie sich mit einem Konto an."))
    _open_for_registration(training)
    email = (email or "").strip()
    if not is_mail_address(email):
        raise Invalid(_("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="email")
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= NAME_MAX:
        raise Invalid(_("Bitte geben Sie Ihren Namen an (2 bis 120 Zeichen)."), field="name")
    key = normalise_email(email)
    now = utcnow()
    insert_ignoring_duplicates(
        db.session,
        TrainingRegistration,
        training_id=training.id,
        email=email,
        email_key=key,
        name=name,
        status=PENDING,
        token_version=1,
        attended=False,
        created_at=now,
    )
    registration = db.session.scalar(
        select(TrainingRegistration).where(
            TrainingRegistration.training_id == training.id,
            TrainingRegistration.email_key == key,
        )
    )
    # Claimed in the database: two requests at once send one mail.
    claimed = db.session.execute(
        update(TrainingRegistration)
        .where(
            TrainingRegistration.id == registration.id,
            TrainingRegistration.status == PENDING,
            (TrainingRegistration.requested_at.is_(None))
            | (TrainingRegistration.requested_at < now - CONFIRM_INTERVAL),
        )
        .values(requested_at=now, name=name)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed:
        db.session.refresh(registration)
        queue_mail(
            recipient=email,
            subject=_("Bitte bestätigen Sie Ihre Anmeldung: %(title)s", title=training.title),
            template="training_confirm",
            training=training,
            name=name,
            link=link(CONFIRM, registration, "qualification.confirm"),
        )
    db.session.commit()


def confirm(*, token: str) -> TrainingRegistration:
    """The link in the confirmation mail: the registration takes a place (or the waiting
    list) and the link stops working; a mail with the cancellation link follows."""
    registration = registration_for_link(CONFIRM, token)
    training = registration.training
    if registration.status != PENDING:
        raise GoneLink(_("Diese Anmeldung ist schon bestätigt."))
    _open_for_registration(training)
    status = PLACES.take(training.id)
    moved = db.session.execute(
        update(TrainingRegistration)
        .where(
            TrainingRegistration.id == registration.id,
            TrainingRegistration.status == PENDING,
            TrainingRegistration.token_version == registration.token_version,
        )
        .values(
            status=status,
            confirmed_at=utcnow(),
            token_version=TrainingRegistration.token_version + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()  # confirmed at once in another request
        raise GoneLink(_("Diese Anmeldung ist schon bestätigt."))
    db.session.flush()
    db.session.refresh(registration)
    template = "training_registered" if status == CONFIRMED else "training_waiting"
    _mail(registration, training, template, _("Ihre Anmeldung: %(title)s", title=training.title))
    db.session.commit()
    return registration


def cancel_by_link(*, token: str) -> Training:
    """The cancellation link of an e-mail registration."""
    registration = registration_for_link(CANCEL, token)
    training = registration.training
    _give_back(training, TrainingRegistration.id == registration.id)
    return training


def participants(training: Training) -> list[TrainingRegistration]:
    """Everyone registered, for the office: places first, then the waiting list, then the
    unconfirmed, each in order of registration (one query)."""
    order = {"confirmed": 0, "waiting": 1, "pending": 2}
    rows = db.session.scalars(
        select(TrainingRegistration)
        .where(TrainingRegistration.training_id == training.id)
        .order_by(TrainingRegistration.id)
    ).all()
    return sorted(rows, key=lambda r: order.get(r.status, 3))


# -- for other features (certificates) -----------------------------------------------------


def attended(user, training: Training) -> bool:
    """Whether the person (an account) attended the training, as the office recorded."""
    if not (user and getattr(user, "is_authenticated", False)):
        return False
    return bool(
        db.session.scalar(
            select(TrainingRegistration.id).where(
                TrainingRegistration.training_id == training.id,
                TrainingRegistration.user_id == user.id,
                TrainingRegistration.attended.is_(True),
            )
        )
    )


def attended_trainings(user) -> list[Training]:
    """The trainings the person attended, newest first (one query)."""
    if not (user and getattr(user, "is_authenticated", False)):
        return []
    return list(
        db.session.scalars(
            select(Training)
            .join(TrainingRegistration, TrainingRegistration.training_id == Training.id)
            .where(TrainingRegistration.user_id == user.id, TrainingRegistration.attended.is_(True))
            .order_by(Training.starts_at.desc(), Training.id.desc())
        )
    )
