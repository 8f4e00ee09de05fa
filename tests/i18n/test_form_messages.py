"""WTForms' own messages (a choice that is not offered, a number that is none) speak the
page's language; the catalogue is kept per language, not read per request."""

from __future__ import annotations

from flask_babel import force_locale
from werkzeug.datastructures import MultiDict
from wtforms import SelectField

from participation.core.forms import BaseForm


class _ChoiceForm(BaseForm):
    class Meta:
        csrf = False

    colour = SelectField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.colour.choices = [("rot", "Rot")]


def _error(app) -> str:
    form = _ChoiceForm(formdata=MultiDict({"colour": "blau"}))
    assert not form.validate()
    return form.colour.errors[0]


def test_wtforms_messages_follow_the_language(app):
    with app.test_request_context("/"):
        assert _error(app) == "Keine gültige Auswahl."
        with force_locale("en"):
            assert _error(app) == "Not a valid choice."
        assert _error(app) == "Keine gültige Auswahl."
