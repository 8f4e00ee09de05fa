"""The writers without the database: text from stored HTML, and documents that are the
same bytes for the same content (the ETag depends on it)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from participation.feeds.formats import (
    Calendar,
    Entry,
    Feed,
    Happening,
    clean,
    plain_text,
    shorten,
    to_atom,
    to_ical,
)
from tests.feeds.helpers import schema_errors


def test_plain_text_keeps_paragraphs_and_list_marks():
    html = (
        "<p>Erster <strong>Absatz</strong>.</p><ol><li>eins</li><li><p>zwei</p></li></ol>"
        "<ul><li>Punkt</li></ul><p>Ende<br>neue Zeile</p>"
    )
    assert plain_text(html) == "Erster Absatz.\n1. eins\n2. zwei\n– Punkt\nEnde\nneue Zeile"
    assert plain_text("") == plain_text("   ") == ""
    assert plain_text("<p>&lt;script&gt;</p>") == "<script>"


def test_shorten_cuts_at_a_word():
    assert shorten("kurz", 10) == "kurz"
    assert shorten("ein langer Satz mit Worten", 12) == "ein langer…"
    assert len(shorten("x" * 50, 10)) == 10


def test_clean_drops_what_xml_cannot_carry():
    assert clean("a\x00b\x0bc\x1fd\ufffee\U0001f331") == "abcde\U0001f331"
    assert clean(None) == ""


def _feed() -> Feed:
    moment = datetime(2030, 3, 31, 1, 30, tzinfo=UTC)
    entry = Entry(
        id="https://example.org/1",
        title="Titel",
        link="https://example.org/1",
        updated=moment,
        summary="Text",
        categories=(("10", "Linden-Limmer"),),
    )
    return Feed(
        id="https://example.org/f.atom",
        title="Feed",
        page="https://example.org/",
        self_url="https://example.org/f.atom",
        entries=[entry],
    )


def test_the_same_feed_is_the_same_bytes():
    first = to_atom(_feed(), language="de", publisher="Portal", publisher_uri="https://x/")
    second = to_atom(_feed(), language="de", publisher="Portal", publisher_uri="https://x/")
    assert first == second
    assert schema_errors(first) == []
    empty = Feed(id="urn:x", title="Leer", page="https://x/", self_url="https://x/f.atom")
    blank = to_atom(empty, language="de", publisher="Portal", publisher_uri="https://x/")
    assert schema_errors(blank) == []
    assert b"<updated>2000-01-01T00:00:00+00:00</updated>" in blank


def test_the_same_calendar_is_the_same_bytes():
    def calendar() -> Calendar:
        stamp = datetime(2030, 1, 1, tzinfo=UTC)
        return Calendar(
            name="K",
            description="",
            page="https://x/",
            events=[
                Happening("a@x", "Tag", date(2030, 3, 30), "https://x/a", stamp),
                Happening(
                    "b@x", "Zeit", datetime(2030, 3, 31, 1, 30, tzinfo=UTC), "https://x/b", stamp
                ),
            ],
        )

    body = to_ical(calendar(), publisher="Portal")
    assert body == to_ical(calendar(), publisher="Portal")
    # 01:30 UTC on the night of the change is 03:30 summer time.
    assert b"DTSTART;TZID=Europe/Berlin:20300331T033000" in body
    assert b"DTSTART;VALUE=DATE:20300330" in body
