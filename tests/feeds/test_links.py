"""Each page announces its feeds in its head (<link rel="alternate">) and links them
visibly; every announced feed answers."""

from __future__ import annotations

import html5lib

ATOM = "application/atom+xml"
ICS = "text/calendar"
NS = "{http://www.w3.org/1999/xhtml}"

PAGES = {
    "/verfahren": {("/verfahren.atom", ATOM)},
    "/verfahren?bezirk=10&handlungsfeld=wohnen": {
        ("/verfahren.atom?bezirk=10&handlungsfeld=wohnen", ATOM)
    },
    "/bezirke/10": {("/bezirke/10/verfahren.atom", ATOM), ("/bezirke/10/dialoge.ics", ICS)},
    "/verfahren/{process}": {
        ("/verfahren/{process}/vorschlaege.atom", ATOM),
        ("/verfahren/{process}/phasen.ics", ICS),
    },
    "/verfahren/{reported}/ergebnisse": {("/ergebnisse.atom", ATOM)},
    "/netzwerk": {
        ("/netzwerk/neuigkeiten.atom", ATOM),
        ("/netzwerk/veranstaltungen.atom", ATOM),
        ("/netzwerk/veranstaltungen.ics", ICS),
        ("/netzwerk/treffen.ics", ICS),
    },
    "/netzwerk/veranstaltungen": {
        ("/netzwerk/veranstaltungen.atom", ATOM),
        ("/netzwerk/veranstaltungen.ics", ICS),
    },
    "/netzwerk/veranstaltungen?bezirk=10": {
        ("/netzwerk/veranstaltungen.atom?bezirk=10", ATOM),
        ("/netzwerk/veranstaltungen.ics?bezirk=10", ICS),
    },
    "/netzwerk/treffen": {("/netzwerk/treffen.ics", ICS)},
}


def _document(response):
    return html5lib.parse(response.get_data(as_text=True))


def _alternates(document) -> set[tuple[str, str]]:
    head = document.find(f"{NS}head")
    return {
        (link.get("href"), link.get("type"))
        for link in head.iter(f"{NS}link")
        if link.get("rel") == "alternate"
    }


def test_pages_announce_and_link_their_feeds(client, world):
    values = {"process": world.process.slug, "reported": world.reported.slug}
    for page, feeds in PAGES.items():
        response = client.get(page.format(**values))
        assert response.status_code == 200, page
        document = _document(response)
        expected = {(href.format(**values), kind) for href, kind in feeds}
        assert _alternates(document) == expected, page
        for link in document.find(f"{NS}head").iter(f"{NS}link"):
            if link.get("rel") == "alternate":
                assert link.get("title"), link.get("href")
        visible = {
            (a.get("href"), a.get("type"))
            for a in document.find(f"{NS}body").iter(f"{NS}a")
            if a.get("type") in (ATOM, ICS)
        }
        assert visible == expected, page
        for href, _kind in expected:
            assert client.get(href).status_code == 200, href


def test_an_unknown_district_filter_announces_the_unfiltered_feed(client, world):
    response = client.get("/netzwerk/veranstaltungen?bezirk=99")
    assert ("/netzwerk/veranstaltungen.atom", ATOM) in _alternates(_document(response))


def test_drafts_announce_no_feed(client, world):
    client.login(world.manager)
    response = client.get(f"/verfahren/{world.draft.slug}")
    assert response.status_code == 200
    assert _alternates(_document(response)) == set()
