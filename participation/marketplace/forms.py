"""Marketplace forms: plain forms first; the services check every value again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from participation.core.forms import BaseForm, NotBlank, strip_filter
from participation.marketplace.services import CATEGORY_LABELS, KIND_LABELS, SECTOR_LABELS


def _length(maximum: int):
    return Length(max=maximum, message=_l("Höchstens %(max)d Zeichen.", max=maximum))


class CompanyForm(BaseForm):
    name = StringField(
        _l("Name des Unternehmens"), validators=[NotBlank(), _length(200)], filters=[strip_filter]
    )
    sector = SelectField(
        _l("Branche"),
        validate_choice=False,
    )
    description = TextAreaField(
        _l("Beschreibung"),
        description=_l("Was macht Ihr Unternehmen, was möchte es für die Stadtgesellschaft tun?"),
        validators=[Optional(), _length(5000)],
        filters=[strip_filter],
    )
    website = StringField(
        _l("Webseite (freiwillig)"),
        description=_l("Beginnt mit https://"),
        validators=[Optional(), _length(500)],
        filters=[strip_filter],
    )
    contact_email = EmailField(
        _l("Öffentliche E-Mail-Adresse (freiwillig)"),
        validators=[Optional(), _length(254)],
        filters=[strip_filter],
    )
    contact_phone = StringField(
        _l("Öffentliche Telefonnummer (freiwillig)"),
        validators=[Optional(), _length(40)],
        filters=[strip_filter],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.choices = [("", _l("Bitte wählen")), *SECTOR_LABELS.items()]


class EntryForm(BaseForm):
    party = SelectField(_l("Für"), validate_choice=False)
    kind = RadioField(_l("Art"), validate_choice=False)
    category = SelectField(
        _l("Kategorie"),
        description=_l(
            "Im Marktplatz wird kein Geld gehandelt: Fachwissen, Sachmittel, Räume, Transport "
            "oder Zeit von Mitarbeitenden."
        ),
        validate_choice=False,
    )
    title = StringField(_l("Titel"), validators=[NotBlank(), _length(200)], filters=[strip_filter])
    description = TextAreaField(
        _l("Beschreibung"), validators=[NotBlank(), _length(5000)], filters=[strip_filter]
    )
    district = SelectField(_l("Stadtbezirk"), validate_choice=False)
    valid_until = DateField(_l("Gültig bis (freiwillig)"), validators=[Optional()])
    publish = BooleanField(_l("Gleich veröffentlichen"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(KIND_LABELS.items())
        self.category.choices = [("", _l("Bitte wählen")), *CATEGORY_LABELS.items()]


class ContactForm(BaseForm):
    party = SelectField(_l("Absender"), validate_choice=False)
    body = TextAreaField(
        _l("Ihre Nachricht"), validators=[NotBlank(), _length(3000)], filters=[strip_filter]
    )
    reply_email = EmailField(
        _l("Antwortadresse"),
        description=_l(
            "Die Mitglieder des Eintrags erhalten Ihre Nachricht mit dem Namen Ihres "
            "Unternehmens oder Ihrer Organisation und dieser Adresse, weil Sie Kontakt aufnehmen."
        ),
        validators=[NotBlank(), _length(254)],
        filters=[strip_filter],
    )


class DealForm(BaseForm):
    own_party = SelectField(_l("Unsere Seite"), validate_choice=False)
    own_side = RadioField(_l("Wer gibt?"), validate_choice=False)
    other_party = SelectField(_l("Die andere Seite"), validate_choice=False)
    what = StringField(
        _l("Was wird gegeben?"), validators=[NotBlank(), _length(300)], filters=[strip_filter]
    )
    category = SelectField(
        _l("Kategorie"),
        validate_choice=False,
    )
    entry_id = IntegerField(_l("Nummer des Eintrags (freiwillig)"), validators=[Optional()])
    event_id = SelectField(
        _l("Auf der Marktplatz-Veranstaltung (freiwillig)"), validate_choice=False
    )
    consent = BooleanField(_l("Wir sind einverstanden, dass die Vereinbarung veröffentlicht wird"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_side.choices = [("giver", _l("Wir geben")), ("receiver", _l("Wir erhalten"))]
        self.category.choices = [("", _l("Bitte wählen")), *CATEGORY_LABELS.items()]


class AnswerForm(BaseForm):
    consent = BooleanField(_l("Wir sind einverstanden, dass die Vereinbarung veröffentlicht wird"))


class EventForm(BaseForm):
    title = StringField(_l("Titel"), validators=[NotBlank(), _length(200)], filters=[strip_filter])
    starts_at = DateTimeLocalField(
        _l("Beginn"),
        description=_l("Datum und Uhrzeit"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )
    place = StringField(_l("Ort"), validators=[NotBlank(), _length(300)], filters=[strip_filter])
    description = TextAreaField(
        _l("Beschreibung"), validators=[Optional(), _length(5000)], filters=[strip_filter]
    )
    capacity = IntegerField(
        _l("Zahl der Plätze"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Bitte eine Zahl von 1 bis 10.000.")),
        ],
    )


class RegistrationForm(BaseForm):
    party = SelectField(_l("Für"), validate_choice=False)
    participant = StringField(
        _l("Name der teilnehmenden Person"),
        validators=[NotBlank(), _length(120)],
        filters=[strip_filter],
    )


class DecideForm(BaseForm):
    reason = TextAreaField(
        _l("Begründung (bei Ablehnung)"),
        validators=[Optional(), _length(2000)],
        filters=[strip_filter],
    )
