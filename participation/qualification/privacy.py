"""What the data export holds of a person's trainings, and what an account deletion does
with them (participation/privacy calls both)."""

from __future__ import annotations

from sqlalchemy import Select, Table, delete, or_, select, update

from participation.certificates.models import Certificate
from participation.extensions import db
from participation.qualification.attestation import SOURCE
from participation.qualification.models import Training, TrainingFeedback, TrainingRegistration
from participation.qualification.registrations import PLACES


def export_registrations(rows: Table, person_id: int) -> Select:
    """Registrations of the account and of its address (registered by e-mail)."""
    from participation.privacy.registry import PERSON_TABLE, SOURCES_BY_KEY, exported_columns, table

    people = table(PERSON_TABLE)
    address = select(people.c.email_key).where(people.c.id == person_id).scalar_subquery()
    columns = exported_columns(SOURCES_BY_KEY["training_registration"])
    return select(*columns).where(or_(rows.c.user_id == person_id, rows.c.email_key == address))


def export_certificates(rows: Table, person_id: int) -> Select:
    """The account's certificates and those of registrations made with its address."""
    from participation.privacy.registry import PERSON_TABLE, SOURCES_BY_KEY, exported_columns, table

    people = table(PERSON_TABLE)
    registrations = table("training_registration")
    address = select(people.c.email_key).where(people.c.id == person_id).scalar_subquery()
    by_address = select(registrations.c.id).where(registrations.c.email_key == address)
    columns = exported_columns(SOURCES_BY_KEY["certificate"])
    return select(*columns).where(
        or_(
            rows.c.holder_id == person_id,
            (rows.c.source_type == SOURCE) & rows.c.source_id.in_(by_address),
        )
    )


def export_feedback(rows: Table, person_id: int) -> Select:
    """The person's ratings and comments, through their registrations."""
    from participation.privacy.registry import PERSON_TABLE, table

    people = table(PERSON_TABLE)
    registrations = table("training_registration")
    address = select(people.c.email_key).where(people.c.id == person_id).scalar_subquery()
    names = ("id", "training_id", "usefulness", "organisation", "comment_markdown", "created_at")
    return (
        select(*(rows.c[name] for name in names), rows.c.updated_at)
        .join(registrations, registrations.c.id == rows.c.registration_id)
        .where(or_(registrations.c.user_id == person_id, registrations.c.email_key == address))
    )


def remove_registrations(run, uid: int, email_key: str, now) -> list[tuple[object, list]]:
    """Feedback keeps its ratings for the figures, without the person and the comment;
    registrations go, and a place given back at a training still to come goes to the first
    on its waiting list. Returns (training, moved up) for the caller to announce."""
    mine = or_(TrainingRegistration.user_id == uid, TrainingRegistration.email_key == email_key)
    held = select(TrainingRegistration.id).where(mine)
    run(
        "training_feedback",
        update(TrainingFeedback)
        .where(TrainingFeedback.registration_id.in_(held))
        .values(registration_id=None, comment_markdown="", comment_html=""),
    )
    # Certificates issued to registrations made with the address (no account holds them):
    # erased as certificates.services.erase_holder erases an account's.
    run(
        "certificate",
        update(Certificate)
        .where(Certificate.source_type == SOURCE, Certificate.source_id.in_(held))
        .values(
            holder_id=None, holder_name="", details=None, holder_ref="erased:" + Certificate.code
        ),
    )
    # A person registers for a handful of trainings: one give-back each is fine.
    rows = db.session.execute(
        select(
            TrainingRegistration.id,
            TrainingRegistration.training_id,
            Training.starts_at,
            Training.status,
        )
        .join(Training, Training.id == TrainingRegistration.training_id)
        .where(mine)
    ).all()
    promoted = []
    for registration_id, training_id, starts_at, status in rows:
        _status, given = PLACES.give_back(
            training_id,
            TrainingRegistration.id == registration_id,
            move_up=starts_at > now and status == "published",
        )
        if given:
            promoted.append((training_id, given))
    run("training_registration", delete(TrainingRegistration).where(mine))
    return promoted
