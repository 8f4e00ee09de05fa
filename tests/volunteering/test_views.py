"""The pages: list with filters, an opportunity's page with "Ich habe Interesse" (plain
forms), the resident's account page, the organisation's inbox and form, the office's
figures and CSV; 403/404 for others; fixed query counts of every list."""

from __future__ import annotations

import pytest

from participation.extensions import db
from participation.volunteering import services
from participation.volunteering.models import VolunteerInterest, VolunteerOpportunity
from tests.conftest import count_queries


def test_a_resident_finds_an_opportunity_and_sends_interest(client, make_opportunity, make_user):
    made = make_opportunity(title="Lesepatenschaft Linden")
    draft = make_opportunity(title="Noch geheim", publish=False)
    page = client.get("/engagement?bezirk=10").get_data(as_text=True)
    assert "Lesepatenschaft Linden" in page and "Noch geheim" not in page
    assert client.get(f"/engagement/{draft.id}").status_code == 404
    page = client.get(f"/engagement/{made.id}").get_data(as_text=True)
    assert "Frau Beispiel" in page and "Bitte melden Sie sich an" in page
    resident = make_user()
    client.login(resident)
    response = client.post_form(f"/engagement/{made.id}/interesse", {"message": "Gern!"})
    assert response.status_code == 422
    assert "Bitte bestätigen Sie" in response.get_data(as_text=True)
    response = client.post_form(
        f"/engagement/{made.id}/interesse", {"message": "Gern!", "consent": "y"}
    )
    assert response.status_code == 303
    page = client.get("/konto/engagement").get_data(as_text=True)
    assert "Lesepatenschaft Linden" in page and "noch ohne Antwort" in page
    interest = db.session.query(VolunteerInterest).one()
    response = client.post_form(f"/konto/engagement/{interest.id}/zurueckziehen")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(VolunteerInterest, interest.id).status == "withdrawn"


def test_saving_and_deleting_a_search(client, make_user):
    client.login(make_user())
    response = client.post_form("/engagement/suche-speichern", {"bezirk": "10", "q": "Garten"})
    assert response.status_code == 303 and "bezirk=10" in response.headers["Location"]
    page = client.get("/konto/engagement").get_data(as_text=True)
    assert "„garten“" in page
    from participation.volunteering.models import VolunteerSearch

    search = db.session.query(VolunteerSearch).one()
    assert client.post_form(f"/konto/engagement/suchen/{search.id}/loeschen").status_code == 303
    assert db.session.query(VolunteerSearch).count() == 0


def test_the_organisation_writes_publishes_and_answers(
    client, org_member, make_user, make_opportunity, mails
):
    from participation.jobs.services import run_due

    organisation_slug = next(
        o.slug
        for o in [
            db.session.get(VolunteerOpportunity, make_opportunity(publish=False).id).organisation
        ]
    )
    client.login(org_member)
    base = f"/netzwerk/partner/{organisation_slug}/engagement"
    assert client.get(f"{base}/neu").status_code == 200
    response = client.post_form(f"{base}/neu", {"title": "", "tasks": "kurz"})
    assert response.status_code == 422
    response = client.post_form(
        f"{base}/neu",
        {
            "title": "Begleitung zum Arzt",
            "tasks": "Ältere Menschen zu Terminen begleiten und wieder nach Hause bringen.",
            "district": "10",
            "rhythm": "once",
            "volunteers_wanted": "2",
            "weekdays": ["1", "3"],
        },
    )
    assert response.status_code == 303
    made = db.session.query(VolunteerOpportunity).filter_by(title="Begleitung zum Arzt").one()
    assert made.weekdays == "13"
    assert client.post_form(f"{base}/{made.id}/veroeffentlichen").status_code == 303
    db.session.expire_all()
    assert db.session.get(VolunteerOpportunity, made.id).status == "published"
    resident = make_user()
    services.express_interest(
        actor=resident, opportunity=made, message="Ich fahre Auto.", consent=True
    )
    page = client.get(base).get_data(as_text=True)
    assert resident.email in page and "Ich fahre Auto." in page
    interest = db.session.query(VolunteerInterest).one()
    assert client.post_form(f"{base}/interessen/{interest.id}/annehmen").status_code == 303
    assert client.post_form(f"{base}/interessen/{interest.id}/vermittelt").status_code == 303
    assert client.post_form(f"{base}/interessen/{interest.id}/vermittelt").status_code == 409
    run_due()
    assert len([m for m in mails if m["To"] == resident.email]) == 2
    edit = client.post_form(
        f"{base}/{made.id}/bearbeiten",
        {
            "title": "Begleitung zu Terminen",
            "tasks": "Ältere Menschen zu Terminen begleiten und wieder nach Hause bringen.",
            "rhythm": "regular",
            "volunteers_wanted": "2",
        },
    )
    assert edit.status_code == 303
    assert client.post_form(f"{base}/{made.id}/zurueckziehen").status_code == 303


def test_others_get_404_or_403(client, make_opportunity, make_user):
    made = make_opportunity()
    slug = made.organisation.slug
    interest = services.express_interest(
        actor=make_user(), opportunity=made, message="", consent=True
    )
    base = f"/netzwerk/partner/{slug}/engagement"
    assert client.get(base).status_code in (302, 401)
    client.login(make_user("partner_member"))
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/{made.id}").status_code == 404
    assert client.post_form(f"{base}/interessen/{interest.id}/annehmen").status_code == 404
    assert client.post_form(f"{base}/{made.id}/zurueckziehen").status_code == 404
    assert client.get("/verwaltung/engagement").status_code == 403
    assert client.post_form(f"/konto/engagement/{interest.id}/zurueckziehen").status_code == 404


def test_the_office_figures_and_csv(client, make_opportunity, make_user, org_member):
    made = make_opportunity()
    interest = services.express_interest(
        actor=make_user(), opportunity=made, message="", consent=True
    )
    services.mark_matched(actor=org_member, interest=interest)
    client.login(make_user("coordinator"))
    page = client.get("/verwaltung/engagement").get_data(as_text=True)
    assert "Linden-Limmer" in page
    response = client.get("/verwaltung/engagement.csv")
    assert response.status_code == 200 and "Linden-Limmer;1;1;1" in response.get_data(
        as_text=True
    ).replace(",", ";")


def test_a_hidden_opportunity_leaves_the_list_and_says_why(client, make_opportunity):
    made = make_opportunity(title="Wird ausgeblendet")
    made.hidden_at, made.hidden_reason = made.published_at, "spam"
    db.session.commit()
    assert "Wird ausgeblendet" not in client.get("/engagement").get_data(as_text=True)
    page = client.get(f"/engagement/{made.id}").get_data(as_text=True)
    assert "Von der Moderation ausgeblendet" in page and "Wird ausgeblendet" not in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_lists_take_a_fixed_number_of_queries(
    app, client, make_opportunity, make_user, org_member, signed_in
):
    resident = make_user()
    if signed_in:
        client.login(resident)

    def measure(path):
        with count_queries(app) as counter:
            assert client.get(path).status_code == 200
        return counter.count

    make_opportunity()
    made = make_opportunity()
    services.express_interest(actor=resident, opportunity=made, message="", consent=True)
    slug = made.organisation.slug
    few = measure("/engagement?bezirk=10&q=vorlesen")
    mine_few = measure("/konto/engagement") if signed_in else 0
    for _ in range(8):
        other = make_opportunity()
        services.express_interest(actor=resident, opportunity=other, message="", consent=True)
    assert measure("/engagement?bezirk=10&q=vorlesen") == few
    if signed_in:
        assert measure("/konto/engagement") == mine_few
        client.post_form("/abmelden")
        client.login(org_member)
        inbox_now = measure(f"/netzwerk/partner/{slug}/engagement")
        extra = make_opportunity()
        services.express_interest(actor=make_user(), opportunity=extra, message="", consent=True)
        assert measure(f"/netzwerk/partner/{slug}/engagement") == inbox_now


def test_upcoming_is_one_query(app, make_opportunity):
    from participation.volunteering import listing

    made = make_opportunity(district_code="10")
    make_opportunity(district_code="02")
    hidden = make_opportunity(district_code="10")
    hidden.hidden_at = hidden.published_at
    db.session.commit()
    district_id, made_id = made.district_id, made.id
    db.session.expire_all()
    with count_queries(app) as counter:
        found = listing.upcoming(district_id=district_id, limit=6)
    assert counter.count == 1, "\n".join(s[:50].replace("\n", " ") for s in counter.statements)
    assert [o.id for o in found] == [made_id]


def test_a_blocked_resident_cannot_send_interest(client, make_opportunity, make_user):
    from datetime import timedelta

    made = make_opportunity()
    blocked = make_user()
    client.login(blocked)
    blocked.blocked_until = made.published_at + timedelta(days=30)
    db.session.commit()
    response = client.post_form(f"/engagement/{made.id}/interesse", {"consent": "y"})
    assert response.status_code == 403
    assert db.session.query(VolunteerInterest).count() == 0
