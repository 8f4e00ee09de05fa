"""After a training: the office records who attended, attendees rate it, the office reads
the ratings per training and per year, and sees per district how many district managers
completed the basic training (counts only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, distinct, extract, func, select, update

from participation.accounts.models import RoleAssignment
from participation.core.clock import CITY_TIMEZONE, utcnow
from participation.core.errors import Conflict, Forbidden, Invalid
from participation.core.permissions import require
from participation.core.sanitize import render_markdown
from participation.districts.models import District
from participation.extensions import db
from participation.qualification.attestation import withdraw_for_absent
from participation.qualification.models import Training, TrainingFeedback, TrainingRegistration
from participation.qualification.services import has_ended

COMMENT_MAX = 2000
# The year view lists the newest comments up to this many (the averages count them all).
YEAR_COMMENTS = 200


def record_attendance(*, actor, training: Training, attended_ids: set[int]) -> int:
    """Mark who attended among those with a place (the rest did not); from the first
    date on. Returns how many attended."""
    require(actor, "manage_trainings")
    if training.status != "published":
        raise Conflict(_("Anwesenheit wird nur bei stattfindenden Veranstaltungen erfasst."))
    if training.starts_at > utcnow():
        raise Conflict(_("Die Anwesenheit wird ab dem ersten Termin erfasst."))
    now = utcnow()
    of_training = (
        TrainingRegistration.training_id == training.id,
        TrainingRegistration.status == "confirmed",
    )
    db.session.execute(
        update(TrainingRegistration)
        .where(*of_training)
        .values(
            attended=TrainingRegistration.id.in_(attended_ids or {-1}),
            attendance_recorded_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    withdraw_for_absent(training.id)
    if has_ended(training):
        invite_feedback(training)
    db.session.commit()
    db.session.expire_all()
    return (
        db.session.scalar(
            select(func.count()).where(*of_training, TrainingRegistration.attended.is_(True))
        )
        or 0
    )


def invite_feedback(training: Training) -> None:
    """Once per attendee: a mail with the way to the feedback form (a signed link for
    those registered by e-mail)."""
    from participation.core.links import external_url
    from participation.mail.services import queue_mail
    from participation.qualification.registrations import FEEDBACK, link, mail_key

    attendees = db.session.scalars(
        select(TrainingRegistration).where(
            TrainingRegistration.training_id == training.id,
            TrainingRegistration.attended.is_(True),
        )
    ).all()
    for registration in attendees:
        if registration.user_id is None:
            address = link(FEEDBACK, registration, "qualification.feedback_by_link")
        else:
            address = external_url("qualification.feedback", training_id=training.id)
        queue_mail(
            recipient=registration.address,
            subject=_("Wie war es? %(title)s", title=training.title),
            template="training_feedback",
            key=mail_key("training_feedback", registration),
            training=training,
            name=registration.display_name,
            link=address,
        )


def may_give_feedback(registration: TrainingRegistration | None) -> bool:
    return bool(
        registration is not None
        and registration.attended
        and registration.training.status == "published"
        and has_ended(registration.training)
    )


def feedback_of(registration: TrainingRegistration | None) -> TrainingFeedback | None:
    if registration is None:
        return None
    return db.session.scalar(
        select(TrainingFeedback).where(TrainingFeedback.registration_id == registration.id)
    )


def give_feedback(
    *, registration: TrainingRegistration, usefulness: int, organisation: int, comment: str
) -> TrainingFeedback:
    """An attendee rates the training after it ended; once, and changeable."""
    if not may_give_feedback(registration):
        raise Forbidden(_("Rückmeldungen geben Teilnehmer*innen nach der Veranstaltung."))
    for name, value in (("usefulness", usefulness), ("organisation", organisation)):
        if value not in (1, 2, 3, 4, 5):
            raise Invalid(_("Bitte wählen Sie einen Wert von 1 bis 5."), field=name)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise Invalid(_("Höchstens 2.000 Zeichen."), field="comment")
    values = {
        "usefulness": usefulness,
        "organisation": organisation,
        "comment_markdown": comment,
        "comment_html": render_markdown(comment) if comment else "",
    }
    feedback = feedback_of(registration)
    if feedback is None:
        from participation.core.db import insert_ignoring_duplicates

        insert_ignoring_duplicates(
            db.session,
            TrainingFeedback,
            training_id=registration.training_id,
            registration_id=registration.id,
            created_at=utcnow(),
            updated_at=utcnow(),
            **values,
        )
        feedback = feedback_of(registration)
    for name, value in values.items():
        setattr(feedback, name, value)
    db.session.commit()
    return feedback


@dataclass(frozen=True)
class Figures:
    count: int
    usefulness: float | None
    organisation: float | None


def _figures(*where) -> Figures:
    row = db.session.execute(
        select(
            func.count(TrainingFeedback.id),
            func.avg(TrainingFeedback.usefulness),
            func.avg(TrainingFeedback.organisation),
        ).where(*where)
    ).one()
    return Figures(
        row[0] or 0,
        float(row[1]) if row[1] is not None else None,
        float(row[2]) if row[2] is not None else None,
    )


def results(*, actor, training: Training) -> dict:
    """Averages, count and comments of one training (two queries)."""
    require(actor, "manage_trainings")
    comments = db.session.scalars(
        select(TrainingFeedback.comment_html)
        .where(TrainingFeedback.training_id == training.id, TrainingFeedback.comment_html != "")
        .order_by(TrainingFeedback.id)
    ).all()
    return {"figures": _figures(TrainingFeedback.training_id == training.id), "comments": comments}


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return (
        datetime(year, 1, 1, tzinfo=CITY_TIMEZONE),
        datetime(year + 1, 1, 1, tzinfo=CITY_TIMEZONE),
    )


def year_results(*, actor, year: int) -> dict:
    """Over a year (by the trainings' first date): the figures of all, one row per
    training, and the newest comments (three queries)."""
    require(actor, "manage_trainings")
    start, end = _year_bounds(year)
    in_year = and_(Training.starts_at >= start, Training.starts_at < end)
    rows = db.session.execute(
        select(
            Training,
            func.count(TrainingFeedback.id),
            func.avg(TrainingFeedback.usefulness),
            func.avg(TrainingFeedback.organisation),
            select(func.count(distinct(TrainingRegistration.id)))
            .where(
                TrainingRegistration.training_id == Training.id,
                TrainingRegistration.attended.is_(True),
            )
            .correlate(Training)
            .scalar_subquery(),
        )
        .outerjoin(TrainingFeedback, TrainingFeedback.training_id == Training.id)
        .where(in_year, Training.status != "draft")
        .group_by(Training.id)
        .order_by(Training.starts_at, Training.id)
    ).all()
    per_training = [
        {
            "training": training,
            "figures": Figures(
                count or 0,
                float(useful) if useful is not None else None,
                float(organised) if organised is not None else None,
            ),
            "attended": attended or 0,
        }
        for training, count, useful, organised, attended in rows
    ]
    comments = db.session.execute(
        select(Training.title, TrainingFeedback.comment_html)
        .join(Training, Training.id == TrainingFeedback.training_id)
        .where(in_year, TrainingFeedback.comment_html != "")
        .order_by(TrainingFeedback.id.desc())
        .limit(YEAR_COMMENTS)
    ).all()
    return {
        "year": year,
        "figures": _figures(TrainingFeedback.training_id.in_(select(Training.id).where(in_year))),
        "per_training": per_training,
        "comments": comments,
    }


def years_with_trainings() -> list[int]:
    years = db.session.scalars(
        select(extract("year", Training.starts_at)).where(Training.status != "draft").distinct()
    ).all()
    return sorted({int(y) for y in years if y is not None}, reverse=True)


def basic_training_by_district(*, actor) -> list[dict]:
    """Per district: how many district managers it has and how many of them attended a
    training on the basic-training topic (QUALIFICATION_BASIC_TRAINING). Counts only, no
    names (two queries)."""
    require(actor, "manage_trainings")
    topic = current_app.config["QUALIFICATION_BASIC_TRAINING"]
    managers = RoleAssignment.role == "district_manager"
    trained = (
        select(TrainingRegistration.user_id)
        .join(Training, Training.id == TrainingRegistration.training_id)
        .where(TrainingRegistration.attended.is_(True), Training.topic == topic)
    )
    rows = db.session.execute(
        select(
            RoleAssignment.district_id,
            func.count(distinct(RoleAssignment.user_id)),
            func.count(distinct(RoleAssignment.user_id)).filter(
                RoleAssignment.user_id.in_(trained)
            ),
        )
        .where(managers)
        .group_by(RoleAssignment.district_id)
    ).all()
    counts = {district_id: (total, done) for district_id, total, done in rows}
    districts = db.session.scalars(select(District).order_by(District.code)).all()
    return [
        {
            "district": d,
            "managers": counts.get(d.id, (0, 0))[0],
            "trained": counts.get(d.id, (0, 0))[1],
        }
        for d in districts
    ]
