"""Registration → verification mail → sign in → profile → password change → sign out, and
password reset, in real Chromium with and without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.helpers import last_link, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def test_register_verify_profile_password_logout(any_page, live_server):
    page = any_page
    page.goto("/")
    page.get_by_role("link", name="Registrieren", exact=True).first.click()
    page.get_by_label("E-Mail-Adresse").fill("lotte@example.org")
    page.get_by_label("Öffentlicher Name (Pseudonym)").fill("Lindener Lotte")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Ich habe die Datenschutzerklärung gelesen").check()
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Fast geschafft").is_visible()

    page.goto(last_link(live_server, "lotte@example.org", "/bestaetigen/"))
    page.get_by_role("button", name="Adresse bestätigen").click()
    page.wait_for_load_state()
    assert "bestätigt" in page.content()

    sign_in(page, "lotte@example.org")
    page.goto("/konto")
    page.get_by_label("Öffentlicher Name (Pseudonym)").fill("Lotte aus Linden")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ihr Profil ist gespeichert.").is_visible()
    assert "Lotte aus Linden" in page.locator("header").inner_text()

    page.get_by_role("link", name="Passwort ändern").click()
    page.get_by_label("Aktuelles Passwort").fill(PASSWORD)
    page.get_by_label("Neues Passwort").fill("ein ganz neues Passwort")
    page.get_by_role("button", name="Passwort ändern").click()
    page.wait_for_load_state()
    assert "/anmelden" in page.url
    sign_in(page, "lotte@example.org", "ein ganz neues Passwort")
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    assert page.get_by_text("Sie sind abgemeldet.").is_visible()
    assert page.get_by_role("link", name="Anmelden").first.is_visible()


def test_password_reset(any_page, live_server, make_user):
    page = any_page
    user = make_user()
    page.goto("/anmelden")
    page.get_by_role("link", name="Passwort vergessen?").click()
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_role("button", name="Link anfordern").click()
    page.wait_for_load_state()
    assert page.get_by_text("Wenn es ein Konto mit dieser Adresse gibt").is_visible()
    page.goto(last_link(live_server, user.email, "/passwort-neu/"))
    page.get_by_label("Neues Passwort").fill("das neue Passwort 2026")
    page.get_by_role("button", name="Passwort speichern").click()
    page.wait_for_load_state()
    sign_in(page, user.email, "das neue Passwort 2026")


def test_wrong_login_keeps_email_and_explains(any_page, make_user):
    page = any_page
    user = make_user()
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort", exact=True).fill("falsches Passwort!")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert page.get_by_label("E-Mail-Adresse").input_value() == user.email
    assert page.get_by_text("E-Mail-Adresse oder Passwort ist falsch.").first.is_visible()
