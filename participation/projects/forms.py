"""The filter form of the process list (GET, bookmarkable) and the staff form of a process."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, Length, Optional

from participation.core.forms import BaseForm, NotBlank, strip_filter
from participation.districts.services import list_action_fields, list_districts
from participation.projects.models import Process
from participation.projects.phases import REGISTRY
from participation.projects.services import PhaseInput


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


class ProcessForm(BaseForm):
    """A process, as district management or the coordination office writes it (new or
    edited). The image is checked by its content in the service, not here."""

    title = StringField(
        _l("Titel"), validators=[NotBlank(), Length(min=3, max=200)], filters=[strip_filter]
    )
    summary = TextAreaField(
        _l("Kurzbeschreibung"), validators=[NotBlank(), Length(max=600)], filters=[strip_filter]
    )
    district = SelectField(_l("Stadtbezirk"))
    action_field = SelectField(_l("Handlungsfeld"))
    description_markdown = TextAreaField(
        _l("Beschreibung (Markdown: Absätze, **fett**, *kursiv*, Listen, Links)"),
        validators=[Optional(), Length(max=20000)],
    )
    easy_summary = TextAreaField(
        _l("Zusammenfassung in Leichter Sprache"), validators=[Optional(), Length(max=3000)]
    )
    decided_by = TextAreaField(
        _l("Was wird entschieden und von wem?"),
        validators=[Optional(), Length(max=300)],
        filters=[strip_filter],
    )
    scope_for_influence = TextAreaField(
        _l("Was können die Einwohner*innen beeinflussen?"),
        validators=[Optional(), Length(max=3000)],
    )
    constraints = TextAreaField(
        _l("Was steht bereits fest?"), validators=[Optional(), Length(max=3000)]
    )
    use_of_results = TextAreaField(
        _l("Was passiert mit den Ergebnissen?"), validators=[Optional(), Length(max=3000)]
    )
    feedback_due = DateField(_l("Rückmeldung der Verwaltung bis"), validators=[Optional()])
    contact_office = StringField(
        _l("Dienststelle"), validators=[Optional(), Length(max=200)], filters=[strip_filter]
    )
    contact_person = StringField(
        _l("Ansprechperson"), validators=[Optional(), Length(max=200)], filters=[strip_filter]
    )
    contact_email = EmailField(
        _l("E-Mail-Adresse für Rückfragen"),
        validators=[Optional(), Length(max=254), Email(check_deliverability=False)],
        filters=[strip_filter],
    )
    council_documents = TextAreaField(
        _l("Drucksachen (eine Nummer je Zeile, z. B. 1234/2026)"),
        validators=[Optional(), Length(max=1000)],
    )
    links = TextAreaField(
        _l("Unterlagen und Links (je Zeile: Titel | https://…)"),
        validators=[Optional(), Length(max=5000)],
    )
    categories = TextAreaField(
        _l("Kategorien für Vorschläge (eine je Zeile)"), validators=[Optional(), Length(max=2000)]
    )
    image = FileField(_l("Bilddatei"))
    image_alt = StringField(
        _l("Alternativtext: Was ist auf dem Bild zu sehen?"),
        description=_l(
            "Pflicht, wenn es ein Bild gibt: ein Satz für Menschen, die das Bild nicht sehen, "
            "höchstens 300 Zeichen."
        ),
        validators=[Optional(), Length(max=300)],
        filters=[strip_filter],
    )
    remove_image = BooleanField(_l("Bild entfernen"))
    pre_moderation = BooleanField(
        _l("Vorab-Moderation: neue Beiträge erscheinen erst nach Freigabe"),
    )
    first_contribution_review = BooleanField(
        _l("Den ersten Beitrag neuer Konten vor der Veröffentlichung prüfen"),
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.district.choices = list(districts)
        self.action_field.choices = [(f.slug, f.name) for f in list_action_fields()]
        megabytes = current_app.config["PROCESS_IMAGE_MAX_BYTES"] / (1024 * 1024)
        self.image.description = _(
            "JPEG, PNG oder WebP, höchstens %(mb)s MB. Breite Bilder werden auf 1600 Pixel "
            "verkleinert; Ortsangaben und andere Metadaten werden entfernt.",
            mb=f"{megabytes:.3g}".replace(".", ","),
        )

    @staticmethod
    def initial(process: Process) -> dict:
        """The form's values for editing `process`."""
        data = {
            name: getattr(process, name)
            for name in (
                "title",
                "summary",
                "description_markdown",
                "easy_summary",
                "decided_by",
                "scope_for_influence",
                "constraints",
                "use_of_results",
                "feedback_due",
                "contact_office",
                "contact_person",
                "contact_email",
                "image_alt",
                "pre_moderation",
                "first_contribution_review",
            )
        }
        data["district"] = process.district.code if process.district else ""
        data["action_field"] = process.action_field.slug
        data["council_documents"] = "\n".join(d.number for d in process.council_documents)
        data["links"] = "\n".join(f"{link.title} | {link.url}" for link in process.links)
        data["categories"] = "\n".join(c.name for c in process.categories)
        for phase in process.phases:
            data[f"phase_{phase.kind}_starts_on"] = phase.starts_on
            data[f"phase_{phase.kind}_ends_on"] = phase.ends_on
        return data

    def phase_rows(self):
        return [
            (REGISTRY[kind], self[f"phase_{kind}_starts_on"], self[f"phase_{kind}_ends_on"])
            for kind in REGISTRY
        ]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for _kind, start, end in self.phase_rows():
            if bool(start.data) != bool(end.data):
                (end if start.data else start).errors.append(
                    str(_l("Bitte geben Sie Beginn und Ende an."))
                )
                ok = False
        return ok

    def service_arguments(self) -> dict:
        """The form's data in the shape create_process and update_process take."""
        lines = lambda text: [line.strip() for line in (text or "").splitlines() if line.strip()]  # noqa: E731
        links = []
        for line in lines(self.links.data):
            title, _sep, url = line.rpartition("|")
            links.append(((title or url).strip(), url.strip()))
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "district_code": self.district.data or None,
            "action_field_slug": self.action_field.data,
            "description_markdown": self.description_markdown.data or "",
            "easy_summary": self.easy_summary.data or "",
            "decided_by": self.decided_by.data or "",
            "scope_for_influence": self.scope_for_influence.data or "",
            "constraints": self.constraints.data or "",
            "use_of_results": self.use_of_results.data or "",
            "feedback_due": self.feedback_due.data,
            "contact_office": self.contact_office.data or "",
            "contact_person": self.contact_person.data or "",
            "contact_email": self.contact_email.data or "",
            "council_documents": tuple(lines(self.council_documents.data)),
            "links": tuple(links),
            "categories": tuple(dict.fromkeys(lines(self.categories.data))),
            "phases": tuple(
                PhaseInput(kind.code, start.data, end.data)
                for kind, start, end in self.phase_rows()
                if start.data
            ),
            "image": self.image.data or None,
            "image_alt": self.image_alt.data or "",
            "pre_moderation": bool(self.pre_moderation.data),
            "first_contribution_review": bool(self.first_contribution_review.data),
        }


# One row of dates per phase kind, so the form needs no JavaScript to add phases.
for _kind in REGISTRY:
    setattr(
        ProcessForm, f"phase_{_kind}_starts_on", DateField(_l("Beginn"), validators=[Optional()])
    )
    setattr(ProcessForm, f"phase_{_kind}_ends_on", DateField(_l("Ende"), validators=[Optional()]))
