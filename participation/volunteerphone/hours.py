"""When the line is open: the weekly pattern and its exceptions turned into times in
Europe/Berlin. Pure functions of their arguments (no database, no clock), so every case —
a holiday, special hours, the change to and from summer time — is tested directly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from participation.core.clock import CITY_TIMEZONE

# How far ahead the next opening is looked for (a line closed longer shows none).
HORIZON_DAYS = 28


@dataclass(frozen=True)
class Slot:
    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class Exception_:
    """A day off the pattern: `starts` None means closed all day."""

    day: date
    starts: time | None = None
    ends: time | None = None
    note: str = ""


@dataclass(frozen=True)
class LineStatus:
    open_now: bool
    # While open: when the current slot ends; otherwise when the next one starts (local).
    until: datetime | None
    next_start: datetime | None
    next_end: datetime | None


def _local(day: date, at: time) -> datetime:
    # zoneinfo resolves the local wall time, also on the days the clocks change.
    return datetime.combine(day, at, tzinfo=CITY_TIMEZONE)


def hours_of(day: date, slots: Iterable[Slot], exceptions: Iterable[Exception_]):
    """The (start, end) pairs of one local day, sorted, and the exception note if any."""
    own = [e for e in exceptions if e.day == day]
    if own:
        pairs = [(e.starts, e.ends) for e in own if e.starts is not None and e.ends is not None]
        note = "; ".join(e.note for e in own if e.note)
    else:
        pairs = [(s.starts, s.ends) for s in slots if s.weekday == day.weekday()]
        note = ""
    return sorted(pairs), note, bool(own)


def line_status(now: datetime, slots, exceptions) -> LineStatus:
    """Whether the line is open at `now` (aware) and when it is open next."""
    slots, exceptions = list(slots), list(exceptions)
    today = now.astimezone(CITY_TIMEZONE).date()
    for offset in range(-1, HORIZON_DAYS + 1):
        day = today + timedelta(days=offset)
        pairs, _note, _special = hours_of(day, slots, exceptions)
        for starts, ends in pairs:
            start, end = _local(day, starts), _local(day, ends)
            if start <= now < end:
                return LineStatus(True, end, start, end)
            if start > now:
                return LineStatus(False, start, start, end)
    return LineStatus(False, None, None, None)


@dataclass(frozen=True)
class Day:
    day: date
    hours: list[tuple[time, time]]
    note: str
    special: bool


def week(first: date, slots, exceptions, days: int = 7) -> list[Day]:
    """The hours of `days` days from `first`, exceptions applied (the public table)."""
    slots, exceptions = list(slots), list(exceptions)
    result = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        pairs, note, special = hours_of(day, slots, exceptions)
        result.append(Day(day, pairs, note, special))
    return result
