"""The network's feeds: its news, the partners' events, and its meetings (the same lists
the network pages show, at most FEED_SIZE items each)."""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import gettext as _

from participation.contributions import listing as contributions
from participation.feeds.formats import Calendar, Entry, Feed, Happening, plain_text, shorten
from participation.feeds.services import FEED_SIZE, district, host, url
from participation.network import meetings, news


def news_feed() -> Feed:
    """The network start page's news (network.news: one query per kind of news)."""
    entries = []
    for item in news.latest(limit=FEED_SIZE):
        link = url(item.endpoint, **item.values)
        entries.append(
            Entry(
                # Several items may point at one page (each version of the agreement).
                id=f"{link}#neu-{item.at:%Y%m%dT%H%M%S.%fZ}",
                title=item.text,
                link=link,
                updated=item.at,
                published=item.at,
            )
        )
    self_url = url("feeds.news")
    return Feed(
        id=self_url,
        title=_("Neues aus dem Netzwerk"),
        page=url("network.index"),
        self_url=self_url,
        entries=entries,
    )


def _event_summary(contribution) -> str:
    when = format_datetime(contribution.starts_at, "medium")
    lines = [" · ".join(p for p in (when, contribution.place, contribution.organisation.name) if p)]
    lines.append(plain_text(contribution.body_html))
    return shorten("\n".join(lines))


def _upcoming_events(district_code: str | None):
    if district_code:
        district_code = district(district_code).code
    return contributions.listed(kind="event", district_code=district_code, limit=FEED_SIZE).items


def events_feed(*, district_code: str | None = None) -> Feed:
    """The partners' upcoming events, soonest first, as the events list shows them."""
    entries = []
    for event in _upcoming_events(district_code):
        link = url("contributions.detail", contribution_id=event.id)
        entries.append(
            Entry(
                id=link,
                title=event.title,
                link=link,
                updated=event.updated_at,
                published=event.created_at,
                summary=_event_summary(event),
                author=event.organisation.name,
            )
        )
    self_url = url("feeds.events", bezirk=district_code)
    return Feed(
        id=self_url,
        title=_("Veranstaltungen im Netzwerk"),
        page=url("contributions.events", bezirk=district_code),
        self_url=self_url,
        entries=entries,
    )


def events_calendar(*, district_code: str | None = None) -> Calendar:
    """The same upcoming events as timed calendar events (in Berlin time when written)."""
    events = [
        Happening(
            uid=f"veranstaltung-{event.id}@{host()}",
            summary=event.title,
            starts=event.starts_at,
            ends=event.ends_at,
            url=url("contributions.detail", contribution_id=event.id),
            stamp=event.updated_at,
            description=_event_summary(event),
            location=event.place,
        )
        for event in _upcoming_events(district_code)
        if event.starts_at is not None
    ]
    return Calendar(
        name=_("Veranstaltungen im Netzwerk"),
        description=_("Veranstaltungen der Partner im Netzwerk Bürgermitwirkung."),
        page=url("contributions.events", bezirk=district_code),
        events=events,
    )


def meetings_calendar() -> Calendar:
    """The meetings the meeting list shows: the coming ones and the latest held ones."""
    listed = meetings.upcoming_meetings(limit=FEED_SIZE) + meetings.past_meetings(1).items
    events = []
    for meeting in listed:
        group = meeting.working_group.title if meeting.working_group else ""
        events.append(
            Happening(
                uid=f"netzwerktreffen-{meeting.id}@{host()}",
                summary=f"{group}: {meeting.title}" if group else meeting.title,
                # A meeting has a start only.
                starts=meeting.starts_at,
                url=url("network.meeting", meeting_id=meeting.id),
                stamp=meeting.updated_at,
                description=plain_text(meeting.agenda_html),
                location=meeting.place,
            )
        )
    return Calendar(
        name=_("Netzwerktreffen"),
        description=_("Die Treffen des Netzwerks Bürgermitwirkung und seiner Arbeitsgruppen."),
        page=url("network.meeting_list"),
        events=events,
    )
