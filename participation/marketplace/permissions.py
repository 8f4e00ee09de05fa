"""Who acts in the marketplace: members of an active company or partner organisation act
for their own party only; the office confirms companies, runs events and sees every deal."""

from __future__ import annotations

from participation.core.permissions import rule
from participation.marketplace.models import Company
from participation.projects.permissions import is_office


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def is_party_member(user, party) -> bool:
    """Whether `user` belongs to `party`, a company or a partner organisation."""
    if not _signed_in(user) or party is None:
        return False
    if isinstance(party, Company):
        return party.id in user.company_ids()
    return party.id in user.organisation_ids()


def acts_for(user, party) -> bool:
    """A member of an active party: it may post, contact, propose and agree."""
    return party is not None and party.is_active and is_party_member(user, party)


@rule("manage_marketplace")
def can_manage_marketplace(user, _obj=None) -> bool:
    """Confirm companies, create marketplace events, see every deal and the figures."""
    return is_office(user)


@rule("register_company")
def can_register_company(user, _obj=None) -> bool:
    return _signed_in(user) and user.is_verified


@rule("see_company")
def can_see_company(user, company) -> bool:
    return company.is_active or is_party_member(user, company) or is_office(user)


@rule("act_for_party")
def can_act_for_party(user, party) -> bool:
    return acts_for(user, party)


@rule("see_market_entry")
def can_see_market_entry(user, entry) -> bool:
    """Published entries of active parties are public (a hidden one as a page that only says
    why it was hidden); the rest to the owner's members and the office."""
    public = entry.status != "draft" and entry.owner.is_active
    return public or is_party_member(user, entry.owner) or is_office(user)


@rule("edit_market_entry")
def can_edit_market_entry(user, entry) -> bool:
    return acts_for(user, entry.owner)


@rule("contact_market_entry")
def can_contact_market_entry(user, entry) -> bool:
    """Members of an active party other than the owner write to a published entry."""
    if not _signed_in(user) or entry.status != "published" or entry.hidden_at is not None:
        return False
    own = f"c{entry.company_id}" if entry.company_id else f"o{entry.organisation_id}"
    keys = {f"c{i}" for i in user.company_ids()} | {f"o{i}" for i in user.organisation_ids()}
    return bool(keys - {own})


@rule("see_deal")
def can_see_deal(user, deal) -> bool:
    return (
        deal.published_at is not None
        or is_party_member(user, deal.giver)
        or is_party_member(user, deal.receiver)
        or is_office(user)
    )


@rule("answer_deal")
def can_answer_deal(user, deal) -> bool:
    """The other side of a deal (not the proposer's) agrees or declines it while proposed."""
    other = deal.receiver if deal.proposed_by_side == "giver" else deal.giver
    return acts_for(user, other)


@rule("consent_deal")
def can_consent_deal(user, deal) -> bool:
    """Either side consents to publishing its deal."""
    return acts_for(user, deal.giver) or acts_for(user, deal.receiver)


@rule("take_part_in_market")
def can_take_part_in_market(user, _obj=None) -> bool:
    """Has an active company or partner organisation of their own (the area, new entries,
    deals, event registrations)."""
    return _signed_in(user) and bool(user.company_ids() or user.organisation_ids())


@rule("see_company_contact")
def can_see_company_contact(user, _obj=None) -> bool:
    """A company's e-mail address and phone number: for the marketplace's parties (members
    of a company or a partner organisation) and the office, not for everyone."""
    if not _signed_in(user):
        return False
    return bool(user.company_ids() or user.organisation_ids()) or is_office(user)
