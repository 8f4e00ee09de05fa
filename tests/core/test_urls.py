"""`next=` only ever leads to a single-slash path on this site."""

import pytest

from participation.core.urls import safe_next

OUTSIDE = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example/",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    " /konto",
    "/konto\r\nSet-Cookie: x=1",
    "/%0d%0aLocation:%20//evil.example",
    "",
    None,
    "konto",
    "/\t/evil.example",
    "%252F%252Fevil.example",
]


@pytest.mark.parametrize("value", OUTSIDE)
def test_leaving_the_site_falls_back(value):
    assert safe_next(value, "/fallback") == "/fallback"


@pytest.mark.parametrize("value", ["/", "/konto", "/verfahren?bezirk=10&seite=2", "/a/b#c"])
def test_local_paths_pass(value):
    assert safe_next(value, "/fallback") == value
