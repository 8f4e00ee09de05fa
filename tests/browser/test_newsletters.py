"""The newsletter in Chromium: subscribing and unsubscribing with and without JavaScript;
every newsletter page, with and without form errors, passes axe."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.newsletters import issues, links
from participation.newsletters.models import NewsletterSubscriber
from tests.browser.axe import axe_violations
from tests.browser.helpers import last_link, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def test_subscribe_confirm_and_unsubscribe(any_page, live_server):
    page = any_page
    page.goto("/newsletter")
    page.get_by_label("E-Mail-Adresse").fill("lotte@example.org")
    page.get_by_label("Linden-Limmer").check()
    page.get_by_role("button", name="Newsletter abonnieren").click()
    page.wait_for_load_state()
    assert "Fast geschafft" in page.content()

    page.goto(last_link(live_server, "lotte@example.org", "/newsletter/bestaetigen/"))
    page.get_by_role("button", name="Abonnement bestätigen").click()
    page.wait_for_load_state()
    assert "/newsletter/archiv" in page.url and "bestätigt" in page.content()

    with live_server.app.app_context():
        subscriber = db.session.scalar(select(NewsletterSubscriber))
        token = links.unsubscribe_token(subscriber.id, subscriber.token_version)
    page.goto(f"/newsletter/abmelden/{token}")
    page.get_by_role("button", name="Abbestellen").click()
    page.wait_for_load_state()
    assert "erhält keine Newsletter mehr" in page.content()


def test_newsletter_pages_have_no_violations(page, live_server, make_user):
    office = make_user("coordinator")
    draft = issues.save_issue(
        actor=office,
        data=issues.IssueInput(
            list_name="office", subject="Neues im März", body_markdown="## Termine\n\n- Montag"
        ),
    )
    sent = issues.save_issue(
        actor=office,
        data=issues.IssueInput(list_name="office", subject="Verschickt", body_markdown="Text"),
    )
    issues.send_now(actor=office, issue=sent)
    problems = []

    def check(path=None):
        if path:
            page.goto(path)
        problems.extend(f"{page.url}: {v}" for v in axe_violations(page))

    for path in ("/newsletter", "/newsletter/archiv", f"/newsletter/archiv/{sent.id}"):
        check(path)
    page.goto("/newsletter")
    page.get_by_label("E-Mail-Adresse").fill("kein-mail")
    page.get_by_role("button", name="Newsletter abonnieren").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    check()

    sign_in(page, office.email)
    for path in (
        "/verwaltung/newsletter",
        "/verwaltung/newsletter/neu",
        f"/verwaltung/newsletter/{draft.id}",
        f"/verwaltung/newsletter/{draft.id}/bearbeiten",
        f"/verwaltung/newsletter/{sent.id}",
    ):
        check(path)
    page.goto(f"/verwaltung/newsletter/{draft.id}/bearbeiten")
    page.get_by_role("button", name="Vorschau zeigen").click()
    page.wait_for_load_state()
    check()
    page.get_by_label("Betreff").fill("")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    check()
    page.goto(f"/verwaltung/newsletter/{draft.id}")
    page.get_by_role("button", name="Versand planen").click()
    page.wait_for_load_state()
    assert page.locator("#scheduled_at-error").count() == 1
    check()
    assert problems == [], "\n".join(problems)
