"""The filter form of the process list (GET, bookmarkable)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from participation.core.forms import BaseForm, strip_filter
from participation.districts.services import list_action_fields, list_districts


class ProcessFilterForm(BaseForm):
    """Field names are the public query parameters: the city links to filtered lists."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suche"), validators=[Optional(), Length(max=200)], filters=[strip_filter])
    bezirk = SelectField(_l("Stadtbezirk"), validators=[Optional()])
    handlungsfeld = SelectField(_l("Handlungsfeld"), validators=[Optional()])
    phase = SelectField(_l("Stand"), validators=[Optional()])
    sort = SelectField(_l("Sortierung"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bezirk.choices = [("", _l("Alle Bezirke")), ("stadtweit", _l("Stadtweit"))] + [
            (d.code, f"{d.code} {d.name}") for d in list_districts()
        ]
        self.handlungsfeld.choices = [("", _l("Alle Handlungsfelder"))] + [
            (f.slug, f.name) for f in list_action_fields()
        ]
        self.phase.choices = [
            ("", _l("Alle")),
            ("offen", _l("Jetzt mitmachen")),
            ("bald", _l("Demnächst")),
            ("auswertung", _l("In Auswertung")),
            ("ergebnisse", _l("Mit Ergebnissen")),
        ]
        self.sort.choices = [
            ("neu", _l("Neueste zuerst")),
            ("titel", _l("Nach Titel")),
            ("vorschlaege", _l("Meiste Vorschläge")),
        ]

    def filters(self) -> dict:
        """The valid filters; a field with an error is left out (its error is shown)."""

        def value(field):
            return field.data if field.data and not field.errors else None

        return {
            "district_code": value(self.bezirk),
            "action_field_slug": value(self.handlungsfeld),
            "phase": value(self.phase),
            "query": value(self.q),
            "sort": value(self.sort) or "neu",
        }
