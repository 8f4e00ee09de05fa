"""Trainings in Chromium: a district manager registers, waits, is moved up when someone
cancels (one mail), attends, gives feedback and downloads the certificate of attendance,
whose code verifies, with and without JavaScript; the public and the office's pages pass
axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import format_date
from playwright.sync_api import expect
from pypdf import PdfReader

from participation.core import clock
from participation.qualification import attendance, registrations
from tests.accounts.helpers import mails_to
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.qualification.factories import training

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def test_a_district_manager_is_moved_up_attends_and_rates(any_page, live_server, make_user, mails):
    page = any_page
    office = make_user("coordinator")
    held = training(office, capacity=1, title="Grundlagen für das Bezirksmanagement")
    first, manager = make_user("resident"), make_user("district_manager")
    registrations.register(actor=first, training=held)
    sign_in(page, manager.email)
    page.goto("/qualifizierung")
    page.get_by_role("link", name="Grundlagen für das Bezirksmanagement").click()
    page.get_by_role("button", name="Auf die Warteliste").click()
    expect(page.locator("#messages")).to_contain_text("Warteliste")
    # The other person gives the place back (through the service: its mail goes to the
    # test app's outbox).
    registrations.cancel(actor=first, training=held)
    assert len(mails_to(mails, manager.email)) == 1
    page.reload()
    expect(page.get_by_text("Sie sind angemeldet.")).to_be_visible()
    with clock.travel(held.ends_at + timedelta(hours=1)):
        registration = registrations.registration_of(manager, held)
        attendance.record_attendance(actor=office, training=held, attended_ids={registration.id})
        page.goto(f"/qualifizierung/{held.id}")
        page.get_by_role("link", name="Rückmeldung geben").click()
        page.get_by_role("group", name="Wie nützlich").get_by_label("5").check()
        page.get_by_role("group", name="Wie gut").get_by_label("4").check()
        page.get_by_label("Kommentar").fill("Sehr hilfreich.")
        page.get_by_role("button", name="Rückmeldung senden").click()
        expect(page.locator("#messages")).to_contain_text("Danke für Ihre Rückmeldung")
        page.goto("/verwaltung/mein-qualifizierungsstand")
        expect(page.get_by_text("Grundlagen für das Bezirksmanagement")).to_be_visible()
        page.goto(f"/qualifizierung/{held.id}")
        page.get_by_label("Name auf der Bescheinigung").fill("Doris Demir")
        page.get_by_role("button", name="Bescheinigung ausstellen").click()
        expect(page.locator("#messages")).to_contain_text("Teilnahmebescheinigung ist ausgestellt")
        with page.expect_download() as download:
            page.get_by_role("link", name="Bescheinigung herunterladen (PDF)").click()
        text = " ".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
        page.get_by_role("link", name="Echtheit prüfen").click()
        expect(page.locator("main")).to_contain_text("Doris Demir")
        expect(page.locator("main")).to_contain_text("Grundlagen für das Bezirksmanagement")
    assert registrations.attended(manager, held)
    assert "Doris Demir" in text and "Grundlagen für das Bezirksmanagement" in text
    with live_server.app.test_request_context():
        day = format_date(held.starts_at.astimezone(clock.CITY_TIMEZONE).date(), "long")
    assert day in text


def test_qualification_pages_have_no_violations(page, live_server, make_user):
    office = make_user("coordinator")
    upcoming = training(office, open_registration=True)
    held = training(office, title="Schon gewesen")
    manager = make_user("district_manager")
    registrations.register(actor=manager, training=held)
    problems = []

    def check(path):
        page.goto(path)
        problems.extend(f"{path}: {v}" for v in axe_violations(page))

    for path in [
        "/qualifizierung",
        f"/qualifizierung/{upcoming.id}",
        "/qualifizierung/anmeldung/x",
    ]:
        check(path)
    page.goto(f"/qualifizierung/{upcoming.id}")
    page.get_by_role("button", name="Per E-Mail anmelden").click()
    page.wait_for_selector(".error-summary")
    problems.extend(f"email form errors: {v}" for v in axe_violations(page))
    with clock.travel(held.ends_at + timedelta(hours=1)):
        registration = registrations.registration_of(manager, held)
        attendance.record_attendance(actor=office, training=held, attended_ids={registration.id})
        sign_in(page, manager.email)
        for path in [
            f"/qualifizierung/{held.id}/rueckmeldung",
            f"/qualifizierung/{held.id}",
            "/verwaltung/mein-qualifizierungsstand",
        ]:
            check(path)
        page.goto(f"/qualifizierung/{held.id}")
        page.get_by_role("button", name="Bescheinigung ausstellen").click()
        page.wait_for_selector(".error-summary")
        problems.extend(f"certificate form errors: {v}" for v in axe_violations(page))
    with clock.travel(held.ends_at + timedelta(hours=1)):
        page.context.clear_cookies()
        sign_in(page, office.email)
        for path in [
            "/verwaltung",
            "/verwaltung/qualifizierung",
            "/verwaltung/qualifizierung/neu",
            f"/verwaltung/qualifizierung/{held.id}",
            f"/verwaltung/qualifizierung/{upcoming.id}/bearbeiten",
            f"/verwaltung/qualifizierung/auswertung?jahr={held.starts_at.year}",
            "/verwaltung/qualifizierung/verankerung",
        ]:
            check(path)
        page.goto("/verwaltung/qualifizierung/neu")
        page.get_by_role("button", name="Speichern").click()
        page.wait_for_selector(".error-summary")
        problems.extend(f"training form errors: {v}" for v in axe_violations(page))
    assert problems == [], "\n".join(problems)


def test_the_training_page_works_without_javascript(page_no_js, live_server, make_user):
    upcoming = training(make_user("coordinator"), open_registration=True)
    response = page_no_js.goto(f"/qualifizierung/{upcoming.id}")
    assert response.status == 200
    assert page_no_js.locator("h1").count() == 1
    page_no_js.get_by_label("Ihr Name").fill("Gerda Gast")
    page_no_js.get_by_label("Ihre E-Mail-Adresse").fill("gerda@example.org")
    page_no_js.get_by_role("button", name="Per E-Mail anmelden").click()
    expect(page_no_js.locator("#messages")).to_contain_text("Fast geschafft")
