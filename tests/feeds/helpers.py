"""Reading feeds as their subscribers' software does: feedparser and the RFC 4287 schema
for Atom, icalendar for calendars."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import feedparser
import icalendar
import rnc2rng
from lxml import etree

SCHEMA = Path(__file__).with_name("atom.rnc")
ATOM_NS = "{http://www.w3.org/2005/Atom}"


@cache
def atom_schema() -> etree.RelaxNG:
    grammar = rnc2rng.dumps(rnc2rng.loads(SCHEMA.read_text(encoding="utf-8")))
    # rnc2rng declares `namespace local = ""` as xmlns:local="", which XML namespaces
    # forbid; the grammar itself writes the empty namespace as ns="" and needs no prefix.
    grammar = grammar.replace(' xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(grammar.encode()))


def schema_errors(document: bytes) -> list[str]:
    schema = atom_schema()
    if schema.validate(etree.fromstring(document)):
        return []
    return [str(error) for error in schema.error_log]


def read_atom(response):
    """The parsed feed, after checking what every Atom answer must be."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    body = response.get_data()
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert schema_errors(body) == []
    return parsed


def atom_tree(response) -> etree._Element:
    return etree.fromstring(response.get_data())


def read_ical(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.get_data())


def events_of(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """VEVENTs by summary."""
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def titles(parsed) -> set[str]:
    return {entry.title for entry in parsed.entries}
