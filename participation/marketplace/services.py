"""Marketplace changes: companies register and are confirmed, parties post entries, write
to each other and record deals, the office runs events. Every function takes the `actor`,
checks, changes and commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from participation.accounts.models import RoleAssignment, User
from participation.core import phones
from participation.core.clock import utcnow
from participation.core.db import unique_slug
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.core.permissions import can, require
from participation.core.text import is_mail_address, is_web_address
from participation.districts.models import District
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.marketplace.models import (
    CATEGORIES,
    ENTRY_KINDS,
    SECTORS,
    Company,
    Deal,
    MarketEntry,
    MarketEvent,
    MarketEventRegistration,
    MarketMessage,
)
from participation.marketplace.permissions import acts_for, is_party_member
from participation.partners.models import PartnerOrganisation
from participation.projects.services import slugify

SECTOR_LABELS = {
    "trade": _l("Handel"),
    "crafts": _l("Handwerk"),
    "industry": _l("Industrie"),
    "services": _l("Dienstleistungen"),
    "it_media": _l("IT und Medien"),
    "health": _l("Gesundheit und Pflege"),
    "hospitality": _l("Gastronomie und Hotellerie"),
    "finance": _l("Banken und Versicherungen"),
    "other": _l("Andere Branche"),
}
# Partner organisations count as one sector of their own in the figures.
NON_PROFIT = _l("Gemeinnützig")
KIND_LABELS = {"offer": _l("Biete"), "request": _l("Suche")}
CATEGORY_LABELS = {
    "expertise": _l("Fachwissen und Beratung"),
    "material": _l("Sachmittel und Material"),
    "rooms": _l("Räume"),
    "transport": _l("Transport und Fahrzeuge"),
    "time": _l("Zeit von Mitarbeitenden"),
}
NAME_MAX, TITLE_MAX, TEXT_MAX, MESSAGE_MAX = 200, 200, 5_000, 3_000


def _check_actor(actor) -> None:
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    if actor.is_blocked(utcnow()):
        raise Forbidden(_("Ihr Konto ist derzeit gesperrt."))


def _text(value: str, *, field: str, maximum: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(_("Bitte füllen Sie dieses Feld aus."), field=field)
    if len(value) > maximum:
        raise Invalid(_("Höchstens %(num)s Zeichen.", num=maximum), field=field)
    return value


# Parties ---------------------------------------------------------------------------------


def party_by_key(key: str):
    """The company ("c12") or partner organisation ("o3") a form names, or None."""
    key = key or ""
    if len(key) < 2 or key[0] not in "co" or not key[1:].isdigit() or len(key) > 19:
        return None
    model = Company if key[0] == "c" else PartnerOrganisation
    return db.session.get(model, int(key[1:]))


def party_key(party) -> str:
    return f"c{party.id}" if isinstance(party, Company) else f"o{party.id}"


def parties_of(user) -> list:
    """The active companies and partner organisations `user` acts for (two queries)."""
    if not (user and user.is_authenticated):
        return []
    companies = db.session.scalars(
        select(Company)
        .where(Company.id.in_(user.company_ids()), Company.status == "active")
        .order_by(Company.name)
    ).all()
    organisations = db.session.scalars(
        select(PartnerOrganisation)
        .where(
            PartnerOrganisation.id.in_(user.organisation_ids()),
            PartnerOrganisation.status == "active",
        )
        .order_by(PartnerOrganisation.name)
    ).all()
    return [*companies, *organisations]


def _own_party(actor, key: str, *, field: str = "party"):
    party = party_by_key(key)
    if party is None or not acts_for(actor, party):
        raise Forbidden(
            _("Sie handeln hier nur für Ihr eigenes Unternehmen oder Ihre Organisation.")
        )
    return party


def _set_party(row, party, prefix: str = "") -> None:
    setattr(row, f"{prefix}company_id", party.id if isinstance(party, Company) else None)
    setattr(
        row,
        f"{prefix}organisation_id",
        party.id if isinstance(party, PartnerOrganisation) else None,
    )


def party_members(party) -> list[User]:
    """A party's members (verified, not deleted): a company's or a partner organisation's."""
    if isinstance(party, Company):
        condition = (RoleAssignment.role == "company_member") & (
            RoleAssignment.company_id == party.id
        )
    else:
        condition = (RoleAssignment.role == "partner_member") & (
            RoleAssignment.organisation_id == party.id
        )
    return list(
        db.session.scalars(
            select(User)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(condition, User.deleted_at.is_(None), User.email_verified_at.is_not(None))
            .order_by(User.id)
        )
    )


def member_addresses(party) -> list[str]:
    """The addresses of a party's members (verified, not deleted)."""
    return [member.email for member in party_members(party)]


# Companies -------------------------------------------------------------------------------


@dataclass
class CompanyInput:
    name: str
    sector: str
    description: str = ""
    website: str = ""
    contact_email: str = ""
    contact_phone: str = ""


def register_company(*, actor, data: CompanyInput) -> Company:
    """A verified resident registers their company and becomes its first member."""
    _check_actor(actor)
    if not actor.is_verified:
        raise Forbidden(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    name = _text(data.name, field="name", maximum=NAME_MAX)
    if data.sector not in SECTORS:
        raise Invalid(_("Bitte wählen Sie eine Branche."), field="sector")
    website = (data.website or "").strip()
    if website and not is_web_address(website):
        raise Invalid(_("Bitte geben Sie eine Webadresse mit https:// an."), field="website")
    email = (data.contact_email or "").strip()
    if email and not is_mail_address(email):
        raise Invalid(_("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="contact_email")
    phone = (data.contact_phone or "").strip()
    if phone:
        phone = phones.display(phones.e164(phones.parse(phone, field="contact_phone")))
    taken = db.session.scalar(select(Company.id).where(Company.name == name))
    if taken:
        raise Invalid(_("Ein Unternehmen mit diesem Namen ist bereits angemeldet."), field="name")
    company = Company(
        name=name,
        slug=unique_slug(db.session, Company.slug, slugify(name) or "unternehmen"),
        sector=data.sector,
        website=website,
        contact_email=email,
        contact_phone=phone,
        description=_text(data.description, field="description", maximum=TEXT_MAX, required=False),
        status="applied",
        registered_by_id=actor.id,
    )
    db.session.add(company)
    db.session.flush()
    db.session.add(RoleAssignment(user_id=actor.id, role="company_member", company_id=company.id))
    db.session.commit()
    return company


def decide_company(*, actor, company: Company, confirm: bool, reason: str = "") -> None:
    """The office confirms a registered company or declines it with a reason; the member
    who registered it is told once."""
    require(actor, "manage_marketplace")
    changed = db.session.execute(
        update(Company)
        .where(Company.id == company.id, Company.status == "applied")
        .values(
            status="active" if confirm else "declined",
            decided_at=utcnow(),
            decline_reason="" if confirm else (reason or "").strip()[:2000],
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Conflict(_("Über dieses Unternehmen ist bereits entschieden."))
    registrant = (
        db.session.get(User, company.registered_by_id) if company.registered_by_id else None
    )
    if registrant is not None and registrant.deleted_at is None:
        queue_mail(
            recipient=registrant.email,
            subject=_("Ihr Unternehmen im Marktplatz"),
            template="market_company_decided",
            key=f"market-company-decided-{company.id}",
            name=company.name,
            confirmed=confirm,
            reason=(reason or "").strip(),
            link=external_url("marketplace.area"),
        )
    db.session.commit()
    db.session.refresh(company)


def get_company(*, actor, slug: str) -> Company:
    company = db.session.scalar(select(Company).where(Company.slug == slug))
    if company is None or not can(actor, "see_company", company):
        raise NotFound(_("Dieses Unternehmen gibt es nicht."))
    return company


# Entries ---------------------------------------------------------------------------------


@dataclass
class EntryInput:
    kind: str
    category: str
    title: str
    description: str
    district_code: str = ""
    valid_until: date | None = None
    publish: bool = True


def _district_id(code: str) -> int | None:
    if not code:
        return None
    district = db.session.scalar(select(District.id).where(District.code == code))
    if district is None:
        raise Invalid(_("Diesen Stadtbezirk gibt es nicht."), field="district")
    return district


def _checked_entry(data: EntryInput) -> dict:
    if data.kind not in ENTRY_KINDS:
        raise Invalid(_("Bitte wählen Sie „Biete“ oder „Suche“."), field="kind")
    if data.category not in CATEGORIES:
        raise Invalid(_("Bitte wählen Sie eine Kategorie."), field="category")
    if data.valid_until is not None and data.valid_until < utcnow().date():
        raise Invalid(_("Das Datum liegt in der Vergangenheit."), field="valid_until")
    return {
        "kind": data.kind,
        "category": data.category,
        "title": _text(data.title, field="title", maximum=TITLE_MAX),
        "description": _text(data.description, field="description", maximum=TEXT_MAX),
        "district_id": _district_id(data.district_code),
        "valid_until": data.valid_until,
    }


def create_entry(*, actor, party_key: str, data: EntryInput) -> MarketEntry:
    """An entry of the actor's own active party, published at once or kept as a draft."""
    _check_actor(actor)
    party = _own_party(actor, party_key)
    entry = MarketEntry(**_checked_entry(data), author_id=actor.id)
    _set_party(entry, party)
    if data.publish:
        entry.status, entry.published_at = "published", utcnow()
    db.session.add(entry)
    db.session.commit()
    return entry


def update_entry(*, actor, entry: MarketEntry, data: EntryInput) -> None:
    _check_actor(actor)
    require(actor, "edit_market_entry", entry)
    for name, value in _checked_entry(data).items():
        setattr(entry, name, value)
    db.session.commit()


def set_entry_status(*, actor, entry: MarketEntry, status: str) -> None:
    """Publish a draft, close an entry (found what it sought) or publish it again."""
    _check_actor(actor)
    require(actor, "edit_market_entry", entry)
    if status not in ("published", "closed") or status == entry.status:
        raise Conflict(_("Der Eintrag hat diesen Stand bereits."))
    entry.status = status
    if status == "published" and entry.published_at is None:
        entry.published_at = utcnow()
    db.session.commit()


def get_entry(*, actor, entry_id: int) -> MarketEntry:
    entry = db.session.get(MarketEntry, entry_id)
    if entry is None or not can(actor, "see_market_entry", entry):
        raise NotFound(_("Diesen Eintrag gibt es nicht."))
    return entry


def contact(
    *, actor, entry: MarketEntry, party_key: str, body: str, reply_email: str
) -> MarketMessage:
    """A member of another party writes to the entry's owner: each member of the owner gets
    the message once, with the sender's party and the reply address the sender gave."""
    _check_actor(actor)
    if not can(actor, "contact_market_entry", entry):
        raise Forbidden(_("Nur Unternehmen und Partnerorganisationen schreiben Einträge an."))
    sender = _own_party(actor, party_key)
    if party_key == entry.owner_key:
        raise Invalid(_("Das ist Ihr eigener Eintrag."), field="party")
    body = _text(body, field="body", maximum=MESSAGE_MAX)
    reply_email = (reply_email or "").strip()
    if not is_mail_address(reply_email):
        raise Invalid(_("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="reply_email")
    message = MarketMessage(
        entry_id=entry.id,
        sender_id=actor.id,
        body=body,
        reply_email=reply_email,
        created_at=utcnow(),
    )
    _set_party(message, sender, "sender_")
    db.session.add(message)
    db.session.flush()
    for address in member_addresses(entry.owner):
        queue_mail(
            recipient=address,
            subject=_("Marktplatz: Nachricht zu „%(title)s“", title=entry.title[:80]),
            template="market_message",
            key=f"market-message-{message.id}-{address}",
            headers={"Reply-To": reply_email},
            title=entry.title,
            sender=sender.name,
            body=body,
            reply_email=reply_email,
            link=external_url("marketplace.entry", entry_id=entry.id),
        )
    db.session.commit()
    return message


# Deals -----------------------------------------------------------------------------------


@dataclass
class DealInput:
    own_party: str
    other_party: str
    own_side: str  # "giver" or "receiver"
    what: str
    category: str
    entry_id: int | None = None
    event_id: int | None = None
    consent: bool = False


def propose_deal(*, actor, data: DealInput) -> Deal:
    """One side records a deal; the other side's members are asked to agree."""
    _check_actor(actor)
    own = _own_party(actor, data.own_party)
    other = party_by_key(data.other_party)
    if other is None or not other.is_active or party_key(other) == party_key(own):
        raise Invalid(_("Bitte wählen Sie die andere Seite."), field="other_party")
    if data.own_side not in ("giver", "receiver"):
        raise Invalid(_("Bitte wählen Sie, wer gibt."), field="own_side")
    if data.category not in CATEGORIES:
        raise Invalid(_("Bitte wählen Sie eine Kategorie."), field="category")
    entry = db.session.get(MarketEntry, data.entry_id) if data.entry_id is not None else None
    if data.entry_id is not None and (
        entry is None
        or entry.hidden_at is not None
        or entry.owner_key not in (party_key(own), party_key(other))
    ):
        raise Invalid(
            _("Bitte wählen Sie einen Eintrag einer der beiden Seiten."), field="entry_id"
        )
    if data.event_id is not None and db.session.get(MarketEvent, data.event_id) is None:
        raise Invalid(_("Diese Veranstaltung gibt es nicht."), field="event_id")
    giver, receiver = (own, other) if data.own_side == "giver" else (other, own)
    deal = Deal(
        what=_text(data.what, field="what", maximum=300),
        category=data.category,
        entry_id=data.entry_id,
        event_id=data.event_id,
        status="proposed",
        proposed_by_side=data.own_side,
        proposed_by_id=actor.id,
        giver_consents=bool(data.consent) and data.own_side == "giver",
        receiver_consents=bool(data.consent) and data.own_side == "receiver",
    )
    _set_party(deal, giver, "giver_")
    _set_party(deal, receiver, "receiver_")
    db.session.add(deal)
    db.session.flush()
    # Only a party that asked is mailed: it posted the entry the deal is about, or the two
    # wrote to each other through the portal. Any other proposal waits in its area.
    asked = (entry is not None and entry.owner_key == party_key(other)) or have_talked(own, other)
    for address in member_addresses(other) if asked else []:
        queue_mail(
            recipient=address,
            subject=_("Marktplatz: Bitte bestätigen Sie eine Vereinbarung"),
            template="market_deal_proposed",
            key=f"market-deal-proposed-{deal.id}-{address}",
            proposer=own.name,
            what=deal.what,
            link=external_url("marketplace.deal", deal_id=deal.id),
        )
    db.session.commit()
    return deal


def have_talked(one, other) -> bool:
    """Whether one party wrote to the other about an entry of the other (either way)."""

    def wrote(sender, owner):
        sender_column = (
            MarketMessage.sender_company_id
            if isinstance(sender, Company)
            else MarketMessage.sender_organisation_id
        )
        owner_column = (
            MarketEntry.company_id if isinstance(owner, Company) else MarketEntry.organisation_id
        )
        return (
            select(MarketMessage.id)
            .join(MarketEntry, MarketEntry.id == MarketMessage.entry_id)
            .where(sender_column == sender.id, owner_column == owner.id)
            .exists()
        )

    return bool(db.session.scalar(select(or_(wrote(one, other), wrote(other, one)))))


def _set_consent(deal: Deal, side: str, consent: bool) -> None:
    """One side's consent, then publishing in one conditional UPDATE: whichever of two
    sides consenting at once writes last sees both consents and publishes."""
    db.session.execute(
        update(Deal)
        .where(Deal.id == deal.id)
        .values({f"{side}_consents": consent})
        .execution_options(synchronize_session=False)
    )
    if not consent:
        db.session.execute(
            update(Deal)
            .where(Deal.id == deal.id)
            .values(published_at=None)
            .execution_options(synchronize_session=False)
        )


def _publish_if_ready(deal: Deal) -> None:
    db.session.execute(
        update(Deal)
        .where(
            Deal.id == deal.id,
            Deal.status == "agreed",
            Deal.giver_consents.is_(True),
            Deal.receiver_consents.is_(True),
            Deal.published_at.is_(None),
        )
        .values(published_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def answer_deal(*, actor, deal: Deal, agree: bool, consent: bool = False) -> None:
    """The other side agrees (optionally consenting to publishing) or declines; a second
    answer is refused."""
    _check_actor(actor)
    require(actor, "answer_deal", deal, _("Zustimmen kann nur die andere Seite."))
    changed = db.session.execute(
        update(Deal)
        .where(Deal.id == deal.id, Deal.status == "proposed")
        .values(
            status="agreed" if agree else "declined",
            answered_by_id=actor.id,
            agreed_at=utcnow() if agree else None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Conflict(_("Diese Vereinbarung ist bereits beantwortet."))
    db.session.refresh(deal)
    if agree and consent:
        _set_consent(deal, "receiver" if deal.proposed_by_side == "giver" else "giver", True)
    _publish_if_ready(deal)
    db.session.commit()
    db.session.refresh(deal)


def consent_deal(*, actor, deal: Deal, consent: bool = True) -> None:
    """A side consents to publishing (or withdraws it: the deal leaves the public list)."""
    _check_actor(actor)
    require(actor, "consent_deal", deal)
    if deal.status == "declined":
        raise Conflict(_("Diese Vereinbarung wurde abgelehnt."))
    for side in ("giver", "receiver"):
        if acts_for(actor, getattr(deal, side)):
            _set_consent(deal, side, consent)
    if consent:
        _publish_if_ready(deal)
    db.session.commit()
    db.session.refresh(deal)


def get_deal(*, actor, deal_id: int) -> Deal:
    deal = db.session.get(Deal, deal_id)
    if deal is None or not can(actor, "see_deal", deal):
        raise NotFound(_("Diese Vereinbarung gibt es nicht."))
    return deal


def my_side(actor, deal: Deal) -> str | None:
    for side in ("giver", "receiver"):
        if is_party_member(actor, getattr(deal, side)):
            return side
    return None


# Events ----------------------------------------------------------------------------------


@dataclass
class EventInput:
    title: str
    starts_at: datetime | None
    place: str
    description: str = ""
    capacity: int | None = None


def create_event(*, actor, data: EventInput) -> MarketEvent:
    require(actor, "manage_marketplace")
    if data.starts_at is None:
        raise Invalid(_("Bitte geben Sie Datum und Uhrzeit an."), field="starts_at")
    if not data.capacity or not 0 < data.capacity <= 10_000:
        raise Invalid(_("Bitte geben Sie 1 bis 10.000 Plätze an."), field="capacity")
    event = MarketEvent(
        title=_text(data.title, field="title", maximum=TITLE_MAX),
        starts_at=data.starts_at,
        place=_text(data.place, field="place", maximum=300),
        description=_text(data.description, field="description", maximum=TEXT_MAX, required=False),
        capacity=data.capacity,
        created_by_id=actor.id,
    )
    db.session.add(event)
    db.session.commit()
    return event


def get_event(event_id: int) -> MarketEvent:
    event = db.session.get(MarketEvent, event_id)
    if event is None:
        raise NotFound(_("Diese Veranstaltung gibt es nicht."))
    return event


def register_participant(
    *, actor, event: MarketEvent, party_key: str, participant: str
) -> MarketEventRegistration:
    """A party registers one participant by name: a place, or the waiting list."""
    from participation.marketplace.places import EVENT_PLACES

    _check_actor(actor)
    party = _own_party(actor, party_key)
    name = _text(participant, field="participant", maximum=120)
    if event.starts_at <= utcnow():
        raise Conflict(_("Die Veranstaltung hat schon begonnen."))
    values = {
        "party_key": party_key,
        "participant": name,
        "user_id": actor.id,
        "created_at": utcnow(),
        "company_id": party.id if isinstance(party, Company) else None,
        "organisation_id": party.id if isinstance(party, PartnerOrganisation) else None,
    }
    if not EVENT_PLACES.enter(event.id, **values):
        raise Conflict(_("Diese Person ist bereits angemeldet."), field="participant")
    db.session.commit()
    return db.session.scalar(
        select(MarketEventRegistration).where(
            MarketEventRegistration.event_id == event.id,
            MarketEventRegistration.party_key == party_key,
            MarketEventRegistration.participant == name,
        )
    )


def cancel_participant(*, actor, event: MarketEvent, registration_id: int) -> None:
    from participation.marketplace.places import EVENT_PLACES

    _check_actor(actor)
    registration = db.session.get(MarketEventRegistration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise NotFound(_("Diese Anmeldung gibt es nicht."))
    if not acts_for(actor, registration.owner):
        raise Forbidden(
            _("Sie handeln hier nur für Ihr eigenes Unternehmen oder Ihre Organisation.")
        )
    EVENT_PLACES.give_back(
        event.id,
        MarketEventRegistration.id == registration_id,
        move_up=event.starts_at > utcnow(),
    )
    db.session.commit()


def active_parties() -> list:
    """Every active company and partner organisation, by name (two queries): the other side
    a deal may name."""
    companies = db.session.scalars(
        select(Company).where(Company.status == "active").order_by(Company.name)
    ).all()
    organisations = db.session.scalars(
        select(PartnerOrganisation)
        .where(PartnerOrganisation.status == "active")
        .order_by(PartnerOrganisation.name)
    ).all()
    return [*companies, *organisations]
