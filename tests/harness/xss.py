"""Judge a page for executable markup: parse with html5lib, serialise, parse again."""

from __future__ import annotations

import re
from collections import Counter

import html5lib
from html5lib.serializer import HTMLSerializer

FORBIDDEN_ELEMENTS = {
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "svg",
    "math",
    "form",
    "style",
    "frame",
    "frameset",
    "applet",
    "meta",
    "link",
    "template",
    "noscript",
    "xmp",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "srcset",
}
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


def _features(tree) -> Counter:
    """Dangerous constructs, counted; keyed without values so that a page's own markup
    (whose token values change per session) cancels out against a baseline."""
    found: Counter = Counter()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _local_name(element.tag)
        attrs = {_local_name(k).lower(): v for k, v in element.attrib.items()}
        if tag in FORBIDDEN_ELEMENTS:
            found[f"<{tag} {sorted(attrs)}>"] += 1
        for name, value in attrs.items():
            if name.startswith(("on", "hx-", "data-hx-")):
                found[f"{tag}[{name}]"] += 1
            if name in URL_ATTRIBUTES:
                scheme = _scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found[f"{tag}[{name}] scheme {scheme}"] += 1
            if name == "style" and re.search(r"expression|url\(|javascript", value, re.I):
                found[f"{tag}[style] {value[:60]!r}"] += 1
    return found


def dangerous_features(html: str) -> Counter:
    """Every executable or dangerous construct in the document, from both parses
    (the larger count of the two for each construct)."""
    first = html5lib.parse(html, namespaceHTMLElements=False)
    walker = html5lib.getTreeWalker("etree")
    serialised = "".join(HTMLSerializer(omit_optional_tags=False).serialize(walker(first)))
    second = html5lib.parse(serialised, namespaceHTMLElements=False)
    return _features(first) | _features(second)
