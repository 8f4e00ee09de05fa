"""The contribution form (one form, fields by kind) and the list filters."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from participation.contributions.services import ContributionInput, open_processes
from participation.core.clock import CITY_TIMEZONE
from participation.core.forms import BaseForm, NotBlank, positive_ids, strip_filter
from participation.districts.services import list_action_fields, list_districts
from participation.partners.forms import CheckboxList

# The kind as it appears in URLs, and its labels.
KIND_SLUGS = {"stellungnahme": "statement", "veranstaltung": "event", "angebot": "offer"}
KIND_LABELS = {
    "statement": _l("Stellungnahme"),
    "event": _l("Veranstaltung"),
    "offer": _l("Angebot"),
}
REGISTRATION_LABELS = {
    "none": _l("Keine Anmeldung nötig"),
    "portal": _l("Anmeldung hier im Portal (mit Platzzahl und Warteliste)"),
    "external": _l("Anmeldung auf einer anderen Webseite"),
}


def _local(value: datetime | None) -> datetime | None:
    """A time typed in the city's local time, as UTC."""
    return value.replace(tzinfo=CITY_TIMEZONE) if value is not None else None


class ContributionForm(BaseForm):
    title = StringField(
        _l("Titel"),
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )
    body = TextAreaField(
        _l("Text"),
        description=_l(
            "20 bis 10.000 Zeichen; einfache Formatierung wie **fett**, Listen und Links ist "
            "möglich."
        ),
        validators=[Optional(), Length(max=10000, message=_l("Höchstens 10.000 Zeichen."))],
        filters=[strip_filter],
    )
    processes = CheckboxList(_l("Verfahren"), coerce=str)
    starts_at = DateTimeLocalField(
        _l("Beginn"),
        description=_l("Datum und Uhrzeit"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )
    ends_at = DateTimeLocalField(
        _l("Ende (freiwillig)"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    place = StringField(
        _l("Ort"),
        description=_l("Adresse und Raum, oder „online“"),
        validators=[Optional(), Length(max=300, message=_l("Höchstens 300 Zeichen."))],
        filters=[strip_filter],
    )
    accessibility = TextAreaField(
        _l("Barrierefreiheit"),
        description=_l(
            "Zum Beispiel: stufenloser Zugang, Gebärdensprache, Induktionsschleife, "
            "Kinderbetreuung."
        ),
        validators=[Optional(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )
    registration = RadioField(_l("Anmeldung"), validators=[Optional()], default="none")
    capacity = IntegerField(
        _l("Zahl der Plätze"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Bitte eine Zahl von 1 bis 10.000.")),
        ],
    )
    external_url = StringField(
        _l("Adresse der Anmeldung"),
        description=_l("Beginnt mit https://"),
        validators=[Optional(), Length(max=500, message=_l("Höchstens 500 Zeichen."))],
        filters=[strip_filter],
    )
    contact = StringField(
        _l("So machen Sie mit"),
        description=_l("Ansprechperson, Telefon oder Sprechzeiten"),
        validators=[Optional(), Length(max=500, message=_l("Höchstens 500 Zeichen."))],
        filters=[strip_filter],
    )
    districts = CheckboxList(_l("Stadtbezirke"))
    action_fields = CheckboxList(_l("Handlungsfelder"))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.processes.choices = [(str(p.id), p.title) for p in open_processes()]
        self.registration.choices = list(REGISTRATION_LABELS.items())
        self.districts.choices = [(d.code, f"{d.code} {d.name}") for d in list_districts()]
        self.action_fields.choices = [(f.slug, f.name) for f in list_action_fields()]
        if kind == "statement":
            self.processes.label.text = _l("Zu welchem Verfahren?")
        if kind != "event":
            for name in ("starts_at", "ends_at", "registration", "capacity", "external_url"):
                delattr(self, name)
        if kind == "statement":
            for name in ("place", "accessibility", "contact", "districts", "action_fields"):
                delattr(self, name)
        if kind == "event":
            del self.contact

    def _value(self, name: str, default=None):
        return getattr(self, name).data if name in self else default

    def contribution(self) -> ContributionInput:
        return ContributionInput(
            title=self.title.data or "",
            body=self.body.data or "",
            process_ids=positive_ids(self.processes.data),
            district_codes=list(self._value("districts") or []),
            action_field_slugs=list(self._value("action_fields") or []),
            starts_at=_local(self._value("starts_at")),
            ends_at=_local(self._value("ends_at")),
            place=self._value("place") or "",
            accessibility=self._value("accessibility") or "",
            registration=self._value("registration") or "none",
            capacity=self._value("capacity"),
            external_url=self._value("external_url") or "",
            contact=self._value("contact") or "",
        )

    @classmethod
    def of(cls, contribution):
        def local(value):
            return value.astimezone(CITY_TIMEZONE).replace(tzinfo=None) if value else None

        return cls(
            kind=contribution.kind,
            data={
                "title": contribution.title,
                "body": contribution.body_markdown,
                "processes": [str(p.id) for p in contribution.processes],
                "starts_at": local(contribution.starts_at),
                "ends_at": local(contribution.ends_at),
                "place": contribution.place,
                "accessibility": contribution.accessibility,
                "registration": contribution.registration,
                "capacity": contribution.capacity,
                "external_url": contribution.external_url,
                "contact": contribution.contact,
                "districts": [d.code for d in contribution.districts],
                "action_fields": [f.slug for f in contribution.action_fields],
            },
        )
