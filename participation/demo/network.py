"""The demo network: the cooperation agreement and a dozen partner organisations of every
kind, each with a contact who signed; one application waits, one partner has left."""

from __future__ import annotations

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.clock import utcnow
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.partners import agreement
from participation.partners.models import PartnerOrganisation
from participation.partners.services import render_markdown

AGREEMENT_TITLE = "Kooperationsvereinbarung Netzwerk Bürgermitwirkung"
AGREEMENT_TEXT = """## Ziele

Die Partner des Netzwerks setzen sich gemeinsam dafür ein, dass möglichst viele
Einwohner*innen an den Entscheidungen der Stadt mitwirken können – auch diejenigen, die
bisher selten gehört werden.

## Was die Partner zusagen

- Sie informieren ihre Zielgruppen über laufende Beteiligungsverfahren.
- Sie bringen Stellungnahmen, Veranstaltungen und Angebote in die Verfahren ein.
- Sie nehmen an den Netzwerktreffen teil und arbeiten am Arbeitsprogramm mit.
- Sie achten die Netiquette des Beteiligungsportals.

## Was die Stadt zusagt

- Die Koordinierungsstelle informiert frühzeitig über geplante Verfahren (Vorhabenliste).
- Jede Stellungnahme eines Partners wird im Verfahren sichtbar und beantwortet.
- Die Koordinierungsstelle lädt mindestens dreimal im Jahr zum Netzwerktreffen ein.

## Sprecher*innengruppe

Die beiden koordinierenden Organisationen und drei gewählte Partner bilden die
Sprecher*innengruppe; die Amtszeit beträgt zwei Jahre.
"""

# slug, name, kind, districts, action fields, description, status, seal, coordinating
ORGANISATIONS = (
    (
        "nachbarschaftsinitiative-nord",
        "Nachbarschaftsinitiative Nord e. V.",
        "initiative",
        ("13",),
        ("wohnen", "teilhabe"),
        "Wir bringen Nachbar*innen in Vahrenheide und Sahlkamp zusammen: Hoffeste, "
        "Reparaturcafé und eine offene Sprechstunde jeden Dienstag.",
        "active",
        True,
        False,
    ),
    (
        "migrantenforum",
        "Migrant*innenforum Hannover",
        "migrant_organisation",
        ("01", "10", "12"),
        ("teilhabe", "bildung"),
        "Das Forum vertritt über 40 Vereine von Migrant*innen und begleitet Beteiligung in "
        "vielen Sprachen.",
        "active",
        True,
        True,
    ),
    (
        "freiwilligenzentrum",
        "Freiwilligenzentrum Hannover",
        "welfare_association",
        (),
        ("teilhabe", "verwaltung"),
        "Wir vermitteln freiwilliges Engagement und beraten Vereine und Initiativen.",
        "active",
        False,
        True,
    ),
    (
        "kontaktstelle-selbsthilfe",
        "Kontakt- und Informationsstelle für Selbsthilfe",
        "self_help",
        (),
        ("teilhabe",),
        "Wir unterstützen rund 300 Selbsthilfegruppen und bringen ihre Erfahrung in die "
        "Stadtplanung ein.",
        "active",
        True,
        False,
    ),
    (
        "radio-flora",
        "Stadtteilradio Linden",
        "media",
        ("10",),
        ("bildung",),
        "Bürgerradio aus Linden: Wir berichten über Beteiligung im Stadtteil und geben "
        "Einwohner*innen das Mikrofon.",
        "active",
        False,
        False,
    ),
    (
        "awo-region",
        "Arbeiterwohlfahrt Region Hannover",
        "welfare_association",
        ("09", "10", "11"),
        ("teilhabe", "wohnen"),
        "Beratung, Quartiersarbeit und Seniorentreffs in vielen Stadtteilen.",
        "active",
        False,
        False,
    ),
    (
        "stadtteilkultur-sued",
        "Stadtteilkultur Südstadt",
        "municipal_office",
        ("07",),
        ("bildung",),
        "Das Kulturzentrum der Stadt in der Südstadt: Kurse, Lesungen und offene Räume.",
        "active",
        False,
        False,
    ),
    (
        "seniorenbeirat",
        "Seniorenbeirat der Stadt",
        "municipal_office",
        (),
        ("teilhabe", "wohnen"),
        "Die gewählte Vertretung der älteren Einwohner*innen.",
        "active",
        False,
        False,
    ),
    (
        "radentscheid",
        "Initiative Rad im Quartier",
        "initiative",
        ("02", "04"),
        ("wohnen",),
        "Wir setzen uns für sichere Radwege und gute Abstellanlagen ein.",
        "active",
        False,
        False,
    ),
    (
        "jugendring",
        "Stadtjugendring",
        "other",
        (),
        ("bildung", "teilhabe"),
        "Der Zusammenschluss der Jugendverbände in der Stadt.",
        "active",
        False,
        False,
    ),
    (
        "jugendforum-suedstadt",
        "Jugendforum Südstadt",
        "initiative",
        ("07",),
        ("bildung",),
        "Junge Menschen aus der Südstadt, die bei der Planung ihres Stadtteils mitreden.",
        "applied",
        False,
        False,
    ),
    (
        "mieterverein-alt",
        "Mietertreff Bemerode",
        "initiative",
        ("06",),
        ("wohnen",),
        "Der Treff hat seine Arbeit 2026 beendet.",
        "left",
        False,
        False,
    ),
)


def _contact(slug: str, name: str):
    """The demo account that speaks for the organisation (the demo partner account for
    Nachbarschaftsinitiative Nord)."""
    email = (
        "partner@example.org"
        if slug == "nachbarschaftsinitiative-nord"
        else f"kontakt-{slug}@example.org"
    )
    user = accounts.find_by_email(email)
    if user is None:
        from participation.demo.services import DEMO_PASSWORD

        user = accounts.create_user(
            email=email, password=DEMO_PASSWORD, pseudonym=name[:40], verified=True
        )
    if slug not in {a.organisation.slug for a in user.roles if a.organisation is not None}:
        accounts.grant_role(actor=None, user=user, role="partner_member", organisation_slug=slug)
    return user


def seed_network(coordinator) -> None:
    current = agreement.current_agreement() or agreement.publish_agreement(
        actor=coordinator, title=AGREEMENT_TITLE, text=AGREEMENT_TEXT
    )
    districts = {d.code: d for d in db.session.scalars(select(District))}
    fields = {f.slug: f for f in db.session.scalars(select(ActionField))}
    now = utcnow()
    for (
        slug,
        name,
        kind,
        codes,
        slugs,
        description,
        status,
        seal,
        coordinating,
    ) in ORGANISATIONS:
        organisation = db.session.scalar(
            select(PartnerOrganisation).where(PartnerOrganisation.slug == slug)
        )
        if organisation is None:
            organisation = PartnerOrganisation(slug=slug, name=name, kind=kind, status=status)
            db.session.add(organisation)
            db.session.commit()
        if organisation.contact_id is not None:
            continue  # seeded before
        contact = _contact(slug, name)
        organisation.contact_id = contact.id
        organisation.name, organisation.kind, organisation.status = name, kind, status
        organisation.description = description
        organisation.description_html = render_markdown(description)
        organisation.districts = [districts[code] for code in codes]
        organisation.action_fields = [fields[field] for field in slugs]
        organisation.is_coordinating = coordinating
        if status != "applied":
            organisation.decided_at = now
        if status == "left":
            organisation.left_at = now
        if seal:
            organisation.seal_granted_at = now
        db.session.commit()
        if status != "left":
            agreement.record_signature(organisation, current, contact, contact.pseudonym)
            db.session.commit()


STATEMENTS = (
    (
        "migrantenforum",
        "Mehrsprachig beteiligen",
        "Wir bieten an, die Informationen zum Verfahren in **Arabisch, Türkisch und "
        "Ukrainisch** zu erklären, und laden zu einem Abend in unseren Räumen ein.",
    ),
    (
        "kontaktstelle-selbsthilfe",
        "Barrierefreiheit von Anfang an",
        "Die Selbsthilfegruppen bitten darum, Wege, Sitzplätze und Beschilderung mit "
        "Menschen mit Behinderungen gemeinsam zu planen.",
    ),
    (
        "seniorenbeirat",
        "Sitzplätze und Schatten",
        "Ältere Menschen brauchen alle 100 Meter eine Bank und schattige Plätze. Wir "
        "unterstützen die Vorschläge dazu ausdrücklich.",
    ),
)


def seed_contributions() -> None:
    """Statements on the open demo processes, upcoming events and offers; once."""
    from datetime import timedelta

    from participation.contributions import services as contributions
    from participation.contributions.models import Contribution
    from participation.contributions.services import ContributionInput
    from participation.projects.models import Process

    if db.session.scalar(select(Contribution.id).limit(1)) is not None:
        return
    organisations = {
        o.slug: o
        for o in db.session.scalars(
            select(PartnerOrganisation).where(PartnerOrganisation.status == "active")
        )
    }

    open_processes = list(
        db.session.scalars(
            select(Process).where(Process.status == "published").order_by(Process.id).limit(3)
        )
    )
    from participation.accounts.models import User

    def author(slug):
        return db.session.get(User, organisations[slug].contact_id)

    for process, (slug, title, body) in zip(open_processes, STATEMENTS, strict=False):
        contributions.publish(
            actor=author(slug),
            organisation=organisations[slug],
            kind="statement",
            data=ContributionInput(title=title, body=body, process_ids=[process.id]),
        )
    soon = utcnow().replace(hour=16, minute=0, second=0, microsecond=0)
    events = (
        (
            "radio-flora",
            "Offenes Mikrofon: Was wünschen Sie sich für Linden?",
            "Wir senden live vom Küchengarten und fragen Passant*innen nach ihren Ideen.",
            dict(registration="none", place="Küchengarten, Linden-Mitte", district_codes=["10"]),
            4,
        ),
        (
            "awo-region",
            "Beteiligung leicht gemacht: Workshop",
            "Wie bringe ich einen Vorschlag ein? Ein Nachmittag mit Übungen und Kaffee.",
            dict(
                registration="portal",
                capacity=12,
                place="AWO-Treff Ricklingen, Raum 2",
                accessibility="Stufenloser Zugang, barrierefreies WC, Induktionsschleife.",
                district_codes=["09"],
            ),
            9,
        ),
        (
            "jugendring",
            "Jugendforum zur Stadtplanung",
            "Junge Menschen diskutieren mit der Stadtplanung über Treffpunkte im Freien.",
            dict(
                registration="external",
                external_url="https://jugendring.example.org/anmeldung",
                place="Jugendzentrum Mitte",
                district_codes=["01"],
            ),
            16,
        ),
    )
    for slug, title, body, extra, days in events:
        contributions.publish(
            actor=author(slug),
            organisation=organisations[slug],
            kind="event",
            data=ContributionInput(
                title=title,
                body=body,
                starts_at=soon + timedelta(days=days),
                ends_at=soon + timedelta(days=days, hours=2),
                process_ids=[open_processes[0].id] if open_processes else [],
                **extra,
            ),
        )
    offers = (
        (
            "freiwilligenzentrum",
            "Engagement finden",
            "Wir beraten zu freiwilligem Engagement in Ihrem Stadtteil – auch in einfacher "
            "Sprache.",
            "Sprechstunde dienstags 10 bis 13 Uhr, Telefon 0511 000000",
        ),
        (
            "nachbarschaftsinitiative-nord",
            "Reparaturcafé Vahrenheide",
            "Jeden ersten Samstag im Monat reparieren wir gemeinsam Fahrräder und Geräte.",
            "Einfach vorbeikommen, Sahlkamp-Treff",
        ),
    )
    for slug, title, body, how in offers:
        contributions.publish(
            actor=author(slug),
            organisation=organisations[slug],
            kind="offer",
            data=ContributionInput(title=title, body=body, contact=how),
        )


def seed_governance(coordinator) -> None:
    """A working group, this year's meetings (one still ahead), this year's work programme
    adopted last December, and a finished election whose term runs now; once."""
    from datetime import datetime, timedelta

    from participation.core.clock import CITY_TIMEZONE, local_today
    from participation.network import groups, meetings
    from participation.network.models import (
        Ballot,
        NetworkMeeting,
        Nomination,
        SpeakerElection,
        WorkProgramme,
    )

    if db.session.scalar(select(NetworkMeeting.id).limit(1)) is not None:
        return
    active = {
        o.slug: o
        for o in db.session.scalars(
            select(PartnerOrganisation).where(PartnerOrganisation.status == "active")
        )
    }
    year = local_today().year
    group = groups.save_group(
        actor=coordinator,
        title="AG Barrierefreie Beteiligung",
        description="Wir prüfen Einladungen, Orte und Unterlagen der Verfahren auf Barrieren "
        "und schlagen der Stadt Verbesserungen vor.",
        member_ids=[active[s].id for s in ("kontaktstelle-selbsthilfe", "seniorenbeirat")],
    )
    groups.add_document(
        actor=coordinator,
        group=group,
        title="Checkliste barrierefreie Veranstaltung",
        url="https://example.org/checkliste-barrierefrei.pdf",
    )
    everyone = [o.id for o in active.values()]
    last_year = meetings.save_meeting(
        actor=coordinator,
        title=f"Netzwerktreffen Dezember {year - 1}",
        starts_at=datetime(year - 1, 12, 3, 17, tzinfo=CITY_TIMEZONE),
        place="Neues Rathaus, Hodlersaal",
        agenda="- Rückblick\n- Arbeitsprogramm für das nächste Jahr",
        minutes="Das Arbeitsprogramm wurde einstimmig beschlossen.",
        attendee_ids=everyone[:8],
    )
    for month, title, done in ((3, "Frühjahrstreffen", True), (6, "Sommertreffen", True)):
        meetings.save_meeting(
            actor=coordinator,
            title=f"{title} {year}",
            starts_at=datetime(year, month, 12, 17, tzinfo=CITY_TIMEZONE),
            place="Neues Rathaus, Hodlersaal",
            agenda="- Berichte aus den Arbeitsgruppen\n- Aktuelle Verfahren",
            minutes="Die Partner berichteten aus den Verfahren." if done else "",
            attendee_ids=everyone[:7],
        )
    meetings.save_meeting(
        actor=coordinator,
        title=f"Jahresabschluss {year}",
        starts_at=datetime(year, 12, 2, 17, tzinfo=CITY_TIMEZONE),
        place="Neues Rathaus, Hodlersaal",
        agenda="- Arbeitsprogramm für das nächste Jahr",
    )
    meetings.save_meeting(
        actor=coordinator,
        title="Sitzung der AG",
        starts_at=datetime(year, 5, 20, 16, tzinfo=CITY_TIMEZONE),
        place="Kontaktstelle Selbsthilfe",
        working_group=group,
    )
    items = (
        ("Beteiligungswerkstatt für neue Partner", ("freiwilligenzentrum",), "done"),
        ("Mehrsprachige Einladungen zu allen Verfahren", ("migrantenforum",), "in_progress"),
        ("Checkliste barrierefreie Beteiligung", ("kontaktstelle-selbsthilfe",), "planned"),
    )
    for title, slugs, status in items:
        item = meetings.add_item(
            actor=coordinator, year=year, title=title, responsible_ids=[active[s].id for s in slugs]
        )
        item.status = status
    programme = db.session.scalar(select(WorkProgramme).where(WorkProgramme.year == year))
    programme.adopted_at_meeting_id = last_year.id
    programme.adopted_on = last_year.starts_at.astimezone(CITY_TIMEZONE).date()
    # A finished election: its term runs from the start of last year for two years.
    start = datetime(year - 1, 1, 1, tzinfo=CITY_TIMEZONE)
    election = SpeakerElection(
        seats=3,
        nominations_close_at=start - timedelta(days=40),
        voting_close_at=start - timedelta(days=20),
        term_starts_on=start.date(),
        term_ends_on=start.date().replace(year=start.year + 2) - timedelta(days=1),
        result_published_at=start - timedelta(days=19),
    )
    db.session.add(election)
    db.session.flush()
    results = (
        ("nachbarschaftsinitiative-nord", 7, True),
        ("kontaktstelle-selbsthilfe", 6, True),
        ("awo-region", 5, True),
        ("radio-flora", 3, False),
    )
    for slug, votes, elected in results:
        db.session.add(
            Nomination(
                election_id=election.id,
                organisation_id=active[slug].id,
                votes=votes,
                elected=elected,
            )
        )
    for organisation_id in everyone[:8]:
        db.session.add(Ballot(election_id=election.id, organisation_id=organisation_id))
    db.session.commit()
