"""The exchange format's schema: reading an uploaded export, checked completely (marshmallow,
unknown keys refused at every level, strict types and limits), with German reasons."""

from __future__ import annotations

import json

from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from participation.core.errors import Invalid
from participation.core.sanitize import clean_plain_text, has_forbidden_characters
from participation.practice.models import FIGURES, FORMATS, SCOPES, TARGET_GROUPS, TEXTS
from participation.practice.services import NUMBER_MAX, SUMMARY_MAX, TEXT_MAX, TITLE_MAX

FORMAT_NAME = "praxisbeispiele"
VERSION = 1
MAX_BYTES = 1024 * 1024
MAX_EXAMPLES = 200
RESOURCES = ("staff_days", "budget_euros", "duration_weeks")
_SLUG = r"^[a-z0-9][a-z0-9-]{0,39}$"


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
