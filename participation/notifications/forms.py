"""The forms of the notification settings and the standing interests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional

from participation.core.forms import BaseForm, positive_id, strip_filter
from participation.districts.services import list_action_fields, list_districts, list_quarters
from participation.notifications.kinds import channel_label
from participation.notifications.models import DAILY, WEEKLY

WEEKDAYS = [
    (0, _l("Montag")),
    (1, _l("Dienstag")),
    (2, _l("Mittwoch")),
    (3, _l("Donnerstag")),
    (4, _l("Freitag")),
    (5, _l("Samstag")),
    (6, _l("Sonntag")),
]


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def preferences_form(kinds: dict, channels: dict, settings, formdata=None):
    """A form with one choice of channel per kind the person may choose for."""

    class PreferencesForm(BaseForm):
        digest_frequency = RadioField(_l("Zusammenfassung"), default=settings.digest_frequency)
        digest_weekday = SelectField(
            _l("Wochentag der wöchentlichen Zusammenfassung"),
            coerce=_int_or_none,
            default=settings.digest_weekday,
        )
        digest_hour = SelectField(_l("Uhrzeit"), coerce=_int_or_none, default=settings.digest_hour)
        follow_own = BooleanField(
            _l("Eigenen Vorschlägen und Gesprächen, in denen ich schreibe, automatisch folgen"),
            default=settings.follow_own,
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Choices are set on the bound fields, as every form of the portal does.
            self.digest_frequency.choices = [(WEEKLY, _l("wöchentlich")), (DAILY, _l("täglich"))]
            self.digest_weekday.choices = WEEKDAYS
            self.digest_hour.choices = [(hour, f"{hour:02d}:00") for hour in range(24)]
            for name, kind in kinds.items():
                self[f"kind_{name}"].choices = [
                    (channel, channel_label(kind, channel)) for channel in kind.channels
                ]

    for name, kind in kinds.items():
        setattr(PreferencesForm, f"kind_{name}", RadioField(kind.label, default=channels[name]))
    return PreferencesForm(formdata=formdata) if formdata is not None else PreferencesForm()


class InterestForm(BaseForm):
    area = SelectField(_l("Wo"), validators=[Optional()])
    quarter = SelectField(_l("Stadtteil (optional)"), validators=[Optional()], coerce=str)
    include_citywide = BooleanField(_l("Auch stadtweite Verfahren"), default=True)
    action_field = SelectField(_l("Handlungsfeld (optional)"), validators=[Optional()])
    keywords = StringField(
        _l("Stichwörter (optional)"),
        description=_l("Durch Kommas getrennt, z. B. „Spielplatz, Radweg“."),
        validators=[Optional(), Length(max=200)],
        filters=[strip_filter],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        districts = list_districts()
        self.area.choices = [
            ("", _l("Ganz Hannover")),
            ("stadtweit", _l("Nur stadtweite Verfahren")),
        ] + [(d.code, f"{d.code} {d.name}") for d in districts]
        names = {d.id: d.name for d in districts}
        self.quarter.choices = [("", _l("Alle Stadtteile"))] + [
            (str(q.id), f"{q.name} ({names.get(q.district_id, '')})") for q in list_quarters()
        ]
        self.action_field.choices = [("", _l("Alle Handlungsfelder"))] + [
            (f.slug, f.name) for f in list_action_fields()
        ]

    def quarter_id(self) -> int | None:
        return positive_id(self.quarter.data) if self.quarter.data else None


class QuickInterestForm(BaseForm):
    """The one-click "tell me of new things here" on district pages and filtered lists."""

    bezirk = HiddenField()
    handlungsfeld = HiddenField()
