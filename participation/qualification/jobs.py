"""The reminder the day before each date of a training: the scheduler queues one job per
date, the job one mail per person with a place; both under keys, so a second run of either
writes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from participation.core.links import external_url
from participation.extensions import db
from participation.features.services import module_on
from participation.jobs.services import enqueue, handler, periodic
from participation.mail.services import queue_mail
from participation.qualification.models import Training, TrainingDate, TrainingRegistration
from participation.qualification.registrations import CANCEL, link, mail_key
from participation.qualification.services import reminder_window

JOB = "qualification.remind"
# E-mail registrations never confirmed are deleted after this long (they hold an address).
UNCONFIRMED_DAYS = 30
# Trainings that ended this recently are checked for attendees still to be invited.
FEEDBACK_WINDOW = timedelta(days=2)


@periodic
def schedule_reminders(now: datetime) -> None:
    """Dates of published trainings that begin within the next day (none while the module
    is switched off: the mails would link to pages that answer 404)."""
    if not module_on("qualification"):
        return
    due = db.session.execute(
        select(TrainingDate.training_id, TrainingDate.starts_at)
        .join(Training, Training.id == TrainingDate.training_id)
        .where(
            Training.status == "published",
            TrainingDate.starts_at > now,
            TrainingDate.starts_at <= now + reminder_window(),
        )
    ).all()
    for training_id, starts_at in due:
        # Keyed by the date itself, not the row (a training's dates are rewritten when
        # the office edits it).
        moment = starts_at.isoformat()
        enqueue(
            JOB,
            key=f"training-reminder:{training_id}:{moment}",
            training_id=training_id,
            starts_at=moment,
        )


@periodic
def invite_feedback(now: datetime) -> None:
    """Attendance recorded while a training was still on: its attendees are asked for
    feedback (and so get the way to their certificate) once it has ended; the mail's key
    keeps it to one each, however often this runs."""
    from participation.qualification.attendance import invite_feedback as invite

    ended = db.session.scalars(
        select(Training).where(
            Training.status == "published",
            Training.ends_at <= now,
            Training.ends_at > now - FEEDBACK_WINDOW,
            select(TrainingRegistration.id)
            .where(
                TrainingRegistration.training_id == Training.id,
                TrainingRegistration.attended.is_(True),
            )
            .exists(),
        )
    ).all()
    for training in ended:
        invite(training)


@periodic
def purge_unconfirmed(now: datetime) -> None:
    """Requests by e-mail that were never confirmed go (the step commits with the tick)."""
    db.session.execute(
        delete(TrainingRegistration).where(
            TrainingRegistration.status == "pending",
            TrainingRegistration.created_at < now - timedelta(days=UNCONFIRMED_DAYS),
        )
    )


@handler(JOB)
def remind(training_id: int, starts_at: str) -> int:
    """One mail to each person with a place; returns how many were queued now."""
    moment = datetime.fromisoformat(starts_at)
    date = db.session.scalar(
        select(TrainingDate).where(
            TrainingDate.training_id == training_id, TrainingDate.starts_at == moment
        )
    )
    if date is None or date.training.status != "published":
        return 0
    training = date.training
    registrations = db.session.scalars(
        select(TrainingRegistration).where(
            TrainingRegistration.training_id == training.id,
            TrainingRegistration.status == "confirmed",
        )
    ).all()
    queued = 0
    for registration in registrations:
        queued += queue_mail(
            recipient=registration.address,
            subject=_("Erinnerung: %(title)s", title=training.title),
            template="training_reminder",
            key=mail_key(f"training-reminder:{moment:%Y%m%d%H%M}", registration),
            training=training,
            date=date,
            name=registration.display_name,
            page=external_url("qualification.detail", training_id=training.id),
            cancel=link(CANCEL, registration, "qualification.cancel_by_link")
            if registration.user_id is None
            else None,
        )
    db.session.commit()
    return queued
