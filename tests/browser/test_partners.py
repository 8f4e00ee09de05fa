"""An organisation's way into the network in Chromium, with and without JavaScript: it
applies and signs, the office confirms, the contact invites a member who joins; every page
of the way passes axe."""

from __future__ import annotations

from io import BytesIO

import pytest
from playwright.sync_api import expect

from participation.partners import services
from tests.browser.axe import axe_violations
from tests.browser.helpers import last_link, sign_in
from tests.projects.images import image_bytes

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def test_apply_sign_confirm_invite_publish(
    any_page, live_server, make_user, make_agreement, make_process
):
    """The issue's path: apply → sign → confirmed → invite a member → the member publishes
    a statement → it shows on the process page."""
    page = any_page
    make_agreement()
    process = make_process("Küchengarten-Platz", district="10")
    contact = make_user("resident")
    sign_in(page, contact.email)
    page.goto("/netzwerk")
    page.get_by_role("link", name="So werden Sie Partner").click()
    page.get_by_label("Name der Organisation").fill("Stadtteilradio Linden")
    page.get_by_label("Art der Organisation").select_option(label="Bürgermedien")
    page.get_by_label("10 Linden-Limmer").check()
    page.get_by_label("Name der unterzeichnenden Person").fill("Erika Muster")
    page.get_by_role("button", name="Bewerbung absenden").click()
    # Not ticked: the refusal stands next to the box, the rest is kept.
    expect(page.locator("#accept-error")).to_be_visible()
    expect(page.get_by_label("Name der Organisation")).to_have_value("Stadtteilradio Linden")
    expect(page.get_by_label("10 Linden-Limmer")).to_be_checked()
    page.get_by_label("Ich habe die Kooperationsvereinbarung gelesen").check()
    page.get_by_role("button", name="Bewerbung absenden").click()
    expect(page.locator("#messages")).to_contain_text("Ihre Bewerbung ist eingegangen")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stadtteilradio Linden")

    page.context.clear_cookies()
    sign_in(page, make_user("coordinator").email)
    page.goto("/verwaltung/netzwerk/partner")
    page.get_by_role("link", name="Stadtteilradio Linden").click()
    page.get_by_role("button", name="Partnerschaft bestätigen").click()
    expect(page.locator("#messages")).to_contain_text("ist jetzt Partner")

    page.context.clear_cookies()
    sign_in(page, contact.email)
    page.goto("/netzwerk/partner?bezirk=10")
    page.locator("#partner-list").get_by_role("link", name="Stadtteilradio Linden").click()
    page.get_by_role("link", name="Seite der Organisation bearbeiten").click()
    page.get_by_label("E-Mail-Adresse des neuen Mitglieds").fill("redaktion@example.org")
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.locator("#messages")).to_contain_text("Die Einladung ist verschickt.")

    page.context.clear_cookies()
    member = make_user("resident", email="redaktion@example.org")
    sign_in(page, member.email)
    page.goto(last_link(live_server, "redaktion@example.org", "/netzwerk/einladung/"))
    page.get_by_role("button", name="Einladung annehmen").click()
    expect(page.locator("#messages")).to_contain_text("Mitglied von Stadtteilradio Linden")

    page.goto(f"/verfahren/{process.slug}")
    page.get_by_role("link", name="Stellungnahme für Stadtteilradio Linden schreiben").click()
    expect(page.get_by_label("Küchengarten-Platz")).to_be_checked()
    page.get_by_label("Titel").fill("Wir berichten live")
    page.get_by_label("Text", exact=True).fill("Kurz")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator("#body-error")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Wir berichten live")
    page.get_by_label("Text", exact=True).fill(
        "Das Stadtteilradio überträgt die Einwohnerversammlung zum Platz live."
    )
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator("#messages")).to_contain_text("Der Beitrag ist veröffentlicht.")

    page.context.clear_cookies()
    page.goto(f"/verfahren/{process.slug}")
    statements = page.locator("#stellungnahmen")
    expect(statements).to_contain_text("Wir berichten live")
    expect(statements).to_contain_text("Stadtteilradio Linden")
    proposals = page.locator("section", has=page.locator("#proposals-title"))
    expect(proposals).not_to_contain_text("Wir berichten live")


def test_contribution_pages_have_no_violations(
    page, live_server, make_user, make_partner, make_process
):
    from datetime import timedelta

    from participation.comments.services import post_comment
    from participation.contributions import services as contributions
    from participation.contributions.services import ContributionInput
    from participation.core.clock import utcnow

    process = make_process("Marktplatz", district="10")
    partner = make_partner("Seniorenbeirat", district_codes=["10"])
    statement = contributions.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="statement",
        data=ContributionInput(
            title="Mehr Bänke",
            body="Wir bitten um **mehr Bänke** am Platz.",
            process_ids=[process.id],
        ),
    )
    post_comment(
        actor=make_user("resident"),
        process=process,
        body="Sehe ich auch so.",
        contribution_id=statement.id,
    )
    event = contributions.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="event",
        data=ContributionInput(
            title="Rundgang",
            body="Wir gehen gemeinsam über den Platz.",
            starts_at=utcnow() + timedelta(days=5),
            place="Marktplatz",
            accessibility="Stufenlos",
            registration="portal",
            capacity=1,
            district_codes=["10"],
        ),
    )
    problems = []
    paths = [
        f"/verfahren/{process.slug}",
        f"/netzwerk/beitraege/{statement.id}",
        f"/netzwerk/beitraege/{event.id}",
        "/netzwerk/veranstaltungen",
        "/netzwerk/angebote",
        "/netzwerk",
        f"/netzwerk/partner/{partner.organisation.slug}",
    ]
    for path in paths:
        page.goto(path)
        problems += [f"visitor {path}: {v}" for v in axe_violations(page)]
    sign_in(page, make_user("resident").email)
    page.goto(f"/netzwerk/beitraege/{event.id}")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#messages")).to_contain_text("Sie sind angemeldet.")
    problems += [f"registered: {v}" for v in axe_violations(page)]
    page.goto(f"/netzwerk/beitraege/{statement.id}")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    page.wait_for_load_state()
    problems += [f"comment errors: {v}" for v in axe_violations(page)]
    page.context.clear_cookies()
    sign_in(page, partner.contact.email)
    slug = partner.organisation.slug
    for path in [
        f"/netzwerk/beitraege/{event.id}",
        f"/netzwerk/beitraege/{event.id}/bearbeiten",
        f"/netzwerk/partner/{slug}/beitraege/neu/stellungnahme",
        f"/netzwerk/partner/{slug}/beitraege/neu/angebot",
        f"/netzwerk/partner/{slug}/beitraege/neu/veranstaltung",
    ]:
        page.goto(path)
        problems += [f"member {path}: {v}" for v in axe_violations(page)]
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_load_state()
    problems += [f"event errors: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)


def test_partner_pages_have_no_violations(page, live_server, make_user, make_partner):
    office = make_user("coordinator")
    partner = make_partner("Migrantenverein Mitte", district_codes=["01"], description="**Wir**")
    services.update_profile(
        actor=partner.contact,
        organisation=partner.organisation,
        profile=services.Profile(
            name="Migrantenverein Mitte",
            kind="migrant_organisation",
            website="https://verein.example.org",
            district_codes=["01"],
        ),
        logo=BytesIO(image_bytes()),
    )
    services.grant_seal(actor=office, organisation=partner.organisation, note="Vorbildlich")
    applicant = make_partner("Neue Initiative", confirm=False)
    slug = partner.organisation.slug
    make_user("partner_member", organisation=slug)  # so the contact can hand over
    problems = []
    for path in [
        "/netzwerk",
        "/netzwerk/partner",
        "/netzwerk/partner?siegel=y&bezirk=01",
        f"/netzwerk/partner/{slug}",
        "/netzwerk/vereinbarung",
        "/netzwerk/mitmachen",
        "/netzwerk/einladung/unbekannt",
    ]:
        page.goto(path)
        problems += [f"visitor {path}: {v}" for v in axe_violations(page)]
    sign_in(page, partner.contact.email)
    for path in ["/netzwerk/mitmachen", f"/netzwerk/partner/{slug}/verwalten"]:
        page.goto(path)
        problems += [f"contact {path}: {v}" for v in axe_violations(page)]
    expect(page.get_by_label("Neue Kontaktperson")).to_be_visible()
    page.get_by_label("E-Mail-Adresse des neuen Mitglieds").fill("kein-mail")
    page.get_by_role("button", name="Einladung senden").click()
    page.wait_for_load_state()
    problems += [f"invite errors: {v}" for v in axe_violations(page)]
    page.goto("/netzwerk/mitmachen")
    page.get_by_role("button", name="Bewerbung absenden").click()
    page.wait_for_load_state()
    problems += [f"apply errors: {v}" for v in axe_violations(page)]
    page.context.clear_cookies()
    sign_in(page, office.email)
    for path in [
        "/verwaltung/netzwerk/partner",
        "/verwaltung/netzwerk/partner?status=active",
        f"/verwaltung/netzwerk/partner/{slug}",
        f"/verwaltung/netzwerk/partner/{applicant.organisation.slug}",
        "/verwaltung/netzwerk/vereinbarung",
    ]:
        page.goto(path)
        problems += [f"office {path}: {v}" for v in axe_violations(page)]
    page.goto(f"/verwaltung/netzwerk/partner/{applicant.organisation.slug}")
    page.get_by_role("button", name="Bewerbung ablehnen").click()
    page.wait_for_load_state()
    problems += [f"decline errors: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
