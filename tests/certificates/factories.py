"""A certificate for tests and the harnesses (inside an app context)."""

from __future__ import annotations

import itertools
from datetime import date

_sources = itertools.count(1)


def issue_sample(holder=None, name: str = "Ida Beispiel", **fields):
    """A training certificate from a fresh test source, unless `source_id` is given."""
    from participation.certificates import services

    fields.setdefault("kind", "training")
    fields.setdefault("title", "Grundlagen der Bürgerbeteiligung")
    fields.setdefault("held_from", date(2026, 11, 3))
    fields.setdefault("source_type", "test")
    fields.setdefault("source_id", next(_sources))
    return services.issue(holder=holder, holder_name=name, **fields)
