"""Contributions through the browser's eyes without JavaScript: writing a statement that
shows on the process page, commenting on it, registering for an event; fixed queries."""

from __future__ import annotations

from datetime import timedelta

from participation.contributions import services
from participation.contributions.services import ContributionInput
from participation.core.clock import utcnow
from tests.conftest import count_queries
from tests.harness.forms import field_values

BODY = "Wir begrüßen den Umbau und bitten um breitere Wege für Rollstühle."


def test_a_member_writes_a_statement_for_the_process_page(client, make_partner, make_process):
    process = make_process("Küchengarten")
    partner = make_partner("Seniorenbeirat")
    client.login(partner.contact)
    page = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert "Stellungnahme für Seniorenbeirat schreiben" in page
    path = f"/netzwerk/partner/{partner.organisation.slug}/beitraege/neu/stellungnahme"
    form = client.get(f"{path}?verfahren={process.id}").get_data(as_text=True)
    assert field_values(form, path)["processes"] == str(process.id)
    refused = client.post_form(
        path, {"title": "Zu kurz", "body": "kurz", "processes": str(process.id)}
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="body-error"' in html and field_values(html, path)["title"] == "Zu kurz"
    done = client.post_form(
        path, {"title": "Breitere Wege", "body": BODY, "processes": str(process.id)}
    )
    assert done.status_code == 303 and "/netzwerk/beitraege/" in done.headers["Location"]
    client.logout()
    shown = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    section = shown.split('id="stellungnahmen"', 1)[1].split("</section>", 1)[0]
    assert "Breitere Wege" in section and "Seniorenbeirat" in section and "Rollstühle" in section


def test_residents_comment_on_a_statement(client, make_user, make_partner, make_process):
    process = make_process("Marktplatz")
    partner = make_partner()
    statement = services.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="statement",
        data=ContributionInput(title="Unsere Sicht", body=BODY, process_ids=[process.id]),
    )
    client.login(make_user("resident"))
    path = f"/netzwerk/beitraege/{statement.id}"
    assert client.post_form(f"{path}/kommentare", {"body": ""}).status_code == 422
    done = client.post_form(f"{path}/kommentare", {"body": "Danke für die klare Stellungnahme."})
    assert done.status_code == 303 and done.headers["Location"].startswith(path)
    assert "Danke für die klare" in client.get(path).get_data(as_text=True)
    discussion = client.get(f"/verfahren/{process.slug}/diskussion").get_data(as_text=True)
    assert "Danke für die klare" not in discussion
    fragment = client.get(path, headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).lstrip().startswith('<div id="thread"')


def test_register_and_the_lists(app, client, make_user, make_partner):
    partner = make_partner()

    def event(title, days=7, capacity=1):
        return services.publish(
            actor=partner.contact,
            organisation=partner.organisation,
            kind="event",
            data=ContributionInput(
                title=title,
                body="Wir gehen gemeinsam die Route ab.",
                starts_at=utcnow() + timedelta(days=days),
                place="Küchengarten",
                registration="portal",
                capacity=capacity,
                district_codes=["10"],
            ),
        )

    walk = event("Spaziergang")
    client.login(make_user("resident"))
    assert client.post_form(f"/netzwerk/beitraege/{walk.id}/anmelden").status_code == 303
    page = client.get(f"/netzwerk/beitraege/{walk.id}").get_data(as_text=True)
    assert "Sie sind angemeldet." in page
    assert client.post_form(f"/netzwerk/beitraege/{walk.id}/abmelden").status_code == 303

    def queries() -> int:
        with count_queries(app) as counter:
            assert client.get("/netzwerk/veranstaltungen?bezirk=10").status_code == 200
        return counter.count

    few = queries()
    for number in range(4):
        event(f"Treffen {number}", days=number + 1)
    assert queries() == few
    listing = client.get("/netzwerk/veranstaltungen").get_data(as_text=True)
    assert listing.index("Treffen 0") < listing.index("Spaziergang")
    assert "Spaziergang" not in client.get("/netzwerk/veranstaltungen?bezirk=01").get_data(
        as_text=True
    )


def test_another_organisation_cannot_write_or_change(client, make_user, make_partner, make_process):
    process = make_process("Platz")
    a, b = make_partner(), make_partner()
    statement = services.publish(
        actor=a.contact,
        organisation=a.organisation,
        kind="statement",
        data=ContributionInput(title="Sicht von A", body=BODY, process_ids=[process.id]),
    )
    client.login(b.contact)
    new = f"/netzwerk/partner/{a.organisation.slug}/beitraege/neu/angebot"
    assert client.get(new).status_code == 403
    assert client.post_form(new, {"title": "Fremd", "body": BODY}).status_code == 403
    assert client.get(f"/netzwerk/beitraege/{statement.id}/bearbeiten").status_code == 404
    assert client.post_form(f"/netzwerk/beitraege/{statement.id}/zurueckziehen").status_code == 403
    assert statement.is_visible


def test_the_sitemap_lists_published_contributions_only(client, make_partner, make_process):
    process = make_process("Platz")
    partner = make_partner()
    kept, withdrawn = (
        services.publish(
            actor=partner.contact,
            organisation=partner.organisation,
            kind="statement",
            data=ContributionInput(title=title, body=BODY, process_ids=[process.id]),
        )
        for title in ("Bleibt", "Zurückgezogen")
    )
    services.withdraw(actor=partner.contact, contribution=withdrawn)
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/netzwerk/beitraege/{kept.id}<" in sitemap
    assert f"/netzwerk/beitraege/{withdrawn.id}<" not in sitemap
    assert f"/netzwerk/partner/{partner.organisation.slug}<" in sitemap
