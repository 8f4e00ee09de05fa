"""Forms of the network's governance: meetings, programme items, working groups,
documents, elections, nominations and ballots."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from participation.core.clock import CITY_TIMEZONE
from participation.core.forms import BaseForm, NotBlank, strip_filter
from participation.partners.forms import CheckboxList

ITEM_LABELS = {
    "planned": _l("Geplant"),
    "in_progress": _l("In Arbeit"),
    "done": _l("Erledigt"),
    "dropped": _l("Entfallen"),
}


def local(value):
    return value.replace(tzinfo=CITY_TIMEZONE) if value is not None else None


def _title_field(label=None):
    return StringField(
        label or _l("Titel"),
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )


def _text_field(label, description=None):
    return TextAreaField(
        label,
        description=description,
        validators=[Optional(), Length(max=20000, message=_l("Höchstens 20.000 Zeichen."))],
        filters=[strip_filter],
    )


def _organisation_choices(organisations):
    return [(str(o.id), o.name) for o in organisations]


class MeetingForm(BaseForm):
    title = _title_field()
    starts_at = DateTimeLocalField(_l("Beginn"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    place = StringField(
        _l("Ort"),
        validators=[Optional(), Length(max=300, message=_l("Höchstens 300 Zeichen."))],
        filters=[strip_filter],
    )
    agenda = _text_field(_l("Tagesordnung"), _l("Ein Punkt je Zeile; Listen mit - sind möglich."))
    minutes = _text_field(_l("Protokoll"), _l("Nach dem Treffen: Ergebnisse und Beschlüsse."))
    attendees = CheckboxList(_l("Anwesende Organisationen"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees.choices = _organisation_choices(organisations)

    @classmethod
    def of(cls, meeting, organisations):
        return cls(
            organisations=organisations,
            data={
                "title": meeting.title,
                "starts_at": meeting.starts_at.astimezone(CITY_TIMEZONE).replace(tzinfo=None),
                "place": meeting.place,
                "agenda": meeting.agenda_markdown,
                "minutes": meeting.minutes_markdown,
                "attendees": [str(o.id) for o in meeting.attendees],
            },
        )


class ItemForm(BaseForm):
    year = IntegerField(
        _l("Jahr"),
        validators=[Optional(), NumberRange(min=2000, max=2100, message=_l("Bitte ein Jahr."))],
    )
    title = _title_field(_l("Vorhaben"))
    description = _text_field(_l("Beschreibung"))
    responsible = CheckboxList(_l("Verantwortliche Organisationen"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.responsible.choices = _organisation_choices(organisations)


class ItemStatusForm(BaseForm):
    status = SelectField(_l("Stand"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = list(ITEM_LABELS.items())


class AdoptForm(BaseForm):
    meeting = SelectField(_l("Beschlossen auf dem Treffen"), validators=[Optional()])

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting.choices = [
            (str(m.id), f"{m.title} ({m.starts_at.astimezone(CITY_TIMEZONE):%d.%m.%Y})")
            for m in meetings
        ]


class GroupForm(BaseForm):
    title = _title_field(_l("Thema"))
    description = _text_field(_l("Beschreibung"))
    members = CheckboxList(_l("Mitglieder"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members.choices = _organisation_choices(organisations)


class DocumentForm(BaseForm):
    title = _title_field()
    url = StringField(
        _l("Adresse des Dokuments"),
        description=_l("Beginnt mit https://"),
        validators=[NotBlank(), Length(max=500, message=_l("Höchstens 500 Zeichen."))],
        filters=[strip_filter],
    )


class ElectionForm(BaseForm):
    nominations_close_at = DateTimeLocalField(
        _l("Nominierung bis"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    voting_close_at = DateTimeLocalField(
        _l("Stimmabgabe bis"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    term_starts_on = DateField(_l("Beginn der Amtszeit"), validators=[Optional()])


class BallotForm(BaseForm):
    choices = CheckboxList(_l("Ihre Wahl"))

    def __init__(self, *args, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        if election is not None:
            self.choices.choices = [(str(n.id), n.organisation.name) for n in election.nominations]
            self.choices.description = _l(
                "Höchstens %(seats)s Organisationen.", seats=election.seats
            )
