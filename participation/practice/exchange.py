"""The exchange between municipalities: the published examples as a versioned JSON document
(`/praxisbeispiele.json`, described in docs/practice-examples.md), and the import of another
portal's document as drafts that keep their source.

An import is checked completely before anything is written: one wrong value anywhere and
nothing is imported, with the reasons listed next to the upload field. Texts arrive as
Markdown and are sanitised here like everything staff write; HTML is never taken over."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy import select

from participation.core.clock import utcnow
from participation.core.errors import Invalid
from participation.core.links import external_url
from participation.core.permissions import require
from participation.core.sanitize import clean_plain_text, has_forbidden_characters
from participation.districts.models import ActionField
from participation.extensions import db
from participation.practice.models import (
    ELSEWHERE,
    EXTERNAL,
    FIGURES,
    FORMATS,
    SCOPES,
    TARGET_GROUPS,
    TEXTS,
    PracticeExample,
)
from participation.practice.services import (
    NUMBER_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ExampleInput,
    apply_input,
    new_example,
)

FORMAT_NAME = "praxisbeispiele"
VERSION = 1
MAX_BYTES = 1024 * 1024
MAX_EXAMPLES = 200
RESOURCES = ("staff_days", "budget_euros", "duration_weeks")
_SLUG = r"^[a-z0-9][a-z0-9-]{0,39}$"


# --- export ---------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _source(example: PracticeExample, config) -> dict:
    """Where the example comes from: this portal for its own, else the source it came
    with, so a re-export never claims another municipality's example."""
    own = external_url("practice.detail", slug=example.slug)
    if not example.is_external:
        return {
            "portal": config["SITE_NAME"],
            "municipality": config["MUNICIPALITY_NAME"],
            "url": config["BASE_URL"].rstrip("/"),
            "id": str(example.id),
            "link": own,
        }
    return {
        "portal": "",
        "municipality": example.source_name,
        "url": example.origin_url or example.source_url or config["BASE_URL"].rstrip("/"),
        "id": example.origin_id or str(example.id),
        "link": example.source_url or None,
    }


def as_entry(example: PracticeExample) -> dict:
    config = current_app.config
    return {
        "id": str(example.id),
        "url": external_url("practice.detail", slug=example.slug),
        "title": example.title,
        "summary": example.summary,
        "format": example.format,
        "format_other": example.format_other,
        "scope": example.scope,
        "district": example.district.name if example.district else None,
        "place": example.place,
        "action_fields": [{"slug": f.slug, "name": f.name} for f in example.action_fields],
        "target_groups": example.target_groups,
        "texts": {name: getattr(example, f"{name}_markdown") for name in TEXTS},
        "resources": {name: getattr(example, name) for name in RESOURCES},
        "figures": {name: getattr(example, name) for name in FIGURES},
        "contact": {"office": example.contact, "email": example.contact_email},
        "source": _source(example, config),
        "published_at": _iso(example.published_at),
        "updated_at": _iso(example.updated_at),
    }


def export_document(examples: list[PracticeExample]) -> dict:
    config = current_app.config
    return {
        "format": FORMAT_NAME,
        "version": VERSION,
        "publisher": {
            "portal": config["SITE_NAME"],
            "municipality": config["MUNICIPALITY_NAME"],
            "url": config["BASE_URL"].rstrip("/"),
        },
        "exported_at": _iso(utcnow()),
        "examples": [as_entry(example) for example in examples],
    }


# --- import: the schema ---------------------------------------------------------------------


class Text(fields.String):
    """A string without control characters, normalised as form input is."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if has_forbidden_characters(text):
            raise ValidationError("control characters")
        return clean_plain_text(text)


def _text(maximum: int, *, required: bool = False, nullable: bool = False) -> Text:
    length = validate.Length(min=1 if required else 0, max=maximum)
    if required:
        return Text(required=True, validate=length)
    return Text(load_default=None if nullable else "", allow_none=nullable, validate=length)


def _url(*, required: bool = False) -> fields.Url:
    options = {"schemes": {"http", "https"}, "require_tld": False}
    if required:
        return fields.Url(required=True, validate=validate.Length(max=500), **options)
    return fields.Url(
        load_default=None, allow_none=True, validate=validate.Length(max=500), **options
    )


def _number() -> fields.Integer:
    return fields.Integer(
        strict=True, allow_none=True, load_default=None, validate=validate.Range(0, NUMBER_MAX)
    )


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class ActionFieldEntry(_Strict):
    slug = Text(required=True, validate=validate.Regexp(_SLUG))
    name = _text(200)


class SourceEntry(_Strict):
    portal = _text(200)
    municipality = _text(200)
    url = _url(required=True)
    id = _text(100, required=True)
    link = _url()


class ExampleEntry(_Strict):
    id = _text(100, required=True)
    url = _url()
    title = _text(TITLE_MAX, required=True)
    summary = _text(SUMMARY_MAX)
    format = Text(required=True, validate=validate.OneOf(FORMATS))
    format_other = _text(100)
    scope = Text(required=True, validate=validate.OneOf(SCOPES))
    district = _text(200, nullable=True)
    place = _text(200)
    action_fields = fields.List(
        fields.Nested(ActionFieldEntry), load_default=list, validate=validate.Length(max=30)
    )
    target_groups = fields.List(
        Text(validate=validate.OneOf(TARGET_GROUPS)),
        load_default=list,
        validate=validate.Length(max=len(TARGET_GROUPS)),
    )
    texts = fields.Nested(
        type("Texts", (_Strict,), {name: _text(TEXT_MAX) for name in TEXTS}), load_default=dict
    )
    resources = fields.Nested(
        type("Resources", (_Strict,), {name: _number() for name in RESOURCES}), load_default=dict
    )
    figures = fields.Nested(
        type("Figures", (_Strict,), {name: _number() for name in FIGURES}), load_default=dict
    )
    contact = fields.Nested(
        type("Contact", (_Strict,), {"office": _text(300), "email": _text(254)}),
        load_default=dict,
    )
    source = fields.Nested(SourceEntry, load_default=None, allow_none=True)
    published_at = _text(40, nullable=True)
    updated_at = _text(40, nullable=True)


class PublisherEntry(_Strict):
    portal = _text(200)
    municipality = _text(200)
    url = _url(required=True)


class ExportDocument(_Strict):
    format = Text(required=True, validate=validate.Equal(FORMAT_NAME))
    version = fields.Integer(strict=True, required=True, validate=validate.Equal(VERSION))
    publisher = fields.Nested(PublisherEntry, required=True)
    exported_at = _text(40, nullable=True)
    examples = fields.List(
        fields.Nested(ExampleEntry), required=True, validate=validate.Length(max=MAX_EXAMPLES)
    )


# --- import: reading ------------------------------------------------------------------------

_MESSAGES = {
    "Missing data for required field.": "fehlt",
    "Unknown field.": "ist unbekannt",
    "Not a valid integer.": "ist keine ganze Zahl",
    "Not a valid string.": "ist kein Text",
    "Not a valid URL.": "ist keine gültige http(s)-Adresse",
    "Not a valid list.": "ist keine Liste",
    "Invalid input type.": "hat den falschen Typ",
    "Field may not be null.": "darf nicht leer (null) sein",
    "control characters": "enthält unzulässige Steuerzeichen",
}


def _german(message: str) -> str:
    if message in _MESSAGES:
        return _MESSAGES[message]
    if message.startswith("Must be one of"):
        return "hat einen Wert, den das Format nicht kennt"
    if message.startswith(("Must be greater", "Must be less", "Must be at")):
        return "liegt außerhalb des erlaubten Bereichs"
    if message.startswith(("Shorter than", "Longer than", "Length must")):
        return "hat eine unzulässige Länge"
    if message.startswith("String does not match"):
        return "hat eine unzulässige Form"
    if message.startswith("Must be equal to"):
        return "hat einen unerwarteten Wert"
    return "ist ungültig"


def _flatten(messages, path: str = "") -> list[str]:
    if isinstance(messages, dict):
        found = []
        for key, value in messages.items():
            if key == "_schema":
                found += _flatten(value, path)
            elif isinstance(key, int):
                found += _flatten(value, f"{path}[{key + 1}]")
            else:
                found += _flatten(value, f"{path}.{key}" if path else str(key))
        return found
    if isinstance(messages, list):
        return [f"„{path or 'Dokument'}“ {_german(str(m))}" for m in messages]
    return [f"„{path or 'Dokument'}“ {_german(str(messages))}"]


def read_document(raw: bytes) -> dict:
    """The checked document, or Invalid (field "document") listing what is wrong."""

    def refuse(message: str):
        raise Invalid(message, field="document")

    if len(raw) > MAX_BYTES:
        refuse(_("Die Datei ist zu groß (höchstens 1 MB)."))
    if not raw.strip():
        refuse(_("Bitte wählen Sie eine JSON-Datei aus."))
    try:
        text = raw.decode("utf-8-sig")

        def no_constants(name):
            raise ValueError(name)

        document = json.loads(text, parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        refuse(_("Die Datei ist kein gültiges JSON (UTF-8)."))
    if not isinstance(document, dict):
        refuse(_("Die Datei ist kein Export von Praxisbeispielen."))
    if document.get("format") != FORMAT_NAME or document.get("version") != VERSION:
        refuse(
            _(
                "Die Datei ist kein Export von Praxisbeispielen im Format „%(name)s“, "
                "Version %(version)d.",
                name=FORMAT_NAME,
                version=VERSION,
            )
        )
    try:
        loaded = ExportDocument().load(document)
    except (ValidationError, RecursionError) as error:
        problems = _flatten(error.messages) if isinstance(error, ValidationError) else []
        shown = "; ".join(problems[:8]) + (" …" if len(problems) > 8 else "")
        refuse(_("Die Datei passt nicht zum Format: %(problems)s", problems=shown or "?"))
    ids = [entry["id"] for entry in loaded["examples"]]
    if len(ids) != len(set(ids)):
        refuse(_("Eine Kennung kommt in der Datei mehrmals vor."))
    return loaded


# --- import: writing ------------------------------------------------------------------------


@dataclass
class ImportLine:
    title: str
    outcome: str  # "created", "updated", "skipped"
    note: str = ""


@dataclass
class ImportSummary:
    source: str
    lines: list[ImportLine] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)


def _place(entry: dict, municipality: str) -> str:
    if entry["scope"] == ELSEWHERE:
        return entry["place"] or municipality
    parts = [municipality, entry["district"] or ""]
    return " – ".join(p for p in parts if p)[:200]


def _input(entry: dict, source: dict, known: dict[str, str]) -> ExampleInput:
    municipality = source["municipality"] or source["portal"] or source["url"]
    return ExampleInput(
        title=entry["title"],
        summary=entry["summary"],
        format=entry["format"],
        format_other=entry["format_other"] or ("Sonstiges" if entry["format"] == "other" else ""),
        scope=ELSEWHERE,
        place=_place(entry, municipality) or municipality[:200],
        action_field_slugs=tuple({f["slug"] for f in entry["action_fields"] if f["slug"] in known}),
        target_groups=tuple(entry["target_groups"]),
        texts={name: entry["texts"].get(name, "") for name in TEXTS},
        numbers={
            **{name: entry["resources"].get(name) for name in RESOURCES},
            **{name: entry["figures"].get(name) for name in FIGURES},
        },
        contact=entry["contact"].get("office", ""),
        contact_email=entry["contact"].get("email", ""),
        source=EXTERNAL,
        source_name=municipality[:200],
        source_url=source["link"] or entry["url"] or source["url"],
    )


def import_document(*, actor, raw: bytes) -> ImportSummary:
    """Import another portal's export: new examples as drafts, drafts from an earlier
    import of the same source updated, published ones left as they are (edit them by
    hand). One commit for all."""
    require(actor, "publish_practice_examples")
    document = read_document(raw)
    publisher = document["publisher"]
    own_url = current_app.config["BASE_URL"].rstrip("/")
    known = dict(db.session.execute(select(ActionField.slug, ActionField.name)).all())
    summary = ImportSummary(source=publisher["municipality"] or publisher["portal"] or "")
    for entry in document["examples"]:
        source = entry["source"] or {
            "portal": publisher["portal"],
            "municipality": publisher["municipality"],
            "url": publisher["url"],
            "id": entry["id"],
            "link": entry["url"],
        }
        origin_url, origin_id = source["url"].rstrip("/"), source["id"]
        if origin_url == own_url:
            summary.lines.append(
                ImportLine(entry["title"], "skipped", _("stammt aus diesem Portal"))
            )
            continue
        data = _input(entry, source, known)
        unknown = sorted({f["slug"] for f in entry["action_fields"]} - set(known))
        note = (
            _("Handlungsfelder ohne Entsprechung hier: %(names)s", names=", ".join(unknown))
            if unknown
            else ""
        )
        existing = db.session.scalar(
            select(PracticeExample).where(
                PracticeExample.origin_url == origin_url, PracticeExample.origin_id == origin_id
            )
        )
        try:
            if existing is None:
                example = new_example(data, actor=actor)
                example.origin_url, example.origin_id = origin_url, origin_id
                db.session.add(example)
                db.session.flush()
                summary.lines.append(ImportLine(entry["title"], "created", note))
            elif existing.is_published:
                summary.lines.append(
                    ImportLine(
                        entry["title"],
                        "skipped",
                        _("schon veröffentlicht; Änderungen bitte von Hand übernehmen"),
                    )
                )
            else:
                apply_input(existing, data)
                summary.lines.append(ImportLine(entry["title"], "updated", note))
        except Invalid as error:
            db.session.rollback()
            raise Invalid(
                _(
                    "Das Beispiel „%(title)s“ lässt sich nicht übernehmen: %(reason)s",
                    title=entry["title"],
                    reason=error.message,
                ),
                field="document",
            ) from error
    db.session.commit()
    return summary
