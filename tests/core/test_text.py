"""Names are compared after NFKC + casefold; invisible characters are refused."""

import pytest

from participation.core.text import has_invisible_or_control, name_key, normalise_email


@pytest.mark.parametrize(
    "a, b",
    [
        ("Lotte", "LOTTE"),
        ("Lotte", "ｌｏｔｔｅ"),
        ("Straße", "STRASSE"),
        ("Ａnna  B", "anna b"),
        ("ﬁlm", "film"),
    ],
)
def test_look_alike_names_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("name", ["a\u200bb", "a\u202eb", "a\u2066b", "a\x00b", "a\ufeffb"])
def test_invisible_characters_are_detected(name):
    assert has_invisible_or_control(name)


def test_email_normalisation():
    assert normalise_email("  Lotte@Example.ORG ") == "lotte@example.org"
