"""Network items in Chromium, with and without JavaScript: a resident reports a partner's
offer, the coordination office hides it from the queue, the public page shows the reason;
the new pages without axe violations and without Nu checker errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.contributions import services as contributions
from participation.contributions.services import ContributionInput
from participation.moderation import subject_services as moderation
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.test_html_validity import nu_errors, skip_without_checker

TITLE = "Reparaturcafé im Stadtteil"


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


@pytest.fixture
def offer(make_partner):
    partner = make_partner("Nachbarschaftsladen e. V.")
    return contributions.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="offer",
        data=ContributionInput(
            title=TITLE, body="Jeden Samstag reparieren wir gemeinsam, was kaputt ist."
        ),
    )


@pytest.mark.browser
def test_a_resident_reports_and_the_office_hides(any_page, live_server, offer, make_user):
    page = any_page
    resident, office = make_user("resident"), make_user("coordinator")
    sign_in(page, resident.email)
    page.goto(f"/netzwerk/beitraege/{offer.id}")
    page.get_by_role("link", name="Inhalt melden").click()
    page.wait_for_load_state()
    page.get_by_label("Werbung").check()
    page.get_by_role("button", name="Meldung senden").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/netzwerk/beitraege/{offer.id}")
    expect(page.get_by_text("Danke, Ihre Meldung ist eingegangen.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, office.email)
    page.goto("/verwaltung/moderation")
    entry = page.locator(f"#eintrag-beitraege-{offer.id}")
    expect(entry).to_contain_text(TITLE)
    entry.locator("summary", has_text="Ausblenden").click()
    entry.get_by_label("Grund").select_option("advertising")
    entry.get_by_label("Öffentliche Erklärung").fill("Werbung für ein Geschäft.")
    entry.get_by_role("button", name="Ausblenden", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Der Inhalt ist ausgeblendet")

    page.context.clear_cookies()
    page.goto(f"/netzwerk/beitraege/{offer.id}")
    expect(page.get_by_text("Von der Moderation ausgeblendet: Werbung")).to_be_visible()
    expect(page.get_by_text("Werbung für ein Geschäft.")).to_be_visible()
    expect(page.get_by_text("Jeden Samstag")).to_have_count(0)


@pytest.mark.browser
def test_the_pages_have_no_violations(page, live_server, offer, make_user):
    resident, office = make_user("resident"), make_user("coordinator")
    moderation.report(
        actor=make_user("resident"), item=moderation.item_of("beitraege", offer.id), reason="spam"
    )
    problems = []
    sign_in(page, resident.email)
    for path in (f"/netzwerk/beitraege/{offer.id}", f"/melden/beitraege/{offer.id}"):
        page.goto(path)
        problems += [f"resident {path}: {v}" for v in axe_violations(page)]
    page.get_by_role("button", name="Meldung senden").click()  # no reason: an error
    page.wait_for_load_state()
    problems += [f"report errors: {v}" for v in axe_violations(page)]
    page.context.clear_cookies()
    sign_in(page, office.email)
    item = f"/verwaltung/moderation/netzwerk/beitraege/{offer.id}"
    for path in ("/verwaltung/moderation", item):
        page.goto(path)
        problems += [f"office {path}: {v}" for v in axe_violations(page)]
    moderation.hide(
        actor=office,
        item=moderation.item_of("beitraege", offer.id),
        reason="spam",
        explanation="Doppelt eingestellt, bitte nur einmal.",
    )
    for path in (item, f"/netzwerk/beitraege/{offer.id}", "/verwaltung/moderation/protokoll"):
        page.goto(path)
        problems += [f"office hidden {path}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)


def test_the_pages_have_no_nu_checker_errors(app, offer, make_user, tmp_path):
    skip_without_checker()
    resident, office = make_user("resident"), make_user("coordinator")
    moderation.report(
        actor=make_user("resident"), item=moderation.item_of("beitraege", offer.id), reason="spam"
    )
    visitor, signed_in, staff = app.test_client(), app.test_client(), app.test_client()
    signed_in.login(resident)
    staff.login(office)
    item = f"/verwaltung/moderation/netzwerk/beitraege/{offer.id}"
    prefix = f"beitraege-{offer.id}"
    pages = {
        "offer (resident)": signed_in.get(f"/netzwerk/beitraege/{offer.id}"),
        "report form": signed_in.get(f"/melden/beitraege/{offer.id}"),
        "report (error)": signed_in.post_form(f"/melden/beitraege/{offer.id}", {"note": ""}),
        "queue": staff.get("/verwaltung/moderation"),
        "item": staff.get(item),
        "hide (error)": staff.post_form(
            f"{item}/ausblenden", {f"{prefix}-reason": "spam", "zurueck": "eintrag"}
        ),
    }
    moderation.hide(
        actor=office,
        item=moderation.item_of("beitraege", offer.id),
        reason="spam",
        explanation="Doppelt eingestellt, bitte nur einmal.",
    )
    pages.update(
        {
            "hidden (visitor)": visitor.get(f"/netzwerk/beitraege/{offer.id}"),
            "hidden item": staff.get(item),
            "log": staff.get("/verwaltung/moderation/protokoll"),
        }
    )
    errors = nu_errors({k: v.get_data(as_text=True) for k, v in pages.items()}, tmp_path)
    assert errors == [], "\n".join(errors[:40])
