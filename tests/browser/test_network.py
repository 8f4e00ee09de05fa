"""The network's governance in Chromium: a contact votes for the organisation with and
without JavaScript; the office's and the public pages pass axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from participation.core import clock
from participation.network import elections, groups, meetings
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def _voting_election(office, partners):
    now = clock.utcnow()
    election = elections.create(
        actor=office,
        nominations_close_at=now + timedelta(minutes=5),
        voting_close_at=now + timedelta(days=7),
        term_starts_on=(now + timedelta(days=30)).date(),
    )
    for partner in partners:
        elections.nominate(
            actor=partner.contact, election=election, organisation=partner.organisation
        )
    return election


def test_a_contact_votes_once(any_page, live_server, make_user, make_partner):
    page = any_page
    office = make_user("coordinator")
    voter = make_partner("Wählender Verein")
    candidates = [make_partner(f"Kandidat {n}") for n in range(4)]
    election = _voting_election(office, candidates)
    with clock.travel(clock.utcnow() + timedelta(minutes=10)):
        sign_in(page, voter.contact.email)
        page.goto(f"/netzwerk/wahlen/{election.id}")
        for n in range(4):
            page.get_by_label(f"Kandidat {n}").check()
        page.get_by_role("button", name="Stimme abgeben").click()
        expect(page.locator("#choices-error, .error-summary").first).to_contain_text("höchstens")
        page.get_by_label("Kandidat 3").uncheck()
        page.get_by_role("button", name="Stimme abgeben").click()
        expect(page.locator("#messages")).to_contain_text(
            "Die Stimme Ihrer Organisation ist abgegeben."
        )
        expect(page.get_by_text("Ihre Organisation hat gewählt.")).to_be_visible()
        expect(page.get_by_role("button", name="Stimme abgeben")).to_have_count(0)
    from participation.extensions import db

    db.session.expire_all()
    assert sorted(n.votes for n in election.nominations) == [0, 1, 1, 1]


def test_network_pages_have_no_violations(page, live_server, make_user, make_partner):
    office = make_user("coordinator")
    partner = make_partner("Verein im Netzwerk")
    other = make_partner("Zweiter Verein")
    now = clock.utcnow()
    meeting = meetings.save_meeting(
        actor=office,
        title="Frühjahrstreffen",
        starts_at=now - timedelta(days=3),
        place="Rathaus",
        agenda="- Begrüßung",
        minutes="Beschlossen.",
        attendee_ids=[partner.organisation.id],
    )
    meetings.add_item(
        actor=office,
        year=clock.local_today().year,
        title="Werkstatt",
        responsible_ids=[partner.organisation.id],
    )
    group = groups.save_group(
        actor=office, title="AG Teilhabe", member_ids=[partner.organisation.id]
    )
    election = _voting_election(office, [other])
    problems = []
    public = [
        "/netzwerk",
        "/netzwerk/treffen",
        f"/netzwerk/treffen/{meeting.id}",
        "/netzwerk/arbeitsprogramm",
        "/netzwerk/arbeitsgruppen",
        f"/netzwerk/arbeitsgruppen/{group.slug}",
        "/netzwerk/sprecherinnengruppe",
        f"/netzwerk/wahlen/{election.id}",
    ]
    for path in public:
        page.goto(path)
        problems += [f"visitor {path}: {v}" for v in axe_violations(page)]
    sign_in(page, partner.contact.email)
    for path in ["/netzwerk/arbeitsprogramm", f"/netzwerk/wahlen/{election.id}"]:
        page.goto(path)
        problems += [f"contact {path}: {v}" for v in axe_violations(page)]
    page.context.clear_cookies()
    sign_in(page, office.email)
    staff = [
        "/verwaltung",
        "/verwaltung/netzwerk/treffen",
        f"/verwaltung/netzwerk/treffen/{meeting.id}",
        "/verwaltung/netzwerk/arbeitsprogramm",
        "/verwaltung/netzwerk/arbeitsgruppen",
        f"/verwaltung/netzwerk/arbeitsgruppen/{group.slug}",
        "/verwaltung/netzwerk/wahlen",
    ]
    for path in staff:
        page.goto(path)
        problems += [f"office {path}: {v}" for v in axe_violations(page)]
    for path, button in [
        ("/verwaltung/netzwerk/treffen", "Treffen eintragen"),
        ("/verwaltung/netzwerk/arbeitsprogramm", "Hinzufügen"),
        ("/verwaltung/netzwerk/wahlen", "Wahl eröffnen"),
        (f"/verwaltung/netzwerk/arbeitsgruppen/{group.slug}", "Eintragen"),
    ]:
        page.goto(path)
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()
        problems += [f"errors {path}: {v}" for v in axe_violations(page)]
    with clock.travel(now + timedelta(days=8)):
        page.goto(f"/netzwerk/wahlen/{election.id}")
        page.get_by_role("button", name="Auszählen und Ergebnis veröffentlichen").click()
        expect(page.locator("#messages")).to_contain_text("Das Ergebnis ist veröffentlicht.")
        problems += [f"result: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
