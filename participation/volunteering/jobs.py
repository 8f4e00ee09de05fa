"""Expiry of opportunities: seven days before, the organisation's members are reminded
once; past expires_at, the opportunity leaves the lists and they are asked once to renew.
Both mails are keyed by the opportunity's expiry round, so running again sends nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.links import external_url
from participation.extensions import db
from participation.features.services import module_on
from participation.jobs.services import periodic
from participation.mail.services import queue_mail
from participation.partners.models import PartnerOrganisation
from participation.volunteering.models import VolunteerOpportunity
from participation.volunteering.services import members_addresses

REMINDER = timedelta(days=7)


def _mail_members(opportunity: VolunteerOpportunity, step: str) -> int:
    """One mail to each member of the opportunity's organisation (and to nobody else)."""
    subjects = {
        "expiring": _("„%(title)s“ läuft in sieben Tagen ab", title=opportunity.title),
        "expired": _("„%(title)s“ ist abgelaufen: bitte verlängern", title=opportunity.title),
    }
    link = external_url(
        "volunteering.org_opportunity",
        slug=opportunity.organisation.slug,
        opportunity_id=opportunity.id,
    )
    queued = 0
    for address, name in members_addresses(opportunity.organisation_id):
        queued += queue_mail(
            recipient=address,
            subject=subjects[step][:200],
            template=f"volunteer_{step}",
            key=f"volunteer-{step}:{opportunity.id}:{opportunity.expiry_round}:{address}"[:120],
            name=name,
            title=opportunity.title,
            organisation=opportunity.organisation.name,
            expires_at=opportunity.expires_at,
            link=link,
        )
    return queued


def _active():
    return VolunteerOpportunity.organisation_id.in_(
        select(PartnerOrganisation.id).where(PartnerOrganisation.status == "active")
    )


@periodic
def expire_opportunities(now: datetime) -> None:
    """Remind before, expire after (none while the module is off: the mails would link to
    pages that answer 404)."""
    if not module_on("network"):
        return
    expiring = db.session.scalars(
        select(VolunteerOpportunity).where(
            VolunteerOpportunity.status == "published",
            VolunteerOpportunity.expires_at > now,
            VolunteerOpportunity.expires_at <= now + REMINDER,
            _active(),
        )
    ).all()
    for opportunity in expiring:
        _mail_members(opportunity, "expiring")
    expired = db.session.scalars(
        select(VolunteerOpportunity).where(
            VolunteerOpportunity.status == "published",
            VolunteerOpportunity.expires_at <= now,
        )
    ).all()
    for opportunity in expired:
        opportunity.status = "expired"
        if opportunity.organisation.is_active:
            _mail_members(opportunity, "expired")
    db.session.flush()
