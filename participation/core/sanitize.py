"""The only place that turns user text into HTML: Markdown without raw HTML, then bleach.

bleach's 6.x line is final; keeping it behind this module means the sanitiser can be
swapped in one place.
"""

from __future__ import annotations

import re
import unicodedata

import bleach
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_markdown = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).disable(["image", "heading", "lheading", "hr", "table", "fence", "code_block"], True)

# Operator pages (Impressum, Datenschutz, ...) written by staff may also use headings.
PAGE_TAGS = ALLOWED_TAGS | {"h2", "h3"}

_page_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(
    ["image", "table", "fence", "code_block"], True
)

_page_cleaner = bleach.Cleaner(
    tags=PAGE_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)

# Control characters other than tab/newline, and the invisible or direction-changing
# format characters that are used to disguise text.
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")


def has_forbidden_characters(text: str) -> bool:
    """True when text holds NUL/control characters or lone surrogates."""
    return bool(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text) or _SURROGATES.search(text))


def clean_plain_text(text: str) -> str:
    """Normalise plain text input: NFC, no invisible/bidi characters, unified line ends."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _UNSAFE_CHARS.sub("", text)


# The city writes the gender star inside words (Einwohner*innen); Markdown would read two
# of them as emphasis. A star between two letters is always meant literally.
_GENDER_STAR = re.compile(r"(?<=\w)\*(?=\w)")


def _prepare(text: str) -> str:
    return _GENDER_STAR.sub(r"\\*", clean_plain_text(text or ""))


def render_markdown(text: str) -> str:
    """Render light Markdown written by a user to safe HTML (call once, on write)."""
    html = _markdown.render(_prepare(text))
    return sanitize_html(html)


def render_page_markdown(text: str) -> str:
    """Render an operator page: like render_markdown, plus level-2/3 headings."""
    html = _page_markdown.render(_prepare(text))
    # Headings are shifted down one level: the page title is the only h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    for level in (4, 5, 6):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return _add_link_rel(_page_cleaner.clean(html)).strip()


def sanitize_html(html: str) -> str:
    """Clean HTML with the strict allow-list; idempotent."""
    cleaned = _cleaner.clean(html)
    return _add_link_rel(cleaned).strip()


def _add_link_rel(html: str) -> str:
    return bleach.linkify(html, callbacks=[_nofollow], skip_tags=None, parse_email=False)


def _nofollow(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs and attrs[href_key].startswith(("http://", "https://")):
        attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs
