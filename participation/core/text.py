"""Normalisation of names and e-mail addresses used for uniqueness checks."""

from __future__ import annotations

import unicodedata

# Characters that make two names look alike or change how text reads.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}


def has_invisible_or_control(text: str) -> bool:
    """Control, format (zero-width, bidi), private-use, unassigned or surrogate characters."""
    return any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in text)


def name_key(name: str) -> str:
    """The comparison key of a public name: NFKC, casefold, inner spaces collapsed."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = unicodedata.normalize("NFKC", folded)
    return " ".join(folded.split())


def normalise_email(email: str) -> str:
    """Lower-case, trimmed e-mail address for lookups and uniqueness."""
    return (email or "").strip().casefold()
