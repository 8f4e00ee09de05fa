"""Issue 20's bar, end to end in Chromium with and without JavaScript: a resident finds an
opportunity in Linden-Limmer and sends interest, the organisation accepts, the resident
later asks the organisation for an engagement certificate, a member confirms it, and the
certificate verifies at its code page — and exactly the expected mails reach a real SMTP
server."""

from __future__ import annotations

import pytest

from participation.certificates.models import Certificate
from participation.extensions import db
from tests.browser.helpers import sign_in
from tests.volunteering.factories import opportunity

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(smtp_live_server):
    """The live server of conftest, but its mail goes to a real SMTP server (the sink)."""
    return smtp_live_server


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.getfixturevalue("page" if request.param == "js" else "page_no_js")


def _received(sink, count: int) -> list[tuple[str, str]]:
    """(recipient, subject) of every mail the sink got, once `count` arrived (or the wait
    ended): the test compares the whole list, so one mail too many fails as well."""
    sink.wait_for(count)
    return sorted((str(m["To"]), str(m["Subject"])) for m in sink.messages)


def test_from_an_opportunity_to_a_verified_certificate(
    any_page, live_server, smtp_sink, make_user, make_organisation
):
    page = any_page
    organisation = make_organisation(name="Stadtteiltreff Linden")
    member = make_user("partner_member", organisation=organisation.slug)
    resident = make_user("resident")
    with live_server.app.app_context():
        made = opportunity(member, organisation, title="Lesepat*in in Linden-Süd")
        title, slug = made.title, organisation.slug
    assert smtp_sink.messages == []  # publishing mails nobody who did not ask

    # The resident finds it in Linden-Limmer and sends interest.
    sign_in(page, resident.email)
    page.goto("/engagement")
    page.get_by_label("Stadtbezirk").select_option(label="Linden-Limmer")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    page.get_by_label("Ihre Nachricht an die Organisation").fill("Ich lese gern vor.")
    page.get_by_label("Ich bin einverstanden", exact=False).check()
    page.get_by_role("button", name="Interesse senden").click()
    page.wait_for_load_state()
    assert "Ihr Interesse ist bei der Organisation angekommen." in page.content()

    # The organisation accepts it in its inbox: the resident gets one mail.
    page.context.clear_cookies()
    sign_in(page, member.email)
    page.goto(f"/netzwerk/partner/{slug}/engagement")
    assert "Ich lese gern vor." in page.content()
    page.get_by_role("button", name="Annehmen").click()
    page.wait_for_load_state()
    after_accept = _received(smtp_sink, 1)
    assert [to for to, _subject in after_accept] == [resident.email]

    # Later the resident asks the organisation to confirm the engagement.
    page.context.clear_cookies()
    sign_in(page, resident.email)
    page.goto(f"/netzwerk/partner/{slug}")
    page.get_by_role("link", name="Engagementnachweis beantragen").click()
    page.wait_for_load_state()
    page.get_by_label("Ihr Name").fill("Lotte Lindner")
    page.get_by_label("Tätigkeiten").fill("Lesepatenschaft in der Stadtteilbibliothek")
    page.get_by_label("Engagiert seit").fill("2025-09-01")
    page.get_by_label("Engagiert bis").fill("2026-02-28")
    page.get_by_label("Stunden im Monat (Durchschnitt)").fill("6")
    page.get_by_role("button", name="Anfrage senden").click()
    page.wait_for_load_state()
    assert "Ihre Anfrage ist bei der Organisation" in page.content()
    after_request = _received(smtp_sink, 2)
    assert [to for to, _s in after_request].count(member.email) == 1

    # A member confirms it; the resident is told once.
    page.context.clear_cookies()
    sign_in(page, member.email)
    page.goto(f"/netzwerk/partner/{slug}/bescheinigungen")
    page.get_by_role("link", name="Lotte Lindner").first.click()
    page.wait_for_load_state()
    page.get_by_label("Ihr Name als Unterzeichner*in").first.fill("Maren Muster")
    page.get_by_role("button", name="So bestätigen und Bescheinigung ausstellen").click()
    page.wait_for_load_state()
    assert "Bescheinigung ist ausgestellt" in page.content()
    mails = _received(smtp_sink, 3)
    assert sorted(to for to, _s in mails) == sorted([resident.email, member.email, resident.email])

    # The certificate verifies at its code page, for anyone.
    with live_server.app.app_context():
        code = db.session.scalar(db.select(Certificate.code))
    page.context.clear_cookies()
    page.goto(f"/bescheinigungen/{code}")
    page.wait_for_load_state()
    assert page.get_by_text("Echt und gültig").is_visible()
    assert page.get_by_text("Lotte Lindner").is_visible()
    assert _received(smtp_sink, 4) == mails  # nothing more arrived
