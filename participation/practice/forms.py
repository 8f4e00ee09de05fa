"""Forms of the practice examples: the editor, the public filters, the import upload; and
the German names of the codes (formats, target groups, places, sources)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import IntegerField, RadioField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from participation.core.forms import BaseForm, NotBlank, strip_filter
from participation.districts.services import list_action_fields, list_districts
from participation.partners.forms import CheckboxList
from participation.practice.models import (
    CITY,
    DISTRICT,
    ELSEWHERE,
    EXTERNAL,
    FIGURES,
    FORMATS,
    PORTAL,
    SCOPES,
    SOURCES,
    TARGET_GROUPS,
    TEXTS,
)
from participation.practice.services import NUMBER_MAX, SUMMARY_MAX, TEXT_MAX, ExampleInput

FORMAT_LABELS = {
    "online_dialogue": _l("Online-Dialog"),
    "workshop": _l("Workshop"),
    "citizens_assembly": _l("Bürgerversammlung"),
    "survey": _l("Befragung"),
    "planning_workshop": _l("Planungswerkstatt"),
    "neighbourhood_walk": _l("Stadtteilspaziergang"),
    "advisory_board": _l("Beirat"),
    "other": _l("Anderes Format"),
}
TARGET_GROUP_LABELS = {
    "everyone": _l("Alle Einwohner*innen"),
    "children_youth": _l("Kinder und Jugendliche"),
    "seniors": _l("Senior*innen"),
    "families": _l("Familien"),
    "migrants": _l("Menschen mit Einwanderungsgeschichte"),
    "disabled_people": _l("Menschen mit Behinderungen"),
    "neighbours": _l("Anwohner*innen"),
    "businesses": _l("Gewerbetreibende"),
    "associations": _l("Vereine und Initiativen"),
}
SCOPE_LABELS = {
    DISTRICT: _l("In einem Stadtbezirk"),
    CITY: _l("Stadtweit"),
    ELSEWHERE: _l("In einer anderen Kommune"),
}
SOURCE_LABELS = {PORTAL: _l("Aus diesem Portal"), EXTERNAL: _l("Aus einer anderen Kommune")}
TEXT_LABELS = {
    "description": _l("Ablauf: wie das Verfahren angelegt war"),
    "results": _l("Ergebnisse"),
    "worked": _l("Was gut funktioniert hat"),
    "not_worked": _l("Was nicht funktioniert hat"),
    "resources": _l("Eingesetzte Ressourcen (Erläuterung)"),
}
NUMBER_LABELS = {
    "staff_days": _l("Personaltage"),
    "budget_euros": _l("Budget in Euro"),
    "duration_weeks": _l("Dauer in Wochen"),
    "participants": _l("Teilnehmer*innen"),
    "proposals": _l("Vorschläge"),
    "comments": _l("Kommentare"),
    "answers": _l("Beantwortete Vorschläge"),
}
assert set(FORMAT_LABELS) == set(FORMATS) and set(TARGET_GROUP_LABELS) == set(TARGET_GROUPS)
assert set(SCOPE_LABELS) == set(SCOPES) and set(SOURCE_LABELS) == set(SOURCES)
_MARKDOWN_HINT = _l("Markdown: Absätze, **fett**, *kursiv*, Listen, Links.")


def _number_field(label) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(
                min=0, max=NUMBER_MAX, message=_l("Bitte eine Zahl von 0 bis 1.000.000.000.")
            ),
        ],
    )


def _text_field(label) -> TextAreaField:
    return TextAreaField(
        label,
        description=_MARKDOWN_HINT,
        validators=[Length(max=TEXT_MAX, message=_l("Höchstens 20.000 Zeichen."))],
    )


def _line(label, maximum: int, **kwargs) -> StringField:
    return StringField(
        label,
        validators=[Length(max=maximum, message=_l("Höchstens %(num)d Zeichen.", num=maximum))],
        filters=[strip_filter],
        **kwargs,
    )


class ExampleForm(BaseForm):
    title = StringField(
        _l("Titel"),
        validators=[
            NotBlank(_l("Bitte geben Sie einen Titel an.")),
            Length(max=200, message=_l("Höchstens 200 Zeichen.")),
        ],
        filters=[strip_filter],
    )
    summary = TextAreaField(
        _l("Kurzfassung"),
        description=_l("Zwei, drei Sätze für die Übersicht (nur Text, höchstens 600 Zeichen)."),
        validators=[Length(max=SUMMARY_MAX, message=_l("Höchstens 600 Zeichen."))],
        filters=[strip_filter],
    )
    format = SelectField(_l("Format"))
    format_other = _line(_l("Anderes Format: welches?"), 100)
    scope = RadioField(_l("Wo fand es statt?"), default=CITY)
    district = SelectField(_l("Stadtbezirk (wenn in einem Stadtbezirk)"))
    place = _line(_l("Kommune (wenn in einer anderen Kommune)"), 200)
    action_fields = CheckboxList(_l("Handlungsfelder"))
    target_groups = CheckboxList(_l("Zielgruppen"))
    description = _text_field(TEXT_LABELS["description"])
    results = _text_field(TEXT_LABELS["results"])
    worked = _text_field(TEXT_LABELS["worked"])
    not_worked = _text_field(TEXT_LABELS["not_worked"])
    staff_days = _number_field(NUMBER_LABELS["staff_days"])
    budget_euros = _number_field(NUMBER_LABELS["budget_euros"])
    duration_weeks = _number_field(NUMBER_LABELS["duration_weeks"])
    resources = _text_field(TEXT_LABELS["resources"])
    participants = _number_field(NUMBER_LABELS["participants"])
    proposals = _number_field(NUMBER_LABELS["proposals"])
    comments = _number_field(NUMBER_LABELS["comments"])
    answers = _number_field(NUMBER_LABELS["answers"])
    contact = _line(
        _l("Kontakt"),
        300,
        description=_l(
            "Eine Stelle oder Funktion (z. B. „Stadtbezirksmanagement Linden-Limmer“), "
            "keine Privatperson."
        ),
    )
    contact_email = _line(_l("E-Mail-Adresse der Stelle"), 254)
    source = RadioField(_l("Herkunft"), default=PORTAL)
    source_name = _line(_l("Kommune der Quelle (bei anderer Kommune)"), 200)
    source_url = _line(_l("Adresse der Quelle (https://…)"), 500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.format.choices = list(FORMAT_LABELS.items())
        self.scope.choices = list(SCOPE_LABELS.items())
        self.district.choices = [("", _l("– kein Stadtbezirk –"))] + [
            (d.code, d.name) for d in list_districts()
        ]
        self.action_fields.choices = [(f.slug, f.name) for f in list_action_fields()]
        self.target_groups.choices = list(TARGET_GROUP_LABELS.items())
        self.source.choices = list(SOURCE_LABELS.items())

    @classmethod
    def of(cls, example):
        data = {
            name: getattr(example, name)
            for name in (
                "title",
                "summary",
                "format",
                "format_other",
                "scope",
                "place",
                "target_groups",
                "contact",
                "contact_email",
                "source",
                "source_name",
                "source_url",
                "staff_days",
                "budget_euros",
                "duration_weeks",
                *FIGURES,
            )
        }
        data.update({name: getattr(example, f"{name}_markdown") for name in TEXTS})
        data["district"] = example.district.code if example.district else ""
        data["action_fields"] = [f.slug for f in example.action_fields]
        return cls(data=data)

    def to_input(self, *, process_id: int | None = None) -> ExampleInput:
        return ExampleInput(
            title=self.title.data or "",
            summary=self.summary.data or "",
            format=self.format.data or "",
            format_other=self.format_other.data or "",
            scope=self.scope.data or "",
            district_code=self.district.data or None,
            place=self.place.data or "",
            action_field_slugs=tuple(self.action_fields.data or ()),
            target_groups=tuple(self.target_groups.data or ()),
            texts={name: self[name].data or "" for name in TEXTS},
            numbers={name: self[name].data for name in NUMBER_LABELS},
            contact=self.contact.data or "",
            contact_email=self.contact_email.data or "",
            source=self.source.data or "",
            source_name=self.source_name.data or "",
            source_url=self.source_url.data or "",
            process_id=process_id,
        )


class FilterForm(BaseForm):
    """Field names are the public query parameters of /praxisbeispiele."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suche"), validators=[Optional(), Length(max=200)], filters=[strip_filter])
    format = SelectField(_l("Format"), validators=[Optional()])
    bezirk = SelectField(_l("Ort"), validators=[Optional()])
    handlungsfeld = SelectField(_l("Handlungsfeld"), validators=[Optional()])
    zielgruppe = SelectField(_l("Zielgruppe"), validators=[Optional()])
    herkunft = SelectField(_l("Herkunft"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.format.choices = [("", _l("Alle Formate")), *FORMAT_LABELS.items()]
        self.bezirk.choices = [
            ("", _l("Überall")),
            ("stadtweit", _l("Stadtweit")),
            ("andere", _l("Andere Kommunen")),
        ] + [(d.code, d.name) for d in list_districts()]
        self.handlungsfeld.choices = [("", _l("Alle Handlungsfelder"))] + [
            (f.slug, f.name) for f in list_action_fields()
        ]
        self.zielgruppe.choices = [("", _l("Alle Zielgruppen")), *TARGET_GROUP_LABELS.items()]
        self.herkunft.choices = [("", _l("Alle Herkünfte")), *SOURCE_LABELS.items()]

    def filters(self) -> dict:
        def value(field):
            return field.data if field.data and not field.errors else None

        return {
            "query": value(self.q),
            "format": value(self.format),
            "district": value(self.bezirk),
            "action_field": value(self.handlungsfeld),
            "target_group": value(self.zielgruppe),
            "source": value(self.herkunft),
        }


class ImportForm(BaseForm):
    document = FileField(
        _l("JSON-Export eines anderen Portals"),
        description=_l(
            "Eine Datei im Austauschformat „praxisbeispiele“, Version 1, höchstens 1 MB. "
            "Die Beispiele kommen als Entwürfe herein."
        ),
    )
