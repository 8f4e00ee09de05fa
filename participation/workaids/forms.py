"""Forms of the library (filters, a work aid, a version) and of process checklists."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from participation.core.forms import BaseForm, NotBlank, positive_id, strip_filter
from participation.core.uploads import megabytes
from participation.districts.services import list_action_fields
from participation.partners.forms import CheckboxList
from participation.projects.phases import REGISTRY
from participation.workaids import library
from participation.workaids.models import AUDIENCES, KINDS


class LibraryFilterForm(BaseForm):
    """Field names are the public query parameters of /arbeitshilfen."""

    class Meta:
        csrf = False

    q = SearchField(_l("Suche"), validators=[Optional(), Length(max=200)], filters=[strip_filter])
    art = SelectField(_l("Art"), validators=[Optional()])
    zielgruppe = SelectField(_l("Zielgruppe"), validators=[Optional()])
    handlungsfeld = SelectField(_l("Handlungsfeld"), validators=[Optional()])
    phase = SelectField(_l("Phase des Verfahrens"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.art.choices = [("", _l("Alle Arten")), *KINDS.items()]
        self.zielgruppe.choices = [("", _l("Alle Zielgruppen")), *AUDIENCES.items()]
        self.handlungsfeld.choices = [("", _l("Alle Handlungsfelder"))] + [
            (f.slug, f.name) for f in list_action_fields()
        ]
        self.phase.choices = [("", _l("Alle Phasen"))] + [
            (code, kind.label) for code, kind in REGISTRY.items()
        ]

    def filters(self) -> dict:
        """The valid filters; a field with an error is left out (its error is shown)."""

        def value(field):
            return field.data if field.data and not field.errors else None

        return {
            "kind": value(self.art),
            "audience": value(self.zielgruppe),
            "action_field": value(self.handlungsfeld),
            "phase": value(self.phase),
            "query": value(self.q),
        }


def _document_field() -> FileField:
    return FileField(_l("Datei (PDF, ODT oder DOCX)"))


def _describe_document(field) -> None:
    field.description = _(
        "PDF, ODT oder DOCX, höchstens %(mb)s MB. Der Dateiname beim Herunterladen wird aus "
        "dem Titel gebildet.",
        mb=megabytes(current_app.config["WORK_AID_MAX_BYTES"]),
    )


class VersionFields:
    """The fields of a version: a file, or Markdown; and a note."""

    document = _document_field()
    body_markdown = TextAreaField(
        _l("… oder Text (Markdown: Absätze, ## Zwischenüberschriften, **fett**, Listen, Links)"),
        validators=[Optional(), Length(max=library.BODY_MAX)],
    )
    note = StringField(
        _l("Hinweis zur Fassung (was ist neu?)"),
        validators=[Optional(), Length(max=library.NOTE_MAX)],
        filters=[strip_filter],
    )


class VersionForm(VersionFields, BaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe_document(self.document)

    def version_input(self) -> library.VersionInput:
        upload = self.document.data
        has_file = upload is not None and getattr(upload, "filename", "")
        return library.VersionInput(
            note=self.note.data or "",
            body_markdown=self.body_markdown.data or "",
            document=upload.stream if has_file else None,
        )


class WorkAidForm(BaseForm):
    title = StringField(
        _l("Titel"),
        validators=[
            NotBlank(_l("Bitte geben Sie einen Titel an.")),
            Length(max=library.TITLE_MAX),
        ],
        filters=[strip_filter],
    )
    summary = TextAreaField(
        _l("Kurzbeschreibung"), validators=[Optional(), Length(max=library.SUMMARY_MAX)]
    )
    kind = SelectField(_l("Art"), validators=[Optional()], validate_choice=False)
    audiences = CheckboxList(_l("Für wen?"))
    action_fields = CheckboxList(_l("Handlungsfelder"))
    phases = CheckboxList(_l("Hilft in diesen Phasen eines Verfahrens"))
    is_public = BooleanField(_l("Öffentlich (sonst nur für die Verwaltung sichtbar)"), default=True)
    items = TextAreaField(
        _l("Punkte der Checkliste (einer je Zeile; nur bei der Art Checkliste)"),
        validators=[Optional(), Length(max=library.ITEMS_MAX * (library.ITEM_MAX + 1))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(KINDS.items())
        self.audiences.choices = list(AUDIENCES.items())
        self.action_fields.choices = [(f.slug, f.name) for f in list_action_fields()]
        self.phases.choices = [(code, kind.label) for code, kind in REGISTRY.items()]

    @classmethod
    def of(cls, aid):
        return cls(
            data={
                "title": aid.title,
                "summary": aid.summary,
                "kind": aid.kind,
                "audiences": aid.audience_codes,
                "action_fields": [f.slug for f in aid.action_fields],
                "phases": aid.phase_kinds,
                "is_public": aid.is_public,
                "items": "\n".join(item.text for item in aid.items),
            }
        )

    def work_aid_input(self) -> library.WorkAidInput:
        return library.WorkAidInput(
            title=self.title.data or "",
            summary=self.summary.data or "",
            kind=self.kind.data or "",
            audiences=tuple(self.audiences.data or ()),
            action_field_slugs=tuple(self.action_fields.data or ()),
            phase_kinds=tuple(self.phases.data or ()),
            is_public=bool(self.is_public.data),
            items=tuple(line for line in (self.items.data or "").splitlines() if line.strip()),
        )


class NewWorkAidForm(VersionFields, WorkAidForm):
    """A new work aid comes with its first version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe_document(self.document)

    version_input = VersionForm.version_input


class AttachForm(BaseForm):
    work_aid = SelectField(_l("Checkliste"), validators=[Optional()], validate_choice=False)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.work_aid.choices = [(str(aid.id), aid.title) for aid in templates]

    def chosen_id(self) -> int | None:
        return positive_id(self.work_aid.data)


class TickForm(BaseForm):
    # "1" ticks, anything else unticks: the button pressed says which.
    done = StringField(validators=[Optional(), Length(max=1)])
    note = StringField(
        _l("Notiz (freiwillig)"),
        validators=[Optional(), Length(max=500)],
        filters=[strip_filter],
    )
