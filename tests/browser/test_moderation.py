"""A district manager clears the moderation queue in Chromium, with and without JavaScript;
every moderation page, for staff and for the author of a hidden item, without axe
violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.comments.services import post_comment
from participation.moderation import services
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


@pytest.fixture
def work(make_process, make_user, make_proposal, make_comment):
    """Two reported comments and one waiting for approval, in district 10."""
    process = make_process("Neue Radwege in Linden", district="10")
    author = make_user("resident", pseudonym="Rita Rad")
    proposal = make_proposal(process, author=author, title="Radweg an der Limmerstraße")
    harmless = make_comment(process, proposal=proposal, body="Ich finde das übertrieben.")
    rude = make_comment(process, proposal=proposal, author=author, body="Ihr habt keine Ahnung!")
    for comment in (harmless, rude):
        services.report(
            actor=make_user("resident"),
            target=services.target_of(comment_id=comment.id),
            reason="insult",
        )
    waiting = make_process("Vorab moderiert", district="10", pre_moderation=True)
    pending = post_comment(actor=make_user("resident"), process=waiting, body="Bitte um Freigabe.")
    return {
        "process": process,
        "proposal": proposal,
        "harmless": harmless,
        "rude": rude,
        "pending": pending,
        "author": author,
        "manager": make_user("district_manager", district="10"),
    }


def test_manager_clears_the_queue(any_page, live_server, work):
    page = any_page
    sign_in(page, work["manager"].email)
    page.goto("/verwaltung")
    page.get_by_role("link", name="Moderation").first.click()
    expect(page.get_by_role("heading", name="Moderation", level=1)).to_be_visible()
    expect(page.locator("#moderation-count")).to_contain_text("3")

    harmless = page.locator(f"#eintrag-k{work['harmless'].id}")
    harmless.get_by_role("button", name="Meldungen verwerfen, Beitrag bleibt").click()
    expect(page.locator("#messages")).to_contain_text("Die Meldungen sind verworfen")

    rude = page.locator(f"#eintrag-k{work['rude'].id}")
    rude.locator("summary", has_text="Ausblenden").click()
    rude.get_by_label("Grund").select_option("insult")
    rude.get_by_label("Öffentliche Erklärung").fill("Zu kurz")
    rude.get_by_role("button", name="Ausblenden", exact=True).click()
    # The refusal stands next to the field, with what was typed: in place with htmx, on the
    # item's page without JavaScript.
    hide_form = page.locator(f"form[action$='/kommentare/{work['rude'].id}/ausblenden']")
    expect(hide_form.locator(".errors")).to_contain_text("10 bis 1.000 Zeichen")
    expect(hide_form.get_by_label("Öffentliche Erklärung")).to_have_value("Zu kurz")
    hide_form.get_by_label("Öffentliche Erklärung").fill("Beleidigt andere Teilnehmende.")
    hide_form.get_by_role("button", name="Ausblenden", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Der Beitrag ist ausgeblendet")

    page.goto("/verwaltung/moderation")
    pending = page.locator(f"#eintrag-k{work['pending'].id}")
    pending.get_by_role("button", name="Freigeben").click()
    expect(page.locator("#messages")).to_contain_text("Der Beitrag ist freigegeben")

    page.goto("/verwaltung/moderation")
    expect(page.get_by_text("Keine offenen Meldungen.")).to_be_visible()
    expect(page.get_by_text("Nichts wartet auf Freigabe.")).to_be_visible()
    expect(page.locator("#moderation-count")).to_contain_text("0")

    page.goto(f"/vorschlaege/{work['proposal'].id}")
    expect(
        page.get_by_text("Von der Moderation ausgeblendet: Beleidigung oder Bedrohung")
    ).to_be_visible()
    expect(page.get_by_text("Ihr habt keine Ahnung!")).to_have_count(0)
    expect(page.get_by_text("Ich finde das übertrieben.")).to_be_visible()


def test_moderation_pages_have_no_violations(page, live_server, work, make_user):
    coordinator = make_user("coordinator")
    rude = services.target_of(comment_id=work["rude"].id)
    services.hide(
        actor=work["manager"], target=rude, reason="insult", explanation="Beleidigt andere."
    )
    services.appeal(actor=work["author"], target=rude, text="Das war nicht böse gemeint.")
    problems = []
    sign_in(page, coordinator.email)
    harmless = f"/verwaltung/moderation/kommentare/{work['harmless'].id}"
    for path in [
        "/verwaltung",
        "/verwaltung/moderation",
        "/verwaltung/moderation?alle=1",
        "/verwaltung/moderation/protokoll",
        harmless,
        f"/verwaltung/moderation/kommentare/{work['rude'].id}",
        f"/verwaltung/moderation/vorschlaege/{work['proposal'].id}",
        f"/verfahren/{work['process'].slug}/bearbeiten".replace(
            "/verfahren/", "/verwaltung/verfahren/"
        ),
    ]:
        page.goto(path)
        problems += [f"coordinator {path}: {v}" for v in axe_violations(page)]
    # A form with errors on the item page.
    page.goto(harmless)
    page.get_by_role("button", name="Ausblenden", exact=True).click()
    page.wait_for_load_state()
    problems += [f"hide errors: {v}" for v in axe_violations(page)]
    # In place with htmx: the decided entry and the live message.
    page.goto("/verwaltung/moderation?alle=1")
    page.locator(f"#eintrag-k{work['harmless'].id}").get_by_role(
        "button", name="Meldungen verwerfen, Beitrag bleibt"
    ).click()
    expect(page.locator("#messages")).to_contain_text("verworfen")
    problems += [f"after htmx: {v}" for v in axe_violations(page)]
    # The author of the hidden comment reads why.
    page.context.clear_cookies()
    sign_in(page, work["author"].email)
    for path in [
        f"/kommentare/{work['rude'].id}/einspruch",
        f"/vorschlaege/{work['proposal'].id}",
        f"/verfahren/{work['process'].slug}",
    ]:
        page.goto(path)
        problems += [f"author {path}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
