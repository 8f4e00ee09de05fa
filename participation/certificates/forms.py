"""The public form that takes a verification code (GET: the code goes into the address)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, ValidationError

from participation.certificates.services import normalise_code
from participation.core.forms import BaseForm, strip_filter


def _looks_like_a_code(form, field) -> None:
    if normalise_code(field.data) is None:
        raise ValidationError(
            _l(
                "Das ist kein gültiger Prüfcode. Er besteht aus 32 Buchstaben und Ziffern "
                "(2 bis 7), wie auf der Bescheinigung gedruckt."
            )
        )


class CodeForm(BaseForm):
    """Its field name is the query parameter: /bescheinigungen?code=…"""

    class Meta:
        csrf = False

    code = StringField(
        _l("Prüfcode"),
        description=_l(
            "Steht unten auf der Bescheinigung, z. B. ABCD-EFGH-…; Bindestriche und "
            "Leerzeichen dürfen Sie weglassen."
        ),
        validators=[
            InputRequired(message=_l("Bitte geben Sie den Prüfcode ein.")),
            _looks_like_a_code,
        ],
        filters=[strip_filter],
    )
