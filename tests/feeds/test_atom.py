"""Every Atom feed is valid Atom (feedparser without a bozo flag, the RFC 4287 schema) and
holds exactly the public items of its subject."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.feeds.conftest import ANSWER_TEXT, NEVER
from tests.feeds.helpers import ATOM_NS, atom_tree, read_atom, schema_errors, titles

BASE = "http://portal.example.org"

ATOM_PATHS = [
    "/verfahren.atom",
    "/verfahren.atom?bezirk=10&handlungsfeld=wohnen",
    "/verfahren.atom?bezirk=stadtweit",
    "/verfahren.atom?phase=offen&q=Markt",
    "/bezirke/10/verfahren.atom",
    "/verfahren/{process}/vorschlaege.atom",
    "/verfahren/{reported}/vorschlaege.atom",
    "/ergebnisse.atom",
    "/netzwerk/neuigkeiten.atom",
    "/netzwerk/veranstaltungen.atom",
    "/netzwerk/veranstaltungen.atom?bezirk=10",
]


@pytest.fixture
def app(make_app):
    app = make_app(BASE_URL=BASE)
    with app.app_context():
        yield app


def _paths(world) -> list[str]:
    return [p.format(process=world.process.slug, reported=world.reported.slug) for p in ATOM_PATHS]


def test_every_feed_is_valid_atom_with_absolute_links(client, world):
    for path in _paths(world):
        response = client.get(path)
        parsed = read_atom(response)
        assert parsed.entries, path
        assert parsed.feed.id.startswith(BASE)
        assert parsed.feed.author == "Beteiligungsportal Hannover"
        links = {link.rel: link.href for link in parsed.feed.links}
        assert links["self"].startswith(BASE + path.split("?")[0]), path
        assert links["alternate"].startswith(BASE)
        for entry in parsed.entries:
            assert entry.link.startswith(BASE + "/"), (path, entry.link)
            assert entry.id.startswith(BASE + "/")
            assert entry.updated_parsed is not None
        body = response.get_data(as_text=True)
        for title in NEVER:
            assert title not in body, (path, title)


def test_empty_feeds_are_valid_too(client, make_process):
    process = make_process("Noch ohne Vorschläge")
    paths = [
        "/verfahren.atom?bezirk=03",
        "/bezirke/03/verfahren.atom",
        f"/verfahren/{process.slug}/vorschlaege.atom",
        "/ergebnisse.atom",
        "/netzwerk/neuigkeiten.atom",
        "/netzwerk/veranstaltungen.atom",
    ]
    for path in paths:
        parsed = read_atom(client.get(path))
        assert parsed.entries == [], path


def test_the_schema_refuses_what_rfc_4287_refuses():
    """The validator is real: a feed without author, id and updated fails it."""
    bad = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    assert schema_errors(bad)
    wrong_date = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>x</title>'
        b"<updated>gestern</updated><author><name>x</name></author></feed>"
    )
    assert schema_errors(wrong_date)


def test_process_feeds_follow_the_list_filters(client, world):
    every = titles(read_atom(client.get("/verfahren.atom")))
    assert {"Spielplatz am Lindener Markt", "Klimaschutzprogramm der Stadt"} <= every
    assert "Platz vor dem Rathaus" in every
    district = titles(read_atom(client.get("/verfahren.atom?bezirk=10&handlungsfeld=wohnen")))
    assert "Spielplatz am Lindener Markt" in district
    assert not district & {"Klimaschutzprogramm der Stadt", "Platz vor dem Rathaus"}
    city = titles(read_atom(client.get("/verfahren.atom?bezirk=stadtweit")))
    assert city == {"Klimaschutzprogramm der Stadt"}
    # The district page's feed: the district's own processes, as the page lists them.
    page = titles(read_atom(client.get("/bezirke/10/verfahren.atom")))
    assert "Spielplatz am Lindener Markt" in page
    assert not page & {"Klimaschutzprogramm der Stadt", "Platz vor dem Rathaus"}


def test_process_entries_say_where_and_when(client, world):
    parsed = read_atom(client.get("/bezirke/10/verfahren.atom"))
    entry = next(e for e in parsed.entries if e.title == "Spielplatz am Lindener Markt")
    assert entry.link == f"{BASE}/verfahren/{world.process.slug}"
    assert {tag.term for tag in entry.tags} == {"10", "wohnen"}
    assert "Worum es geht." in entry.summary
    assert "Dialog vom" in entry.summary


@pytest.mark.parametrize(
    "path",
    [
        "/verfahren.atom?bezirk=99",
        "/verfahren.atom?handlungsfeld=gibt-es-nicht",
        "/verfahren.atom?phase=irgendwann",
        "/bezirke/99/verfahren.atom",
        "/bezirke/abc/verfahren.atom",
        "/bezirke/10x/verfahren.atom",
        "/bezirke/100/dialoge.ics",
        "/netzwerk/veranstaltungen.ics?bezirk=10x",
        "/verfahren/gibt-es-nicht/vorschlaege.atom",
        "/netzwerk/veranstaltungen.atom?bezirk=99",
        "/netzwerk/veranstaltungen.atom?bezirk=<script>",
    ],
)
def test_unknown_filters_and_subjects_are_a_404(client, path):
    assert client.get(path).status_code == 404


def test_nul_bytes_are_refused_before_the_feed(client):
    assert client.get("/verfahren.atom?bezirk=%00").status_code == 400


def test_drafts_have_no_feed_even_for_their_staff(client, world):
    client.login(world.manager)
    assert client.get(f"/verfahren/{world.draft.slug}/vorschlaege.atom").status_code == 404
    assert "Geheimer Entwurf" not in client.get("/verfahren.atom").get_data(as_text=True)


def test_proposals_feed_holds_published_proposals_and_their_answers(client, world):
    response = client.get(f"/verfahren/{world.process.slug}/vorschlaege.atom")
    parsed = read_atom(response)
    assert titles(parsed) == {
        "Mehr Bänke am Markt",
        "Schatten für den Sandkasten",
        "Antwort der Verwaltung: Schatten für den Sandkasten",
    }
    answer = next(e for e in parsed.entries if e.title.startswith("Antwort"))
    assert answer.link == f"{BASE}/vorschlaege/{world.answered.id}#official-response"
    assert answer.summary.startswith("Angenommen")
    assert ANSWER_TEXT in answer.summary
    assert answer.author == world.manager.pseudonym
    proposal = next(e for e in parsed.entries if e.title == "Mehr Bänke am Markt")
    assert proposal.author == world.visible.author.pseudonym
    # Text, not markup: the stored HTML's words without its tags.
    assert proposal.summary == "Bänke im Schatten."
    assert proposal.summary_detail.type == "text/plain"


def test_user_text_is_text_in_the_feed(client, make_process, make_proposal):
    process = make_process("Escaping")
    title = "<script>alert(1)</script> & <b>fett</b>"
    make_proposal(process, title=title, body='<img src=x onerror="alert(1)"> [Link](javascript:x)')
    response = client.get(f"/verfahren/{process.slug}/vorschlaege.atom")
    parsed = read_atom(response)
    assert parsed.entries[0].title == title
    tree = atom_tree(response)
    # Only Atom elements: the user's markup stayed text.
    assert {element.tag.split("}")[0] + "}" for element in tree.iter(etree.Element)} == {ATOM_NS}
    summary = tree.find(f"{ATOM_NS}entry/{ATOM_NS}summary")
    assert summary.get("type") == "text"
    # What the proposal page shows as text (Markdown writes no raw HTML, and no link to
    # javascript:), as text again; never as markup.
    assert summary.text == '<img src=x onerror="alert(1)"> [Link](javascript:x)'
    assert len(summary) == 0


def test_control_characters_never_break_the_feed(client, app, make_process):
    from participation.extensions import db

    process = make_process("Steuerzeichen")
    process.summary = "Vor\x0bher\x1f nach\ufffe"
    db.session.commit()
    parsed = read_atom(client.get("/verfahren.atom"))
    assert "Vorher nach" in parsed.entries[0].summary


def test_results_feed_holds_published_reports_only(client, world):
    parsed = read_atom(client.get("/ergebnisse.atom"))
    assert titles(parsed) == {"Ergebnisbericht: Ergebnisse am Küchengarten"}
    entry = parsed.entries[0]
    assert entry.link == f"{BASE}/verfahren/{world.reported.slug}/ergebnisse"
    assert "Zusammenfassung des Dialogs." in entry.summary
    assert entry.published_parsed is not None


def test_network_news_and_events(client, world):
    news = titles(read_atom(client.get("/netzwerk/neuigkeiten.atom")))
    assert "Neuer Partner im Netzwerk: Nachbarschaftsladen e. V." in news
    assert "Neues Angebot von Nachbarschaftsladen e. V.: Offene Werkstatt" in news
    events = read_atom(client.get("/netzwerk/veranstaltungen.atom"))
    assert titles(events) == {"Pflanzfest im Küchengarten"}
    entry = events.entries[0]
    assert entry.author == "Nachbarschaftsladen e. V."
    assert "Küchengarten" in entry.summary
    assert entry.link == f"{BASE}/netzwerk/beitraege/{world.event.id}"
    assert titles(read_atom(client.get("/netzwerk/veranstaltungen.atom?bezirk=10"))) == {
        "Pflanzfest im Küchengarten"
    }
    assert read_atom(client.get("/netzwerk/veranstaltungen.atom?bezirk=01")).entries == []


def test_feeds_speak_the_language_of_the_session(client, world):
    client.post_form("/sprache", {"lang": "en"})
    parsed = read_atom(client.get("/ergebnisse.atom"))
    assert parsed.feed.language == "en"
