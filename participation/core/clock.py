"""The one source of the current time, so tests can move it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CITY_TIMEZONE = ZoneInfo("Europe/Berlin")

_frozen: datetime | None = None


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def local_today() -> date:
    """Today in the city: phase dates are calendar days in Hannover, not in UTC."""
    return utcnow().astimezone(CITY_TIMEZONE).date()


def freeze(moment: datetime | None) -> None:
    """Pin the clock to `moment` (tests only); None releases it."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs a timezone-aware datetime")
    _frozen = moment


@contextmanager
def travel(moment: datetime) -> Iterator[None]:
    """Act as if it were `moment` inside the block (tests, and demo data that replays a
    past dialogue through the services)."""
    previous = _frozen
    freeze(moment)
    try:
        yield
    finally:
        freeze(previous)
