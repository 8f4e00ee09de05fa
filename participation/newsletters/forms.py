"""Forms of the newsletter: subscribing, writing an issue, scheduling it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from participation.core.clock import CITY_TIMEZONE
from participation.core.forms import BaseForm, NotBlank, strip_filter
from participation.core.sanitize import clean_plain_text, has_forbidden_characters
from participation.districts.services import list_action_fields, list_districts
from participation.newsletters.issues import BODY_MAX, SUBJECT_MAX, has_line_break
from participation.newsletters.models import AUDIENCES, LISTS
from participation.newsletters.services import LIST_LABELS
from participation.partners.forms import CheckboxList

AUDIENCE_LABELS = {
    "residents": _l("Einwohner*innen"),
    "partners": _l("Netzwerkpartner"),
    "staff": _l("Verwaltung"),
    "council": _l("Politik"),
}
assert set(AUDIENCE_LABELS) == set(AUDIENCES)
# The values of `an` in a link that opens a prefilled issue (`/verwaltung/newsletter/neu?
# an=verwaltung&an=politik&betreff=…`): other features link "write an info mail to this
# audience" this way. The codes themselves are understood too.
AUDIENCE_PARAMETERS = {
    "einwohner": "residents",
    "einwohnerinnen": "residents",
    "netzwerkpartner": "partners",
    "verwaltung": "staff",
    "politik": "council",
    **{code: code for code in AUDIENCES},
}


def _segments(form) -> None:
    form.districts.choices = [(d.code, d.name) for d in list_districts()]
    form.action_fields.choices = [(f.slug, f.name) for f in list_action_fields()]


class SubscribeForm(BaseForm):
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie Ihre E-Mail-Adresse an.")),
            Length(max=254, message=_l("Die E-Mail-Adresse ist zu lang.")),
            Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an."),
                check_deliverability=False,
            ),
        ],
        filters=[strip_filter],
    )
    lists = CheckboxList(_l("Was möchten Sie erhalten?"), default=["office"])
    districts = CheckboxList(
        _l("Nur aus diesen Stadtbezirken (keine Auswahl: aus der ganzen Stadt)")
    )
    action_fields = CheckboxList(
        _l("Nur zu diesen Handlungsfeldern (keine Auswahl: zu allen Themen)")
    )
    # Honeypot: hidden from people by CSS, named so that no browser autofills it.
    hp_note = StringField(_l("Bitte dieses Feld leer lassen"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists.choices = [(name, LIST_LABELS[name]) for name in LISTS]
        _segments(self)


def _no_line_break(form, field) -> None:
    if has_line_break(field.data or ""):
        raise ValidationError(_l("Der Betreff darf keinen Zeilenumbruch enthalten."))


class IssueForm(BaseForm):
    list_name = RadioField(
        _l("Newsletter"),
        default="office",
        validators=[InputRequired(message=_l("Bitte wählen Sie einen Newsletter."))],
    )
    subject = StringField(
        _l("Betreff"),
        validators=[
            NotBlank(_l("Bitte geben Sie einen Betreff an.")),
            Length(max=SUBJECT_MAX, message=_l("Höchstens 200 Zeichen.")),
            _no_line_break,
        ],
    )
    body_markdown = TextAreaField(
        _l("Text (Markdown: Absätze, ## Zwischenüberschriften, **fett**, *kursiv*, Listen, Links)"),
        validators=[
            NotBlank(_l("Bitte schreiben Sie den Text der Ausgabe.")),
            Length(max=BODY_MAX, message=_l("Höchstens 50000 Zeichen.")),
        ],
    )
    audiences = CheckboxList(_l("An wen?"), default=list(AUDIENCES))
    districts = CheckboxList(
        _l("Nur an Abonnent*innen dieser Stadtbezirke (keine Auswahl: alle Bezirke)")
    )
    action_fields = CheckboxList(
        _l("Nur an Abonnent*innen dieser Handlungsfelder (keine Auswahl: alle Themen)")
    )
    in_archive = BooleanField(_l("Nach dem Versand im öffentlichen Archiv zeigen"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_name.choices = [(name, LIST_LABELS[name]) for name in LISTS]
        self.audiences.choices = list(AUDIENCE_LABELS.items())
        _segments(self)

    @classmethod
    def prefilled(cls, args):
        """A new issue as a link describes it: `an` (audiences, repeated), `betreff`,
        `text`, `newsletter`, `bezirk` and `handlungsfeld` (repeated). Anything unknown,
        too long or not typable is left out; what remains is only a suggestion the
        office still saves itself."""
        form = cls(formdata=None)
        audiences = [AUDIENCE_PARAMETERS.get(value[:20]) for value in args.getlist("an")[:10]]
        audiences = [name for name in AUDIENCES if name in audiences]
        if audiences:
            form.audiences.data = audiences
        subject = _suggested(args.get("betreff", ""), SUBJECT_MAX)
        if subject and not has_line_break(subject):
            form.subject.data = subject
        body = _suggested(args.get("text", ""), BODY_MAX, multiline=True)
        if body:
            form.body_markdown.data = body
        if args.get("newsletter") in LISTS:
            form.list_name.data = args.get("newsletter")
        for field, key in ((form.districts, "bezirk"), (form.action_fields, "handlungsfeld")):
            known = {value for value, _label in field.choices}
            chosen = [value for value in args.getlist(key)[:20] if value in known]
            if chosen:
                field.data = chosen
        return form

    @classmethod
    def of(cls, issue):
        return cls(
            data={
                "list_name": issue.list_name,
                "subject": issue.subject,
                "body_markdown": issue.body_markdown,
                "audiences": issue.audiences,
                "districts": [d.code for d in issue.districts],
                "action_fields": [f.slug for f in issue.action_fields],
                "in_archive": issue.in_archive,
            }
        )


def _suggested(value: str, limit: int, *, multiline: bool = False) -> str:
    """A text from a link: trimmed; empty when too long or holding characters no field
    takes (a link is not a place to be lenient)."""
    text = (value or "").strip()
    if not text or len(text) > limit or has_forbidden_characters(text):
        return ""
    if not multiline and has_line_break(text):
        return ""
    return clean_plain_text(text)


def local(value):
    return value.replace(tzinfo=CITY_TIMEZONE) if value is not None else None


class ScheduleForm(BaseForm):
    scheduled_at = DateTimeLocalField(
        _l("Versenden am (Datum und Uhrzeit, Ortszeit Hannover)"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(message=_l("Bitte geben Sie Datum und Uhrzeit an."))],
    )
