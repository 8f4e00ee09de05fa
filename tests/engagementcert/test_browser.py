"""In Chromium: a volunteer asks for a certificate through the form, a member of the
organisation confirms it, the certificate verifies at its code page (without JavaScript,
then with); zero axe violations on every page of engagement certificates and /mitmachen."""

from __future__ import annotations

import pytest

from participation.certificates.models import Certificate
from participation.extensions import db
from tests.browser.axe import axe_violations
from tests.browser.helpers import last_link, sign_in
from tests.engagementcert.pages import make_states

pytestmark = pytest.mark.browser


def _journey(page, live_server, make_user, make_organisation) -> None:
    organisation = make_organisation(name="Nachbarschaftsladen Linden")
    member = make_user("partner_member", organisation=organisation.slug)
    volunteer = make_user("resident")
    sign_in(page, volunteer.email)
    page.goto("/")
    page.get_by_role("link", name="Mitmachen: alle Wege an einem Ort").click()
    page.wait_for_load_state()
    assert page.url.endswith("/mitmachen")
    page.goto(f"/netzwerk/partner/{organisation.slug}")
    page.get_by_role("link", name="Engagementnachweis beantragen").click()
    page.wait_for_load_state()
    page.get_by_label("Ihr Name").fill("Lotte Lindner")
    page.get_by_label("Tätigkeiten").fill("Lesepatenschaft in der Stadtteilbibliothek")
    page.get_by_label("Engagiert seit").fill("2025-09-01")
    page.get_by_label("Engagiert bis").fill("2026-02-28")
    page.get_by_label("Stunden im Monat (Durchschnitt)").fill("6")
    page.get_by_label("Stunden Monat für Monat (freiwillig)").fill("2025-09: 4\n2025-10: 8")
    page.get_by_role("button", name="Anfrage senden").click()
    page.wait_for_load_state()
    assert "Ihre Anfrage ist bei der Organisation" in page.content()
    page.context.clear_cookies()
    sign_in(page, member.email)
    page.goto(last_link(live_server, member.email, "/netzwerk/partner/"))
    page.get_by_label("Ihr Name als Unterzeichner*in").first.fill("Maren Muster")
    page.get_by_role("button", name="So bestätigen und Bescheinigung ausstellen").click()
    page.wait_for_load_state()
    assert "Bescheinigung ist ausgestellt" in page.content()
    certificate = db.session.scalar(db.select(Certificate))
    page.context.clear_cookies()
    page.goto(f"/bescheinigungen?code={certificate.code}")
    page.wait_for_load_state()
    assert page.get_by_text("Echt und gültig").is_visible()
    assert page.get_by_text("Lotte Lindner").is_visible()


def test_request_confirm_verify_without_javascript(
    page_no_js, live_server, make_user, make_organisation
):
    _journey(page_no_js, live_server, make_user, make_organisation)


def test_the_pages_have_no_violations(
    page, make_user, make_organisation, make_process, make_partner
):
    paths, _people = make_states(make_user, make_organisation, make_process, make_partner)
    problems = []
    for who, wanted in paths.items():
        page.context.clear_cookies()
        if who is not None:
            sign_in(page, who.email)
        for path in wanted:
            page.goto(path)
            problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
