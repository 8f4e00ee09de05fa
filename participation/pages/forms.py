"""Forms of the public pages and the page editor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from participation.core.forms import BaseForm, NotBlank, strip_filter


class AccessibilityFeedbackForm(BaseForm):
    message = TextAreaField(
        _l("Welche Barriere ist Ihnen begegnet?"),
        validators=[
            NotBlank(_l("Bitte beschreiben Sie die Barriere.")),
            Length(max=5000, message=_l("Bitte fassen Sie sich kürzer (höchstens 5000 Zeichen).")),
        ],
        filters=[strip_filter],
    )
    page_url = StringField(
        _l("Auf welcher Seite? (optional)"),
        validators=[Optional(), Length(max=500, message=_l("Die Adresse ist zu lang."))],
        filters=[strip_filter],
    )
    contact_email = EmailField(
        _l("Ihre E-Mail-Adresse für eine Antwort (optional)"),
        validators=[
            Optional(),
            Length(max=254),
            Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an."),
                check_deliverability=False,
            ),
        ],
        filters=[strip_filter],
    )


class PageEditForm(BaseForm):
    title = StringField(
        _l("Überschrift"),
        validators=[NotBlank(), Length(max=200, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip_filter],
    )
    body_markdown = TextAreaField(
        _l("Text (Markdown: Absätze, ## Zwischenüberschriften, **fett**, *kursiv*, Listen, Links)"),
        validators=[NotBlank(), Length(max=50000, message=_l("Höchstens 50000 Zeichen."))],
    )


class LanguageForm(BaseForm):
    lang = HiddenField(validators=[InputRequired()])
    next = HiddenField()
