"""Payload families of QUALITY.md's bad-input harness."""

from __future__ import annotations

SCRIPT = [
    "<script>alert(1)</script>",
    "<ScRiPt src=//x.example/a.js></ScRiPt>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
]
EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="#" onmouseover="alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
]
ATTRIBUTE_BREAKOUT = [
    '" onfocus="alert(1)" autofocus="',
    "' onfocus='alert(1)' autofocus='",
    '"><script>alert(1)</script>',
    "</script><script>alert(1)</script>",
    '{"a":"</script><script>alert(1)</script>"}',
]
TEMPLATE = ["{{7*7}}", "{% raw %}{{7*7}}{% endraw %}", "${7*7}", "#{7*7}"]
JAVASCRIPT_URLS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java\u200bscript:alert(1))",
    "[x]( javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "javascript:alert(1)",
]
DATA_URLS = [
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
]
FORMACTION = [
    '<button formaction="javascript:alert(1)">x</button>',
    '<form action="https://evil.example"><input type=submit></form>',
]
SVG_MATHML = [
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
]
MUTATION = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<math><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)></style>',
    "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
]
CSS = [
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>*{color:red}</style>",
    '<div style="width:expression(alert(1))">x</div>',
]
HTMX = [
    '<div hx-get="/abmelden" hx-trigger="load">x</div>',
    '<a hx-post="/konto/ueberall-abmelden" hx-trigger="mouseover">x</a>',
    '<div data-hx-get="/x" data-hx-trigger="load">x</div>',
]
SQLISH = [
    "' OR '1'='1",
    "'; DROP TABLE user_account; --",
    "1 UNION SELECT password_hash FROM user_account",
    "%",
    "_",
    "%_%",
    "\\",
]
CRLF = [
    "Betreff\r\nBcc: victim@example.org",
    "x\r\nSet-Cookie: a=b",
    "%0d%0aLocation: //evil.example",
]
NUL = ["a\x00b", "\x00"]
BAD_UNICODE = ["\ud800", "a\udfffb", "\u202eevil\u202c", "a\u200bb", "\ufeff"]
LONG = ["x" * 100_000]
CSV = ['=HYPERLINK("https://evil.example")', "+1+1", "-1+1", "@SUM(A1)"]

FAMILIES: dict[str, list[str]] = {
    "script": SCRIPT,
    "event_handlers": EVENT_HANDLERS,
    "attribute_breakout": ATTRIBUTE_BREAKOUT,
    "template": TEMPLATE,
    "javascript_urls": JAVASCRIPT_URLS,
    "data_urls": DATA_URLS,
    "formaction": FORMACTION,
    "svg_mathml": SVG_MATHML,
    "mutation": MUTATION,
    "css": CSS,
    "htmx": HTMX,
    "sqlish": SQLISH,
    "crlf": CRLF,
    "nul": NUL,
    "bad_unicode": BAD_UNICODE,
    "long": LONG,
    "csv": CSV,
}
ALL = [(family, payload) for family, payloads in FAMILIES.items() for payload in payloads]
RICH_TEXT_PAYLOADS = [
    p
    for name in (
        "script",
        "event_handlers",
        "attribute_breakout",
        "javascript_urls",
        "data_urls",
        "formaction",
        "svg_mathml",
        "mutation",
        "css",
        "htmx",
    )
    for p in FAMILIES[name]
]
