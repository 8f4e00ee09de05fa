"""The coordination office's trainings: writing, publishing and cancelling them, and
reading one. Registrations are in registrations.py, attendance and feedback in
attendance.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core.clock import CITY_TIMEZONE, utcnow
from participation.core.db import lock_row
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.permissions import can, require
from participation.core.sanitize import render_markdown
from participation.core.text import has_invisible_or_control, is_web_address
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.qualification.models import (
    AUDIENCES,
    FORMATS,
    KINDS,
    Training,
    TrainingAudience,
    TrainingDate,
    TrainingRegistration,
)

KIND_LABELS = {
    "training": _l("Fortbildung"),
    "workshop": _l("Workshop"),
    "network_internal": _l("Vernetzungstreffen (intern)"),
    "network_external": _l("Vernetzungstreffen (extern)"),
}
AUDIENCE_LABELS = {
    "administration": _l("Verwaltung"),
    "district_managers": _l("Bezirksmanagement"),
    "partners": _l("Partnerorganisationen"),
    "residents": _l("Einwohner*innen"),
    "council": _l("Politik"),
}
FORMAT_LABELS = {
    "in_person": _l("Vor Ort"),
    "online": _l("Online"),
    "hybrid": _l("Hybrid (vor Ort und online)"),
}
TITLE_MAX, TEXT_MAX, CAPACITY_MAX, DATES_MAX = 200, 20_000, 10_000, 30
# One date per line: "2027-03-04 09:00-12:30" (local time).
_DATE_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$")
_TOPIC = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


@dataclass
class TrainingInput:
    kind: str
    title: str
    description: str
    audiences: list[str] = field(default_factory=list)
    format: str = "in_person"
    place: str = ""
    accessibility: str = ""
    online_url: str = ""
    dates: str = ""
    capacity: int | None = None
    registration_deadline: datetime | None = None
    speaker: str = ""
    materials: str = ""
    topic: str = ""
    open_registration: bool = False


def _app():
    return current_app._get_current_object()


# Dates far outside these years are typing errors (and year 1 overflows in UTC).
YEARS = (2000, 2100)


def parse_dates(text: str) -> list[tuple[datetime, datetime]]:
    """The dates typed one per line ("2027-03-04 09:00-12:30", local time) as UTC pairs,
    in order; Invalid next to the field for a line that is not one."""
    dates = []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise Invalid(_("Bitte geben Sie mindestens einen Termin an."), field="dates")
    if len(lines) > DATES_MAX:
        raise Invalid(_("Höchstens 30 Termine."), field="dates")
    for number, line in enumerate(lines, start=1):
        match = _DATE_LINE.match(line)
        try:
            if match is None:
                raise ValueError(line)
            day, start, end = match.groups()
            starts = datetime.fromisoformat(f"{day}T{start.zfill(5)}")
            ends = datetime.fromisoformat(f"{day}T{end.zfill(5)}")
            if not YEARS[0] <= starts.year <= YEARS[1]:
                raise ValueError(line)
        except ValueError as exc:
            raise Invalid(
                _(
                    "Zeile %(num)s ist kein Termin. Bitte so: 2027-03-04 09:00-12:30",
                    num=number,
                ),
                field="dates",
            ) from exc
        if ends <= starts:
            raise Invalid(
                _("Zeile %(num)s: Das Ende muss nach dem Beginn liegen.", num=number),
                field="dates",
            )
        dates.append((starts.replace(tzinfo=CITY_TIMEZONE), ends.replace(tzinfo=CITY_TIMEZONE)))
    return sorted(dates)


def format_dates(training: Training) -> str:
    """The dates as the form shows them (local time)."""
    lines = []
    for date in training.dates:
        starts = date.starts_at.astimezone(CITY_TIMEZONE)
        ends = date.ends_at.astimezone(CITY_TIMEZONE)
        lines.append(f"{starts:%Y-%m-%d %H:%M}-{ends:%H:%M}")
    return "\n".join(lines)


def _text(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _checked(data: TrainingInput) -> dict:
    """The input as column values, or the first refusal next to its field."""
    if data.kind not in KINDS:
        raise Invalid(_("Bitte wählen Sie die Art der Veranstaltung."), field="kind")
    title = _text(data.title, TITLE_MAX + 1)
    if not 3 <= len(title) <= TITLE_MAX or has_invisible_or_control(title):
        raise Invalid(_("Bitte geben Sie einen Titel mit 3 bis 200 Zeichen an."), field="title")
    description = (data.description or "").strip()
    if not 20 <= len(description) <= TEXT_MAX:
        raise Invalid(_("Die Beschreibung braucht 20 bis 20.000 Zeichen."), field="description")
    audiences = sorted(set(data.audiences or []))
    if not audiences or any(a not in AUDIENCES for a in audiences):
        raise Invalid(_("Bitte wählen Sie mindestens eine Zielgruppe."), field="audiences")
    if data.format not in FORMATS:
        raise Invalid(_("Bitte wählen Sie das Format."), field="format")
    place = _text(data.place, 300)
    url = (data.online_url or "").strip()
    if data.format in ("in_person", "hybrid") and not place:
        raise Invalid(_("Bitte geben Sie den Ort an."), field="place")
    secure = is_web_address(url) and url.lower().startswith("https://")
    if data.format in ("online", "hybrid"):
        if not secure:
            raise Invalid(
                _("Bitte geben Sie den Link zur Online-Teilnahme an (https://…)."),
                field="online_url",
            )
    elif url and not secure:
        raise Invalid(
            _("Bitte geben Sie eine Webadresse an, die mit https:// beginnt."), field="online_url"
        )
    dates = parse_dates(data.dates)
    if data.capacity is None or not 1 <= data.capacity <= CAPACITY_MAX:
        raise Invalid(_("Bitte geben Sie die Zahl der Plätze an (1 bis 10.000)."), field="capacity")
    deadline = data.registration_deadline
    if deadline is not None and not YEARS[0] <= deadline.year <= YEARS[1]:
        raise Invalid(
            _("Bitte wählen Sie ein Datum zwischen 2000 und 2100."), field="registration_deadline"
        )
    if deadline is not None and deadline > dates[0][0]:
        raise Invalid(
            _("Der Anmeldeschluss muss vor dem ersten Termin liegen."),
            field="registration_deadline",
        )
    materials = (data.materials or "").strip()
    if len(materials) > TEXT_MAX:
        raise Invalid(_("Höchstens 20.000 Zeichen."), field="materials")
    topic = (data.topic or "").strip().lower()
    if topic and not _TOPIC.match(topic):
        raise Invalid(
            _("Das Thema ist ein Kürzel aus Kleinbuchstaben, Ziffern und Bindestrichen."),
            field="topic",
        )
    return {
        "values": {
            "kind": data.kind,
            "title": title,
            "description_markdown": description,
            "description_html": render_markdown(description),
            "format": data.format,
            "place": place if data.format != "online" else "",
            "accessibility": (data.accessibility or "").strip()[:2000],
            "online_url": url if data.format != "in_person" else "",
            "capacity": data.capacity,
            "registration_deadline": deadline,
            "speaker": _text(data.speaker, 300),
            "materials_markdown": materials,
            "materials_html": render_markdown(materials) if materials else "",
            "topic": topic,
            "open_registration": bool(data.open_registration),
            "starts_at": dates[0][0],
            "ends_at": max(end for _start, end in dates),
        },
        "audiences": audiences,
        "dates": dates,
    }


def _apply(training: Training, checked: dict) -> None:
    for name, value in checked["values"].items():
        setattr(training, name, value)
    training.audience_rows = [TrainingAudience(audience=a) for a in checked["audiences"]]
    training.dates = [TrainingDate(starts_at=s, ends_at=e) for s, e in checked["dates"]]


def create(*, actor, data: TrainingInput) -> Training:
    """The office writes a training; it stays a draft until published."""
    require(actor, "manage_trainings")
    checked = _checked(data)
    training = Training(status="draft", created_by_id=actor.id)
    _apply(training, checked)
    db.session.add(training)
    db.session.commit()
    return training


def edit(*, actor, training: Training, data: TrainingInput) -> Training:
    """The office corrects a training; its capacity cannot fall below the places taken,
    and more places move the waiting list up."""
    require(actor, "manage_trainings")
    if training.status == "cancelled":
        raise Conflict(_("Diese Veranstaltung ist abgesagt."))
    checked = _checked(data)
    lock_row(db.session, Training, training.id)
    db.session.refresh(training)
    if checked["values"]["capacity"] < training.confirmed_count:
        raise Invalid(
            _(
                "Es sind schon %(num)s Plätze vergeben; weniger geht nicht.",
                num=training.confirmed_count,
            ),
            field="capacity",
        )
    _apply(training, checked)
    db.session.flush()
    promoted = []
    if training.waiting_count:
        from participation.qualification.registrations import PLACES, announce_places

        promoted = PLACES.promote(training.id, places=training.capacity - training.confirmed_count)
        announce_places(training, promoted)
    db.session.commit()
    db.session.refresh(training)
    return training


def publish(*, actor, training: Training) -> None:
    require(actor, "manage_trainings")
    if training.status != "draft":
        raise Conflict(_("Nur Entwürfe werden veröffentlicht."))
    training.status = "published"
    training.published_at = utcnow()
    db.session.commit()


def cancel(*, actor, training: Training) -> int:
    """The office cancels a published training: everyone registered (with a place, on the
    waiting list) gets one mail. Returns how many were mailed."""
    require(actor, "manage_trainings")
    if training.status != "published":
        raise Conflict(_("Nur veröffentlichte Veranstaltungen werden abgesagt."))
    lock_row(db.session, Training, training.id)
    claimed = db.session.execute(
        Training.__table__.update()
        .where(Training.id == training.id, Training.status == "published")
        .values(status="cancelled", cancelled_at=utcnow())
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise Conflict(_("Diese Veranstaltung ist schon abgesagt."))
    from participation.qualification.registrations import mail_key

    registered = db.session.scalars(
        select(TrainingRegistration).where(
            TrainingRegistration.training_id == training.id,
            TrainingRegistration.status.in_(("confirmed", "waiting")),
        )
    ).all()
    mailed = 0
    for registration in registered:
        mailed += queue_mail(
            recipient=registration.address,
            subject=_("Abgesagt: %(title)s", title=training.title),
            template="training_cancelled",
            key=mail_key("training-cancelled", registration),
            training=training,
            name=registration.display_name,
        )
    db.session.commit()
    db.session.refresh(training)
    return mailed


def get_training(*, actor, training_id: int) -> Training:
    """A published or cancelled training; drafts only for the office."""
    training = db.session.get(Training, training_id)
    if training is None or not (training.is_public or can(actor, "manage_trainings")):
        raise NotFound(_("Diese Veranstaltung gibt es nicht."))
    return training


def has_ended(training: Training) -> bool:
    return training.ends_at <= utcnow()


def registration_closes_at(training: Training) -> datetime:
    """Registration is open until the deadline, or until the first date begins."""
    return training.registration_deadline or training.starts_at


def reminder_window() -> timedelta:
    return timedelta(days=1)
