"""Every page: zero axe-core WCAG 2.1 A/AA violations in Chromium, and usable without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.harness.routes import public_get_paths

pytestmark = pytest.mark.browser

SIGNED_IN_PAGES = {
    "resident": [
        "/konto",
        "/konto/passwort",
        "/konto/email",
        "/konto/sitzungen",
        "/konto/zwei-faktor",
        "/konto/bestaetigen?next=/konto",
        "/konto/daten",
        "/konto/loeschen",
        "/konto/bescheinigungen",
    ],
    "admin": [
        "/verwaltung",
        "/verwaltung/seiten",
        "/verwaltung/seiten/impressum/de",
        "/verwaltung/seiten/impressum/en",
        "/verwaltung/rueckmeldungen",
        "/verwaltung/newsletter",
        "/verwaltung/newsletter/neu",
        "/verwaltung/newsletter/{issue}",
        "/verwaltung/newsletter/{issue}/bearbeiten",
        "/verwaltung/konten",
        "/verwaltung/konten/{me}",
        "/verwaltung/auswertung",
        "/verwaltung/module",
        "/",
    ],
    # A city council member (participation/council): read-only pages.
    "council_member": [
        "/verwaltung",
        "/verwaltung/rat",
        "/konto/benachrichtigungen/einstellungen",
    ],
    "district_manager": [
        "/verwaltung",
        "/verwaltung/verfahren",
        "/verwaltung/verfahren/neu",
        "/verwaltung/verfahren/{draft}/bearbeiten",
        "/verwaltung/verfahren/{draft}/rat",
        "/verfahren/{draft}",
        "/konto/loeschen",
    ],
}
SPECIAL_PAGES = [
    "/gibt-es-nicht",
    "/bestaetigen/ungueltig",
    "/passwort-neu/ungueltig",
    "/registrieren/fast-geschafft",
    "/registrieren/pseudonym-pruefen?pseudonym=ab",
    "/newsletter/bestaetigen/ungueltig",
    "/newsletter/abmelden/ungueltig",
    "/anmelden/link/ungueltig",
    # A code that verifies nothing, and the code form with an error next to the field.
    "/bescheinigungen/ungueltig",
    "/bescheinigungen?code=falsch",
]


def all_public_pages(app):
    return public_get_paths(app) + SPECIAL_PAGES


def check(page, path: str) -> list[str]:
    page.goto(path)
    return [f"{path}: {v}" for v in axe_violations(page)]


def test_public_pages_have_no_violations(app, page):
    problems = []
    for path in all_public_pages(app):
        problems += check(page, path)
    assert problems == [], "\n".join(problems)


def test_english_pages_have_no_violations(app, page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    problems = []
    for path in public_get_paths(app):
        problems += check(page, path)
    assert problems == [], "\n".join(problems)


def _newsletter_draft(office):
    from participation.newsletters import issues

    return issues.save_issue(
        actor=office,
        data=issues.IssueInput(
            list_name="office", subject="Neues im März", body_markdown="## Termine\n\n- Montag"
        ),
    )


@pytest.mark.parametrize("role", sorted(SIGNED_IN_PAGES))
def test_signed_in_pages_have_no_violations(page, make_user, make_process, role, db):
    from io import BytesIO

    from participation.pages.models import AccessibilityFeedback
    from tests.projects.images import image_bytes

    db.session.add(AccessibilityFeedback(message="Der Fokus ist unsichtbar.", page_url="/"))
    db.session.commit()
    # A draft of district 10 with an image: the edit form then shows it and its controls.
    draft = make_process(
        "Entwurf mit Bild",
        publish=False,
        image=BytesIO(image_bytes(size=(320, 180))),
        image_alt="Skizze des Platzes",
        council_documents=("1234/2026",),
    )
    user = make_user(role)
    issue = _newsletter_draft(make_user("coordinator"))
    sign_in(page, user.email)
    problems = []
    for path in SIGNED_IN_PAGES[role]:
        problems += check(page, path.format(draft=draft.slug, issue=issue.id, me=user.id))
    assert problems == [], "\n".join(problems)


def test_forms_with_errors_have_no_violations(page):
    page.goto("/registrieren")
    page.get_by_label("E-Mail-Adresse").fill("kein-mail")
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []
    page.goto("/barrierefreiheit")
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.wait_for_selector("#message-error")
    assert axe_violations(page) == []


def test_unverified_banner_has_no_violations(page, make_user):
    user = make_user(verified=False)
    sign_in(page, user.email)
    page.goto("/")
    assert page.get_by_text("Bitte bestätigen Sie Ihre E-Mail-Adresse").is_visible()
    assert axe_violations(page) == []


def test_every_page_works_without_javascript(app, page_no_js):
    for path in public_get_paths(app):
        response = page_no_js.goto(path)
        assert response.status == 200, path
        assert page_no_js.locator("h1").count() == 1, path
        assert page_no_js.locator("main#main").count() == 1, path


def test_skip_link_and_keyboard_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_nothing_is_loaded_from_other_hosts(app, page, live_server):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    for path in all_public_pages(app):
        page.goto(path)
    assert outside == []


def test_csp_reports_no_violations_with_htmx(page):
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto("/registrieren")
    page.get_by_label("Öffentlicher Name (Pseudonym)").fill("Lindener Lotte")
    page.wait_for_selector("#pseudonym-check .ok")
    assert "frei" in page.locator("#pseudonym-check").inner_text()
    assert errors == []


def test_reflows_at_400_percent_zoom(app, browser, live_server):
    # 1280 px at 400 % zoom is a 320 CSS px wide viewport (WCAG 1.4.10).
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        wide = []
        for path in public_get_paths(app):
            page.goto(path)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
                wide.append(path)
        assert wide == []
    finally:
        context.close()
