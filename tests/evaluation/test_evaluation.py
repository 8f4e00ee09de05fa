"""/verwaltung/auswertung: the feedback by page and over time, page views counted on the
server (also for cached pages, without making them stale), accounts and contributions per
day, the period filter and the CSV downloads."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.core import pagecache
from participation.core.clock import local_today, utcnow
from participation.evaluation import usage
from participation.evaluation.models import PageViewCount, PortalFeedback
from participation.evaluation.services import Period
from participation.extensions import db


def add_feedback(days_ago: int, *, page="/verfahren", outcome="ja", rating=4, comment=""):
    entry = PortalFeedback(page_path=page, task="", outcome=outcome, rating=rating, comment=comment)
    entry.created_at = utcnow() - timedelta(days=days_ago)
    db.session.add(entry)
    db.session.commit()
    return entry


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    client.sign_in(make_user("coordinator"))
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [("resident", 403), ("district_manager", 403), ("partner_member", 403), ("admin", 200)],
)
def test_only_the_office_reads_it(app, make_user, role, status):
    client = app.test_client()
    client.sign_in(make_user(role))
    for path in (
        "/verwaltung/auswertung",
        "/verwaltung/auswertung/zahlen.csv",
        "/verwaltung/auswertung/rueckmeldungen.csv",
    ):
        assert client.get(path).status_code == status


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/verwaltung/auswertung")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_feedback_by_page_over_time_and_texts(office):
    add_feedback(1, page="/verfahren", outcome="ja", rating=5, comment="Sehr übersichtlich")
    add_feedback(2, page="/verfahren", outcome="nein", rating=1)
    add_feedback(3, page="/netzwerk", outcome="teilweise", rating=None)
    add_feedback(200, page="/alt", outcome="ja", comment="Zu alt für den Zeitraum")
    html = office.get("/verwaltung/auswertung").get_data(as_text=True)
    assert "3 Rückmeldungen im Zeitraum." in html
    assert (
        "<code>/verfahren</code></th><td>2</td><td>1</td><td>0</td><td>1</td><td>3,0</td>" in html
    )
    assert "<code>/netzwerk</code></th><td>1</td><td>0</td><td>1</td><td>0</td><td>–</td>" in html
    assert "Sehr übersichtlich" in html
    assert "/alt" not in html and "Zu alt" not in html
    # The grades 1..5.
    assert '<th scope="row">5</th><td>1</td>' in html


def test_period_filter_and_months(office):
    add_feedback(200, page="/alt", comment="Zu alt für den Zeitraum")
    today = local_today()
    start = (today - timedelta(days=400)).isoformat()
    html = office.get(
        "/verwaltung/auswertung",
        query_string={"von": start, "bis": today.isoformat(), "einheit": "monat"},
    ).get_data(as_text=True)
    assert "Zu alt für den Zeitraum" in html and "<code>/alt</code>" in html
    assert "Woche ab" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"von": "2026-05-01", "bis": "2026-04-01"}, "Das Ende liegt vor dem Beginn."),
        ({"von": "2020-01-01", "bis": "2026-01-01"}, "höchstens drei Jahre"),
        ({"von": "gestern"}, "Von"),
        ({"einheit": "jahr"}, "Zusammengefasst nach"),
        ({"von": "0001-01-01", "bis": "0001-01-02"}, "zwischen 2000 und 2100"),
        ({"bis": "9999-12-31"}, "zwischen 2000 und 2100"),
    ],
)
def test_bad_filters_are_shown_next_to_the_field(office, query, message):
    response = office.get("/verwaltung/auswertung", query_string=query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "field-invalid" in html and message in html
    # The page still shows the last twelve weeks.
    assert "Rückmeldungen im Zeitraum" in html


def test_periods_make_weeks_and_months():
    weeks = Period(date(2026, 11, 4), date(2026, 11, 20), "woche").buckets()
    assert weeks == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    months = Period(date(2025, 12, 31), date(2026, 2, 1), "monat").buckets()
    assert months == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_registrations_and_contributions_per_period(office, make_proposal, make_comment):
    proposal = make_proposal()
    make_comment(proposal.process, proposal=proposal)
    html = office.get("/verwaltung/auswertung").get_data(as_text=True)
    section = html.split('id="activity-title"')[1]
    # This week: the accounts the factories made, one proposal, one comment, no support.
    row = section.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[-1]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert int(cells[0]) >= 2 and cells[1:] == ["1", "1", "0"]


# -- page views --------------------------------------------------------------------------


def views() -> dict[str, int]:
    return {
        row.section: row.views
        for row in db.session.scalars(
            select(PageViewCount).where(PageViewCount.day == local_today())
        )
    }


@pytest.mark.parametrize(
    ("rule", "section"),
    [
        ("/", "start"),
        ("/verfahren", "verfahren"),
        ("/verfahren/<slug>", "verfahren"),
        ("/<path:x>", "start"),
        ("/sitemap.xml", "sitemap"),
    ],
)
def test_section_of_the_route(rule, section):
    assert usage.section_of(rule) == section


def test_pages_are_counted_per_section_without_cookies_or_rows_per_request(app, client):
    client.get("/")
    client.get("/verfahren")
    client.get("/verfahren?seite=2")
    client.get("/gibtsnicht")  # a 404 is no page view
    client.get("/sitemap.xml")  # not a page
    client.get("/verfahren", headers={"HX-Request": "true"})  # a fragment, not a page
    # Nothing is written per request: the views wait in the worker's memory.
    assert views() == {}
    usage.flush(app)
    assert views() == {"start": 1, "verfahren": 2}
    client.get("/verfahren")
    usage.flush(app)
    assert views() == {"start": 1, "verfahren": 3}
    assert client.get("/verfahren").headers.get("Set-Cookie") is None


def test_counts_are_written_when_the_interval_has_passed(make_app):
    app = make_app(USAGE_FLUSH_SECONDS=0)
    with app.app_context():
        app.test_client().get("/impressum")
        assert views() == {"impressum": 1}


def test_cached_pages_are_counted_and_counting_keeps_them_fresh(make_app, make_user):
    app = make_app(PAGE_CACHE=True)
    with app.app_context():
        make_user("resident")  # any write starts the content generation
        client = app.test_client()
        assert client.get("/").headers["X-Page-Cache"] == "miss"
        generation = pagecache.current_generation()
        usage.flush(app)
        assert pagecache.current_generation() == generation
        assert client.get("/").headers["X-Page-Cache"] == "hit"
        usage.flush(app)
        assert views() == {"start": 2}
        assert pagecache.current_generation() == generation


def test_the_page_shows_the_views_and_the_csv_has_them_per_day(app, client, office):
    client.get("/verfahren")
    client.get("/verfahren")
    html = office.get("/verwaltung/auswertung").get_data(as_text=True)
    assert "<code>/verfahren</code></th><td>2</td>" in html
    response = office.get("/verwaltung/auswertung/zahlen.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Bereich", "Tag", "Gegenstand", "Anzahl"]
    assert ["Seitenaufrufe", local_today().isoformat(), "/verfahren", "2"] in rows


def test_feedback_csv_guards_against_formulas(office):
    add_feedback(1, comment='=HYPERLINK("http://x")', page="/verfahren")
    response = office.get("/verwaltung/auswertung/rueckmeldungen.csv")
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Tag", "Seite", "Vorhaben", "Geklappt", "Note", "Anmerkung"]
    assert rows[1][1:] == ["/verfahren", "", "Ja", "4", '\'=HYPERLINK("http://x")']


def test_fixed_number_of_queries_whatever_the_period_holds(app, office):
    from tests.conftest import count_queries

    def measure() -> int:
        office.get("/verwaltung/auswertung")
        with count_queries(app) as counter:
            assert office.get("/verwaltung/auswertung").status_code == 200
        return counter.count

    add_feedback(1, comment="eins")
    few = measure()
    for n in range(40):
        add_feedback(n % 60, page=f"/verfahren/{n}", comment=f"Text {n}", rating=n % 5 + 1)
    db.session.add_all(
        PageViewCount(day=local_today() - timedelta(days=n), section=f"s{n % 9}", views=n)
        for n in range(60)
    )
    db.session.commit()
    assert measure() == few
