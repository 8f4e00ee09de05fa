"""Volunteer opportunities are network items of the moderation: residents report them at
/melden/engagement/<id>, the coordination office hides them with a public reason
(participation/moderation/subjects.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.moderation.subjects import register
from participation.partners.permissions import is_member
from participation.volunteering.models import VolunteerOpportunity

KIND = "engagement"


def _owners(opportunity: VolunteerOpportunity) -> list:
    from participation.partners.services import members

    return members(opportunity.organisation)


register(
    KIND,
    VolunteerOpportunity,
    label=_l("Engagement-Angebot der Freiwilligenbörse"),
    public_endpoint="volunteering.detail",
    id_arg="opportunity_id",
    title=lambda opportunity: opportunity.title,
    owner_label=lambda opportunity: opportunity.organisation.name,
    owners=_owners,
    owned_by=lambda actor, opportunity: is_member(actor, opportunity.organisation),
    is_published=lambda opportunity: opportunity.status == "published",
    text=lambda opportunity: opportunity.tasks_html,
    text_is_html=True,
)
