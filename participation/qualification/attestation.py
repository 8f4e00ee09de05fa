"""Certificates of attendance (Teilnahmebescheinigungen): an attendee asks for one with
the name to print, and the certificates feature (participation/certificates/) issues it,
once per registration, and checks it at /bescheinigungen/<code>. When the office takes
an attendance back, the certificate is withdrawn with it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.certificates import services as certificates
from participation.certificates.models import Certificate
from participation.core.clock import CITY_TIMEZONE, utcnow
from participation.core.errors import Forbidden
from participation.extensions import db
from participation.qualification.models import TrainingRegistration

SOURCE = "training_registration"
KIND = "training"


def may_have_certificate(registration: TrainingRegistration | None) -> bool:
    """An attendee the office recorded, of a training that took place."""
    return bool(
        registration is not None
        and registration.attended
        and registration.training.status == "published"
        and registration.training.starts_at <= utcnow()
    )


def certificate_of(registration: TrainingRegistration | None) -> Certificate | None:
    """The registration's valid certificate, if one was issued."""
    if registration is None:
        return None
    return db.session.scalar(
        select(Certificate).where(
            Certificate.source_type == SOURCE,
            Certificate.source_id == registration.id,
            # A deleted row's id may come again (SQLite): an older certificate is not this
            # registration's.
            Certificate.issued_at >= registration.created_at,
            Certificate.revoked_at.is_(None),
        )
    )


def request_certificate(*, registration: TrainingRegistration, name: str) -> Certificate:
    """The attendee's certificate with `name` printed on it; asking again returns the one
    issued first."""
    if not may_have_certificate(registration):
        raise Forbidden(_("Eine Bescheinigung bekommen Teilnehmer*innen der Veranstaltung."))
    existing = certificate_of(registration)
    if existing is not None:
        return existing
    training = registration.training
    return certificates.issue(
        kind=KIND,
        holder=registration.user,
        holder_name=name,
        title=training.title,
        held_from=training.starts_at.astimezone(CITY_TIMEZONE).date(),
        held_until=training.ends_at.astimezone(CITY_TIMEZONE).date(),
        source_type=SOURCE,
        source_id=registration.id,
    )


NOT_ATTENDED = "Teilnahme nicht bestätigt"


def withdraw_for_absent(training_id: int) -> None:
    """Inside the office's attendance transaction: certificates of registrations no longer
    marked as attended stop being valid (their page says so); those withdrawn for that
    reason whose attendance is ticked again are valid again."""
    for attended, values, revoked in (
        (False, {"revoked_at": utcnow(), "revoked_reason": NOT_ATTENDED}, False),
        (True, {"revoked_at": None, "revoked_reason": ""}, True),
    ):
        rows = select(TrainingRegistration.id).where(
            TrainingRegistration.training_id == training_id,
            TrainingRegistration.attended.is_(attended),
        )
        state = (
            Certificate.revoked_reason == NOT_ATTENDED
            if revoked
            else Certificate.revoked_at.is_(None)
        )
        db.session.execute(
            update(Certificate)
            .where(Certificate.source_type == SOURCE, Certificate.source_id.in_(rows), state)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
