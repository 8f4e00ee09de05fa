"""The review path in Chromium, as the district and the office, with and without
JavaScript; the timeline, the staff list and the Vorhabenliste without axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.coordination.checklist import items
from participation.coordination.services import advance_to
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def test_draft_to_published_through_review(any_page, live_server, make_user, make_process):
    page = any_page
    process = make_process("Platz an der Fössestraße", district="10", publish=False)
    manager = make_user("district_manager", district="10")
    office = make_user("coordinator")
    timeline = f"/verwaltung/verfahren/{process.slug}/ablauf"

    sign_in(page, manager.email)
    page.goto("/verwaltung/verfahren")
    page.locator(f"a[href='{timeline}']").click()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.locator("#messages")).to_contain_text("zur Prüfung eingereicht")
    expect(page.get_by_text("Für Sie steht in diesem Status kein Schritt an.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, office.email)
    page.goto(timeline)
    page.get_by_label("Begründung").fill("Zu kurz")
    page.get_by_role("button", name="Zurückgeben").click()
    return_form = page.locator("#step-return")
    expect(return_form.locator(".errors")).to_contain_text("mindestens 10 Zeichen")
    expect(return_form.get_by_label("Begründung")).to_have_value("Zu kurz")
    return_form.get_by_label("Begründung").fill("Bitte die Zielgruppen ergänzen.")
    return_form.get_by_role("button", name="Zurückgeben").click()
    expect(page.locator("#messages")).to_contain_text("zur Überarbeitung zurückgegeben")

    page.context.clear_cookies()
    sign_in(page, manager.email)
    page.goto(timeline)
    expect(page.get_by_text("Bitte die Zielgruppen ergänzen.")).to_be_visible()
    page.get_by_role("button", name="Überarbeitung beginnen").click()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.locator("#messages")).to_contain_text("zur Prüfung eingereicht")

    page.context.clear_cookies()
    sign_in(page, office.email)
    page.goto(timeline)
    approve = page.locator("#step-approve")
    for _key, text in items()[:-1]:
        approve.get_by_label(text).check()
    approve.get_by_role("button", name="Freigeben").click()
    approve = page.locator("#step-approve")
    expect(approve.locator(".error-summary")).to_contain_text("Nicht alle Punkte")
    approve.get_by_label(items()[-1][1]).check()
    approve.get_by_role("button", name="Freigeben").click()
    expect(page.locator("#messages")).to_contain_text("freigegeben")
    page.goto("/vorhabenliste")
    expect(page.get_by_role("rowheader", name=process.title)).to_be_visible()
    page.goto(timeline)
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator("#messages")).to_contain_text("veröffentlicht")
    expect(page.locator(".timeline > li")).to_have_count(6)

    page.context.clear_cookies()
    page.goto(f"/verfahren/{process.slug}")
    expect(page.get_by_role("heading", name=process.title, level=1)).to_be_visible()


def test_coordination_pages_have_no_violations(page, live_server, make_user, make_process):
    office = make_user("coordinator")
    returned = make_process("Zurückgegeben", district="10", publish=False)
    advance_to(actor=office, process=returned, status="in_review")
    from participation.coordination.services import transition

    transition(actor=office, process=returned, action="return", comment="Kontakt ergänzen.")
    reviewed = make_process("In Prüfung", district="10", publish=False)
    advance_to(actor=office, process=reviewed, status="in_review")
    planned = make_process("Geplant", district="10", publish=False)
    advance_to(actor=office, process=planned, status="approved")
    problems = []
    for path in ["/vorhabenliste", "/vorhabenliste?bezirk=10"]:
        page.goto(path)
        problems += [f"visitor {path}: {v}" for v in axe_violations(page)]
    sign_in(page, make_user("resident").email)
    page.goto("/vorhabenliste")
    page.locator(f"#vorhaben-{planned.id}").get_by_role("button", name="Folgen").click()
    expect(page.locator("#messages")).to_contain_text("Sie folgen")
    problems += [f"resident following: {v}" for v in axe_violations(page)]
    page.context.clear_cookies()
    sign_in(page, office.email)
    for path in [
        "/verwaltung/verfahren",
        "/verwaltung/verfahren?status=in_review",
        f"/verwaltung/verfahren/{reviewed.slug}/ablauf",
        f"/verwaltung/verfahren/{returned.slug}/ablauf",
        f"/verwaltung/verfahren/{planned.slug}/ablauf",
    ]:
        page.goto(path)
        problems += [f"office {path}: {v}" for v in axe_violations(page)]
    page.goto(f"/verwaltung/verfahren/{reviewed.slug}/ablauf")
    page.locator("#step-approve").get_by_role("button", name="Freigeben").click()
    page.wait_for_load_state()
    problems += [f"approval errors: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
