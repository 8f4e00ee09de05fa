"""In Chromium, with and without JavaScript: the feedback link in the footer, the form with
its errors and thanks, the office's evaluation page and the administrator's switches; no
axe violations on any of them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.evaluation.models import PortalFeedback
from participation.extensions import db
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def _give_feedback(page, *, axe: bool = True) -> list[str]:
    """The journey; axe runs in the page, so only where JavaScript is on."""
    problems = []
    check = axe_violations if axe else (lambda page: [])
    page.goto("/verfahren")
    page.get_by_role("link", name="Wie finden Sie dieses Portal?").click()
    page.wait_for_load_state()
    assert "/verfahren" in page.locator("main").inner_text()
    problems += [f"form: {v}" for v in check(page)]
    page.get_by_label("Was wollten Sie auf dem Portal tun? (optional)").fill("Etwas finden")
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.wait_for_selector("#outcome-error")
    assert page.get_by_label("Was wollten Sie auf dem Portal tun? (optional)").input_value() == (
        "Etwas finden"
    )
    problems += [f"errors: {v}" for v in check(page)]
    page.get_by_label("Teilweise").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Was möchten Sie uns noch sagen? (optional)").fill("Die Suche hilft.")
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.wait_for_selector("text=Danke! Ihre Rückmeldung hilft uns")
    problems += [f"thanks: {v}" for v in check(page)]
    return problems


def test_feedback_with_javascript(page, live_server):
    assert _give_feedback(page) == []
    # htmx swapped the form: the page stayed where it was.
    assert "/rueckmeldung" in page.url
    with live_server.app.app_context():
        (row,) = db.session.scalars(select(PortalFeedback)).all()
        assert (row.page_path, row.outcome, row.rating) == ("/verfahren", "teilweise", 4)


def test_feedback_without_javascript(page_no_js, live_server):
    assert _give_feedback(page_no_js, axe=False) == []
    # The plain form leads back to the page the visitor came from.
    assert page_no_js.url.endswith("/verfahren")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_office_evaluation_and_admin_switches(
    browser, live_server, make_user, make_partner, javascript
):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        with live_server.app.app_context():
            db.session.add(
                PortalFeedback(page_path="/", task="Stöbern", outcome="ja", rating=5, comment="Top")
            )
            db.session.commit()
            make_partner("Nachbarschaft e. V.")
            email = make_user("admin").email
        sign_in(page, email)
        page.goto("/verwaltung")
        page.get_by_role("link", name="Auswertung der Testphase").click()
        page.wait_for_load_state()
        assert page.get_by_text("Top", exact=True).is_visible()
        check = axe_violations if javascript else (lambda page: [])
        problems = [f"evaluation: {v}" for v in check(page)]
        page.get_by_label("Zusammengefasst nach").select_option("monat")
        page.get_by_role("button", name="Anzeigen").click()
        page.wait_for_load_state()
        assert "einheit=monat" in page.url
        page.goto("/verwaltung")
        page.get_by_role("link", name="Module ein- und ausschalten").click()
        page.wait_for_load_state()
        problems += [f"switches: {v}" for v in check(page)]
        page.get_by_role("button", name="Netzwerk Bürgermitwirkung ausschalten").click()
        page.wait_for_load_state()
        assert page.get_by_text("ist jetzt ausgeschaltet").is_visible()
        assert page.locator("nav.main-nav a", has_text="Netzwerk").count() == 0
        assert page.goto("/netzwerk").status == 404
        page.goto("/verwaltung/module")
        page.get_by_role("button", name="Netzwerk Bürgermitwirkung einschalten").click()
        page.wait_for_load_state()
        assert page.locator("nav.main-nav a", has_text="Netzwerk").count() == 1
        assert page.goto("/netzwerk").status == 200
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
