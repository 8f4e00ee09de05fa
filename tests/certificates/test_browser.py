"""In Chromium: the holder finds the certificate on the account, downloads the PDF and
checks its code through the form, with and without JavaScript; zero axe violations on the
check pages and the holder's list."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation.certificates import services
from participation.privacy import deletion
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.certificates.conftest import pdf_text

pytestmark = pytest.mark.browser


def _journey(page, holder, certificate) -> None:
    sign_in(page, holder.email)
    page.goto("/konto")
    page.get_by_role("link", name="Meine Bescheinigungen").click()
    page.wait_for_load_state()
    assert "Grundlagen der Bürgerbeteiligung" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF herunterladen").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "Ida Beispiel" in text and services.grouped(certificate.code) in text
    page.goto("/")
    page.get_by_role("link", name="Bescheinigung prüfen").click()
    page.wait_for_load_state()
    page.get_by_label("Prüfcode").fill("falsch")
    page.get_by_role("button", name="Bescheinigung prüfen").click()
    page.wait_for_load_state()
    assert page.locator("#code-error").is_visible()
    page.get_by_label("Prüfcode").fill(services.grouped(certificate.code).lower())
    page.get_by_role("button", name="Bescheinigung prüfen").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/bescheinigungen/{certificate.code}")
    assert page.get_by_text("Echt und gültig").is_visible()
    assert page.get_by_text("Ida Beispiel").is_visible()


def test_the_holder_downloads_and_anyone_checks(page, make_user, make_certificate):
    holder = make_user("resident")
    _journey(page, holder, make_certificate(holder))


def test_the_same_without_javascript(page_no_js, make_user, make_certificate):
    holder = make_user("resident")
    _journey(page_no_js, holder, make_certificate(holder))


def test_the_certificate_pages_have_no_violations(page, make_user, make_certificate):
    holder = make_user("resident")
    valid = make_certificate(holder)
    revoked = make_certificate(holder, title="Zurückgezogen")
    services.revoke(actor=holder, certificate=revoked, reason="Irrtum")
    leaving = make_user("resident")
    erased = make_certificate(leaving)
    deletion.delete_account(actor=None, user=leaving, delete_contributions=False)
    problems = []
    for path in (
        f"/bescheinigungen/{valid.code}",
        f"/bescheinigungen/{revoked.code}",
        f"/bescheinigungen/{erased.code}",
        "/bescheinigungen/unbekannt",
        "/bescheinigungen?code=falsch",
    ):
        page.goto(path)
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    sign_in(page, holder.email)
    page.goto("/konto/bescheinigungen")
    problems += [f"mine: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
