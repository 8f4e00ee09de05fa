"""The office's figures: they equal the database, stay within a fixed number of queries,
are for the office only, and export as CSV that no spreadsheet runs as a formula."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import text

from participation.coordination.services import advance_to
from participation.core import clock
from participation.extensions import db
from participation.statistics import services
from tests.conftest import count_queries


def _count(sql: str) -> int:
    return db.session.execute(text(sql)).scalar_one()


def test_figures_equal_the_database(make_user, make_process, make_proposal, make_comment):
    office = make_user("coordinator")
    linden = make_process("Linden", district="10")
    mitte = make_process("Mitte", district="01", field="bildung")
    city = make_process("Stadtweit", district=None)
    make_process("Entwurf", district="10", publish=False)
    for process, proposals in ((linden, 3), (mitte, 1), (city, 2)):
        for _ in range(proposals):
            make_proposal(process)
    make_comment(linden)
    make_comment(city, proposal=make_proposal(city))
    waiting = make_process("Wartet", district="10", publish=False)
    advance_to(actor=office, process=waiting, status="in_review")

    by_status = dict(services.processes_by_status())
    assert by_status["published"] == _count(
        "SELECT count(*) FROM process WHERE status = 'published'"
    )
    assert by_status["draft"] == 1 and by_status["in_review"] == 1
    districts = {row.label: row for row in services.participation_by_district()}
    assert (districts["Linden-Limmer"].processes, districts["Linden-Limmer"].proposals) == (1, 3)
    assert districts["Linden-Limmer"].comments == 1
    assert (districts[""].proposals, districts[""].comments) == (3, 1), "city-wide"
    assert sum(row.proposals for row in districts.values()) == _count(
        "SELECT count(*) FROM proposal WHERE status = 'published'"
    )
    fields = {row.label: row for row in services.participation_by_action_field()}
    assert sum(row.processes for row in fields.values()) == 3
    assert services.overdue_reviews() == []
    with clock.travel(clock.utcnow() + timedelta(days=15)):
        assert [r.process.id for r in services.overdue_reviews()] == [waiting.id]


def test_the_page_is_for_the_office_with_fixed_queries(
    app, client, make_user, make_process, make_proposal
):
    client.login(make_user("district_manager", district="10"))
    assert client.get("/verwaltung/kennzahlen").status_code == 403
    assert client.get("/verwaltung/kennzahlen.csv").status_code == 403
    client.logout()
    client.login(make_user("coordinator"))
    make_proposal(make_process(district="10"))

    def queries() -> int:
        with count_queries(app) as counter:
            assert client.get("/verwaltung/kennzahlen").status_code == 200
        return counter.count

    few = queries()
    for code in ("01", "02", "03", "10", None):
        for _ in range(2):
            make_proposal(make_process(district=code))
    assert queries() == few


def test_csv_export(client, make_user, make_process, make_proposal):
    process = make_process('=cmd|" /C calc"!A0', district="10", publish=False)
    advance_to(actor=make_user("coordinator"), process=process, status="in_review")
    client.login(make_user("coordinator"))
    with clock.travel(clock.utcnow() + timedelta(days=20)):
        response = client.get("/verwaltung/kennzahlen.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Bereich", "Gegenstand", "Kennzahl", "Wert"]
    assert ["Status", "In Prüfung", "Verfahren", "1"] in rows
    overdue = [row for row in rows if row[0] == "Prüfung überfällig"]
    assert overdue and overdue[0][1] == "'" + process.title
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
