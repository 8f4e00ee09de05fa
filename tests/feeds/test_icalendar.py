"""The calendars parse with icalendar and put every date where it is in Hannover: phase
days as whole days, times of events and meetings in Europe/Berlin, across a change to
summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from participation.contributions import services as contributions
from participation.contributions.services import ContributionInput
from participation.core import clock
from participation.network import meetings
from participation.projects.services import PhaseInput
from tests.feeds.conftest import NEVER
from tests.feeds.helpers import events_of, read_ical

BERLIN = ZoneInfo("Europe/Berlin")
BASE = "http://portal.example.org"


@pytest.fixture
def app(make_app):
    app = make_app(BASE_URL=BASE)
    with app.app_context():
        yield app


def test_every_calendar_parses_and_holds_only_public_events(client, world):
    paths = [
        f"/verfahren/{world.process.slug}/phasen.ics",
        "/bezirke/10/dialoge.ics",
        "/netzwerk/veranstaltungen.ics",
        "/netzwerk/veranstaltungen.ics?bezirk=10",
        "/netzwerk/treffen.ics",
    ]
    for path in paths:
        response = client.get(path)
        calendar = read_ical(response)
        assert calendar["version"] == "2.0"
        assert calendar["x-wr-timezone"] == "Europe/Berlin"
        events = calendar.walk("VEVENT")
        assert events, path
        for event in events:
            assert str(event["url"]).startswith(BASE + "/"), path
            assert str(event["uid"]).endswith("@portal.example.org")
            assert event.decoded("dtstamp").tzinfo is not None
        body = response.get_data(as_text=True)
        for title in NEVER:
            assert title not in body, (path, title)


def test_phases_are_whole_days_with_the_day_after_as_end(client, make_process):
    phases = (
        PhaseInput("information", date(2030, 3, 1), date(2030, 3, 24)),
        PhaseInput("dialogue", date(2030, 3, 25), date(2030, 4, 7), "Jetzt mitreden!"),
    )
    process = make_process("Sommerzeit im Park", phases=phases)
    calendar = read_ical(client.get(f"/verfahren/{process.slug}/phasen.ics"))
    events = events_of(calendar)
    dialogue = events["Dialog: Sommerzeit im Park"]
    assert dialogue.decoded("dtstart") == date(2030, 3, 25)
    assert dialogue["dtstart"].params["VALUE"] == "DATE"
    # iCalendar ends a day event on the following day: the dialogue includes 7 April.
    assert dialogue.decoded("dtend") == date(2030, 4, 8)
    assert str(dialogue["description"]) == "Jetzt mitreden!"
    assert events["Information: Sommerzeit im Park"].decoded("dtend") == date(2030, 3, 25)
    assert str(dialogue["url"]) == f"{BASE}/verfahren/{process.slug}"
    # Days need no zone: no VTIMEZONE.
    assert calendar.walk("VTIMEZONE") == []


def test_drafts_and_unknown_districts_have_no_calendar(client, world):
    assert client.get(f"/verfahren/{world.draft.slug}/phasen.ics").status_code == 404
    assert client.get("/bezirke/99/dialoge.ics").status_code == 404
    assert client.get("/bezirke/%3Cb%3E/dialoge.ics").status_code == 404
    assert client.get("/netzwerk/veranstaltungen.ics?bezirk=99").status_code == 404


def test_district_dialogues_include_the_city_wide_ones(client, world):
    calendar = read_ical(client.get("/bezirke/10/dialoge.ics"))
    events = events_of(calendar)
    assert "Dialog: Spielplatz am Lindener Markt" in events
    assert "Dialog: Klimaschutzprogramm der Stadt" in events
    assert "Dialog: Platz vor dem Rathaus" not in events
    assert all(summary.startswith("Dialog: ") for summary in events)
    assert str(events["Dialog: Klimaschutzprogramm der Stadt"]["location"]) == "Stadtweit"
    assert str(events["Dialog: Spielplatz am Lindener Markt"]["location"]) == "Linden-Limmer"


def _offsets(calendar) -> set[timedelta]:
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Berlin"
    return {part.decoded("tzoffsetto") for part in zone.walk() if "tzoffsetto" in part}


def test_event_times_are_in_berlin_across_the_change_to_summer_time(
    client, make_user, make_partner
):
    # 2030: summer time begins on Sunday 31 March at 02:00.
    clock.freeze(datetime(2030, 3, 1, 12, tzinfo=UTC))
    partner = make_partner("Zeitumstellung e. V.")
    before = datetime(2030, 3, 30, 17, 0, tzinfo=UTC)  # 18:00 CET
    after = datetime(2030, 4, 1, 16, 0, tzinfo=UTC)  # 18:00 CEST
    for title, starts in (("Vorher", before), ("Nachher", after)):
        contributions.publish(
            actor=partner.contact,
            organisation=partner.organisation,
            kind="event",
            data=ContributionInput(
                title=title,
                body="Ein Abend im Stadtteil.",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                place="Stadtteilzentrum",
            ),
        )
    calendar = read_ical(client.get("/netzwerk/veranstaltungen.ics"))
    events = events_of(calendar)
    for title, local in (("Vorher", "20300330T180000"), ("Nachher", "20300401T180000")):
        start = events[title]["dtstart"]
        assert start.params["TZID"] == "Europe/Berlin"
        assert start.to_ical().decode() == local
        assert events[title].decoded("dtstart").utcoffset() == (
            timedelta(hours=1) if title == "Vorher" else timedelta(hours=2)
        )
        assert events[title].decoded("dtend") - events[title].decoded("dtstart") == timedelta(
            hours=2
        )
    assert events["Vorher"].decoded("dtstart") == before
    assert events["Nachher"].decoded("dtstart") == after
    assert _offsets(calendar) == {timedelta(hours=1), timedelta(hours=2)}
    assert str(events["Vorher"]["location"]) == "Stadtteilzentrum"


def test_meetings_come_and_past_in_berlin_time(client, make_user):
    office = make_user("coordinator")
    # The last Sunday of October 2025 ends summer time.
    held = datetime(2025, 10, 25, 16, 30, tzinfo=UTC)  # 18:30 CEST
    after = datetime(2025, 10, 27, 17, 30, tzinfo=UTC)  # 18:30 CET
    meetings.save_meeting(actor=office, title="Vorher", starts_at=held, place="Rathaus")
    meetings.save_meeting(
        actor=office, title="Nachher", starts_at=after, place="Rathaus", agenda="1. Begrüßung"
    )
    calendar = read_ical(client.get("/netzwerk/treffen.ics"))
    events = events_of(calendar)
    assert events["Vorher"]["dtstart"].to_ical().decode() == "20251025T183000"
    assert events["Nachher"]["dtstart"].to_ical().decode() == "20251027T183000"
    assert events["Nachher"].decoded("dtstart") == after
    assert str(events["Nachher"]["description"]) == "1. Begrüßung"
    assert _offsets(calendar) == {timedelta(hours=1), timedelta(hours=2)}


def test_text_is_escaped_as_icalendar_text(client, make_user):
    office = make_user("coordinator")
    meetings.save_meeting(
        actor=office,
        title="Treffen; mit Komma, und\\ Zeichen",
        starts_at=datetime(2031, 5, 1, 16, tzinfo=UTC),
        place="Saal 1; 2. OG",
    )
    response = client.get("/netzwerk/treffen.ics")
    body = response.get_data(as_text=True)
    assert "SUMMARY:Treffen\\; mit Komma\\, und\\\\ Zeichen" in body
    events = events_of(read_ical(response))
    assert "Treffen; mit Komma, und\\ Zeichen" in events
