"""Staying informed in Chromium, with and without JavaScript: a resident saves "Mein Bezirk"
on the district page, supports a proposal, gets exactly one weekly digest through a real
SMTP server, unsubscribes by the mail's link and hears nothing more by mail; following
swaps in place with htmx and posts without it; every notification page passes axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from participation.accounts.models import User
from participation.answers import services as answers
from participation.coordination.services import advance_to
from participation.core.clock import local_today
from participation.extensions import db
from participation.follows import services as follows
from participation.notifications import delivery, interests
from participation.notifications.interests import InterestInput
from participation.notifications.jobs import digest_run
from participation.projects import services as projects
from participation.projects.models import Process
from participation.proposals import services as proposals
from participation.proposals.models import Proposal
from participation.votes import services as votes
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.notifications.helpers import next_monday_morning
from tests.projects.factories import phases_for

pytestmark = pytest.mark.browser

ANSWER = "Die Verwaltung setzt den Vorschlag im kommenden Frühjahr um."


@pytest.fixture
def live_server(smtp_live_server):
    """The live server of conftest, but its mail goes to a real SMTP server (the sink)."""
    return smtp_live_server


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def _with_js(request) -> bool:
    return request.node.callspec.params["any_page"] == "js"


# --- data made through the services, in the live server's app ------------------------------


def open_dialogue(live_server, coordinator_id: int, title: str) -> tuple[int, str]:
    """A process in Linden-Limmer, published, its dialogue running; (id, slug)."""
    with live_server.app.app_context():
        coordinator = db.session.get(User, coordinator_id)
        process = projects.create_process(
            actor=coordinator,
            title=title,
            summary="Worum es geht.",
            action_field_slug="wohnen",
            district_code="10",
            phases=phases_for("dialogue", local_today()),
            scope_for_influence="Die Gestaltung im Einzelnen.",
            use_of_results="Die Verwaltung beantwortet jeden Vorschlag.",
            constraints="Der Standort steht fest.",
            feedback_due=local_today() + timedelta(days=90),
            contact_person="Frau Beispiel",
            contact_email="beteiligung@example.org",
        )
        advance_to(actor=coordinator, process=process, status="published")
        assert process.status == "published"
        return process.id, process.slug


def submit(live_server, process_id: int, author_id: int, title: str) -> int:
    with live_server.app.app_context():
        proposal = proposals.submit_proposal(
            actor=db.session.get(User, author_id),
            process=db.session.get(Process, process_id),
            title=title,
            body=f"Eine Begründung für „{title}“.",
        )
        assert proposal.status == "published"
        return proposal.id


def answer(live_server, manager_id: int, proposal_id: int) -> None:
    with live_server.app.app_context():
        answers.answer(
            actor=db.session.get(User, manager_id),
            proposal=db.session.get(Proposal, proposal_id),
            status="accepted",
            text=ANSWER,
        )


def run_digests(live_server, moment) -> None:
    with live_server.app.app_context():
        digest_run(now=moment.isoformat())


def token(live_server, purpose: str, user_id: int) -> str:
    with live_server.app.app_context():
        return delivery.link_token(purpose, user_id, 1)


def mails_to(sink, email: str, expected: int) -> list:
    """The sink's mails to `email`, after waiting briefly for one more than `expected` (so a
    stray extra mail is caught, even one that arrives late)."""
    deadline_count = len(sink.messages) + 1
    sink.wait_for(deadline_count, timeout=0.5)
    found = [m for m in sink.messages if m["To"] == email]
    assert len(found) == expected, [m["Subject"] for m in found]
    return found


def support_on_page(page, proposal_id: int) -> None:
    page.goto(f"/vorschlaege/{proposal_id}")
    widget = page.locator("#unterstuetzung")
    widget.get_by_role("button", name="Vorschlag unterstützen").click()
    expect(widget).to_contain_text("Sie unterstützen diesen Vorschlag.")
    expect(widget).to_contain_text("1 Unterstützung")


# --- 1. the end-to-end bar -------------------------------------------------------------------


def test_interest_support_digest_unsubscribe(any_page, live_server, smtp_sink, make_user):
    page = any_page
    resident = make_user("resident", pseudonym="Lindener Lotte")
    author_id = make_user("resident").id
    manager_id = make_user("district_manager", district="10").id
    coordinator_id = make_user("coordinator").id
    email = resident.email

    sign_in(page, email)
    page.goto("/bezirke/10")
    page.get_by_role("button", name="Benachrichtige mich über Neues in Linden-Limmer").click()
    expect(page).to_have_url(re.compile(r"/konto/interessen$"))
    expect(page.locator("#messages")).to_contain_text("Gespeichert: Wir sagen Ihnen Bescheid")
    expect(page.locator("section[aria-labelledby=interests-title]")).to_contain_text(
        "Linden-Limmer"
    )

    process_id, slug = open_dialogue(live_server, coordinator_id, "Ihmeufer in Limmer")
    first = submit(live_server, process_id, author_id, "Bänke am Ihmeufer")
    second = submit(live_server, process_id, author_id, "Trinkbrunnen am Ihmeufer")
    support_on_page(page, first)
    support_on_page(page, second)
    answer(live_server, manager_id, first)
    # Everything is a digest item by default: nothing has been mailed yet.
    mails_to(smtp_sink, email, 0)

    monday = next_monday_morning()
    run_digests(live_server, monday)
    (digest,) = mails_to(smtp_sink, email, 1)
    assert digest["Subject"] == "Ihre wöchentliche Zusammenfassung: 3 Neuigkeiten"
    body = digest.get_content()
    base = live_server.url
    assert "Ihmeufer in Limmer" in body
    assert f"{base}/verfahren/{slug}" in body
    assert "Die Verwaltung hat auf den Vorschlag „Bänke am Ihmeufer“ geantwortet." in body
    assert f"{base}/vorschlaege/{first}" in body
    assert "Trinkbrunnen am Ihmeufer" not in body  # nothing happened to it yet
    match = re.search(re.escape(base) + r"(/benachrichtigungen/abmelden/\S+)", body)
    assert match, body
    unsubscribe_path = match.group(1)
    assert digest["List-Unsubscribe"] == f"<{base}{unsubscribe_path}>"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    run_digests(live_server, monday + timedelta(hours=1))  # the same week
    mails_to(smtp_sink, email, 1)

    page.goto(unsubscribe_path)
    page.get_by_role("button", name="Keine E-Mails mehr").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie bekommen keine E-Mails mehr")

    answer(live_server, manager_id, second)
    run_digests(live_server, monday + timedelta(days=7))  # the next week
    mails_to(smtp_sink, email, 1)

    # The portal keeps everything: listed, dialogue opened, both answers, all unread.
    page.goto("/konto/benachrichtigungen")
    items = page.locator("#notification-list article.notification")
    expect(items).to_have_count(4)
    expect(page.locator("#notification-list article.notification-unread")).to_have_count(4)
    listing = page.locator("#notification-list")
    expect(listing).to_contain_text("„Ihmeufer in Limmer“ steht neu auf der Vorhabenliste.")
    expect(listing).to_contain_text("Der Dialog zu „Ihmeufer in Limmer“ hat begonnen.")
    expect(listing).to_contain_text("Vorschlag „Trinkbrunnen am Ihmeufer“ geantwortet.")
    answered = listing.get_by_role("link", name=re.compile("„Bänke am Ihmeufer“ geantwortet"))
    expect(answered).to_have_attribute("href", f"/vorschlaege/{first}")
    count = page.locator("#notification-link .nav-count")
    expect(count).to_have_text(re.compile(r"^\s*4\s+ungelesen\s*$"))

    page.get_by_role("button", name="Alle als gelesen markieren").click()
    expect(page.locator("#messages")).to_contain_text("4 Benachrichtigungen als gelesen markiert.")
    expect(items).to_have_count(4)
    expect(page.locator("#notification-list article.notification-unread")).to_have_count(0)
    expect(page.locator("#notification-link .nav-count")).to_have_count(0)
    # The unsubscribe link keeps working (a second click changes nothing).
    response = page.goto(unsubscribe_path)
    assert response.status == 200
    page.get_by_role("button", name="Keine E-Mails mehr").click()
    expect(page.get_by_text("Das hatten Sie schon abbestellt")).to_be_visible()


# --- 2. following --------------------------------------------------------------------------


def test_follow_a_proposal(any_page, request, live_server, make_user):
    page = any_page
    resident = make_user("resident")
    author_id = make_user("resident").id
    process_id, _slug = open_dialogue(live_server, make_user("coordinator").id, "Lindener Markt")
    proposal_id = submit(live_server, process_id, author_id, "Mehr Fahrradbügel")
    title = "Mehr Fahrradbügel"

    sign_in(page, resident.email)
    path = f"/vorschlaege/{proposal_id}"
    page.goto(path)
    box = page.locator(f"#follow-proposal-{proposal_id}")
    button = box.get_by_role("button")
    button_id = f"follow-proposal-{proposal_id}-button"
    expect(button).to_have_text(re.compile(r"^\s*Folgen: " + title))
    js = _with_js(request)
    if js:
        page.evaluate("window.notReloaded = true")

    button.click()
    expect(button).to_have_text(re.compile(r"^\s*Nicht mehr folgen: " + title))
    if js:
        # Swapped in place: the same document, the same address, the change announced.
        # Announced in the page's live region, and the focus stays on the button.
        expect(page.locator("#messages")).to_contain_text(f"Sie folgen „{title}“.")
        assert page.evaluate("document.activeElement.id") == button_id
        assert page.evaluate("window.notReloaded") is True
        assert page.url == f"{live_server.url}{path}"
    else:
        expect(page).to_have_url(f"{live_server.url}{path}")
        expect(page.locator("#messages")).to_contain_text(f"Sie folgen „{title}“.")

    # The state is stored: a fresh page says so, and "Mein Bezirk" lists it.
    page.goto("/konto/interessen")
    following = page.locator("section[aria-labelledby=following-title]")
    expect(following.get_by_role("link", name=title)).to_have_attribute("href", path)
    page.goto(path)
    expect(button).to_have_text(re.compile(r"^\s*Nicht mehr folgen"))

    if js:
        page.evaluate("window.notReloaded = true")
    button.click()
    expect(button).to_have_text(re.compile(r"^\s*Folgen: " + title))
    if js:
        expect(page.locator("#messages")).to_contain_text(f"Sie folgen „{title}“ nicht mehr.")
        assert page.evaluate("window.notReloaded") is True
    else:
        expect(page.locator("#messages")).to_contain_text(f"Sie folgen „{title}“ nicht mehr.")
    page.goto("/konto/interessen")
    expect(following.get_by_role("link", name=title)).to_have_count(0)


# --- 3. axe ---------------------------------------------------------------------------------


def test_notification_pages_have_no_violations(page, live_server, make_user):
    resident = make_user("resident")
    resident_id, email = resident.id, resident.email
    author_id = make_user("resident").id
    manager_id = make_user("district_manager", district="10").id
    with live_server.app.app_context():
        interests.save(actor=db.session.get(User, resident_id), data=InterestInput(area="10"))
    process_id, slug = open_dialogue(live_server, make_user("coordinator").id, "Küchengarten")
    proposal_id = submit(live_server, process_id, author_id, "Hochbeete im Küchengarten")
    with live_server.app.app_context():
        person = db.session.get(User, resident_id)
        follows.follow(actor=person, item=db.session.get(Process, process_id))
        votes.support(actor=person, proposal=db.session.get(Proposal, proposal_id))
    answer(live_server, manager_id, proposal_id)
    unsubscribe = token(live_server, delivery.UNSUBSCRIBE, resident_id)
    preferences = token(live_server, delivery.PREFERENCES, resident_id)
    problems: list[str] = []

    def check(label: str) -> None:
        problems.extend(f"{label} ({page.url}): {v}" for v in axe_violations(page))

    sign_in(page, email)
    page.goto("/konto/benachrichtigungen")
    expect(page.locator("article.notification-unread").first).to_be_visible()
    check("centre")
    page.goto("/konto/benachrichtigungen/einstellungen")
    check("preferences")
    page.goto("/konto/interessen")
    expect(page.locator("section[aria-labelledby=interests-title] li")).to_have_count(1)
    expect(page.locator("section[aria-labelledby=following-title] li")).to_have_count(1)
    check("interests")

    page.goto("/konto/benachrichtigungen/einstellungen")
    page.locator("select[name=digest_hour]").evaluate(
        "select => { select.add(new Option('99:00', '99')); select.value = '99'; }"
    )
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#digest_hour-error, .field-invalid")).not_to_have_count(0)
    check("preferences with an error")

    page.goto(f"/verfahren/{slug}")
    expect(page.get_by_role("button", name=re.compile("^Nicht mehr folgen"))).to_be_visible()
    check("process page")
    page.goto(f"/vorschlaege/{proposal_id}")
    expect(page.get_by_role("button", name=re.compile("^Folgen"))).to_be_visible()
    check("proposal page")
    page.goto("/bezirke/10")
    expect(page.get_by_role("button", name=re.compile("^Benachrichtige mich"))).to_be_visible()
    check("district page")

    # The mail's links, as one opens them from the mail: not signed in.
    page.context.clear_cookies()
    page.goto(f"/benachrichtigungen/einstellungen/{preferences}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Benachrichtigungen einstellen")
    check("preferences by link")
    response = page.goto("/benachrichtigungen/abmelden/ungueltig")
    assert response.status == 400
    check("bad link")
    page.goto(f"/benachrichtigungen/abmelden/{unsubscribe}")
    check("unsubscribe")
    page.get_by_role("button", name="Keine E-Mails mehr").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie bekommen keine E-Mails mehr")
    check("unsubscribed")
    assert problems == [], "\n".join(problems)
