"""The results report's forms: its texts, and publishing it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from participation.core.forms import BaseForm, strip_filter

_MARKDOWN = _l("Einfache Formatierung wie **fett**, Listen und Links ist möglich.")


class ReportForm(BaseForm):
    summary = TextAreaField(
        _l("Zusammenfassung der Ergebnisse"),
        description=_MARKDOWN,
        validators=[Optional(), Length(max=20000)],
        filters=[strip_filter],
    )
    next_steps = TextAreaField(
        _l("Wie es weitergeht"),
        description=_MARKDOWN,
        validators=[Optional(), Length(max=20000)],
        filters=[strip_filter],
    )


class PublishForm(BaseForm):
    override_reason = TextAreaField(
        _l("Begründung, falls noch Vorschläge ohne Antwort sind"),
        description=_l(
            "Nur nötig, wenn nicht jeder Vorschlag beantwortet ist. Die Begründung wird mit "
            "dem Bericht veröffentlicht."
        ),
        validators=[Optional(), Length(max=2000)],
        filters=[strip_filter],
    )
