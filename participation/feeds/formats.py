"""What a feed holds (entries, calendar events) and how it is written: Atom with feedgen,
iCalendar with icalendar. Nothing here reads the database or the request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import icalendar
import lxml.html
from feedgen.feed import FeedGenerator

from participation.core.clock import CITY_TIMEZONE

SUMMARY_LENGTH = 600
# An empty feed still needs an <updated>; it is a fixed instant so that its tag stays put.
EMPTY_FEED_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)
# Characters XML 1.0 does not allow (lxml refuses them) and the unpaired surrogates.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BLOCKS = ("p", "li", "br", "blockquote")


@dataclass(frozen=True)
class Entry:
    """One Atom entry. `id` is permanent (the item's absolute address); every text is plain."""

    id: str
    title: str
    link: str
    updated: datetime
    published: datetime | None = None
    summary: str = ""
    author: str | None = None
    # (term, label): the district and the action field, where the item has them.
    categories: tuple[tuple[str, str], ...] = ()


@dataclass
class Feed:
    id: str
    title: str
    page: str
    self_url: str
    entries: list[Entry] = field(default_factory=list)
    subtitle: str = ""

    @property
    def updated(self) -> datetime | None:
        return max((entry.updated for entry in self.entries), default=None)


@dataclass(frozen=True)
class Happening:
    """One calendar event: whole days (`date`, end exclusive) or a time (`datetime`, UTC)."""

    uid: str
    summary: str
    starts: date | datetime
    url: str
    stamp: datetime
    ends: date | datetime | None = None
    description: str = ""
    location: str = ""


@dataclass
class Calendar:
    name: str
    description: str
    page: str
    events: list[Happening] = field(default_factory=list)

    @property
    def updated(self) -> datetime | None:
        return max((event.stamp for event in self.events), default=None)


# -- text ----------------------------------------------------------------------------------


def clean(text: str | None) -> str:
    """Text as XML and calendar files may carry it: no control characters."""
    return _NOT_XML.sub("", text or "")


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip() + "…"


def plain_text(html: str, limit: int = SUMMARY_LENGTH) -> str:
    """The text of stored (already sanitised) HTML, one line per paragraph: feeds carry
    text, never markup written by users."""
    if not (html or "").strip():
        return ""
    root = lxml.html.fragment_fromstring(clean(html), create_parent="div")
    for listing in root.iter("ol", "ul"):
        for number, item in enumerate(listing.iterchildren("li"), start=1):
            mark = f"{number}. " if listing.tag == "ol" else "– "
            item.text = mark + (item.text or "").lstrip()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return shorten("\n".join(line for line in lines if line), limit)


# -- writing -------------------------------------------------------------------------------


def to_atom(feed: Feed, *, language: str, publisher: str, publisher_uri: str) -> bytes:
    """The feed as an Atom document (RFC 4287); the same feed gives the same bytes."""
    generator = FeedGenerator()
    generator.id(feed.id)
    generator.title(clean(feed.title))
    if feed.subtitle:
        generator.subtitle(clean(feed.subtitle))
    generator.link(href=feed.page, rel="alternate", type="text/html")
    generator.link(href=feed.self_url, rel="self", type="application/atom+xml")
    # The portal speaks for every entry; a person's pseudonym is added where one wrote it.
    generator.author(name=clean(publisher), uri=publisher_uri)
    generator.generator(clean(publisher), uri=publisher_uri)
    generator.language(language)
    generator.updated(feed.updated or EMPTY_FEED_UPDATED)
    for entry in feed.entries:
        item = generator.add_entry(order="append")
        item.id(entry.id)
        item.title(clean(entry.title))
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.updated(entry.updated)
        if entry.published is not None:
            item.published(entry.published)
        if entry.summary:
            item.summary(clean(entry.summary), type="text")
        if entry.author:
            item.author(name=clean(entry.author))
        for term, label in entry.categories:
            item.category(term=clean(term), label=clean(label))
    return generator.atom_str(pretty=True)


def _moment(value: date | datetime) -> date | datetime:
    """Times are written in the city's zone (with its VTIMEZONE); days stay days."""
    if isinstance(value, datetime):
        return value.astimezone(CITY_TIMEZONE)
    return value


def to_ical(calendar: Calendar, *, publisher: str) -> bytes:
    """The calendar as an iCalendar file (RFC 5545)."""
    document = icalendar.Calendar()
    document.add("prodid", f"-//{clean(publisher)}//Beteiligungsportal//DE")
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("x-wr-calname", clean(calendar.name))
    document.add("x-wr-caldesc", clean(calendar.description))
    document.add("x-wr-timezone", CITY_TIMEZONE.key)
    document.add("url", calendar.page)
    for happening in calendar.events:
        event = icalendar.Event()
        event.add("uid", happening.uid)
        # Without a METHOD, DTSTAMP is when the event's information last changed.
        event.add("dtstamp", happening.stamp.astimezone(UTC))
        event.add("last-modified", happening.stamp.astimezone(UTC))
        event.add("dtstart", _moment(happening.starts))
        if happening.ends is not None:
            event.add("dtend", _moment(happening.ends))
        event.add("summary", clean(happening.summary))
        event.add("url", happening.url)
        if happening.description:
            event.add("description", clean(happening.description))
        if happening.location:
            event.add("location", clean(happening.location))
        document.add_component(event)
    times = [
        moment
        for happening in calendar.events
        for moment in (happening.starts, happening.ends)
        if isinstance(moment, datetime)
    ]
    if times:
        # The zone's rules for the years the events need, not for 1970-2038.
        first = min(times).astimezone(CITY_TIMEZONE).year
        last = max(times).astimezone(CITY_TIMEZONE).year
        document.add_missing_timezones(
            first_date=date(first, 1, 1), last_date=date(last + 1, 12, 31)
        )
    return document.to_ical()
