"""Forms of reporting, moderating and appealing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from participation.core.forms import BaseForm, NotBlank, strip_filter
from participation.moderation.models import REASONS
from participation.moderation.services import BLOCK_DAYS


def _explanation(label, *, longest: int = 1000, description=None) -> TextAreaField:
    """A required free text of 10 to `longest` characters (explanations, reasons, appeals)."""
    limit = f"{longest:,}".replace(",", ".")
    return TextAreaField(
        label,
        description=description,
        validators=[
            NotBlank(),
            Length(
                min=10,
                max=longest,
                message=_l("Bitte schreiben Sie 10 bis %(limit)s Zeichen.", limit=limit),
            ),
        ],
        filters=[strip_filter],
    )


def _reason_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, label in REASONS.items()]


class ReportForm(BaseForm):
    reason = RadioField(
        _l("Warum melden Sie diesen Beitrag?"),
        validators=[InputRequired(message=_l("Bitte wählen Sie einen Grund."))],
    )
    note = TextAreaField(
        _l("Hinweis für die Moderation (freiwillig)"),
        description=_l("Höchstens 1.000 Zeichen. Nur die Moderation sieht ihn."),
        validators=[Optional(), Length(max=1000)],
        filters=[strip_filter],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = _reason_choices()


class EntryForm(BaseForm):
    """A form of one queue entry; several share a page, so their fields carry the entry's
    prefix. The CSRF token is the page's one unprefixed `csrf_token`, which CSRFProtect
    checks for every POST before the view runs."""

    class Meta:
        csrf = False


class HideForm(EntryForm):
    """Hide a published item or refuse a waiting one: a reason and a public explanation."""

    reason = SelectField(
        _l("Grund"),
        validators=[InputRequired(message=_l("Bitte wählen Sie einen Grund."))],
    )
    explanation = _explanation(
        _l("Öffentliche Erklärung"),
        description=_l(
            "Steht an Stelle des Beitrags und geht an die Person, die ihn geschrieben hat "
            "(10 bis 1.000 Zeichen)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty first option: a required select must not start on a real choice (HTML).
        self.reason.choices = [("", _l("Bitte wählen …")), *_reason_choices()]


class BlockForm(EntryForm):
    duration = SelectField(
        _l("Dauer der Sperre"),
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Dauer."))],
    )
    block_reason = _explanation(_l("Begründung (geht an die gesperrte Person)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duration.choices = [
            (str(days), _l("1 Tag") if days == 1 else _l("%(days)s Tage", days=days))
            for days in BLOCK_DAYS
        ] + [("dauerhaft", _l("Dauerhaft"))]

    def days(self) -> int | None:
        return None if self.duration.data == "dauerhaft" else int(self.duration.data)


class NoteForm(EntryForm):
    text = TextAreaField(
        _l("Interne Notiz"),
        description=_l("Nur für die Moderation sichtbar, nie öffentlich."),
        validators=[NotBlank(), Length(max=1000, message=_l("Höchstens 1.000 Zeichen."))],
        filters=[strip_filter],
    )


class AppealForm(BaseForm):
    text = _explanation(
        _l("Ihr Einspruch"),
        longest=2000,
        description=_l(
            "Warum halten Sie die Entscheidung für falsch? 10 bis 2.000 Zeichen. Sie können "
            "nur einmal Einspruch einlegen."
        ),
    )


class AppealDecisionForm(EntryForm):
    decision = RadioField(
        _l("Entscheidung"),
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Entscheidung."))],
    )
    explanation = _explanation(_l("Begründung (geht an die Person, die Einspruch eingelegt hat)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [
            ("overturned", _l("Einspruch stattgeben: Beitrag wieder anzeigen")),
            ("upheld", _l("Einspruch zurückweisen: Beitrag bleibt ausgeblendet")),
        ]
