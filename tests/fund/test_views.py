"""The fund's pages as people use them: plain forms, the jury's rules, lists with a fixed
number of queries."""

from __future__ import annotations

from io import BytesIO

import pytest

from participation.extensions import db
from participation.fund import decisions, jury
from participation.fund.models import FundApplication, FundDocument
from tests.fund.factories import close_call, fund_application
from tests.workaids.files import HTML_AS_PDF, pdf_bytes

FORM = {
    "title": "Danke-Abend",
    "description": "Ein Abend für unsere Ehrenamtlichen.",
    "recognition": "Urkunden und ein Essen.",
    "cost_plan": "Essen; 300\nUrkunden; 50",
    "requested": "350",
    "document_title": "Angebot",
}


def test_a_member_applies_with_the_plain_form_and_submits(client, fund):
    member = fund.applicant.contact
    client.login(member)
    call_page = client.get(f"/foerderfonds/{fund.call.id}").get_data(as_text=True)
    assert "Antrag stellen" in call_page and "Wirkung für Ehrenamtliche" in call_page
    form = {**FORM, "organisation": str(fund.applicant.organisation.id)}
    refused = client.post_form(
        f"/foerderfonds/{fund.call.id}/antrag",
        {**form, "document": (BytesIO(HTML_AS_PDF), "angebot.pdf", "application/pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "kein Dokument" in page and "Danke-Abend" in page  # nothing typed is lost
    assert db.session.query(FundApplication).count() == 0
    assert db.session.query(FundDocument).count() == 0
    created = client.post_form(
        f"/foerderfonds/{fund.call.id}/antrag",
        {**form, "document": (BytesIO(pdf_bytes()), "angebot.pdf", "application/pdf")},
        content_type="multipart/form-data",
    )
    assert created.status_code == 303
    application = db.session.query(FundApplication).one()
    assert application.status == "draft" and application.documents[0].file_format == "pdf"
    download = client.get(
        f"/foerderfonds/antraege/{application.id}/dokumente/{application.documents[0].id}",
        buffered=True,
    )
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    download.close()
    submitted = client.post_form(f"/foerderfonds/antraege/{application.id}/einreichen")
    assert submitted.status_code == 303
    db.session.expire_all()
    assert db.session.get(FundApplication, application.id).status == "submitted"
    # No changes once submitted.
    assert client.get(f"/foerderfonds/antraege/{application.id}/bearbeiten").status_code == 403


def test_a_blocked_member_cannot_apply(client, fund):
    from datetime import timedelta

    from participation.core.clock import utcnow

    member = fund.applicant.contact
    member.blocked_until = utcnow() + timedelta(days=3)
    db.session.commit()
    client.login(member)
    assert client.get(f"/foerderfonds/{fund.call.id}/antrag").status_code == 403


def _scores(call, value):
    return {f"k{c.id}": str(value) for c in call.criteria}


@pytest.fixture
def submitted(fund):
    return fund_application(fund.applicant.contact, fund.call, fund.applicant.organisation)


def test_jurors_see_the_others_scores_only_after_their_own(client, fund, submitted):
    jury.submit_review(
        actor=fund.office,
        application=submitted,
        values={c.id: 3 for c in fund.call.criteria},
        comment="Kommentar der Koordinierungsstelle",
    )
    path = f"/verwaltung/foerderfonds/{fund.call.id}/jury/{submitted.id}"
    client.login(fund.juror)
    before = client.get(path).get_data(as_text=True)
    assert "Kommentar der Koordinierungsstelle" not in before and "Bewertung abgeben" in before
    listing = client.get(f"/verwaltung/foerderfonds/{fund.call.id}/jury").get_data(as_text=True)
    assert "Kommentar der Koordinierungsstelle" not in listing
    application_page = client.get(f"/foerderfonds/antraege/{submitted.id}").get_data(as_text=True)
    assert "Kommentar der Koordinierungsstelle" not in application_page
    incomplete = client.post_form(path, {"comment": "halb"})
    assert incomplete.status_code == 422
    done = client.post_form(path, {**_scores(fund.call, 4), "comment": "Überzeugt"})
    assert done.status_code == 303
    after = client.get(path).get_data(as_text=True)
    assert "Kommentar der Koordinierungsstelle" in after and "Überzeugt" in after


def test_a_juror_cannot_score_their_own_organisation(client, fund):
    own = fund_application(fund.other.contact, fund.call, fund.other.organisation)
    client.login(fund.other.contact)  # a juror and the contact of the applying organisation
    path = f"/verwaltung/foerderfonds/{fund.call.id}/jury/{own.id}"
    assert client.get(path).status_code == 403
    assert client.post_form(path, _scores(fund.call, 5)).status_code == 403
    listing = client.get(f"/verwaltung/foerderfonds/{fund.call.id}/jury").get_data(as_text=True)
    assert "befangen" in listing
    assert jury.standings([own])[own.id].reviews == []


@pytest.mark.parametrize("role", ["resident", "partner_member", "district_manager"])
def test_people_outside_the_jury_neither_read_nor_score(client, fund, submitted, make_user, role):
    client.login(make_user(role))
    path = f"/verwaltung/foerderfonds/{fund.call.id}/jury/{submitted.id}"
    assert client.get(path).status_code in (403, 404)
    assert client.post_form(path, _scores(fund.call, 5)).status_code in (403, 404)


def test_the_office_decides_and_the_public_list_shows_funded_projects(
    client, fund, submitted, mails
):
    close_call(fund.call)
    client.login(fund.office)
    response = client.post_form(
        f"/verwaltung/foerderfonds/antraege/{submitted.id}/entscheidung",
        {"outcome": "approve", "amount": "800", "conditions": "Fotos schicken"},
    )
    assert response.status_code == 303
    public = client.get("/foerderfonds").get_data(as_text=True)
    assert "Ehrenamtsfest im Stadtteil" in public and "800,00 €" in public
    # Hidden by the moderation: gone from the list, the page says why.
    from participation.moderation import subject_services as moderation

    moderation.hide(
        actor=fund.office,
        item=moderation.item_of("foerderantraege", submitted.id),
        reason="spam",
        explanation="Doppelt eingestellt.",
    )
    assert "Ehrenamtsfest im Stadtteil" not in client.get("/foerderfonds").get_data(as_text=True)
    client.post_form("/abmelden")
    page = client.get(f"/foerderfonds/antraege/{submitted.id}").get_data(as_text=True)
    assert "Von der Moderation ausgeblendet" in page
    assert "Ehrenamtsfest im Stadtteil" not in page and "Saalmiete" not in page
    assert f"/foerderfonds/antraege/{submitted.id}" not in client.get("/sitemap.xml").get_data(
        as_text=True
    )


def _funded(fund, make_organisation, make_user, count):
    for n in range(count):
        organisation = make_organisation(f"gefoerdert-{count}-{n}")
        member = make_user("partner_member", organisation=organisation.slug)
        fund_application(member, fund.call, organisation, requested="100")
    close_call(fund.call)
    for application in db.session.query(FundApplication).filter_by(status="submitted").all():
        decisions.decide(
            actor=fund.office, application=application, approve=True, amount_cents=10000
        )


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_lists_take_a_fixed_number_of_queries(
    app, client, fund, make_organisation, make_user, count_queries_for, signed_in
):
    if signed_in:
        client.login(fund.applicant.contact)
    _funded(fund, make_organisation, make_user, 2)
    few = count_queries_for(client, "/foerderfonds")
    # Open the call once more for the next applications.
    fund.call.deadline, fund.call.status = fund.call.deadline.replace(year=2100), "open"
    db.session.commit()
    _funded(fund, make_organisation, make_user, 8)
    assert count_queries_for(client, "/foerderfonds") == few
    call_page = f"/foerderfonds/{fund.call.id}"
    assert count_queries_for(client, call_page) <= few + 4


def test_staff_and_jury_lists_take_a_fixed_number_of_queries(
    client, fund, make_organisation, make_user, count_queries_for
):
    client.login(fund.office)
    for n in range(2):
        organisation = make_organisation(f"klein-{n}")
        member = make_user("partner_member", organisation=organisation.slug)
        fund_application(member, fund.call, organisation, requested="100")
    pages = [
        f"/verwaltung/foerderfonds/{fund.call.id}",
        f"/verwaltung/foerderfonds/{fund.call.id}/jury",
        "/verwaltung/foerderfonds",
    ]
    few = [count_queries_for(client, page) for page in pages]
    for n in range(8):
        organisation = make_organisation(f"gross-{n}")
        member = make_user("partner_member", organisation=organisation.slug)
        fund_application(member, fund.call, organisation, requested="100")
    assert [count_queries_for(client, page) for page in pages] == few


@pytest.fixture
def count_queries_for(app):
    from tests.conftest import count_queries

    def count(client, path):
        with count_queries(app) as counter:
            response = client.get(path)
        assert response.status_code == 200, path
        return counter.count

    return count
