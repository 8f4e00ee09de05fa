"""Demo trainings: two held (with attendance and feedback; one is the basic training a demo
district manager attended), one to come that is full with a waiting list, and an open
online networking meeting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.clock import CITY_TIMEZONE, travel, utcnow
from participation.extensions import db
from participation.qualification import attendance, attestation, registrations, services
from participation.qualification.models import Training
from participation.qualification.services import TrainingInput


def _dates(days: int, hour: int = 9, hours: int = 3, series: int = 1) -> str:
    lines = []
    for week in range(series):
        start = (utcnow() + timedelta(days=days + 7 * week)).astimezone(CITY_TIMEZONE)
        start = start.replace(hour=hour, minute=0, second=0, microsecond=0)
        end = start + timedelta(hours=hours)
        lines.append(f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}")
    return "\n".join(lines)


TRAININGS = (
    TrainingInput(
        kind="training",
        title="Grundlagen der Bürgerbeteiligung",
        description=(
            "Die Leitlinien der Stadt für gute Beteiligung in der Praxis: frühzeitig "
            "informieren, den Gestaltungsspielraum klar benennen, Ressourcen planen, "
            "Rückmeldung geben und schwer erreichbare Gruppen einbeziehen."
        ),
        audiences=["district_managers", "administration"],
        format="in_person",
        place="Neues Rathaus, Trammplatz 2, Raum 101",
        accessibility="Stufenloser Zugang über den Seiteneingang; Induktionsschleife im Raum.",
        dates=_dates(-40, series=2),
        capacity=16,
        speaker="Koordinierungsstelle Bürgerbeteiligung",
        materials="- [Leitlinien für Bürgerbeteiligung](https://example.org/leitlinien.pdf)",
        topic="grundlagen",
    ),
    TrainingInput(
        kind="workshop",
        title="Werkstatt: Beteiligungsformate ausprobieren",
        description=(
            "Wir probieren Formate aus – vom Stadtteilspaziergang bis zum Online-Dialog – und "
            "tauschen Erfahrungen aus Verwaltung, Initiativen und Politik aus."
        ),
        audiences=["partners", "residents", "council"],
        format="hybrid",
        place="Freizeitheim Linden, Windheimstraße 4",
        accessibility="Barrierefrei; Gebärdensprachdolmetschung auf Anfrage.",
        online_url="https://konferenz.example.org/werkstatt",
        dates=_dates(-12, hour=17),
        capacity=25,
        speaker="Netzwerk Bürgermitwirkung",
        topic="formate",
        open_registration=True,
    ),
    TrainingInput(
        kind="training",
        title="Online-Dialoge moderieren",
        description=(
            "Wie moderiere ich einen Online-Dialog fair und wirksam? Netiquette, Umgang mit "
            "Meldungen, Antworten der Verwaltung und Rückmeldung an die Beteiligten."
        ),
        audiences=["district_managers", "administration"],
        format="online",
        online_url="https://konferenz.example.org/moderation",
        dates=_dates(14, hour=10, hours=2),
        capacity=2,
        speaker="Koordinierungsstelle Bürgerbeteiligung",
        topic="moderation",
    ),
    TrainingInput(
        kind="network_external",
        title="Vernetzungstreffen: Beteiligung in den Kommunen in NRW",
        description=(
            "Austausch mit Kommunen des Netzwerks über Strategien, Praxisbeispiele und "
            "Erfahrungen mit Beteiligungsportalen."
        ),
        audiences=["administration", "partners", "council", "residents"],
        format="online",
        online_url="https://konferenz.example.org/vernetzung",
        dates=_dates(30, hour=14, hours=2),
        capacity=60,
        speaker="Kommunen im Netzwerk",
        topic="vernetzung",
        open_registration=True,
    ),
)


def seed_trainings(coordinator) -> None:
    if db.session.scalar(select(Training.id).limit(1)) is not None:
        return
    people = {
        email: accounts.find_by_email(email)
        for email in (
            "bezirk-linden@example.org",
            "bezirk-mitte@example.org",
            "einwohnerin@example.org",
            "partner@example.org",
            "bezirksrat-linden@example.org",
        )
    }
    made = []
    for data in TRAININGS:
        training = services.create(actor=coordinator, data=data)
        services.publish(actor=coordinator, training=training)
        made.append(training)
    basic, workshop, moderation, _network = made
    _held(
        coordinator,
        basic,
        [people["bezirk-linden@example.org"], people["bezirk-mitte@example.org"]],
        attended=[people["bezirk-linden@example.org"]],
        feedback=(5, 4, "Sehr praxisnah – die Checkliste zu den Leitlinien nutzen wir schon."),
        certificate_name="Kim Bezirksmanagerin",
    )
    _held(
        coordinator,
        workshop,
        [people["partner@example.org"], people["bezirksrat-linden@example.org"]],
        attended=[people["partner@example.org"], people["bezirksrat-linden@example.org"]],
        feedback=(4, 5, "Gute Mischung aus Verwaltung und Initiativen."),
        by_mail=("gast-werkstatt@example.org", "Gerda Gast"),
    )
    # Full, with two people on the waiting list.
    for email in (
        "bezirk-linden@example.org",
        "bezirk-mitte@example.org",
        "einwohnerin@example.org",
        "partner@example.org",
    ):
        registrations.register(actor=people[email], training=moderation)


def _held(
    coordinator, training, people, *, attended, feedback, by_mail=None, certificate_name=None
) -> None:
    """Registrations before the training, attendance, feedback and certificates after it."""
    with travel(training.starts_at - timedelta(days=7)):
        for person in people:
            registrations.register(actor=person, training=training)
        if by_mail:
            email, name = by_mail
            registrations.register_by_email(training=training, email=email, name=name)
            pending = registrations.participants(training)[-1]
            registrations.confirm(
                token=registrations.make_link_token(
                    registrations.CONFIRM, registrations.link_claims(pending)
                )
            )
    with travel(training.ends_at + timedelta(days=1)):
        chosen = [registrations.registration_of(p, training) for p in attended]
        ids = {r.id for r in chosen}
        if by_mail:
            ids |= {r.id for r in registrations.participants(training) if r.user_id is None}
        attendance.record_attendance(actor=coordinator, training=training, attended_ids=ids)
        usefulness, organisation, comment = feedback
        attendance.give_feedback(
            registration=chosen[0],
            usefulness=usefulness,
            organisation=organisation,
            comment=comment,
        )
        if len(chosen) > 1:
            attendance.give_feedback(
                registration=chosen[1], usefulness=4, organisation=4, comment=""
            )
        if certificate_name:
            attestation.request_certificate(registration=chosen[0], name=certificate_name)
        for registration in registrations.participants(training):
            if by_mail and registration.user_id is None:
                attestation.request_certificate(registration=registration, name=by_mail[1])
