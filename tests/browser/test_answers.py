"""Answering in Chromium, with and without JavaScript: the office assigns, the district
manager answers from the queue, the author reads the answer; the pages pass axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from participation.answers import services as answers
from participation.core import clock
from participation.core.clock import local_today
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.notifications.helpers import want_at_once

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def test_assign_answer_and_read(any_page, live_server, make_user, make_process, make_proposal):
    page = any_page
    process = make_process("Uferweg Limmer", district="10")
    author = make_user("resident")
    want_at_once(author, "official_answer")  # the default is the weekly digest
    proposal = make_proposal(process, author=author, title="Bänke am Uferweg")
    manager = make_user("district_manager", district="10", pseudonym="Bezirk Linden")
    office = make_user("coordinator")

    sign_in(page, office.email)
    page.goto(f"/verwaltung/antworten/{proposal.id}")
    page.get_by_label("Zuständige Person").select_option(label="Bezirk Linden")
    due = local_today() + timedelta(days=14)
    page.get_by_label("Antwort fällig bis").fill(due.isoformat())
    page.get_by_role("button", name="Zuweisen").click()
    expect(page.locator("#messages")).to_contain_text("Die Zuständigkeit ist gespeichert.")

    page.context.clear_cookies()
    sign_in(page, manager.email)
    page.goto("/verwaltung/antworten")
    page.get_by_role("link", name="Bänke am Uferweg").click()
    page.get_by_label("Angenommen", exact=True).check()
    page.get_by_label("Antwort und Begründung").fill("Zu kurz")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    expect(page.locator("#text-error")).to_contain_text("mindestens 20 Zeichen")
    expect(page.get_by_label("Antwort und Begründung")).to_have_value("Zu kurz")
    expect(page.get_by_label("Angenommen", exact=True)).to_be_checked()
    page.get_by_label("Antwort und Begründung").fill("Die Bänke werden im Frühjahr aufgestellt.")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    expect(page.locator("#messages")).to_contain_text("Die Antwort ist veröffentlicht.")
    page.goto("/verwaltung/antworten?ansicht=beantwortet")
    expect(page.get_by_role("link", name="Bänke am Uferweg")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, author.email)
    page.goto(f"/vorschlaege/{proposal.id}")
    answer = page.locator("#official-response")
    expect(answer).to_contain_text("Die Bänke werden im Frühjahr aufgestellt.")
    expect(answer).to_contain_text("Bezirk Linden")
    mails = [m for m in live_server.app.extensions["mail_memory"] if m["To"] == author.email]
    assert [m["Subject"] for m in mails] == [
        "Die Verwaltung hat auf den Vorschlag „Bänke am Uferweg“ geantwortet."
    ]


def test_answer_pages_have_no_violations(page, live_server, make_user, make_process, make_proposal):
    office = make_user("coordinator")
    manager = make_user("district_manager", district="10")
    process = make_process("Marktplatz", district="10", feedback_due=local_today() + timedelta(1))
    answers.assign_process(actor=office, process=process, assignee=manager)
    waiting = make_proposal(process, title="Mehr Schatten")
    answered = make_proposal(process, title="Trinkbrunnen")
    answers.answer(
        actor=manager, proposal=answered, status="accepted", text="Der Brunnen kommt im Mai."
    )
    problems = []
    sign_in(page, office.email)
    paths = [
        "/verwaltung/antworten?wer=alle",
        "/verwaltung/antworten?ansicht=beantwortet&wer=alle",
        f"/verwaltung/antworten/{waiting.id}",
        f"/verwaltung/antworten/{answered.id}",
        f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten",
        f"/vorschlaege/{answered.id}",
    ]
    for path in paths:
        page.goto(path)
        problems += [f"office {path}: {v}" for v in axe_violations(page)]
    page.goto(f"/verwaltung/antworten/{waiting.id}")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    page.wait_for_load_state()
    problems += [f"answer errors: {v}" for v in axe_violations(page)]
    page.goto(f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten")
    page.get_by_role("button", name="Zuweisen").click()
    page.wait_for_load_state()
    problems += [f"team errors: {v}" for v in axe_violations(page)]
    with clock.travel(clock.utcnow() + timedelta(days=3)):
        page.goto("/verwaltung/antworten?ansicht=ueberfaellig&wer=alle")
        expect(page.get_by_role("link", name="Mehr Schatten")).to_be_visible()
        problems += [f"overdue queue: {v}" for v in axe_violations(page)]
        page.context.clear_cookies()
        page.goto("/antworten/ueberfaellig")
        expect(page.get_by_role("link", name="Mehr Schatten")).to_be_visible()
        problems += [f"public overdue: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
