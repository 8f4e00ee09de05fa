"""Marketplace services: companies, entries, contact mails, deals with both sides' consent,
event places."""

from __future__ import annotations

import pytest

from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, Invalid
from participation.extensions import db
from participation.marketplace import services
from participation.marketplace.permissions import can_see_market_entry
from tests.marketplace import factories as f


def test_company_registration_makes_the_first_member_and_the_office_confirms(make_user):
    company, member = f.company(make_user, active=False)
    assert company.status == "applied"
    assert company.id in member.company_ids()
    with pytest.raises(Forbidden):
        f.entry(member, company)
    office = make_user("coordinator")
    services.decide_company(actor=office, company=company, confirm=True)
    assert company.status == "active"
    assert f.mails_to(member.email, f"market-company-decided-{company.id}") == 1
    with pytest.raises(Conflict):
        services.decide_company(actor=office, company=company, confirm=False)


def test_unverified_and_blocked_accounts_cannot_act(make_user):
    with pytest.raises(Forbidden):
        services.register_company(
            actor=make_user("resident", verified=False),
            data=services.CompanyInput(name="Neu", sector="trade"),
        )
    company, member = f.company(make_user)
    from datetime import timedelta

    member.blocked_until = utcnow() + timedelta(days=3)
    db.session.commit()
    with pytest.raises(Forbidden):
        f.entry(member, company)


def test_a_company_acts_only_for_itself(make_user):
    company, _member = f.company(make_user)
    _other, stranger = f.company(make_user)
    with pytest.raises(Forbidden):
        f.entry(stranger, company)


def test_contact_mails_each_owner_member_once_and_no_one_else(make_user):
    owner, member = f.company(make_user)
    colleague = make_user("resident")
    f.add_member(owner, colleague)
    bystander, bystander_member = f.company(make_user)
    sender_org_member = make_user("partner_member")
    organisation = services.parties_of(sender_org_member)[0]
    entry = f.entry(member, owner)
    message = services.contact(
        actor=sender_org_member,
        entry=entry,
        party_key=services.party_key(organisation),
        body="Wir brauchen die Werkstatt für ein Reparaturcafé.",
        reply_email="antwort@example.org",
    )
    prefix = f"market-message-{message.id}-"
    assert f.mails_to(member.email, prefix) == 1
    assert f.mails_to(colleague.email, prefix) == 1
    assert f.mails_to(bystander_member.email, "market-") == 0
    assert f.mails_to(sender_org_member.email, "market-") == 0
    assert message.sender_name == organisation.name


def test_owner_cannot_contact_own_entry(make_user):
    owner, member = f.company(make_user)
    entry = f.entry(member, owner)
    with pytest.raises(Forbidden):
        services.contact(
            actor=member, entry=entry, party_key=owner.party_key, body="x", reply_email="a@b.de"
        )


def _deal(make_user, *, consent: bool):
    giver, giver_member = f.company(make_user)
    receiver_member = make_user("partner_member")
    receiver = services.parties_of(receiver_member)[0]
    # The receiver asked: its "Suche" is what the deal answers.
    wanted = f.entry(receiver_member, receiver, kind="request", category="transport")
    deal = services.propose_deal(
        actor=giver_member,
        data=services.DealInput(
            own_party=giver.party_key,
            other_party=services.party_key(receiver),
            own_side="giver",
            what="Zwei Transporter für den Umzug des Stadtteiltreffs",
            category="transport",
            consent=consent,
            entry_id=wanted.id,
        ),
    )
    return deal, giver_member, receiver_member


def test_deal_needs_the_other_side_and_both_consents_to_be_public(make_user):
    deal, giver_member, receiver_member = _deal(make_user, consent=True)
    assert f.mails_to(receiver_member.email, f"market-deal-proposed-{deal.id}-") == 1
    with pytest.raises(Forbidden):
        services.answer_deal(actor=giver_member, deal=deal, agree=True)
    services.answer_deal(actor=receiver_member, deal=deal, agree=True, consent=False)
    assert deal.status == "agreed" and deal.published_at is None
    with pytest.raises(Conflict):
        services.answer_deal(actor=receiver_member, deal=deal, agree=True)
    services.consent_deal(actor=receiver_member, deal=deal)
    assert deal.published_at is not None
    services.consent_deal(actor=giver_member, deal=deal, consent=False)
    assert deal.published_at is None


def test_a_stranger_cannot_answer_or_consent(make_user):
    deal, _giver, _receiver = _deal(make_user, consent=True)
    _other, stranger = f.company(make_user)
    with pytest.raises(Forbidden):
        services.answer_deal(actor=stranger, deal=deal, agree=True)
    with pytest.raises(Forbidden):
        services.consent_deal(actor=stranger, deal=deal)


def test_declined_deal_is_never_published(make_user):
    deal, giver_member, receiver_member = _deal(make_user, consent=True)
    services.answer_deal(actor=receiver_member, deal=deal, agree=False)
    assert deal.status == "declined"
    with pytest.raises(Conflict):
        services.consent_deal(actor=receiver_member, deal=deal)


def test_event_places_and_waiting_list(make_user):
    office = make_user("coordinator")
    event = f.event(office, capacity=1)
    company, member = f.company(make_user)
    first = services.register_participant(
        actor=member, event=event, party_key=company.party_key, participant="Anna"
    )
    second = services.register_participant(
        actor=member, event=event, party_key=company.party_key, participant="Ben"
    )
    assert (first.status, second.status) == ("confirmed", "waiting")
    with pytest.raises(Conflict):
        services.register_participant(
            actor=member, event=event, party_key=company.party_key, participant="Anna"
        )
    services.cancel_participant(actor=member, event=event, registration_id=first.id)
    db.session.refresh(second)
    assert second.status == "confirmed"


def test_hidden_entry_leaves_the_public(make_user):
    from participation.marketplace import listing

    company, member = f.company(make_user)
    entry = f.entry(member, company)
    assert listing.entries().total == 1
    entry.hidden_at, entry.hidden_reason = utcnow(), "advertising"
    db.session.commit()
    assert listing.entries().total == 0
    # Its page stays, saying only why it was hidden (templates/marketplace/entry.html).
    assert can_see_market_entry(make_user("resident"), entry)


def test_figures_count_deals_by_category_and_sector(make_user):
    deal, _giver, receiver_member = _deal(make_user, consent=False)
    services.answer_deal(actor=receiver_member, deal=deal, agree=True)
    from participation.marketplace import listing

    figures = listing.figures()
    assert figures["by_category"]["transport"] == 1
    assert figures["by_sector"] == {"crafts": 1, "non_profit": 1}


def _proposal_to(make_user, giver, giver_member, receiver, entry_id=None):
    return services.propose_deal(
        actor=giver_member,
        data=services.DealInput(
            own_party=giver.party_key,
            other_party=services.party_key(receiver),
            own_side="giver",
            what="Räume für ein Treffen",
            category="rooms",
            entry_id=entry_id,
        ),
    )


def test_only_a_party_that_asked_is_mailed_about_a_deal(make_user):
    giver, giver_member = f.company(make_user)
    stranger, stranger_member = f.company(make_user)
    deal = _proposal_to(make_user, giver, giver_member, stranger)
    assert f.mails_to(stranger_member.email, f"market-deal-proposed-{deal.id}-") == 0
    assert deal.status == "proposed"  # it waits in the other side's area, unmailed
    # Once the two have written to each other through the portal, the other side is told.
    offered = f.entry(stranger_member, stranger, title="Werkstatt zu vergeben")
    services.contact(
        actor=giver_member,
        entry=offered,
        party_key=giver.party_key,
        body="Wir hätten Interesse.",
        reply_email="kontakt@example.org",
    )
    again = _proposal_to(make_user, giver, giver_member, stranger)
    assert f.mails_to(stranger_member.email, f"market-deal-proposed-{again.id}-") == 1


def test_a_deal_names_only_an_entry_of_its_two_sides(make_user):
    giver, giver_member = f.company(make_user)
    receiver, receiver_member = f.company(make_user)
    third, third_member = f.company(make_user)
    elsewhere = f.entry(third_member, third)
    with pytest.raises(Invalid):
        _proposal_to(make_user, giver, giver_member, receiver, entry_id=elsewhere.id)
    own = f.entry(receiver_member, receiver, kind="request")
    own.hidden_at, own.hidden_reason = utcnow(), "spam"
    db.session.commit()
    with pytest.raises(Invalid):
        _proposal_to(make_user, giver, giver_member, receiver, entry_id=own.id)


def test_both_sides_consenting_at_once_publish_the_deal(app, make_user):
    from participation.marketplace.models import Deal
    from tests.concurrency import all_at_once

    deal, giver_member, receiver_member = _deal(make_user, consent=False)
    services.answer_deal(actor=receiver_member, deal=deal, agree=True)
    deal_id = deal.id

    def consent(user):
        services.consent_deal(actor=user, deal=db.session.get(Deal, deal_id))

    assert all_at_once(app, [giver_member.id, receiver_member.id], consent) == []
    db.session.expire_all()
    published = db.session.get(Deal, deal_id)
    assert published.giver_consents and published.receiver_consents
    assert published.published_at is not None


def test_company_phone_numbers_are_checked_and_shown_to_parties_only(make_user, client):
    member = make_user("resident")
    with pytest.raises(Invalid) as refused:
        services.register_company(
            actor=member,
            data=services.CompanyInput(name="Firma Telefon", sector="crafts", contact_phone="12"),
        )
    assert refused.value.field == "contact_phone"
    company = services.register_company(
        actor=member,
        data=services.CompanyInput(
            name="Firma Telefon", sector="crafts", contact_phone="+49 511 1684 1500"
        ),
    )
    company.status = "active"
    db.session.commit()
    assert company.contact_phone == "0511 16841500"
    assert "0511 16841500" not in client.get(f"/marktplatz/unternehmen/{company.slug}").get_data(
        as_text=True
    )
    client.login(member)
    assert "0511 16841500" in client.get(f"/marktplatz/unternehmen/{company.slug}").get_data(
        as_text=True
    )
