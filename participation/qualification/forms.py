"""The training form, e-mail registration, attendance and feedback forms."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from participation.core.clock import CITY_TIMEZONE
from participation.core.forms import BaseForm, NotBlank, strip_filter
from participation.partners.forms import CheckboxList
from participation.qualification.services import (
    AUDIENCE_LABELS,
    FORMAT_LABELS,
    KIND_LABELS,
    TrainingInput,
    format_dates,
)

RATINGS = [(str(n), str(n)) for n in range(1, 6)]


def _local(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=CITY_TIMEZONE) if value is not None else None


def _shown(value: datetime | None) -> datetime | None:
    return value.astimezone(CITY_TIMEZONE).replace(tzinfo=None) if value else None


class TrainingForm(BaseForm):
    kind = RadioField(_l("Art"), validators=[Optional()], default="training")
    title = StringField(
        _l("Titel"),
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )
    description = TextAreaField(
        _l("Beschreibung"),
        description=_l("20 bis 20.000 Zeichen; **fett**, Listen und Links sind möglich."),
        validators=[NotBlank(), Length(max=20000, message=_l("Höchstens 20.000 Zeichen."))],
        filters=[strip_filter],
    )
    audiences = CheckboxList(_l("Zielgruppen"))
    format = RadioField(_l("Format"), validators=[Optional()], default="in_person")
    place = StringField(
        _l("Ort"),
        description=_l("Adresse und Raum (vor Ort und hybrid)"),
        validators=[Optional(), Length(max=300, message=_l("Höchstens 300 Zeichen."))],
        filters=[strip_filter],
    )
    accessibility = TextAreaField(
        _l("Barrierefreiheit"),
        description=_l("Zum Beispiel: stufenloser Zugang, Induktionsschleife, Gebärdensprache."),
        validators=[Optional(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )
    online_url = StringField(
        _l("Link zur Online-Teilnahme"),
        description=_l("Beginnt mit https:// (online und hybrid)"),
        validators=[Optional(), Length(max=500, message=_l("Höchstens 500 Zeichen."))],
        filters=[strip_filter],
    )
    dates = TextAreaField(
        _l("Termine"),
        description=_l("Ein Termin pro Zeile, Ortszeit, so: 2027-03-04 09:00-12:30"),
        validators=[NotBlank(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )
    capacity = IntegerField(
        _l("Zahl der Plätze"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Bitte eine Zahl von 1 bis 10.000.")),
        ],
    )
    registration_deadline = DateTimeLocalField(
        _l("Anmeldeschluss (freiwillig)"),
        description=_l("Ohne Angabe: bis zum Beginn"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )
    speaker = StringField(
        _l("Referent*in"),
        validators=[Optional(), Length(max=300, message=_l("Höchstens 300 Zeichen."))],
        filters=[strip_filter],
    )
    materials = TextAreaField(
        _l("Materialien"),
        description=_l("Links zu Unterlagen, Folien, Literatur (Markdown)."),
        validators=[Optional(), Length(max=20000, message=_l("Höchstens 20.000 Zeichen."))],
        filters=[strip_filter],
    )
    topic = StringField(
        _l("Thema (Kürzel)"),
        description=_l("Zum Beispiel „grundlagen“ für die Grundlagenschulung."),
        validators=[Optional(), Length(max=60, message=_l("Höchstens 60 Zeichen."))],
        filters=[strip_filter],
    )
    open_registration = BooleanField(
        _l("Offenes Format: Anmeldung auch ohne Konto per E-Mail"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(KIND_LABELS.items())
        self.format.choices = list(FORMAT_LABELS.items())
        self.audiences.choices = list(AUDIENCE_LABELS.items())

    def training(self) -> TrainingInput:
        return TrainingInput(
            kind=self.kind.data or "",
            title=self.title.data or "",
            description=self.description.data or "",
            audiences=list(self.audiences.data or []),
            format=self.format.data or "",
            place=self.place.data or "",
            accessibility=self.accessibility.data or "",
            online_url=self.online_url.data or "",
            dates=self.dates.data or "",
            capacity=self.capacity.data,
            registration_deadline=_local(self.registration_deadline.data),
            speaker=self.speaker.data or "",
            materials=self.materials.data or "",
            topic=self.topic.data or "",
            open_registration=bool(self.open_registration.data),
        )

    @classmethod
    def of(cls, training):
        return cls(
            data={
                "kind": training.kind,
                "title": training.title,
                "description": training.description_markdown,
                "audiences": training.audiences,
                "format": training.format,
                "place": training.place,
                "accessibility": training.accessibility,
                "online_url": training.online_url,
                "dates": format_dates(training),
                "capacity": training.capacity,
                "registration_deadline": _shown(training.registration_deadline),
                "speaker": training.speaker,
                "materials": training.materials_markdown,
                "topic": training.topic,
                "open_registration": training.open_registration,
            }
        )


class EmailRegistrationForm(BaseForm):
    name = StringField(
        _l("Ihr Name"),
        validators=[NotBlank(), Length(max=120, message=_l("Höchstens 120 Zeichen."))],
        filters=[strip_filter],
    )
    email = EmailField(
        _l("Ihre E-Mail-Adresse"),
        validators=[NotBlank(), Length(max=254, message=_l("Höchstens 254 Zeichen."))],
        filters=[strip_filter],
    )


class CertificateForm(BaseForm):
    name = StringField(
        _l("Name auf der Bescheinigung"),
        description=_l("So, wie er auf der Bescheinigung stehen soll (Vor- und Nachname)."),
        validators=[NotBlank(), Length(max=120, message=_l("Höchstens 120 Zeichen."))],
        filters=[strip_filter],
    )


class FeedbackForm(BaseForm):
    usefulness = RadioField(
        _l("Wie nützlich war die Veranstaltung für Sie? (1 = gar nicht, 5 = sehr)"),
        validators=[Optional()],
    )
    organisation = RadioField(
        _l("Wie gut war sie organisiert? (1 = schlecht, 5 = sehr gut)"),
        validators=[Optional()],
    )
    comment = TextAreaField(
        _l("Kommentar (freiwillig)"),
        validators=[Optional(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.usefulness.choices = RATINGS
        self.organisation.choices = RATINGS

    def rating(self, name: str) -> int:
        value = getattr(self, name).data
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0

    @classmethod
    def of(cls, feedback):
        if feedback is None:
            return cls()
        return cls(
            data={
                "usefulness": str(feedback.usefulness),
                "organisation": str(feedback.organisation),
                "comment": feedback.comment_markdown,
            }
        )
