"""The second factor in real Chromium: a district manager is sent to set it up before the
staff area opens, scans nothing (types the key), signs in again with a code; the new
pages have no axe violations, with and without JavaScript."""

from __future__ import annotations

import re

import pyotp
import pytest

from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def test_a_district_manager_sets_up_totp_before_the_staff_area_opens(
    any_page, live_server, make_user
):
    from participation.core import clock

    page = any_page
    live_server.app.config["STAFF_TWO_FACTOR_REQUIRED"] = True
    manager = make_user("district_manager", district="10")
    sign_in(page, manager.email)
    page.goto("/verwaltung")
    assert "/konto/zwei-faktor" in page.url
    assert "richten Sie bitte zuerst die Zwei-Faktor-Anmeldung ein" in page.content()
    page.get_by_role("button", name="Zwei-Faktor-Anmeldung einrichten").click()
    page.wait_for_load_state()
    assert page.locator(".qr-code img[src^='data:image/svg+xml']").count() == 1
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Code aus der App").fill(totp.at(clock.utcnow()))
    page.get_by_role("button", name="Bestätigen und einschalten").click()
    page.wait_for_load_state()
    codes = re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", page.locator(".recovery-codes").inner_text())
    assert len(codes) == 10
    page.goto("/verwaltung")
    assert page.url.endswith("/verwaltung")
    assert page.get_by_role("heading", level=1).count() == 1

    page.goto("/konto")
    page.get_by_role("button", name="Abmelden").first.click()
    page.wait_for_load_state()
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(manager.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert page.url.endswith("/anmelden/code")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    page.goto("/verwaltung")
    assert page.url.endswith("/verwaltung")


def test_account_security_pages_have_no_violations(page, live_server, make_user):
    from participation.accounts import two_factor

    admin = make_user("admin")
    resident = make_user()
    sign_in(page, admin.email)
    problems = []
    for path in (
        "/konto/sitzungen",
        "/konto/zwei-faktor",
        "/konto/bestaetigen?next=/konto",
        "/verwaltung/konten",
        f"/verwaltung/konten/{resident.id}",
    ):
        page.goto(path)
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    page.goto("/konto/zwei-faktor")
    page.get_by_role("button", name="Zwei-Faktor-Anmeldung einrichten").click()
    page.wait_for_load_state()
    problems += [f"setup: {v}" for v in axe_violations(page)]
    page.get_by_label("Code aus der App").fill("000000")
    page.get_by_role("button", name="Bestätigen und einschalten").click()
    page.wait_for_load_state()
    assert "Der Code stimmt nicht" in page.content()
    problems += [f"setup with an error: {v}" for v in axe_violations(page)]
    assert not two_factor.is_enabled(admin)
    page.goto(f"/verwaltung/konten/{resident.id}")
    page.get_by_label("Begründung (geht an die Person)").fill("kurz")
    page.get_by_role("button", name="Konto sperren").click()
    page.wait_for_load_state()
    problems += [f"block with an error: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)


@pytest.fixture
def localhost_page(browser, live_server):
    """The live server under http://localhost: WebAuthn needs a domain as relying party id
    (Chromium refuses an IP address), and localhost counts as a secure context."""
    url = f"http://localhost:{live_server.port}"
    live_server.app.config.update(BASE_URL=url, WEBAUTHN_RP_ID="localhost")
    context = browser.new_context(base_url=url, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def virtual_authenticator(page) -> None:
    """Chromium's virtual authenticator stands in for a fingerprint reader (DevTools)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_district_manager_adds_a_passkey_and_signs_in_with_it(
    localhost_page, live_server, make_user
):
    from participation.accounts import two_factor

    page = localhost_page
    live_server.app.config["STAFF_TWO_FACTOR_REQUIRED"] = True
    virtual_authenticator(page)
    manager = make_user("district_manager", district="10")
    sign_in(page, manager.email)
    page.goto("/verwaltung")
    assert "/konto/zwei-faktor" in page.url
    problems = [f"two-factor page: {v}" for v in axe_violations(page)]
    page.get_by_label("Name des Passkeys").fill("Fingerabdruck")
    page.get_by_role("button", name="Passkey hinzufügen").click()
    page.wait_for_url("**/konto/zwei-faktor/passkey/codes")
    codes = re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", page.locator(".recovery-codes").inner_text())
    assert len(codes) == 10
    assert two_factor.is_enabled(manager)
    page.goto("/konto/zwei-faktor")
    assert page.get_by_role("cell", name="Fingerabdruck", exact=True).count() == 1
    problems += [f"with a passkey: {v}" for v in axe_violations(page)]
    page.goto("/verwaltung")
    assert page.url.endswith("/verwaltung")

    page.goto("/konto")
    page.get_by_role("button", name="Abmelden").first.click()
    page.wait_for_load_state()
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(manager.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/anmelden/code")
    problems += [f"second step: {v}" for v in axe_violations(page)]
    page.get_by_role("button", name="Mit Passkey bestätigen").click()
    page.wait_for_url(lambda url: "/anmelden" not in url)
    page.goto("/verwaltung")
    assert page.url.endswith("/verwaltung")
    page.goto("/konto/bestaetigen?next=/konto")
    assert page.get_by_role("button", name="Mit Passkey bestätigen").is_visible()
    problems += [f"re-authentication: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)


def test_without_javascript_the_passkey_controls_stay_hidden(page_no_js, live_server, make_user):
    from participation.accounts.models import WebAuthnCredential
    from participation.extensions import db

    page = page_no_js
    user = make_user()
    db.session.add(
        WebAuthnCredential(user_id=user.id, credential_id="AAAA", public_key=b"x", name="Alt")
    )
    db.session.commit()
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert page.url.endswith("/anmelden/code")
    assert not page.get_by_role("button", name="Mit Passkey bestätigen").is_visible()
    assert page.get_by_label("Code").is_visible(), "recovery codes still work"
