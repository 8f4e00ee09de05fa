"""The visitors' feedback form and the evaluation's period filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from participation.core.forms import BaseForm, strip_filter
from participation.evaluation.services import MAX_DAYS, PATH_MAX

OUTCOME_LABELS = {"ja": _l("Ja"), "teilweise": _l("Teilweise"), "nein": _l("Nein")}
RATING_LABELS = {
    "1": _l("1 – gar nicht gut"),
    "2": _l("2"),
    "3": _l("3"),
    "4": _l("4"),
    "5": _l("5 – sehr gut"),
}
UNIT_LABELS = {"woche": _l("Wochen"), "monat": _l("Monaten")}


class PortalFeedbackForm(BaseForm):
    task = StringField(
        _l("Was wollten Sie auf dem Portal tun? (optional)"),
        validators=[Optional(), Length(max=500, message=_l("Höchstens 500 Zeichen."))],
        filters=[strip_filter],
    )
    outcome = RadioField(
        _l("Hat es geklappt?"),
        validate_choice=False,  # the service refuses an unknown answer next to the field
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Antwort."))],
    )
    rating = RadioField(
        _l("Wie finden Sie das Portal insgesamt? (optional)"),
        validate_choice=False,
        validators=[Optional()],
    )
    comment = TextAreaField(
        _l("Was möchten Sie uns noch sagen? (optional)"),
        description=_l("Bitte schreiben Sie keine Namen, Adressen oder andere persönliche Daten."),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Bitte fassen Sie sich kürzer (höchstens 2000 Zeichen).")),
        ],
        filters=[strip_filter],
    )
    # The portal page the link was followed from (only a local path is kept; services).
    adresse = HiddenField(filters=[lambda value: value[:PATH_MAX] if value else value])
    # Honeypot: hidden from people by CSS, named so that no browser autofills it.
    hp_note = StringField(_l("Bitte dieses Feld leer lassen"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = list(OUTCOME_LABELS.items())
        self.rating.choices = list(RATING_LABELS.items())

    def rating_value(self) -> int | None:
        """The grade, None when none was chosen, 0 (refused by the service) for anything
        that is no grade."""
        value = self.rating.data
        if not value or value == "None":
            return None
        return int(value) if value in RATING_LABELS else 0


# The portal's figures start long after this and end long before that.
YEARS = (2000, 2100)


def _plausible(day) -> None:
    if day is not None and not YEARS[0] <= day.year <= YEARS[1]:
        raise ValidationError(_l("Bitte wählen Sie ein Datum zwischen 2000 und 2100."))


class EvaluationFilterForm(BaseForm):
    """The period and the time unit; the field names are the page's query parameters."""

    class Meta:
        csrf = False

    von = DateField(_l("Von"), validators=[Optional()])
    bis = DateField(_l("Bis"), validators=[Optional()])
    einheit = SelectField(
        _l("Zusammengefasst nach"),
        default="woche",
        validators=[Optional()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.einheit.choices = list(UNIT_LABELS.items())

    def validate_von(self, field) -> None:
        _plausible(field.data)

    def validate_bis(self, field) -> None:
        _plausible(field.data)
        if self.von.data and field.data:
            if field.data < self.von.data:
                raise ValidationError(_l("Das Ende liegt vor dem Beginn."))
            if (field.data - self.von.data).days > MAX_DAYS:
                raise ValidationError(_l("Bitte wählen Sie höchstens drei Jahre."))
