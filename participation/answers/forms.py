"""The official-response form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from participation.core.forms import BaseForm, positive_id, strip_filter

ANSWER_LABELS = {
    "under_review": _l("Wird geprüft"),
    "accepted": _l("Angenommen"),
    "partly_accepted": _l("Teilweise angenommen"),
    "rejected": _l("Abgelehnt"),
    "implemented": _l("Umgesetzt"),
}


class AnswerForm(BaseForm):
    status = RadioField(_l("Stand"), validators=[Optional()])
    text = TextAreaField(
        _l("Antwort und Begründung"),
        description=_l(
            "Öffentlich sichtbar. 20 bis 5.000 Zeichen; einfache Formatierung wie **fett** "
            "und Listen ist möglich."
        ),
        validators=[
            Optional(),
            Length(max=5000, message=_l("Bitte schreiben Sie höchstens 5.000 Zeichen.")),
        ],
        filters=[strip_filter],
    )
    duplicate_of = IntegerField(
        _l("Oder: Doppelt zu Vorschlag Nr."),
        description=_l(
            "Die Nummer eines bereits beantworteten Vorschlags desselben Verfahrens; "
            "dann gilt dessen Antwort."
        ),
        validators=[
            Optional(),
            NumberRange(min=1, max=2**31 - 1, message=_l("Bitte geben Sie eine Nummer an.")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = list(ANSWER_LABELS.items())


class AssignForm(BaseForm):
    """Who answers (a process's proposals, or one proposal) and by when."""

    assignee = SelectField(_l("Zuständige Person"), coerce=positive_id, validate_choice=False)
    due_on = DateField(
        _l("Antwort fällig bis"),
        description=_l("Leer lassen: das Rückmeldedatum des Verfahrens."),
        validators=[Optional()],
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.assignee.choices = [("", _l("Bitte wählen"))] + [
            (str(user.id), user.pseudonym) for user in staff
        ]
