"""Demo network items in the moderation: an offer of a partner reported by two residents and
hidden by the coordination office with its public reason, and an open report on another
offer waiting in the queue's section "Gemeldete Inhalte des Netzwerks"."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.contributions import services as contributions
from participation.contributions.models import Contribution
from participation.contributions.services import ContributionInput
from participation.core.clock import travel, utcnow
from participation.extensions import db
from participation.moderation import subject_services as moderation
from participation.moderation.models import Report
from participation.partners.models import PartnerOrganisation


def seed_network_moderation(coordinator, residents: list) -> bool:
    """Add the demo once; False if it exists already or there is nothing to report."""
    if db.session.scalar(select(Report.id).where(Report.subject_id.is_not(None)).limit(1)):
        return False
    organisation = db.session.scalar(
        select(PartnerOrganisation)
        .where(PartnerOrganisation.status == "active", PartnerOrganisation.contact_id.is_not(None))
        .order_by(PartnerOrganisation.id)
        .limit(1)
    )
    offer = db.session.scalar(
        select(Contribution)
        .where(Contribution.kind == "offer", *Contribution.shown())
        .order_by(Contribution.id)
        .limit(1)
    )
    if organisation is None or offer is None or len(residents) < 3:
        return False
    from participation.accounts.models import User

    now = utcnow()
    with travel(now - timedelta(days=2)):
        advert = contributions.publish(
            actor=db.session.get(User, organisation.contact_id),
            organisation=organisation,
            kind="offer",
            data=ContributionInput(
                title="Umzugskartons zum Sonderpreis",
                body="Bestellen Sie jetzt 50 Umzugskartons mit Rabatt bei unserem Partnershop!",
            ),
        )
        for reporter, note in ((residents[0], "Reine Werbung."), (residents[1], "")):
            moderation.report(
                actor=reporter,
                item=moderation.item_of("beitraege", advert.id),
                reason="advertising",
                note=note,
            )
    with travel(now - timedelta(days=1)):
        moderation.hide(
            actor=coordinator,
            item=moderation.item_of("beitraege", advert.id),
            reason="advertising",
            explanation="Werbung für ein Geschäft gehört nicht zu den Angeboten des Netzwerks.",
        )
    with travel(now - timedelta(hours=5)):
        moderation.report(
            actor=residents[2],
            item=moderation.item_of("beitraege", offer.id),
            reason="off_topic",
            note="Hat mit Beteiligung nichts zu tun, oder?",
        )
    return True
