"""Readers ask cheaply: every feed carries an ETag (its content's hash) and Last-Modified
(its newest item), and a reader whose copy is current gets 304 Not Modified."""

from __future__ import annotations

import calendar
from datetime import timedelta

import feedparser
from werkzeug.http import http_date, parse_date

FEEDS = [
    "/verfahren.atom",
    "/bezirke/10/verfahren.atom",
    "/verfahren/{process}/vorschlaege.atom",
    "/ergebnisse.atom",
    "/netzwerk/neuigkeiten.atom",
    "/netzwerk/veranstaltungen.atom",
    "/verfahren/{process}/phasen.ics",
    "/bezirke/10/dialoge.ics",
    "/netzwerk/veranstaltungen.ics",
    "/netzwerk/treffen.ics",
]


def _answers_conditional_requests(client, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    modified = first.headers["Last-Modified"]
    assert "no-cache" in first.headers["Cache-Control"]
    # The same content gives the same tag.
    assert client.get(path).headers["ETag"] == etag

    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304

    assert client.get(path, headers={"If-None-Match": '"anderer-stand"'}).status_code == 200
    earlier = http_date(parse_date(modified) - timedelta(seconds=1))
    assert client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200
    # A tag that does not match wins over a date that would (RFC 9110, 13.2.2).
    headers = {"If-None-Match": '"anderer-stand"', "If-Modified-Since": modified}
    assert client.get(path, headers=headers).status_code == 200


def test_every_feed_answers_conditional_requests(client, world):
    for path in FEEDS:
        path = path.format(process=world.process.slug)
        try:
            _answers_conditional_requests(client, path)
        except AssertionError as error:
            raise AssertionError(f"{path}: {error}") from error


def test_new_content_changes_tag_and_date(client, world, make_proposal):
    path = f"/verfahren/{world.process.slug}/vorschlaege.atom"
    first = client.get(path)
    make_proposal(world.process, title="Ein neuer Vorschlag")
    second = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert parse_date(second.headers["Last-Modified"]) >= parse_date(first.headers["Last-Modified"])
    assert "Ein neuer Vorschlag" in second.get_data(as_text=True)


def test_a_hidden_item_changes_the_tag_even_without_a_newer_date(client, world):
    """Taking an item down moves no entry's date forward; the tag still tells readers."""
    from participation.moderation import services as moderation

    path = f"/verfahren/{world.process.slug}/vorschlaege.atom"
    first = client.get(path)
    moderation.hide(
        actor=world.manager,
        target=moderation.target_of(proposal_id=world.visible.id),
        reason="spam",
        explanation="Doppelt eingereicht.",
    )
    second = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert "Mehr Bänke am Markt" not in second.get_data(as_text=True)


def test_last_modified_is_the_newest_entry(client, world):
    from participation.answers.services import response_of

    response = client.get(f"/verfahren/{world.process.slug}/vorschlaege.atom")
    entries = feedparser.parse(response.get_data()).entries
    newest = max(calendar.timegm(entry.updated_parsed) for entry in entries)
    assert parse_date(response.headers["Last-Modified"]).timestamp() == newest
    # Here the newest item is the answer, given after both proposals.
    answer = response_of(world.answered)
    assert parse_date(response.headers["Last-Modified"]) == answer.updated_at.replace(microsecond=0)


def test_empty_feeds_have_a_tag_but_no_date(client):
    response = client.get("/ergebnisse.atom")
    assert response.status_code == 200
    assert "ETag" in response.headers
    assert "Last-Modified" not in response.headers
    etag = response.headers["ETag"]
    assert client.get("/ergebnisse.atom", headers={"If-None-Match": etag}).status_code == 304


def test_feeds_set_no_cookie_and_skip_the_page_cache(client, world):
    response = client.get("/verfahren.atom")
    assert "Set-Cookie" not in response.headers
    assert "X-Page-Cache" not in response.headers
