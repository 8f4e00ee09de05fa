"""Forms of proposals: submit/edit, and the GET filter of the proposal list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from participation.core.forms import BaseForm, NotBlank, SubmissionField, strip_filter
from participation.districts.models import Quarter
from participation.projects.models import Process


def _optional_int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return -1  # not a choice: the SelectField reports it next to the field


class ProposalForm(BaseForm):
    submission = SubmissionField()
    title = StringField(
        _l("Titel Ihres Vorschlags"),
        description=_l("5 bis 150 Zeichen; worum geht es in einem Satz?"),
        validators=[NotBlank(), Length(min=5, max=150)],
        filters=[strip_filter],
    )
    body = TextAreaField(
        _l("Ihr Vorschlag"),
        description=_l(
            "10 bis 5.000 Zeichen. Absätze, **fett**, *kursiv*, Listen und Links sind möglich."
        ),
        validators=[NotBlank(), Length(min=10, max=5000)],
        filters=[strip_filter],
    )
    category = SelectField(_l("Kategorie (freiwillig)"), coerce=_optional_int)
    quarter = SelectField(_l("Stadtteil (freiwillig)"), coerce=_optional_int)
    place = StringField(
        _l("Ort (freiwillig)"),
        description=_l("Zum Beispiel eine Straße, ein Platz oder eine Haltestelle."),
        validators=[Optional(), Length(max=200)],
        filters=[strip_filter],
    )

    def __init__(self, *args, process: Process, quarters: list[Quarter], **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [("", _l("Keine Kategorie"))] + [
            (c.id, c.name) for c in process.categories
        ]
        self.quarter.choices = [("", _l("Kein bestimmter Stadtteil"))] + [
            (q.id, q.name) for q in quarters
        ]
        if not process.categories:
            del self.category

    def service_arguments(self) -> dict:
        return {
            "title": self.title.data,
            "body": self.body.data,
            "category_id": self.category.data if "category" in self else None,
            "quarter_id": self.quarter.data,
            "place": self.place.data or "",
        }


class ProposalFilterForm(BaseForm):
    """Field names are the public query parameters of the proposal list."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suche"), validators=[Optional(), Length(max=200)], filters=[strip_filter])
    kategorie = SelectField(_l("Kategorie"), validators=[Optional()], coerce=_optional_int)
    antwort = SelectField(_l("Antwort der Verwaltung"), validators=[Optional()])
    sort = SelectField(_l("Sortierung"), validators=[Optional()])
    # Proposals naming one quarter (the map's areas and table link here).
    stadtteil = SelectField(_l("Stadtteil"), validators=[Optional()], coerce=_optional_int)
    # The stable random order keeps its seed across pages.
    seed = IntegerField(validators=[Optional(), NumberRange(min=1, max=2_000_000_000)])

    def __init__(self, *args, process: Process, quarters: list[Quarter] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.stadtteil.choices = [("", _l("Alle Stadtteile"))] + [(q.id, q.name) for q in quarters]
        self.kategorie.choices = [("", _l("Alle Kategorien"))] + [
            (c.id, c.name) for c in process.categories
        ]
        self.antwort.choices = [
            ("", _l("Alle")),
            ("offen", _l("Noch ohne Antwort")),
            ("beantwortet", _l("Beantwortet")),
        ]
        self.sort.choices = [
            ("neu", _l("Neueste zuerst")),
            ("unterstuetzt", _l("Meiste Unterstützung")),
            ("diskutiert", _l("Meiste Kommentare")),
            ("zufall", _l("Zufällige Reihenfolge")),
        ]

    def filters(self) -> dict:
        def value(field):
            return field.data if field.data and not field.errors else None

        return {
            "query": value(self.q),
            "category_id": value(self.kategorie),
            "quarter_id": value(self.stadtteil),
            "answer": value(self.antwort),
            "sort": value(self.sort) or "neu",
            "seed": value(self.seed),
        }
