"""The partner pages as a browser without JavaScript uses them, and as htmx does."""

from __future__ import annotations

from participation.partners import agreement, services
from tests.conftest import count_queries
from tests.harness.forms import field_values


def test_directory_filters_and_fragment(client, make_partner, make_user):
    make_partner(name="Stadtteilladen Linden", district_codes=["10"])
    sealed = make_partner(name="Migrantenverein Mitte", kind="migrant_organisation")
    services.grant_seal(actor=make_user("coordinator"), organisation=sealed.organisation)
    make_partner(name="Wartet noch", confirm=False)
    page = client.get("/netzwerk/partner").get_data(as_text=True)
    assert "Stadtteilladen Linden" in page and "Migrantenverein Mitte" in page
    assert "Wartet noch" not in page
    only = client.get("/netzwerk/partner?bezirk=10").get_data(as_text=True)
    assert "Stadtteilladen Linden" in only and "Migrantenverein Mitte" not in only
    sealed_only = client.get("/netzwerk/partner?siegel=y").get_data(as_text=True)
    assert "Migrantenverein Mitte" in sealed_only and "Stadtteilladen Linden" not in sealed_only
    assert "Linden" in client.get("/netzwerk/partner?q=linden").get_data(as_text=True)
    # A LIKE wildcard is a character, not a pattern.
    assert "0 Organisationen" in client.get("/netzwerk/partner?q=Lind_n").get_data(as_text=True)
    fragment = client.get(
        "/netzwerk/partner?art=migrant_organisation", headers={"HX-Request": "true"}
    )
    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="partner-list"') and "Mitte" in html
    assert "HX-Request" in fragment.headers["Vary"]
    assert client.get("/netzwerk/partner?bezirk=99").status_code == 400


def test_the_directory_takes_a_fixed_number_of_queries(app, client, make_partner):
    make_partner(district_codes=["01"])

    def queries() -> int:
        with count_queries(app) as counter:
            assert client.get("/netzwerk/partner").status_code == 200
        return counter.count

    few = queries()
    for _ in range(4):
        make_partner(district_codes=["01", "02"], action_field_slugs=["wohnen"])
    assert queries() == few


def test_unconfirmed_pages_are_private(client, make_partner, make_user):
    applicant = make_partner(name="Noch geheim", confirm=False)
    path = f"/netzwerk/partner/{applicant.organisation.slug}"
    assert client.get(path).status_code == 404
    client.login(applicant.contact)
    assert "Noch geheim" in client.get(path).get_data(as_text=True)
    client.logout()
    client.login(make_user("coordinator"))
    assert client.get(path).status_code == 200


def test_apply_without_javascript_keeps_the_input(client, make_user, make_agreement):
    current = make_agreement()
    resident = make_user("resident")
    client.login(resident)
    data = {
        "name": "Bürgerradio",
        "kind": "media",
        "description": "Wir senden aus dem Stadtteil.",
        "website": "ftp://radio.example.org",
        "districts": "03",
        "signer_name": "Erika Muster",
        "accept": "y",
        "version": str(current.version),
    }
    refused = client.post_form("/netzwerk/mitmachen", data)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "https://" in html and 'id="website-error"' in html
    kept = field_values(html, "/netzwerk/mitmachen")
    assert kept["name"] == "Bürgerradio" and kept["description"] == data["description"]
    assert kept["districts"] == "03" and kept["accept"] == "y"
    data["website"] = "https://radio.example.org"
    done = client.post_form("/netzwerk/mitmachen", data)
    assert done.status_code == 303 and done.headers["Location"].endswith("/verwalten")
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "liegt bei der Koordinierungsstelle" in page
    assert agreement.unsigned_partners() == []


def test_the_office_confirms_and_the_contact_invites(client, make_user, make_partner, mails):
    applicant = make_partner(confirm=False)
    slug = applicant.organisation.slug
    office = make_user("coordinator")
    client.login(office)
    listing = client.get("/verwaltung/netzwerk/partner").get_data(as_text=True)
    assert applicant.organisation.name in listing
    declined = client.post_form(f"/verwaltung/netzwerk/partner/{slug}/ablehnen", {"reason": "kurz"})
    assert declined.status_code == 422 and 'id="reason-error"' in declined.get_data(as_text=True)
    assert client.post_form(f"/verwaltung/netzwerk/partner/{slug}/bestaetigen").status_code == 303
    client.logout()
    client.login(applicant.contact)
    invited = client.post_form(f"/netzwerk/partner/{slug}/einladen", {"email": "kein-mail"})
    assert invited.status_code == 422
    assert (
        client.post_form(
            f"/netzwerk/partner/{slug}/einladen", {"email": "mitglied@example.org"}
        ).status_code
        == 303
    )
    from tests.accounts.helpers import link_in, mails_to

    path = link_in(mails_to(mails, "mitglied@example.org")[-1], "/netzwerk/einladung/")
    client.logout()
    assert "Anmelden und annehmen" in client.get(path).get_data(as_text=True)
    client.login(make_user("resident", email="mitglied@example.org"))
    accepted = client.post_form(path)
    assert accepted.status_code == 303 and accepted.headers["Location"].endswith(
        f"{slug}/verwalten"
    )
    assert "ungültig" in client.get(path).get_data(as_text=True)


def test_staff_pages_are_for_the_office(client, make_user, make_partner):
    partner = make_partner()
    client.login(partner.contact)
    assert client.get("/verwaltung/netzwerk/partner").status_code == 403
    assert client.get("/verwaltung/netzwerk/vereinbarung").status_code == 403
    assert (
        client.post_form(
            f"/verwaltung/netzwerk/partner/{partner.organisation.slug}/guetesiegel"
        ).status_code
        == 403
    )
    assert not partner.organisation.has_seal
