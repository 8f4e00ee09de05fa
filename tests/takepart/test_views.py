"""/mitmachen: the sections with their filters, refused filter values, fixed queries for
visitors and signed-in users, the district pages' compact sections and the start page's
link; sections of switched-off modules disappear."""

from __future__ import annotations

from datetime import timedelta

from participation.takepart import sections
from tests.conftest import count_queries


def test_every_section_shows_its_items_and_links_its_list(client, fill):
    fill(1)
    page = client.get("/mitmachen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for text in ("Verfahren 1", "event 1", "offer 1", "Fortbildung 1"):
        assert text in html, text
    for link in ("/verfahren?phase=offen", "/netzwerk/veranstaltungen", "/netzwerk/angebote"):
        assert link in html, link


def test_filters_narrow_the_sections(client, fill):
    fill(1)
    fill(1, district="01", field="bildung")
    html = client.get("/mitmachen?bezirk=10").get_data(as_text=True)
    assert "Verfahren 1" in html and "Verfahren 2" not in html
    assert "event 1" in html and "event 2" not in html
    html = client.get("/mitmachen?handlungsfeld=bildung").get_data(as_text=True)
    assert "Verfahren 2" in html and "Verfahren 1" not in html
    # A quarter brings its district along.
    from participation.districts.services import list_quarters

    linden = next(q for q in list_quarters() if q.name == "Linden-Mitte")
    html = client.get(f"/mitmachen?stadtteil={linden.id}").get_data(as_text=True)
    assert "Verfahren 1" in html and "Verfahren 2" not in html
    assert client.get("/mitmachen?zeit=woche").status_code == 200
    from participation.core import clock

    later = client.get("/mitmachen?zeit=spaeter").get_data(as_text=True)
    soon = client.get("/mitmachen?zeit=monat").get_data(as_text=True)
    # The trainings start in ten days: this month until the 21st, later after it.
    today = clock.local_today()
    this_month = (today + timedelta(days=10)).month == today.month
    assert ("Fortbildung 1" in soon) == this_month
    assert ("Fortbildung 1" in later) != this_month


def test_bad_filter_values_are_refused_with_a_clear_error(client):
    from participation.districts.services import list_quarters

    other = next(q for q in list_quarters() if q.district.code != "10")
    for query in (
        "bezirk=99",
        "stadtteil=abc",
        "handlungsfeld=%3Cscript%3E",
        "zeit=gestern",
        f"bezirk=10&stadtteil={other.id}",
    ):
        page = client.get(f"/mitmachen?{query}")
        assert page.status_code == 400, query
        html = page.get_data(as_text=True)
        assert "Bitte prüfen Sie Ihre Eingaben" in html, query
        assert "<script>" not in html


def _counts(client, path):
    with count_queries(client.application) as counter:
        assert client.get(path).status_code == 200
    return counter.count


def test_fixed_queries_for_visitors_and_signed_in(app, client, fill, make_user):
    fill(2)
    few = {path: _counts(client, path) for path in ("/mitmachen", "/bezirke/10")}
    client.login(make_user("resident"))
    few_signed_in = {path: _counts(client, path) for path in ("/mitmachen", "/bezirke/10")}
    client.logout()
    fill(8)
    assert {path: _counts(client, path) for path in few} == few
    client.login(make_user("resident"))
    assert {path: _counts(client, path) for path in few} == few_signed_in


def test_the_district_page_shows_the_sections_compactly(client, fill):
    fill(4)
    html = client.get("/bezirke/10").get_data(as_text=True)
    assert "Mitmachen im Bezirk" in html
    assert "/mitmachen?bezirk=10" in html
    assert html.count("Fortbildung ") <= sections.COMPACT_LIMIT + 2
    assert "Engagement 4" in html  # the newest
    # The processes are listed above the sections, once.
    from participation.extensions import db
    from participation.projects.models import Process

    slug = db.session.scalar(db.select(Process.slug).where(Process.title == "Verfahren 1"))
    assert html.count(f'href="/verfahren/{slug}"') == 1


def test_the_start_page_links_mitmachen_first(client):
    html = client.get("/").get_data(as_text=True)
    main = html[html.index("<main") :]
    first_link = main[main.index("<a ") : main.index("</a>")]
    assert 'href="/mitmachen"' in first_link


def test_sections_of_switched_off_modules_disappear(client, fill, make_user):
    from participation.features import services as features

    fill(1)
    admin = make_user("admin")
    features.set_module(actor=admin, name="network", enabled=False)
    html = client.get("/mitmachen").get_data(as_text=True)
    assert "Verfahren 1" in html
    assert "event 1" not in html and "offer 1" not in html


def test_the_time_filter_applies_to_volunteer_opportunities(make_partner):
    from participation.core.clock import local_today
    from participation.volunteering import listing
    from tests.volunteering.factories import opportunity

    partner = make_partner()
    today = local_today()
    opportunity(partner.contact, partner.organisation, title="Läuft schon", district_code="10")
    opportunity(
        partner.contact,
        partner.organisation,
        title="Beginnt in zwei Monaten",
        district_code="10",
        starts_on=today + timedelta(days=62),
    )
    opportunity(
        partner.contact,
        partner.organisation,
        title="Schon vorbei",
        district_code="10",
        ends_on=today - timedelta(days=1),
    )

    def titles(when: str) -> list[str]:
        filters = sections.Filters(today=today, when=when)
        return sorted(o.title for o in listing.upcoming(window=filters.days()))

    assert titles("woche") == ["Läuft schon"]
    assert titles("spaeter") == ["Beginnt in zwei Monaten", "Läuft schon"]
