"""Judge a page for executable markup: parse with html5lib, serialise, parse again."""

from __future__ import annotations

import re

import html5lib
from html5lib.serializer import HTMLSerializer

FORBIDDEN_ELEMENTS = {"script", "iframe", "object", "embed", "base", "svg", "math", "form",
                      "style", "frame", "frameset", "applet", "meta", "link", "template",
                      "noscript", "xmp"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data",
                  "background", "srcset"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_INVISIBLE = re.compile("[\\s\x00-\x1f\x7f\u200b-\u200f\u2028\u2029\u2060\ufeff]")


def _local_name(name) -> str:
    if isinstance(name, tuple):
        namespace, local = name
        return f"xlink:{local}" if namespace and "xlink" in namespace else local
    return name.split("}")[-1]


def _scheme(url: str) -> str | None:
    cleaned = _INVISIBLE.sub("", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else None


def _features(tree) -> set[str]:
    found = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _local_name(element.tag)
        attrs = {_local_name(k).lower(): v for k, v in element.attrib.items()}
        if tag in FORBIDDEN_ELEMENTS:
            found.add(f"<{tag} {sorted(attrs.items())}> {(element.text or '')[:60]!r}")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.add(f"{tag}[{name}]={value[:60]!r}")
            if name.startswith(("hx-", "data-hx-")):
                found.add(f"{tag}[{name}]={value[:60]!r}")
            if name in URL_ATTRIBUTES:
                scheme = _scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found.add(f"{tag}[{name}] scheme {scheme}")
            if name == "style" and re.search(r"expression|url\(|javascript", value, re.I):
                found.add(f"{tag}[style]={value[:60]!r}")
    return found


def dangerous_features(html: str) -> set[str]:
    """Every executable or dangerous construct in the document, from both parses."""
    first = html5lib.parse(html, namespaceHTMLElements=False)
    walker = html5lib.getTreeWalker("etree")
    serialised = "".join(HTMLSerializer(omit_optional_tags=False).serialize(walker(first)))
    second = html5lib.parse(serialised, namespaceHTMLElements=False)
    return _features(first) | _features(second)


def new_dangerous_features(baseline_html: str, html: str) -> set[str]:
    """What the payload added compared with the same page holding harmless text."""
    return dangerous_features(html) - dangerous_features(baseline_html)
