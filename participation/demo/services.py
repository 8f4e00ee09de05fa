"""Idempotent demo data: reference data, one verified account per role, sample content."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.clock import utcnow
from participation.demo.certificates import seed_certificates
from participation.demo.dialogue import demo_residents, seed_dialogue
from participation.demo.engagement import seed_engagement
from participation.demo.evaluation import seed_evaluation
from participation.demo.fund import seed_fund
from participation.demo.marketplace import seed_marketplace
from participation.demo.moderation import seed_moderation
from participation.demo.modnetz import seed_network_moderation
from participation.demo.network import seed_contributions, seed_governance, seed_network
from participation.demo.newsletters import seed_newsletters
from participation.demo.notifications import seed_notifications
from participation.demo.practice import seed_practice
from participation.demo.processes import seed_lifecycle, seed_processes
from participation.demo.qualification import seed_trainings
from participation.demo.results import seed_results
from participation.demo.volunteering import seed_volunteering
from participation.demo.volunteerphone import seed_volunteer_phone
from participation.demo.workaids import seed_workaids
from participation.districts.services import load_reference_data
from participation.extensions import db
from participation.pages.models import AccessibilityFeedback
from participation.partners.models import PartnerOrganisation

DEMO_PASSWORD = "demo-passwort-2026"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoAccount:
    email: str
    pseudonym: str
    role: str
    district: str | None = None
    organisation: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("einwohnerin@example.org", "Lindener Lotte", "resident"),
    DemoAccount(
        "bezirk-linden@example.org",
        "Bezirksmanagement Linden-Limmer",
        "district_manager",
        district="10",
    ),
    DemoAccount(
        "bezirk-mitte@example.org", "Bezirksmanagement Mitte", "district_manager", district="01"
    ),
    DemoAccount("koordination@example.org", "Koordinierungsstelle", "coordinator"),
    DemoAccount(
        "partner@example.org",
        "Nachbarschaftsinitiative Nord",
        "partner_member",
        organisation="nachbarschaftsinitiative-nord",
    ),
    DemoAccount(
        "bezirksrat-linden@example.org",
        "Bezirksrat Linden-Limmer",
        "council_member",
        district="10",
    ),
    DemoAccount("admin@example.org", "Portal-Administration", "admin"),
)

DEMO_ORGANISATIONS = (
    ("nachbarschaftsinitiative-nord", "Nachbarschaftsinitiative Nord e. V.", "initiative"),
    ("migrantenforum", "Migrant*innenforum Hannover", "migrant_organisation"),
)


def seed_demo() -> list[DemoAccount]:
    """Create what is missing; running it again adds nothing."""
    load_reference_data()
    for slug, name, kind in DEMO_ORGANISATIONS:
        if (
            db.session.scalar(select(PartnerOrganisation).where(PartnerOrganisation.slug == slug))
            is None
        ):
            db.session.add(PartnerOrganisation(slug=slug, name=name, kind=kind, status="active"))
    db.session.commit()
    for account in DEMO_ACCOUNTS:
        user = accounts.find_by_email(account.email)
        if user is None:
            user = accounts.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                pseudonym=account.pseudonym,
                verified=True,
            )
        if not any(a.role == account.role for a in user.roles):
            accounts.grant_role(
                actor=None,
                user=user,
                role=account.role,
                district_code=account.district,
                organisation_slug=account.organisation,
            )
    coordinator = accounts.find_by_email("koordination@example.org")
    seed_processes(coordinator)
    staff = {None: coordinator}
    for account in DEMO_ACCOUNTS:
        if account.role == "district_manager":
            manager = accounts.find_by_email(account.email)
            staff.update(dict.fromkeys(manager.district_ids(), manager))
    seed_lifecycle(coordinator, accounts.find_by_email("bezirk-linden@example.org"))
    seed_dialogue(staff)
    seed_moderation(demo_residents(), staff)
    seed_results(coordinator, staff)
    seed_network(coordinator)
    seed_contributions()
    seed_network_moderation(coordinator, demo_residents())
    seed_governance(coordinator)
    seed_fund(coordinator)
    seed_newsletters(coordinator)
    seed_certificates()
    seed_engagement()
    seed_notifications(staff)
    seed_trainings(coordinator)
    seed_marketplace(coordinator)
    seed_workaids(coordinator, accounts.find_by_email("bezirk-linden@example.org"))
    seed_practice(coordinator)
    seed_evaluation()
    seed_volunteer_phone(coordinator)
    seed_volunteering([accounts.find_by_email("einwohnerin@example.org"), *demo_residents()])
    if db.session.scalar(select(AccessibilityFeedback).limit(1)) is None:
        db.session.add(
            AccessibilityFeedback(
                message="Die Zeitleiste auf der Verfahrensseite ist mit dem Screenreader schwer "
                "zu verstehen. Könnten die Phasen als Liste vorgelesen werden?",
                page_url="/verfahren",
                contact_email="leser@example.org",
                created_at=utcnow(),
            )
        )
        db.session.commit()
    return list(DEMO_ACCOUNTS)
