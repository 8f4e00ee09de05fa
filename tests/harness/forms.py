"""Read the real forms out of a page, as a browser would."""

from __future__ import annotations

import secrets
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
                kind = element.get("type", "text")
                if kind in ("radio", "checkbox") and element.get("checked") is None:
                    continue  # a browser sends only what is checked
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


def multipart(
    fields: dict[str, str], files: dict[str, tuple[bytes, str, str]]
) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it: (body, content type).

    Text keeps lone surrogates as their raw bytes (as `encode` does for URL-encoded forms);
    files are (content, file name, media type). Built in memory: Werkzeug's test client
    spools large bodies to temporary files it never closes.
    """
    boundary = "----HarnessBoundary" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    for name, (content, filename, media_type) in files.items():
        parts.append(
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {media_type}\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
