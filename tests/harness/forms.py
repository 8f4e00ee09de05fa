"""Read the real forms out of a page, as a browser would."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import html5lib

TEXT_INPUTS = {"text", "email", "password", "url", "search", "hidden", "tel", None, ""}


@dataclass
class FormField:
    name: str
    kind: str  # input type, "textarea", "select", "button"
    value: str


@dataclass
class ParsedForm:
    action: str
    method: str
    fields: list[FormField]

    @property
    def text_fields(self) -> list[FormField]:
        return [
            f
            for f in self.fields
            if f.name != "csrf_token"
            and (f.kind in TEXT_INPUTS or f.kind in {"textarea", "button"})
        ]


def parse_forms(html: str, page_path: str) -> list[ParsedForm]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    forms = []
    for form in tree.iter("form"):
        action = urlsplit(urljoin(page_path, form.get("action") or page_path))
        fields = []
        for element in form.iter():
            name = element.get("name")
            if not name:
                continue
            if element.tag == "input":
                fields.append(
                    FormField(name, element.get("type", "text"), element.get("value", ""))
                )
            elif element.tag == "textarea":
                fields.append(FormField(name, "textarea", element.text or ""))
            elif element.tag == "select":
                options = list(element.iter("option"))
                chosen = [o for o in options if o.get("selected") is not None] or options[:1]
                value = (chosen[0].get("value", chosen[0].text or "")) if chosen else ""
                fields.append(FormField(name, "select", value))
            elif element.tag == "button":
                fields.append(FormField(name, "button", element.get("value", "")))
        forms.append(ParsedForm(action.path, (form.get("method") or "get").lower(), fields))
    return forms


def field_values(html: str, action: str) -> dict[str, str]:
    """What the re-shown form posting to `action` holds: name -> value."""
    for form in parse_forms(html, action):
        if form.method == "post" and form.action == action:
            return {f.name: f.value for f in form.fields if f.kind != "button"}
    return {}
