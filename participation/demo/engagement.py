"""Demo engagement certificates (issue 20): three volunteers whose organisations confirmed
their engagement through the real workflow (one with hours month by month, one after a
correction the volunteer accepted), and one request still waiting in the inbox of the demo
partner's members (partner@example.org)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.engagementcert import services
from participation.engagementcert.models import EngagementRequest
from participation.engagementcert.services import EngagementInput
from participation.extensions import db
from participation.partners.models import PartnerOrganisation

# volunteer, printed name, organisation, deciding member, step, activities, from, until,
# hours a month, hours month by month
REQUESTS = (
    (
        "einwohnerin@example.org",
        "Lotte Lindner",
        "nachbarschaftsinitiative-nord",
        "partner@example.org",
        "confirm",
        "Mitarbeit im Reparaturcafé: Annahme, kleine Reparaturen an Elektrogeräten, "
        "Organisation der Ersatzteilkiste.",
        date(2025, 9, 1),
        date(2026, 2, 28),
        9,
        "2025-09: 8\n2025-10: 10\n2025-11: 9\n2025-12: 6\n2026-01: 11\n2026-02: 10",
    ),
    (
        "radfahrer.nord@example.org",
        "Jonas Vahrenholt",
        "freiwilligenzentrum",
        "kontakt-freiwilligenzentrum@example.org",
        "confirm",
        "Begleitung von Seniorinnen und Senioren zu Arztterminen und Behördengängen.",
        date(2025, 3, 1),
        date(2025, 12, 31),
        6,
        "",
    ),
    (
        "anwohnerin.linden@example.org",
        "Aylin Demir",
        "migrantenforum",
        "kontakt-migrantenforum@example.org",
        "correct",
        "Dolmetschen (Türkisch–Deutsch) bei Elternabenden und Beteiligungsveranstaltungen.",
        date(2025, 1, 1),
        date(2025, 12, 31),
        5,
        "",
    ),
    (
        "studi.nord@example.org",
        "Kim Nordmann",
        "nachbarschaftsinitiative-nord",
        None,
        "open",
        "Hoffest 2025: Aufbau, Kinderprogramm und Abbau.",
        date(2025, 6, 1),
        date(2025, 9, 30),
        4,
        "",
    ),
)


def seed_engagement() -> None:
    """Idempotent: a volunteer's request to an organisation is made once."""
    for (
        email,
        name,
        slug,
        member_email,
        step,
        activities,
        held_from,
        held_until,
        hours,
        monthly,
    ) in REQUESTS:
        volunteer = accounts.find_by_email(email)
        organisation = db.session.scalar(
            select(PartnerOrganisation).where(PartnerOrganisation.slug == slug)
        )
        if volunteer is None or organisation is None or not organisation.is_active:
            continue
        exists = db.session.scalar(
            select(EngagementRequest.id).where(
                EngagementRequest.volunteer_id == volunteer.id,
                EngagementRequest.organisation_id == organisation.id,
            )
        )
        if exists is not None:
            continue
        data = EngagementInput(activities, held_from, held_until, hours, monthly)
        request = services.request_certificate(
            actor=volunteer, organisation=organisation, name=name, data=data
        )
        member = accounts.find_by_email(member_email) if member_email else None
        if member is None:
            continue
        if step == "confirm":
            services.confirm(actor=member, request=request, signer_name="Renate Sommer")
        elif step == "correct":
            services.correct(
                actor=member,
                request=request,
                data=EngagementInput(activities, date(2025, 3, 1), held_until, 4, ""),
                note="Laut unserem Einsatzplan waren Sie ab März dabei, im Schnitt vier Stunden.",
                signer_name="Deniz Yılmaz",
            )
            services.accept_correction(actor=volunteer, request=request)
