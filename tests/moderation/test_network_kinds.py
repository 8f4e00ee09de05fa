"""The network's projects in the one moderation queue: a volunteer opportunity, a
marketplace entry and a funded application are reported, hidden with a public reason (their
page then shows only the reason, their list leaves them out, their owners are told once) and
restored like the partners' contributions."""

from __future__ import annotations

import pytest

from participation.extensions import db
from participation.fund.models import FundApplication
from participation.moderation import subject_services as moderation
from participation.moderation.models import Report

EXPLANATION = "Dieser Eintrag wirbt für ein Geschäft."


def _opportunity(make_user, make_partner, office):
    from tests.volunteering.factories import opportunity

    member = make_user("partner_member")
    made = opportunity(member, title="Vorlesen in der Bibliothek am Lindener Markt")
    return made, "/engagement", f"/engagement/{made.id}", {member.email}


def _market_entry(make_user, make_partner, office):
    from tests.marketplace import factories

    company, member = factories.company(make_user)
    made = factories.entry(member, company, title="Werkstatt am Lindener Markt")
    return made, "/marktplatz", f"/marktplatz/eintraege/{made.id}", {member.email}


def _funded_application(make_user, make_partner, office):
    from tests.fund.factories import fund_samples

    partner = make_partner("Lindener Nachbarschaftsverein")
    made = db.session.get(FundApplication, fund_samples(office, partner)["fund_funded"])
    members = {partner.contact.email}
    return made, "/foerderfonds", f"/foerderfonds/antraege/{made.id}", members


KINDS = {
    "engagement": _opportunity,
    "marktplatz": _market_entry,
    "foerderantraege": _funded_application,
}


@pytest.mark.parametrize("kind", KINDS)
def test_report_hide_and_restore(kind, make_user, make_partner, client, mails):
    office = make_user("coordinator")
    made, list_path, page_path, owners = KINDS[kind](make_user, make_partner, office)
    title = made.title
    assert title in client.get(list_path).get_data(as_text=True)
    page = client.get(page_path).get_data(as_text=True)
    assert f"/melden/{kind}/{made.id}" not in page  # visitors do not report

    reporter = make_user("resident")
    client.login(reporter)
    page = client.get(page_path).get_data(as_text=True)
    assert f"/melden/{kind}/{made.id}" in page
    response = client.post_form(f"/melden/{kind}/{made.id}", {"reason": "advertising"})
    assert response.status_code in (200, 302, 303), response.status_code
    assert db.session.query(Report).filter_by(subject_kind=kind, subject_id=made.id).count() == 1
    client.logout()

    del mails[:]
    item = moderation.item_of(kind, made.id)
    moderation.hide(actor=office, item=item, reason="advertising", explanation=EXPLANATION)
    notices = [m for m in mails if m["To"] in owners]
    assert {m["To"] for m in notices} == owners and len(notices) == len(owners)
    assert [m["To"] for m in mails if m["To"] == reporter.email] == [reporter.email]

    hidden_page = client.get(page_path)
    text = hidden_page.get_data(as_text=True)
    assert hidden_page.status_code == 200
    assert "Von der Moderation ausgeblendet: Werbung" in text and EXPLANATION in text
    assert title not in text
    assert title not in client.get(list_path).get_data(as_text=True)

    moderation.restore(actor=office, item=moderation.item_of(kind, made.id))
    assert title in client.get(list_path).get_data(as_text=True)
    assert title in client.get(page_path).get_data(as_text=True)


@pytest.mark.parametrize("kind", KINDS)
def test_owners_do_not_report_their_own_item(kind, make_user, make_partner, client):
    office = make_user("coordinator")
    made, _list_path, page_path, owners = KINDS[kind](make_user, make_partner, office)
    from participation.accounts.services import find_by_email

    client.login(find_by_email(sorted(owners)[0]))
    assert f"/melden/{kind}/{made.id}" not in client.get(page_path).get_data(as_text=True)
    assert client.post_form(f"/melden/{kind}/{made.id}", {"reason": "spam"}).status_code in (
        403,
        409,
    )
    assert db.session.query(Report).count() == 0
