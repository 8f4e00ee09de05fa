"""Joining the network: applying with a signature, the office's decision, new agreement
versions, invitations, the seal, and who may act for which organisation."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest

from participation.core import clock
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.partners import agreement, invitations, services
from participation.partners.models import AgreementSignature
from tests.accounts.helpers import link_in, mails_to
from tests.partners.factories import AGREEMENT_TEXT
from tests.projects.images import image_bytes


def _apply(actor, version, name="Nachbarschaftsladen Linden", **changes):
    arguments = {
        "actor": actor,
        "profile": services.Profile(name=name, kind="initiative", district_codes=["10"]),
        "signer_name": "Erika Muster",
        "accepted": True,
        "version": version,
    }
    arguments.update(changes)
    return services.apply(**arguments)


def test_apply_confirm_invite_accept(db, make_user, make_agreement, mails):
    current = make_agreement()
    contact = make_user("resident")
    organisation = _apply(contact, current.version)
    assert organisation.status == "applied" and organisation.contact_id == contact.id
    assert organisation.id in contact.organisation_ids()
    signature = agreement.signature_of(organisation, current)
    assert (signature.signer_id, signature.signer_name) == (contact.id, "Erika Muster")
    assert len(mails_to(mails, contact.email)) == 1
    # Applicants cannot invite yet.
    with pytest.raises(Conflict):
        invitations.invite(actor=contact, organisation=organisation, email="neu@example.org")

    services.decide(actor=make_user("coordinator"), organisation=organisation, confirm=True)
    assert organisation.status == "active" and organisation.decided_at is not None
    assert "bestätigt" in mails_to(mails, contact.email)[-1].get_content()

    invitations.invite(actor=contact, organisation=organisation, email="Neu@Example.org")
    token = link_in(mails_to(mails, "Neu@Example.org")[-1], "/netzwerk/einladung/").rsplit("/", 1)[
        1
    ]
    with pytest.raises(Forbidden):  # someone else who got hold of the link
        invitations.accept(actor=make_user("resident"), token=token)
    invited = make_user("resident", email="neu@example.org")
    assert invitations.accept(actor=invited, token=token) == organisation
    assert organisation.id in invited.organisation_ids()
    with pytest.raises(NotFound):  # used once
        invitations.accept(actor=invited, token=token)
    assert {m.id for m in services.members(organisation)} == {contact.id, invited.id}


def test_an_invitation_expires_and_can_be_withdrawn(db, make_partner, make_user, mails):
    partner = make_partner()
    token = invitations.invite(
        actor=partner.contact, organisation=partner.organisation, email="spaet@example.org"
    )
    late = make_user("resident", email="spaet@example.org")
    with clock.travel(clock.utcnow() + timedelta(days=15)), pytest.raises(NotFound):
        invitations.accept(actor=late, token=token)
    with pytest.raises(Conflict):  # one open invitation per address
        invitations.invite(
            actor=partner.contact, organisation=partner.organisation, email="spaet@example.org"
        )
    [open_one] = invitations.open_invitations(partner.organisation)
    invitations.withdraw(
        actor=partner.contact, organisation=partner.organisation, invitation_id=open_one.id
    )
    with pytest.raises(NotFound):
        invitations.accept(actor=late, token=token)
    assert invitations.open_invitations(partner.organisation) == []


def test_application_refusals(db, make_user, make_agreement, make_partner):
    resident = make_user("resident")
    with pytest.raises(Conflict):  # nothing to sign yet
        _apply(resident, None)
    current = make_agreement()
    with pytest.raises(Invalid) as stale:
        _apply(resident, current.version - 1)
    assert stale.value.field == "accept"
    with pytest.raises(Invalid) as unticked:
        _apply(resident, current.version, accepted=False)
    assert unticked.value.field == "accept"
    with pytest.raises(Invalid) as unnamed:
        _apply(resident, current.version, signer_name="  ")
    assert unnamed.value.field == "signer_name"
    make_partner(name="Stadtteilladen Süd")
    with pytest.raises(Invalid) as taken:  # the same name in other letters
        _apply(resident, current.version, name="STADTTEILLADEN  SÜD")
    assert taken.value.field == "name"
    with pytest.raises(Invalid) as website:
        _apply(
            resident,
            current.version,
            profile=services.Profile(name="Neu", kind="initiative", website="javascript:alert(1)"),
        )
    assert website.value.field == "website"
    with pytest.raises(Invalid) as district:
        _apply(
            resident,
            current.version,
            profile=services.Profile(name="Neu", kind="initiative", district_codes=["99"]),
        )
    assert district.value.field == "districts"
    with pytest.raises(Forbidden):
        _apply(make_user("resident", verified=False), current.version)
    assert db.session.query(AgreementSignature).count() == 1  # only make_partner's


def test_decline_needs_a_reason_and_confirm_a_current_signature(
    db, make_user, make_partner, make_agreement, mails
):
    office = make_user("coordinator")
    applicant = make_partner(confirm=False)
    with pytest.raises(Invalid) as short:
        services.decide(
            actor=office, organisation=applicant.organisation, confirm=False, reason="nein"
        )
    assert short.value.field == "reason"
    make_agreement("Neue Fassung")
    with pytest.raises(Conflict):
        services.decide(actor=office, organisation=applicant.organisation, confirm=True)
    services.decide(
        actor=office,
        organisation=applicant.organisation,
        confirm=False,
        reason="Die Organisation arbeitet nicht in der Stadt.",
    )
    assert applicant.organisation.status == "declined"
    assert "nicht in der Stadt" in mails_to(mails, applicant.contact.email)[-1].get_content()
    with pytest.raises(Conflict):
        services.decide(actor=office, organisation=applicant.organisation, confirm=True)
    with pytest.raises(Forbidden):
        services.decide(actor=applicant.contact, organisation=applicant.organisation, confirm=True)


def test_a_new_version_asks_the_active_partners_to_sign_again(
    db, make_user, make_partner, make_agreement, mails
):
    active = make_partner()
    applied = make_partner(confirm=False)
    member = make_user("partner_member", organisation=active.organisation.slug)
    assert agreement.unsigned_partners() == []
    second = make_agreement("Zweite Fassung")
    assert len(mails_to(mails, active.contact.email)) == 3  # applied, confirmed, sign again
    assert len(mails_to(mails, applied.contact.email)) == 1  # applied only
    assert agreement.unsigned_partners() == [active.organisation]
    with pytest.raises(Forbidden):  # members who are not the contact do not sign
        agreement.sign(
            actor=member,
            organisation=active.organisation,
            signer_name="Max Muster",
            accepted=True,
            version=second.version,
        )
    agreement.sign(
        actor=active.contact,
        organisation=active.organisation,
        signer_name="Erika Muster",
        accepted=True,
        version=second.version,
    )
    assert agreement.unsigned_partners() == []
    with pytest.raises(Conflict):
        agreement.sign(
            actor=active.contact,
            organisation=active.organisation,
            signer_name="Erika Muster",
            accepted=True,
            version=second.version,
        )
    assert [s.agreement.version for s in agreement.signatures(active.organisation)] == [2, 1]
    with pytest.raises(Invalid):
        agreement.publish_agreement(actor=make_user("coordinator"), title="Kurz", text="zu kurz")
    with pytest.raises(Forbidden):
        agreement.publish_agreement(actor=active.contact, title="Titel", text=AGREEMENT_TEXT)


def test_the_seal_needs_an_active_partner_with_a_current_signature(
    db, make_user, make_partner, make_agreement
):
    office = make_user("coordinator")
    applicant = make_partner(confirm=False)
    with pytest.raises(Conflict):
        services.grant_seal(actor=office, organisation=applicant.organisation)
    partner = make_partner()
    with pytest.raises(Forbidden):
        services.grant_seal(actor=partner.contact, organisation=partner.organisation)
    services.grant_seal(actor=office, organisation=partner.organisation, note="Vorbildlich")
    assert partner.organisation.has_seal
    services.withdraw_seal(actor=office, organisation=partner.organisation)
    assert not partner.organisation.has_seal
    make_agreement("Neue Fassung")
    with pytest.raises(Conflict):
        services.grant_seal(actor=office, organisation=partner.organisation)
    agreement.sign(
        actor=partner.contact,
        organisation=partner.organisation,
        signer_name="Erika Muster",
        accepted=True,
        version=2,
    )
    services.grant_seal(actor=office, organisation=partner.organisation)
    services.leave(actor=partner.contact, organisation=partner.organisation)
    assert partner.organisation.status == "left" and not partner.organisation.has_seal


def test_members_of_one_organisation_cannot_act_for_another(db, make_user, make_partner):
    a, b = make_partner(), make_partner()
    member_a = make_user("partner_member", organisation=a.organisation.slug)
    profile = services.Profile(name="Übernommen", kind="other")
    for actor in (a.contact, member_a):
        with pytest.raises(Forbidden):
            services.update_profile(actor=actor, organisation=b.organisation, profile=profile)
        with pytest.raises(Forbidden):
            invitations.invite(actor=actor, organisation=b.organisation, email="x@example.org")
        with pytest.raises(Forbidden):
            services.leave(actor=actor, organisation=b.organisation)
        with pytest.raises(Forbidden):
            services.remove_member(actor=actor, organisation=b.organisation, user_id=b.contact.id)
    # Within A, only the contact speaks for it.
    with pytest.raises(Forbidden):
        invitations.invite(actor=member_a, organisation=a.organisation, email="x@example.org")
    with pytest.raises(Forbidden):
        services.leave(actor=member_a, organisation=a.organisation)
    services.update_profile(actor=member_a, organisation=a.organisation, profile=profile)
    assert a.organisation.name == "Übernommen" and b.organisation.name != "Übernommen"
    with pytest.raises(Conflict):
        services.remove_member(actor=a.contact, organisation=a.organisation, user_id=a.contact.id)
    services.remove_member(actor=a.contact, organisation=a.organisation, user_id=member_a.id)
    db.session.expire(member_a)
    assert a.organisation.id not in member_a.organisation_ids()


def test_the_logo_is_checked_like_every_upload(db, make_partner):
    partner = make_partner()
    profile = services.Profile(name=partner.organisation.name, kind="initiative")
    with pytest.raises(Invalid) as refused:
        services.update_profile(
            actor=partner.contact,
            organisation=partner.organisation,
            profile=profile,
            logo=BytesIO(b"<svg onload=alert(1)>"),
        )
    assert refused.value.field == "logo" and partner.organisation.logo is None
    services.update_profile(
        actor=partner.contact,
        organisation=partner.organisation,
        profile=profile,
        logo=BytesIO(image_bytes()),
    )
    assert partner.organisation.logo.endswith("-40x30.jpg")


def test_the_demo_network(db):
    from sqlalchemy import func, select

    from participation.demo.services import seed_demo
    from participation.partners.models import PartnerOrganisation

    seed_demo()
    seed_demo()
    kinds = set(db.session.scalars(select(PartnerOrganisation.kind)))
    assert len(kinds) >= 6
    statuses = dict(
        db.session.execute(
            select(PartnerOrganisation.status, func.count()).group_by(PartnerOrganisation.status)
        ).all()
    )
    assert statuses["active"] >= 10 and statuses["applied"] == 1 and statuses["left"] == 1
    assert agreement.unsigned_partners() == []
    assert db.session.query(AgreementSignature).count() == statuses["active"] + 1
    sealed = db.session.scalars(
        select(PartnerOrganisation).where(PartnerOrganisation.seal_granted_at.is_not(None))
    ).all()
    assert sealed and all(o.is_active for o in sealed)
    from participation.contributions.models import Contribution

    by_kind = dict(
        db.session.execute(
            select(Contribution.kind, func.count()).group_by(Contribution.kind)
        ).all()
    )
    assert by_kind["statement"] >= 2 and by_kind["event"] >= 3 and by_kind["offer"] >= 2
    from participation.core.clock import local_today
    from participation.network import elections, groups, meetings

    assert groups.groups() and meetings.meetings_in(local_today().year)
    assert meetings.programme(local_today().year).adopted_on is not None
    _coordinating, current, elected = elections.speaker_group()
    assert current is not None and len(elected) == current.seats


def test_at_most_two_organisations_coordinate(db, make_user, make_partner):
    office = make_user("coordinator")
    first, second, third = make_partner(), make_partner(), make_partner()
    for partner in (first, second):
        services.set_coordinating(
            actor=office, organisation=partner.organisation, coordinating=True
        )
    with pytest.raises(Conflict):
        services.set_coordinating(actor=office, organisation=third.organisation, coordinating=True)
    with pytest.raises(Forbidden):
        services.set_coordinating(
            actor=third.contact, organisation=third.organisation, coordinating=True
        )
    services.set_coordinating(actor=office, organisation=first.organisation, coordinating=False)
    services.set_coordinating(actor=office, organisation=third.organisation, coordinating=True)
    assert third.organisation.is_coordinating and not first.organisation.is_coordinating


def test_the_contact_hands_over(db, make_user, make_partner):
    partner = make_partner()
    member = make_user("partner_member", organisation=partner.organisation.slug)
    outsider = make_user("resident")
    with pytest.raises(Forbidden):
        services.hand_over_contact(
            actor=member, organisation=partner.organisation, user_id=member.id
        )
    with pytest.raises(Invalid):  # only a member can take over
        services.hand_over_contact(
            actor=partner.contact, organisation=partner.organisation, user_id=outsider.id
        )
    services.hand_over_contact(
        actor=partner.contact, organisation=partner.organisation, user_id=member.id
    )
    assert partner.organisation.contact_id == member.id
    with pytest.raises(Forbidden):  # the former contact no longer speaks for it
        invitations.invite(
            actor=partner.contact, organisation=partner.organisation, email="x@example.org"
        )
    services.hand_over_contact(
        actor=make_user("coordinator"),
        organisation=partner.organisation,
        user_id=partner.contact.id,
    )
    assert partner.organisation.contact_id == partner.contact.id
