"""The whole way of a process in Chromium, as the district and the office, with and
without JavaScript: draft, review, dialogue, close, answers, results report; the resident
who made a proposal reads its answer and got one mail for each. The pages pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.coordination.checklist import items
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.notifications.helpers import want_at_once

pytestmark = pytest.mark.browser

SUMMARY = "Die Beteiligten wünschen sich mehr Grün und mehr Bänke am Küchengarten."


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def _review_and_publish(page, process, manager, office) -> None:
    """Draft → submit → return → revise → submit → approve → publish, as the district and
    the office (the refusals along the way are tested in test_coordination)."""
    timeline = f"/verwaltung/verfahren/{process.slug}/ablauf"
    sign_in(page, manager.email)
    page.goto(timeline)
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.locator("#messages")).to_contain_text("zur Prüfung eingereicht")
    page.context.clear_cookies()
    sign_in(page, office.email)
    page.goto(timeline)
    page.locator("#step-return").get_by_label("Begründung").fill("Bitte den Kontakt ergänzen.")
    page.locator("#step-return").get_by_role("button", name="Zurückgeben").click()
    expect(page.locator("#messages")).to_contain_text("zur Überarbeitung zurückgegeben")
    page.context.clear_cookies()
    sign_in(page, manager.email)
    page.goto(timeline)
    page.get_by_role("button", name="Überarbeitung beginnen").click()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.locator("#messages")).to_contain_text("zur Prüfung eingereicht")
    page.context.clear_cookies()
    sign_in(page, office.email)
    page.goto(timeline)
    approve = page.locator("#step-approve")
    for _key, label in items():
        approve.get_by_label(label).check()
    approve.get_by_role("button", name="Freigeben").click()
    expect(page.locator("#messages")).to_contain_text("freigegeben")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator("#messages")).to_contain_text("veröffentlicht")
    page.context.clear_cookies()


def test_from_draft_to_published_results(any_page, live_server, make_user, make_process):
    """The whole path of a process as the district and the office: draft, review, dialogue,
    close, answers, results; the resident who made a proposal reads its answer and got one
    mail for each."""
    page = any_page
    process = make_process("Küchengarten", district="10", publish=False)
    resident = make_user("resident")
    want_at_once(resident, "official_answer", "results_published")  # not the weekly digest
    manager = make_user("district_manager", district="10")
    office = make_user("coordinator")
    _review_and_publish(page, process, manager, office)

    sign_in(page, resident.email)
    page.goto(f"/verfahren/{process.slug}/vorschlaege/neu")
    page.get_by_label("Titel Ihres Vorschlags").fill("Hochbeete für alle")
    page.get_by_label("Ihr Vorschlag").fill("Gemeinsam gärtnern im Quartier.")
    page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    expect(page.get_by_role("heading", name="Hochbeete für alle")).to_be_visible()
    proposal_url = page.url

    page.context.clear_cookies()
    sign_in(page, office.email)
    page.goto(f"/verwaltung/verfahren/{process.slug}/ablauf")
    page.get_by_role("button", name="Abschließen").click()
    expect(page.locator("#messages")).to_contain_text("abgeschlossen")
    page.get_by_role("link", name="Zum Ergebnisbericht").click()
    page.get_by_label("Zusammenfassung der Ergebnisse").fill("Zu kurz")
    page.get_by_role("button", name="Bericht speichern").click()
    expect(page.locator("#summary-error")).to_contain_text("mindestens 50 Zeichen")
    expect(page.get_by_label("Zusammenfassung der Ergebnisse")).to_have_value("Zu kurz")
    page.get_by_label("Zusammenfassung der Ergebnisse").fill(SUMMARY)
    page.get_by_role("button", name="Bericht speichern").click()
    expect(page.locator("#messages")).to_contain_text("Der Ergebnisbericht ist gespeichert.")
    page.get_by_role("button", name="Ergebnisbericht veröffentlichen").click()
    expect(page.locator("#override_reason-error")).to_contain_text("noch keine Antwort")

    page.context.clear_cookies()
    sign_in(page, manager.email)
    page.goto("/verwaltung/antworten?wer=alle")
    page.get_by_role("link", name="Hochbeete für alle").click()
    page.get_by_label("Umgesetzt").check()
    page.get_by_label("Antwort und Begründung").fill("Zwei Hochbeete stehen seit Mai.")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    expect(page.locator("#messages")).to_contain_text("Die Antwort ist veröffentlicht.")

    page.context.clear_cookies()
    sign_in(page, office.email)
    page.goto(f"/verwaltung/verfahren/{process.slug}/ergebnisbericht")
    expect(page.get_by_text("Jeder Vorschlag hat eine Antwort.")).to_be_visible()
    page.get_by_role("button", name="Ergebnisbericht veröffentlichen").click()
    expect(page.locator("#messages")).to_contain_text("Der Ergebnisbericht ist veröffentlicht.")

    page.context.clear_cookies()
    sign_in(page, resident.email)
    page.goto(proposal_url)
    expect(page.locator("#official-response")).to_contain_text("Zwei Hochbeete stehen seit Mai.")
    page.goto(f"/verfahren/{process.slug}")
    page.get_by_role("link", name="Zum Ergebnisbericht").click()
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.locator("article.report-proposal")).to_contain_text("Umgesetzt")
    mails = [m for m in live_server.app.extensions["mail_memory"] if m["To"] == resident.email]
    subjects = sorted(m["Subject"] for m in mails)
    assert subjects == [
        "Die Ergebnisse von „Küchengarten“ sind veröffentlicht.",
        "Die Verwaltung hat auf den Vorschlag „Hochbeete für alle“ geantwortet.",
    ]


def test_results_pages_have_no_violations(page, live_server, make_user, closed_dialogue):
    from participation.results import services as results

    dialogue = closed_dialogue()
    slug = dialogue.process.slug
    problems = []
    sign_in(page, dialogue.office.email)
    page.goto(f"/verwaltung/verfahren/{slug}/ergebnisbericht")
    problems += [f"empty form: {v}" for v in axe_violations(page)]
    page.get_by_role("button", name="Ergebnisbericht veröffentlichen").click()
    page.wait_for_load_state()
    problems += [f"publish refused: {v}" for v in axe_violations(page)]
    results.save(actor=dialogue.office, process=dialogue.process, summary=SUMMARY, next_steps="")
    page.goto(f"/verfahren/{slug}/ergebnisse")
    problems += [f"draft preview: {v}" for v in axe_violations(page)]
    results.publish(
        actor=dialogue.office,
        process=dialogue.process,
        override_reason="Die Antworten folgen nach der Sitzung des Bezirksrats.",
    )
    page.context.clear_cookies()
    page.goto(f"/verfahren/{slug}/ergebnisse")
    expect(page.locator("svg#chart-quarters")).to_be_visible()
    problems += [f"published report: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
