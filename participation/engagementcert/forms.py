"""The request form (also the organisation's correction), confirming and declining."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import TextInput

from participation.core.forms import BaseForm, NotBlank, positive_id, strip_filter
from participation.engagementcert.services import EngagementInput, format_months

_NAME_HINT = _l("Wie er auf der Bescheinigung stehen soll (Vor- und Nachname).")


class EngagementFields(BaseForm):
    activities = TextAreaField(
        _l("Tätigkeiten"),
        description=_l("Was Sie getan haben, 10 bis 3.000 Zeichen."),
        validators=[NotBlank(), Length(max=3000, message=_l("Höchstens 3.000 Zeichen."))],
        filters=[strip_filter],
    )
    held_from = DateField(_l("Engagiert seit"), validators=[Optional()])
    held_until = DateField(
        _l("Engagiert bis"),
        description=_l("Bei laufendem Engagement: heute."),
        validators=[Optional()],
    )
    # A text input: a refused value is shown again as typed (a number input cannot hold it).
    hours_per_month = IntegerField(
        _l("Stunden im Monat (Durchschnitt)"), validators=[Optional()], widget=TextInput()
    )
    monthly = TextAreaField(
        _l("Stunden Monat für Monat (freiwillig)"),
        description=_l("Ein Monat je Zeile, zum Beispiel: 2026-03: 12"),
        validators=[Optional(), Length(max=5000, message=_l("Höchstens 5.000 Zeichen."))],
        filters=[strip_filter],
    )

    def engagement(self) -> EngagementInput:
        return EngagementInput(
            activities=self.activities.data or "",
            held_from=self.held_from.data,
            held_until=self.held_until.data,
            hours_per_month=self.hours_per_month.data,
            monthly=self.monthly.data or "",
        )


class RequestForm(EngagementFields):
    organisation = SelectField(
        _l("Organisation"), coerce=positive_id, validate_choice=False, validators=[Optional()]
    )
    name = StringField(
        _l("Ihr Name"),
        description=_NAME_HINT,
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", _l("Bitte wählen"))] + [
            (str(o.id), o.name) for o in organisations
        ]


def _signer():
    return StringField(
        _l("Ihr Name als Unterzeichner*in"),
        description=_l("Steht auf der Bescheinigung: bestätigt von … für die Organisation."),
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )


class ConfirmForm(BaseForm):
    """Shown on one page with the correction, which has a signer field too: prefixed."""

    signer_name = _signer()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "bestaetigen")
        super().__init__(*args, **kwargs)


class CorrectForm(EngagementFields):
    signer_name = _signer()
    correction_note = TextAreaField(
        _l("Was Sie geändert haben und warum"),
        description=_l("Die Person sieht diese Erklärung, bevor sie die Korrektur annimmt."),
        validators=[NotBlank(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )

    @classmethod
    def of(cls, request, **kwargs):
        return cls(
            data={
                "activities": request.activities,
                "held_from": request.held_from,
                "held_until": request.held_until,
                "hours_per_month": request.hours_per_month,
                "monthly": format_months(request.monthly_hours),
            },
            **kwargs,
        )


class DeclineForm(BaseForm):
    decline_reason = TextAreaField(
        _l("Grund"),
        description=_l("Die Person bekommt ihn per E-Mail."),
        validators=[NotBlank(), Length(max=2000, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip_filter],
    )
