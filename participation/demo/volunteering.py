"""Demo opportunities of the Freiwilligenbörse: 15 over six districts (Linden-Limmer
among them) by the demo partner organisations, with interests in every state and a saved
search of the demo resident. Seeding twice adds nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.extensions import db
from participation.partners.models import PartnerOrganisation
from participation.volunteering import listing, searches, services
from participation.volunteering.models import VolunteerInterest, VolunteerOpportunity
from participation.volunteering.services import OpportunityInput

# organisation, title, district ("" city-wide), action field, rhythm, hours, weekdays,
# times, newcomers, families, young people
OPPORTUNITIES = (
    (
        "radio-flora",
        "Moderation der Stadtteilsendung",
        "10",
        "bildung",
        "regular",
        3,
        "4",
        "donnerstags 18 bis 21 Uhr",
        False,
        False,
        True,
    ),
    (
        "radio-flora",
        "Tontechnik beim Sommerfest",
        "10",
        "bildung",
        "once",
        6,
        "6",
        "Samstag im Juli, 12 bis 18 Uhr",
        False,
        True,
        True,
    ),
    (
        "migrantenforum",
        "Sprachcafé in Linden-Nord",
        "10",
        "teilhabe",
        "regular",
        2,
        "3",
        "mittwochs 16 bis 18 Uhr",
        True,
        False,
        False,
    ),
    (
        "migrantenforum",
        "Begleitung zu Behördenterminen",
        "01",
        "teilhabe",
        "regular",
        2,
        "",
        "nach Absprache, vormittags",
        True,
        False,
        False,
    ),
    (
        "migrantenforum",
        "Hausaufgabenhilfe im Kulturzentrum",
        "12",
        "bildung",
        "regular",
        2,
        "24",
        "dienstags und donnerstags 15 bis 17 Uhr",
        False,
        False,
        True,
    ),
    (
        "nachbarschaftsinitiative-nord",
        "Reparaturcafé Sahlkamp",
        "13",
        "wohnen",
        "regular",
        3,
        "6",
        "jeden zweiten Samstag, 10 bis 13 Uhr",
        True,
        True,
        False,
    ),
    (
        "nachbarschaftsinitiative-nord",
        "Hoffest Vahrenheide: Aufbau und Ausschank",
        "13",
        "wohnen",
        "once",
        5,
        "6",
        "ein Samstag im Juni",
        True,
        True,
        True,
    ),
    (
        "nachbarschaftsinitiative-nord",
        "Offene Sprechstunde mitgestalten",
        "13",
        "teilhabe",
        "regular",
        2,
        "2",
        "dienstags 17 bis 19 Uhr",
        False,
        False,
        False,
    ),
    (
        "freiwilligenzentrum",
        "Lesepatenschaft in der Stadtbibliothek",
        "01",
        "bildung",
        "regular",
        1,
        "5",
        "freitags 15 bis 16 Uhr",
        True,
        False,
        True,
    ),
    (
        "freiwilligenzentrum",
        "Telefonkette gegen Einsamkeit",
        "",
        "teilhabe",
        "regular",
        1,
        "",
        "frei einteilbar",
        True,
        False,
        False,
    ),
    (
        "freiwilligenzentrum",
        "Besuchsdienst im Seniorenzentrum List",
        "02",
        "teilhabe",
        "regular",
        2,
        "7",
        "sonntags nachmittags",
        False,
        True,
        False,
    ),
    (
        "freiwilligenzentrum",
        "Stadtteilspaziergang Südstadt begleiten",
        "07",
        "verwaltung",
        "once",
        3,
        "6",
        "ein Samstag im September",
        True,
        True,
        True,
    ),
    (
        "kontaktstelle-selbsthilfe",
        "Gruppenbegleitung für neue Selbsthilfegruppen",
        "",
        "teilhabe",
        "regular",
        2,
        "1",
        "montags abends",
        False,
        False,
        False,
    ),
    (
        "kontaktstelle-selbsthilfe",
        "Infostand beim Selbsthilfetag",
        "02",
        "teilhabe",
        "once",
        4,
        "6",
        "ein Samstag im Mai",
        False,
        False,
        True,
    ),
    (
        "radio-flora",
        "Podcast: Beteiligung in Linden-Süd",
        "10",
        "verwaltung",
        "regular",
        2,
        "1",
        "montags 19 bis 21 Uhr",
        False,
        False,
        True,
    ),
)

TASKS = (
    "Sie unterstützen unser Team bei „{title}“. Wir arbeiten Sie ein, Sie brauchen keine "
    "Vorkenntnisse.\n\n- feste Ansprechperson\n- Erstattung von Fahrtkosten\n"
    "- Austausch mit anderen Freiwilligen"
)

# Interests of the demo residents: (opportunity index, resident index, state)
INTERESTS = (
    (0, 0, "open"),
    (2, 0, "accepted"),
    (2, 1, "matched"),
    (5, 1, "declined"),
    (8, 2, "withdrawn"),
    (9, 2, "open"),
    (3, 3, "matched"),
    (6, 0, "declined"),
    (10, 3, "accepted"),
)


def seed_volunteering(residents: list) -> None:
    organisations = {
        o.slug: o
        for o in db.session.scalars(
            select(PartnerOrganisation).where(PartnerOrganisation.status == "active")
        )
    }
    made = []
    for (
        slug,
        title,
        district,
        field,
        rhythm,
        hours,
        weekdays,
        times,
        newcomers,
        families,
        young,
    ) in OPPORTUNITIES:
        organisation = organisations.get(slug)
        if organisation is None or organisation.contact_id is None:
            continue
        existing = db.session.scalar(
            select(VolunteerOpportunity).where(
                VolunteerOpportunity.organisation_id == organisation.id,
                VolunteerOpportunity.title == title,
            )
        )
        if existing is None:
            contact = db.session.get(User, organisation.contact_id)
            existing = services.create(
                actor=contact,
                organisation=organisation,
                data=OpportunityInput(
                    title=title,
                    tasks=TASKS.format(title=title),
                    district_code=district,
                    action_field_slug=field,
                    rhythm=rhythm,
                    hours=hours,
                    weekdays=weekdays,
                    times=times,
                    volunteers_wanted=2 if rhythm == "once" else 4,
                    languages="Deutsch" + (", Englisch, Türkisch" if newcomers else ""),
                    accessibility="Stufenlos erreichbar." if families else "",
                    for_newcomers=newcomers,
                    for_families=families,
                    for_young_people=young,
                    contact_name=organisation.name[:120],
                    contact_role="Koordination Ehrenamt",
                ),
            )
            services.publish(actor=contact, opportunity=existing)
        made.append(existing)
    if len(made) < len(OPPORTUNITIES) or not residents:
        return
    now = utcnow()
    for index, resident_index, state in INTERESTS:
        opportunity = made[index]
        resident = residents[resident_index % len(residents)]
        if services.interest_of(resident, opportunity) is not None:
            continue
        created = now - timedelta(days=10 + index)
        interest = VolunteerInterest(
            opportunity_id=opportunity.id,
            user_id=resident.id,
            status=state,
            message="Ich hätte Lust, mitzumachen, und habe nachmittags Zeit.",
            consented_at=created,
            created_at=created,
            answered_at=created + timedelta(days=2 + index % 3)
            if state in ("accepted", "declined", "matched")
            else None,
            decline_reason="filled" if state == "declined" else "",
            matched_at=created + timedelta(days=5) if state == "matched" else None,
            withdrawn_at=created + timedelta(days=1) if state == "withdrawn" else None,
        )
        db.session.add(interest)
        if state != "withdrawn":
            opportunity.interest_count += 1
        if state == "matched":
            opportunity.match_count += 1
    db.session.commit()
    lotte = residents[0]
    if not searches.of_user(lotte.id):
        searches.save(actor=lotte, filters=listing.Filters(bezirk="10"))
