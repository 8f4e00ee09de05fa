"""Safe redirects and URL converters."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from werkzeug.routing import IntegerConverter

_CONTROL = re.compile(r"[\x00-\x1f\x7f\s\\]")


def safe_next(value: str | None, default: str = "/") -> str:
    """Return `value` if it is a path on this site (one leading slash), else `default`."""
    if not value or not isinstance(value, str) or len(value) > 2000:
        return default
    for candidate in (value, unquote(value), unquote(unquote(value))):
        if _CONTROL.search(candidate):
            return default
        if not candidate.startswith("/") or candidate.startswith("//"):
            return default
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return default
    return value


class IdConverter(IntegerConverter):
    """Positive database ids that fit a 32-bit integer column; anything else is a 404."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, min=1, max=2**31 - 1)
