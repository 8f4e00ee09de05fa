"""The pages: the volunteer asks through the form, a member decides in the inbox, the
certificate verifies at its code page and prints as PDF; the holder switches the public
check off and on; the office's figures; fixed query counts."""

from __future__ import annotations

import re

from participation.certificates.models import Certificate
from participation.engagementcert.models import EngagementRequest
from participation.extensions import db
from tests.accounts.helpers import link_in, mails_to
from tests.certificates.conftest import pdf_text

FORM = {
    "name": "Lotte Lindner",
    "activities": "Lesepatenschaft in der Stadtteilbibliothek",
    "held_from": "2025-09-01",
    "held_until": "2026-02-28",
    "hours_per_month": "6",
    "monthly": "2025-09: 4\n2025-10: 8",
}


def _ask(client, organisation, **changes):
    return client.post_form(
        "/konto/engagement-nachweise/neu",
        {**FORM, "organisation": str(organisation.id), **changes},
    )


def test_the_whole_way_from_request_to_verification(
    client, app, organisation, member, volunteer, mails
):
    client.login(volunteer)
    page = client.get(f"/konto/engagement-nachweise/neu?organisation={organisation.slug}")
    assert page.status_code == 200
    assert f'<option selected value="{organisation.id}">' in page.get_data(as_text=True)
    response = _ask(client, organisation)
    assert response.status_code == 303
    inbox_link = link_in(mails_to(mails, member.email)[0], "/netzwerk/partner/")
    client.logout()

    client.login(member)
    inbox = client.get(f"/netzwerk/partner/{organisation.slug}/bescheinigungen")
    assert "Lotte Lindner" in inbox.get_data(as_text=True)
    assert client.get(inbox_link).status_code == 200
    confirmed = client.post_form(
        f"{inbox_link}/bestaetigen", {"bestaetigen-signer_name": "Maren Muster"}
    )
    assert confirmed.status_code == 303
    client.logout()

    certificate = db.session.scalar(db.select(Certificate))
    assert len(mails_to(mails, volunteer.email)) == 1
    client.login(volunteer)
    listed = client.get("/konto/bescheinigungen").get_data(as_text=True)
    assert "Ehrenamtliches Engagement bei Nachbarschaftsladen Linden" in listed
    pdf = client.get(f"/konto/bescheinigungen/{certificate.code}.pdf")
    text = pdf_text(pdf.data)
    for expected in (
        "Lotte Lindner",
        "Nachbarschaftsladen Linden",
        "Netzwerk Bürgermitwirkung",
        "Lesepatenschaft",
        "2025-10",
        "Maren Muster",
        "-".join(re.findall("....", certificate.code))[:9],
    ):
        assert expected in text, expected
    check = client.get(f"/bescheinigungen/{certificate.code}").get_data(as_text=True)
    assert "Echt und gültig" in check and "Lesepatenschaft" not in check


def test_the_volunteer_accepts_a_correction(client, organisation, member, volunteer, mails):
    client.login(volunteer)
    _ask(client, organisation)
    request = db.session.scalar(db.select(EngagementRequest))
    client.logout()
    client.login(member)
    base = f"/netzwerk/partner/{organisation.slug}/bescheinigungen/{request.id}"
    refused = client.post_form(f"{base}/korrigieren", {**FORM, "correction_note": ""})
    assert refused.status_code == 422
    corrected = client.post_form(
        f"{base}/korrigieren",
        {
            **FORM,
            "hours_per_month": "4",
            "correction_note": "Eher vier Stunden.",
            "signer_name": "Maren Muster",
        },
    )
    assert corrected.status_code == 303
    client.logout()
    client.login(volunteer)
    detail = client.get(f"/konto/engagement-nachweise/{request.id}").get_data(as_text=True)
    assert "Eher vier Stunden." in detail
    accepted = client.post_form(f"/konto/engagement-nachweise/{request.id}/annehmen")
    assert accepted.status_code == 303
    certificate = db.session.scalar(db.select(Certificate))
    assert certificate.details["Stunden im Monat (Durchschnitt)"] == "4"


def test_the_inbox_is_for_that_organisations_members_only(
    client, organisation, make_request, make_user, volunteer
):
    request = make_request()
    base = f"/netzwerk/partner/{organisation.slug}/bescheinigungen"
    assert client.get(base).status_code == 302  # visitors sign in
    for who in (volunteer, make_user("partner_member"), make_user("coordinator")):
        client.login(who)
        assert client.get(base).status_code == 404
        assert client.get(f"{base}/{request.id}").status_code == 404
        assert (
            client.post_form(
                f"{base}/{request.id}/bestaetigen", {"bestaetigen-signer_name": "X Y"}
            ).status_code
            == 404
        )
        client.logout()
    assert db.session.get(EngagementRequest, request.id).status == "requested"


def test_other_people_cannot_read_or_answer_a_request(client, make_request, make_user):
    request = make_request()
    client.login(make_user("resident"))
    assert client.get(f"/konto/engagement-nachweise/{request.id}").status_code == 404
    answer = client.post_form(f"/konto/engagement-nachweise/{request.id}/zurueckziehen")
    assert answer.status_code == 404


def test_switching_the_public_check_off_and_on(client, make_request, member, volunteer):
    from participation.engagementcert import services

    certificate = services.confirm(actor=member, request=make_request(), signer_name="Maren M")
    client.login(volunteer)
    off = client.post_form(f"/konto/bescheinigungen/{certificate.code}/pruefung-aus")
    assert off.status_code == 303
    page = client.get(f"/bescheinigungen/{certificate.code}").get_data(as_text=True)
    assert "Nicht prüfbar" in page and "Lotte Lindner" not in page
    assert client.get(f"/konto/bescheinigungen/{certificate.code}.pdf").status_code == 200
    client.post_form(f"/konto/bescheinigungen/{certificate.code}/pruefung-an")
    page = client.get(f"/bescheinigungen/{certificate.code}").get_data(as_text=True)
    assert "Echt und gültig" in page and "Lotte Lindner" in page


def test_office_figures(client, make_user, make_request, member):
    from participation.engagementcert import services

    services.confirm(actor=member, request=make_request(), signer_name="Maren M")
    client.login(make_user("resident"))
    assert client.get("/verwaltung/bescheinigungen").status_code == 403
    client.logout()
    client.login(make_user("coordinator"))
    page = client.get("/verwaltung/bescheinigungen").get_data(as_text=True)
    assert "Nachbarschaftsladen Linden" in page


def test_lists_take_a_fixed_number_of_queries(
    client, make_request, organisation, member, volunteer, app
):
    from tests.conftest import count_queries

    def counts():
        with count_queries(app) as inbox:
            assert (
                client.get(f"/netzwerk/partner/{organisation.slug}/bescheinigungen").status_code
                == 200
            )
        return inbox.count

    client.login(member)
    for _ in range(2):
        make_request()
    few = counts()
    for _ in range(8):
        make_request()
    assert counts() == few
    client.logout()
    client.login(volunteer)
    with count_queries(app) as mine:
        client.get("/konto/engagement-nachweise")
    for _ in range(5):
        make_request()
    with count_queries(app) as more:
        client.get("/konto/engagement-nachweise")
    assert mine.count == more.count
