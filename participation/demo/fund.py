"""Demo of the recognition fund: a closed call with scored and decided applications (two
approved, one declined) and a report, and an open call with a submitted application."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.extensions import db
from participation.fund import applications, calls, decisions, jury
from participation.fund.applications import ApplicationInput
from participation.fund.calls import CallInput
from participation.fund.models import FundCall
from participation.partners.models import PartnerOrganisation

CLOSED_TITLE = "Danke-Projekte 2026"
OPEN_TITLE = "Anerkennung im Quartier 2027"
CRITERIA = "Wirkung für Ehrenamtliche; 3\nBeteiligung der Ehrenamtlichen; 2\nNachhaltigkeit; 1"
# The speaker group's juror: the contact of a coordinating organisation.
JUROR = "kontakt-freiwilligenzentrum@example.org"

APPLICATIONS = (
    # organisation, title, description, recognition, cost plan, requested
    (
        "nachbarschaftsinitiative-nord",
        "Ehrenamtsfest im Nordstadt-Treff",
        "Ein Sommerfest für die 60 Ehrenamtlichen der Nachbarschaftshilfe mit Familien.",
        "Öffentlicher Dank der Bezirksbürgermeisterin, Urkunden und ein gemeinsamer Abend.",
        "Saalmiete; 400\nEssen und Getränke; 900\nUrkunden und Druck; 200",
        "1.500",
    ),
    (
        "freiwilligenzentrum",
        "Fortbildungsgutscheine für Engagierte",
        "Gutscheine für Kurse nach Wahl als Dank für langjähriges Engagement.",
        "Wer sich engagiert, bekommt Zeit und Geld für die eigene Weiterbildung geschenkt.",
        "Gutscheine (20 × 75 €); 1.500",
        "1.500",
    ),
    (
        "kontaktstelle-selbsthilfe",
        "Ausflug der Selbsthilfegruppen",
        "Ein Tagesausflug an den Steinhuder Meer für Gruppenleitungen.",
        "Die Gruppenleitungen erleben Wertschätzung und tauschen sich aus.",
        "Bus; 800\nEintritte; 400",
        "1.200",
    ),
)


def _organisation(slug: str) -> PartnerOrganisation:
    return db.session.scalar(select(PartnerOrganisation).where(PartnerOrganisation.slug == slug))


def _call(coordinator, juror, title: str, description: str, days: int) -> FundCall:
    call = calls.save_call(
        actor=coordinator,
        data=CallInput(
            title=title,
            description=description,
            budget="5.000",
            maximum="1.500",
            deadline=utcnow() + timedelta(days=days),
            criteria=CRITERIA,
            score_scale=5,
            juror_ids=(coordinator.id, juror.id),
        ),
    )
    calls.open_call(actor=coordinator, call=call)
    return call


def _apply(call, slug, title, description, recognition, cost_plan, requested):
    organisation = _organisation(slug)
    member = db.session.get(User, organisation.contact_id)
    made = applications.start_application(
        actor=member,
        call=call,
        organisation_id=organisation.id,
        data=ApplicationInput(
            title=title,
            description=description,
            recognition=recognition,
            cost_plan=cost_plan,
            requested=requested,
        ),
    )
    applications.submit_application(actor=member, application=made)
    return made, member


def seed_fund(coordinator) -> None:
    """Create the two calls unless they are there (running it again adds nothing)."""
    juror = accounts.find_by_email(JUROR)
    if juror is None or db.session.scalar(select(FundCall).where(FundCall.title == CLOSED_TITLE)):
        return
    closed = _call(
        coordinator,
        juror,
        CLOSED_TITLE,
        "Der Förderfonds unterstützt Projekte, die Ehrenamtlichen **danke** sagen.",
        days=7,
    )
    made = [_apply(closed, *row) for row in APPLICATIONS]
    closed.deadline = utcnow() - timedelta(days=14)
    db.session.commit()
    scores = ((5, 4, 4), (4, 5, 3), (2, 3, 2))
    for (application, _member), values in zip(made, scores, strict=True):
        for person in (coordinator, juror):
            if application.organisation_id in person.organisation_ids():
                continue  # recused: the juror's own organisation
            jury.submit_review(
                actor=person,
                application=application,
                values=dict(zip([c.id for c in closed.criteria], values, strict=True)),
                comment="Überzeugendes Konzept." if values[0] >= 4 else "Wenig Bezug zum Ehrenamt.",
            )
    first, second, third = (application for application, _member in made)
    decisions.decide(
        actor=coordinator,
        application=first,
        approve=True,
        amount_cents=140000,
        conditions="Bitte Fotos vom Fest für den Jahresbericht schicken.",
    )
    decisions.decide(actor=coordinator, application=second, approve=True, amount_cents=150000)
    decisions.decide(
        actor=coordinator,
        application=third,
        approve=False,
        reason="Der Ausflug erreicht nur wenige Ehrenamtliche; bitte in der nächsten Runde "
        "mit einem offenen Angebot neu beantragen.",
    )
    applications.submit_report(
        actor=made[0][1],
        application=first,
        report="80 Gäste, Urkunden für 25 Jahre Nachbarschaftshilfe, viele neue Kontakte.",
        data=ApplicationInput(),
    )
    opened = _call(
        coordinator,
        juror,
        OPEN_TITLE,
        "Anerkennung dort, wo Engagement geschieht: Projekte in den Stadtteilen.",
        days=30,
    )
    _apply(
        opened,
        "migrantenforum",
        "Mehrsprachige Dankeschön-Abende",
        "Drei Abende in drei Sprachen für die Ehrenamtlichen des Forums.",
        "Dank in der eigenen Sprache, mit den Familien der Engagierten.",
        "Raummiete; 300\nDolmetschen; 600\nEssen; 500",
        "1.400",
    )
