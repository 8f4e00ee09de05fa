"""The one sanitising module: light Markdown in, a strict allow-list out, idempotent."""

import pytest

from participation.core.sanitize import (
    clean_plain_text,
    has_forbidden_characters,
    render_markdown,
    render_page_markdown,
    sanitize_html,
)
from tests.harness.payloads import RICH_TEXT_PAYLOADS
from tests.harness.xss import dangerous_features


def test_light_markdown_is_rendered():
    html = render_markdown(
        "Hallo **Welt** und *mehr*\n\n- eins\n- zwei\n\n[Stadt](https://example.org)"
    )
    assert "<strong>Welt</strong>" in html
    assert "<em>mehr</em>" in html
    assert "<ul>" in html and "<li>eins</li>" in html
    assert '<a href="https://example.org" rel="nofollow noopener ugc">Stadt</a>' in html


def test_raw_html_is_not_rendered():
    html = render_markdown('<script>alert(1)</script><b onclick="x()">fett</b>')
    assert "<script" not in html
    assert "<b" not in html
    assert "&lt;script&gt;" in html


def test_headings_images_and_tables_are_not_allowed_to_residents():
    html = render_markdown("# Titel\n\n![bild](https://example.org/x.png)")
    assert "<h1" not in html and "<img" not in html


def test_operator_pages_get_headings_but_never_h1():
    html = render_page_markdown("# Eins\n\n## Zwei\n\n#### Vier")
    assert "<h1" not in html
    assert "<h2>Eins</h2>" in html and "<h2>Zwei</h2>" in html and "<h3>Vier</h3>" in html


@pytest.mark.parametrize("payload", RICH_TEXT_PAYLOADS)
def test_payloads_leave_no_executable_markup(payload):
    html = render_markdown(payload)
    assert not dangerous_features(f"<div>{html}</div>")
    assert sanitize_html(html) == html, "sanitising twice must change nothing"


@pytest.mark.parametrize("payload", RICH_TEXT_PAYLOADS)
def test_page_markdown_is_as_strict(payload):
    html = render_page_markdown(payload)
    assert not dangerous_features(f"<div>{html}</div>")


def test_javascript_links_are_dropped_in_every_disguise():
    for href in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "jav&#x61;script:alert(1)",
        "java\u200bscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ]:
        html = render_markdown(f"[klick]({href})")
        assert "href" not in html or 'href="http' in html, (href, html)


def test_plain_text_cleaning_removes_invisible_and_bidi_characters():
    assert clean_plain_text("a\u202eb\u200bc\r\nd") == "abc\nd"
    assert has_forbidden_characters("a\x00b")
    assert has_forbidden_characters("a\ud800b")
    assert not has_forbidden_characters("Grüße\tund\nmehr")


def test_gender_star_is_literal_not_emphasis():
    html = render_markdown("Einwohner*innen und Verfasser*innen, aber *betont*")
    assert "Einwohner*innen und Verfasser*innen" in html
    assert "<em>betont</em>" in html
    assert "<em>innen" not in render_page_markdown("Nutzer*innen und Bürger*innen")


@pytest.mark.parametrize(
    "html",
    [
        "<script>x</script>",
        '<img src=x onerror="a()">',
        '<a href=" java\tscript:x">x</a>',
        '<div hx-get="/x">x</div>',
        "<svg></svg>",
        '<a href="data:text/html,x">x</a>',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    ],
)
def test_the_checker_itself_finds_dangerous_markup(html):
    assert dangerous_features(f"<div>{html}</div>")
