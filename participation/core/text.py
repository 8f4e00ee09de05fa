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


def is_web_address(url: str, max_length: int = 500) -> bool:
    """An http(s) address that users may link to: no other scheme, no white space."""
    return (
        url.startswith(("https://", "http://"))
        and len(url) <= max_length
        and not any(ch.isspace() for ch in url)
    )


def is_mail_address(address: str) -> bool:
    """A syntactically valid e-mail address (no lookup of the domain)."""
    from email_validator import EmailNotValidError, validate_email

    if len(address) > 254:
        return False
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
