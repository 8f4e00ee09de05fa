"""The reminder the day before each date of a training: the scheduler queues one job per
date, the job one mail per person with a place; both under keys, so a second run of either
writes nothing."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.links import external_url
from participation.extensions import db
from participation.jobs.services import enqueue, handler, periodic
from participation.mail.services import queue_mail
from participation.qualification.models import Training, TrainingDate, TrainingRegistration
from participation.qualification.registrations import CANCEL, link
from participation.qualification.services import reminder_window

JOB = "qualification.remind"


@periodic
def schedule_reminders(now: datetime) -> None:
    """Dates of published trainings that begin within the next day."""
    due = db.session.scalars(
        select(TrainingDate.id)
        .join(Training, Training.id == TrainingDate.training_id)
        .where(
            Training.status == "published",
            TrainingDate.starts_at > now,
            TrainingDate.starts_at <= now + reminder_window(),
        )
    ).all()
    for date_id in due:
        enqueue(JOB, key=f"training-reminder:{date_id}", date_id=date_id)


@handler(JOB)
def remind(date_id: int) -> int:
    """One mail to each person with a place; returns how many were queued now."""
    date = db.session.get(TrainingDate, date_id)
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
            key=f"training-reminder:{date.id}:{registration.id}",
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
