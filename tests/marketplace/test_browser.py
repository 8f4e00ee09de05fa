"""In Chromium, with and without JavaScript: a partner member finds a company's entry and
writes to it; zero axe violations on the list, an entry and a company's area."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.marketplace import factories as f

pytestmark = pytest.mark.browser


def _journey(page, make_user) -> None:
    owner, member = f.company(make_user, "Druckerei am Fluss")
    f.entry(member, owner, title="Plakate für Vereinsfeste")
    sender = make_user("partner_member")
    sign_in(page, sender.email)
    page.goto("/marktplatz")
    page.get_by_label("Kategorie").select_option("raeume")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Biete: Plakate für Vereinsfeste").click()
    page.wait_for_load_state()
    page.get_by_label("Ihre Nachricht").fill("Wir planen ein Sommerfest.")
    page.get_by_role("button", name="Nachricht senden").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ihre Nachricht ist verschickt.").is_visible()
    assert f.mails_to(member.email, "market-message-") == 1


def test_a_partner_contacts_a_company(page, make_user):
    _journey(page, make_user)


def test_the_same_without_javascript(page_no_js, make_user):
    _journey(page_no_js, make_user)


def test_marketplace_pages_have_no_violations(page, make_user):
    company, member = f.company(make_user)
    entry = f.entry(member, company)
    sign_in(page, member.email)
    found = {}
    for path in ("/marktplatz", f"/marktplatz/eintraege/{entry.id}", "/marktplatz/mein-bereich"):
        page.goto(path)
        found[path] = axe_violations(page)
    assert found == {path: [] for path in found}
