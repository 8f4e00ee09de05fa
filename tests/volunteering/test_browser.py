"""In Chromium, with and without JavaScript: a resident finds an opportunity in
Linden-Limmer, sends interest, the organisation accepts it in its inbox; zero axe
violations on the list, an opportunity, the inbox and the resident's page."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def _journey(page, resident, member, made, *, axe: bool = True) -> list[str]:
    """The journey; with `axe`, the violations of each page on the way (axe needs
    JavaScript, so the run without it only walks)."""
    problems = []

    def check(name: str) -> None:
        if axe:
            problems.extend(f"{name}: {v}" for v in axe_violations(page))

    sign_in(page, resident.email)
    page.goto("/engagement")
    check("list")
    page.get_by_label("Stadtbezirk").select_option(label="Linden-Limmer")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=made.title).click()
    page.wait_for_load_state()
    check("detail")
    page.get_by_label("Ihre Nachricht an die Organisation").fill("Ich lese gern vor.")
    page.get_by_label("Ich bin einverstanden", exact=False).check()
    page.get_by_role("button", name="Interesse senden").click()
    page.wait_for_load_state()
    assert "Ihr Interesse ist bei der Organisation angekommen." in page.content()
    page.goto("/konto/engagement")
    check("mine")
    assert made.title in page.content()
    page.context.clear_cookies()
    sign_in(page, member.email)
    page.goto(f"/netzwerk/partner/{made.organisation.slug}/engagement")
    check("inbox")
    assert "Ich lese gern vor." in page.content()
    page.get_by_role("button", name="Annehmen").click()
    page.wait_for_load_state()
    assert "Angenommen" in page.content()
    return problems


def test_a_resident_finds_and_the_organisation_accepts(
    page, make_user, make_opportunity, org_member
):
    made = make_opportunity()
    assert _journey(page, make_user(), org_member, made) == []


def test_the_same_without_javascript(page_no_js, make_user, make_opportunity, org_member):
    made = make_opportunity()
    _journey(page_no_js, make_user(), org_member, made, axe=False)
