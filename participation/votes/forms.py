"""The rating form: which button was pressed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from participation.core.forms import BaseForm
from participation.votes.services import RATING_VALUES


class RatingForm(BaseForm):
    wert = SelectField(_l("Bewertung"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.wert.choices = [(code, code) for code in RATING_VALUES]
