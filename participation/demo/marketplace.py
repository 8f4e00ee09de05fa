"""Demo marketplace: three companies with a member each, six entries (offers and
requests), two published deals (one made at the marketplace event), and one marketplace
event with registered participants. Seeded once: a second run finds the first company and
adds nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.clock import utcnow
from participation.extensions import db
from participation.marketplace import services
from participation.marketplace.models import Company
from participation.partners.models import PartnerOrganisation

DEMO_PASSWORD = "demo-passwort-2026"  # noqa: S105 - the demo's shared password, printed

# email, pseudonym, company name, sector, description
COMPANIES = (
    (
        "tischlerei@example.org",
        "Tischlerei Linden",
        "Tischlerei Linden GmbH",
        "crafts",
        "Familienbetrieb in Linden-Nord: Möbel, Innenausbau und Reparaturen.",
    ),
    (
        "logistik@example.org",
        "Leine-Logistik",
        "Leine-Logistik KG",
        "services",
        "Transporte in der Region Hannover, mit eigener Lagerhalle am Hafen.",
    ),
    (
        "software@example.org",
        "Maschsee Software",
        "Maschsee Software GmbH",
        "it_media",
        "Webanwendungen für Verwaltung und Vereine.",
    ),
)
# company index (or None: the partner), kind, category, title, description, district
ENTRIES = (
    (
        0,
        "offer",
        "expertise",
        "Tischlerkurs für Jugendliche",
        "Zwei Nachmittage in unserer Werkstatt: ein Hocker zum Mitnehmen.",
        "10",
    ),
    (
        0,
        "offer",
        "material",
        "Restholz für Projekte",
        "Bretter und Platten aus Aufträgen, kostenlos abzuholen.",
        "10",
    ),
    (
        1,
        "offer",
        "transport",
        "Transporter am Wochenende",
        "Ein 3,5-Tonner mit Fahrer*in für Umzüge gemeinnütziger Vereine.",
        "",
    ),
    (
        2,
        "offer",
        "time",
        "Zwei Tage Webseitenhilfe im Jahr",
        "Unsere Mitarbeitenden helfen einem Verein, seine Webseite barrierefrei zu machen.",
        "",
    ),
    (
        None,
        "request",
        "rooms",
        "Raum für das Reparaturcafé",
        "Wir suchen einmal im Monat samstags einen Raum für 20 Personen in Vahrenheide.",
        "13",
    ),
    (
        None,
        "request",
        "expertise",
        "Beratung zur Buchhaltung",
        "Unser Verein sucht zwei Stunden Beratung zur Vereinsbuchhaltung.",
        "",
    ),
)


def _member(email: str, pseudonym: str):
    user = accounts.find_by_email(email)
    if user is None:
        user = accounts.create_user(
            email=email, password=DEMO_PASSWORD, pseudonym=pseudonym, verified=True
        )
    return user


def seed_marketplace(coordinator) -> None:
    if db.session.scalar(select(Company.id).where(Company.name == COMPANIES[0][2])):
        return
    partner = db.session.scalar(
        select(PartnerOrganisation).where(
            PartnerOrganisation.slug == "nachbarschaftsinitiative-nord"
        )
    )
    partner_member = accounts.find_by_email("partner@example.org")
    if partner is None or partner_member is None:
        return
    companies, members = [], []
    for email, pseudonym, name, sector, description in COMPANIES:
        member = _member(email, pseudonym)
        company = services.register_company(
            actor=member,
            data=services.CompanyInput(name=name, sector=sector, description=description),
        )
        services.decide_company(actor=coordinator, company=company, confirm=True)
        db.session.refresh(member)
        companies.append(company)
        members.append(member)
    entries = []
    for owner, kind, category, title, description, district in ENTRIES:
        actor, party = (
            (partner_member, partner) if owner is None else (members[owner], companies[owner])
        )
        entries.append(
            services.create_entry(
                actor=actor,
                party_key=services.party_key(party),
                data=services.EntryInput(
                    kind=kind,
                    category=category,
                    title=title,
                    description=description,
                    district_code=district,
                ),
            )
        )
    event = services.create_event(
        actor=coordinator,
        data=services.EventInput(
            title="Marktplatz Hannover: Unternehmen treffen Vereine",
            starts_at=utcnow() + timedelta(days=21),
            place="Neues Rathaus, Hodlersaal",
            description="In 90 Minuten kommen Unternehmen und Vereine ins Gespräch und "
            "halten fest, wer was gibt.",
            capacity=40,
        ),
    )
    for member, company, participant in (
        (members[0], companies[0], "Jana Tischler"),
        (members[1], companies[1], "Olaf Leine"),
    ):
        services.register_participant(
            actor=member, event=event, party_key=company.party_key, participant=participant
        )
    services.register_participant(
        actor=partner_member,
        event=event,
        party_key=services.party_key(partner),
        participant="Aylin Nord",
    )
    for giver, entry, what, category, at_event in (
        (1, entries[2], "Ein Transporter für den Umzug des Reparaturcafés", "transport", False),
        (2, entries[5], "Zwei Stunden Beratung zur Vereinsbuchhaltung", "expertise", True),
    ):
        deal = services.propose_deal(
            actor=members[giver],
            data=services.DealInput(
                own_party=companies[giver].party_key,
                other_party=services.party_key(partner),
                own_side="giver",
                what=what,
                category=category,
                entry_id=entry.id,
                event_id=event.id if at_event else None,
                consent=True,
            ),
        )
        services.answer_deal(actor=partner_member, deal=deal, agree=True, consent=True)
