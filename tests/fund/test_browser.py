"""In Chromium: zero axe violations on the fund's pages, public, the applicant's, the
office's and the jury's; a member applies without JavaScript."""

from __future__ import annotations

import pytest

from participation.fund import decisions, jury
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.fund.factories import close_call, fund_application, fund_call

pytestmark = pytest.mark.browser


def _check(page, paths) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, (path, response.status)
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    return problems


def test_public_and_applicant_pages_have_no_violations(page, fund):
    own = fund_application(fund.other.contact, fund.call, fund.other.organisation)
    later = fund_call(fund.office, title="Nächste Runde")
    close_call(fund.call)
    decisions.decide(actor=fund.office, application=own, approve=True, amount_cents=50000)
    problems = _check(
        page, ["/foerderfonds", f"/foerderfonds/{fund.call.id}", f"/foerderfonds/antraege/{own.id}"]
    )
    sign_in(page, fund.other.contact.email)
    problems += _check(
        page, [f"/foerderfonds/{later.id}/antrag", f"/foerderfonds/antraege/{own.id}/bericht"]
    )
    assert problems == [], "\n".join(problems)


def test_office_and_jury_pages_have_no_violations(page, fund):
    submitted = fund_application(fund.applicant.contact, fund.call, fund.applicant.organisation)
    jury.submit_review(
        actor=fund.juror,
        application=submitted,
        values={c.id: 3 for c in fund.call.criteria},
        comment="Gut",
    )
    close_call(fund.call)
    base = f"/verwaltung/foerderfonds/{fund.call.id}"
    sign_in(page, fund.office.email)
    problems = _check(
        page,
        ["/verwaltung/foerderfonds/neu", base, f"{base}/jury", f"{base}/jury/{submitted.id}"],
    )
    assert problems == [], "\n".join(problems)


def test_a_member_applies_and_submits_without_javascript(page_no_js, fund):
    page = page_no_js
    sign_in(page, fund.applicant.contact.email)
    page.goto(f"/foerderfonds/{fund.call.id}")
    page.get_by_role("link", name="Antrag stellen").click()
    page.wait_for_load_state()
    page.get_by_label("Titel des Projekts").fill("Danke-Abend")
    page.get_by_label("Beschreibung des Projekts").fill("Ein Abend für alle Engagierten.")
    page.get_by_label("Was bewirkt das Projekt").fill("Urkunden und ein Essen.")
    page.get_by_label("Kostenplan").fill("Essen; 300\nUrkunden; 50")
    page.get_by_label("Beantragter Betrag in Euro").fill("350")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_load_state()
    assert "Danke-Abend" in page.content()
    page.get_by_role("button", name="Antrag einreichen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Eingereicht").first.is_visible()
