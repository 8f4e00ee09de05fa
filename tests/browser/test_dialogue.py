"""The resident's whole journey in Chromium, with and without JavaScript: find a process by
district → read it → register → verify → propose → comment → reply → support. And every
dialogue page without axe violations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.helpers import last_link, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def mode(request):
    return request.param


@pytest.fixture
def any_page(request, mode):
    return request.getfixturevalue("page" if mode == "js" else "page_no_js")


@pytest.fixture
def dialogue(make_process, make_user, make_proposal, make_comment):
    process = make_process(
        "Spielplätze in Linden-Süd",
        district="10",
        plan="dialogue",
        scope_for_influence="Ausstattung und Schatten",
        categories=("Spielgeräte", "Schatten"),
    )
    neighbour = make_user("resident", pseudonym="Nachbarin Nora")
    proposal = make_proposal(process, author=neighbour, title="Ein Wasserspielplatz für heiße Tage")
    comment = make_comment(
        process, proposal=proposal, author=neighbour, body="Das wäre schön für alle Kinder."
    )
    return {"process": process, "proposal": proposal, "comment": comment}


def test_resident_journey(any_page, live_server, dialogue, mode):
    page = any_page
    # Find the process by district and read it.
    page.goto("/bezirke")
    page.get_by_role("link", name=re.compile("Linden-Limmer")).first.click()
    page.get_by_role("link", name="Spielplätze in Linden-Süd").click()
    expect(page.get_by_role("heading", name="Spielplätze in Linden-Süd", level=1)).to_be_visible()
    expect(page.get_by_text("Ausstattung und Schatten")).to_be_visible()
    process_url = page.url

    # Register and verify.
    page.get_by_role("link", name="Registrieren", exact=True).first.click()
    page.get_by_label("E-Mail-Adresse").fill("mara@example.org")
    page.get_by_label("Öffentlicher Name (Pseudonym)").fill("Mara aus Linden")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Ich habe die Datenschutzerklärung gelesen").check()
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_load_state()
    page.goto(last_link(live_server, "mara@example.org", "/bestaetigen/"))
    page.get_by_role("button", name="Adresse bestätigen").click()
    page.wait_for_load_state()
    sign_in(page, "mara@example.org")

    # Propose.
    page.goto(process_url)
    page.get_by_role("link", name="Vorschlag machen").click()
    page.get_by_label("Titel Ihres Vorschlags").fill("Mehr Schatten am Sandkasten")
    page.get_by_label("Ihr Vorschlag").fill("Ein Sonnensegel über dem Sandkasten wäre gut.")
    page.get_by_label("Kategorie (freiwillig)").select_option(label="Schatten")
    page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Ihr Vorschlag ist veröffentlicht.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mehr Schatten am Sandkasten")).to_be_visible()

    # Support the neighbour's proposal.
    page.goto(f"/vorschlaege/{dialogue['proposal'].id}")
    page.get_by_role("button", name="Vorschlag unterstützen").click()
    expect(page.get_by_text("1 Unterstützung")).to_be_visible()
    expect(page.get_by_role("button", name="Unterstützung zurücknehmen")).to_be_visible()
    if mode == "no-js":
        assert page.url.endswith("#unterstuetzung")

    # Comment on it.
    page.get_by_label("Ihr Kommentar").fill("Ich unterstütze das, gerne mit Schatten.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Ich unterstütze das, gerne mit Schatten.")).to_be_visible()

    # Reply to the neighbour's comment.
    page.get_by_role(
        "link", name=re.compile("Antworten auf den Kommentar von Nachbarin Nora")
    ).click()
    reply_box = page.locator("form.reply-form").get_by_label("Ihr Kommentar")
    reply_box.fill("Stimmt, die Kinder würden es lieben.")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    page.wait_for_load_state()
    reply = page.locator("ol.replies").get_by_text("Stimmt, die Kinder würden es lieben.")
    expect(reply).to_be_visible()


def test_dialogue_pages_have_no_violations(page, dialogue, make_user, make_comment):
    process, proposal, comment = dialogue["process"], dialogue["proposal"], dialogue["comment"]
    make_comment(process, body="Eine Frage zur Diskussion.")
    paths = [
        f"/verfahren/{process.slug}",
        f"/verfahren/{process.slug}/vorschlaege",
        f"/verfahren/{process.slug}/vorschlaege?sort=zufall",
        f"/verfahren/{process.slug}/vorschlaege?kategorie=999",
        f"/verfahren/{process.slug}/diskussion",
        f"/verfahren/{process.slug}/vorschlaege/aehnliche?title=Wasserspielplatz",
        f"/vorschlaege/{proposal.id}",
    ]
    problems = []
    for path in paths:
        page.goto(path)
        problems += [f"visitor {path}: {v}" for v in axe_violations(page)]
    author = make_user("resident")
    own = make_comment(process, proposal=proposal, author=author, body="Mein Kommentar")
    sign_in(page, author.email)
    for path in [
        *paths,
        f"/verfahren/{process.slug}/vorschlaege/neu",
        f"/kommentare/{comment.id}/antworten",
        f"/kommentare/{own.id}/bearbeiten",
        f"/kommentare/{comment.id}/melden",
        f"/vorschlaege/{proposal.id}/melden",
    ]:
        page.goto(path)
        problems += [f"resident {path}: {v}" for v in axe_violations(page)]
    # A form with errors, and the similar-titles hint after typing.
    page.goto(f"/verfahren/{process.slug}/vorschlaege/neu")
    page.get_by_label("Titel Ihres Vorschlags").fill("Wasserspielplatz")
    expect(page.locator("#similar li")).to_have_count(1)
    page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    page.wait_for_load_state()
    problems += [f"form errors: {v}" for v in axe_violations(page)]
    # The inline reply form loaded by htmx.
    page.goto(f"/vorschlaege/{proposal.id}")
    page.get_by_role("link", name=re.compile("Antworten auf den Kommentar von Nachbarin")).click()
    expect(page.locator(f"#antwort-{comment.id} textarea")).to_be_visible()
    problems += [f"inline reply: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)


def test_rating_in_place_with_htmx(page, dialogue, make_user):
    sign_in(page, make_user("resident").email)
    page.goto(f"/vorschlaege/{dialogue['proposal'].id}")
    page.get_by_role("button", name="Hilfreich (0)", exact=True).click()
    expect(page.get_by_role("button", name="Hilfreich (1)", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#messages")).to_contain_text("hilfreich")
