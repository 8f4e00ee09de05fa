"""Saved searches of /engagement: a resident keeps a filter; a newly published
opportunity that matches it reaches them through the notifications (kind
"volunteer_opportunity", so digests and the notification centre include it)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import false, func, literal, or_, select

from participation.core.errors import Conflict, Forbidden, NotFound
from participation.core.permissions import can
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.volunteering.listing import RHYTHM_SLUGS, SUITABLE, Filters
from participation.volunteering.models import VolunteerOpportunity, VolunteerSearch

KIND = "volunteer_opportunity"
# A resident keeps a handful of searches, not a registry of them.
MAX_SEARCHES = 10


def _query_words(text: str) -> str:
    """Lower-cased words without LIKE wildcards (the match below uses LIKE)."""
    cleaned = text.replace("%", " ").replace("_", " ").replace("\\", " ")
    return " ".join(cleaned.lower().split())[:100]


def save(*, actor, filters: Filters) -> VolunteerSearch:
    if not can(actor, "express_volunteer_interest"):
        raise Forbidden(_("Mit einem gesperrten oder unbestätigten Konto geht das nicht."))
    count = db.session.scalar(
        select(func.count(VolunteerSearch.id)).where(VolunteerSearch.user_id == actor.id)
    )
    if count >= MAX_SEARCHES:
        raise Conflict(_("Sie haben bereits zehn Suchen gespeichert. Bitte löschen Sie eine."))
    district = (
        db.session.scalar(select(District).where(District.code == filters.bezirk))
        if filters.bezirk
        else None
    )
    field = (
        db.session.scalar(select(ActionField).where(ActionField.slug == filters.feld))
        if filters.feld
        else None
    )
    quarter_id = None
    if filters.stadtteil is not None and district is not None:
        quarter_id = next((q.id for q in district.quarters if q.id == filters.stadtteil), None)
    search = VolunteerSearch(
        user_id=actor.id,
        district_id=district.id if district else None,
        quarter_id=quarter_id,
        action_field_id=field.id if field else None,
        rhythm=RHYTHM_SLUGS.get(filters.rhythmus, ""),
        suitable=filters.eignung,
        query=_query_words(filters.q),
    )
    db.session.add(search)
    db.session.commit()
    return search


def of_user(user_id: int) -> list[VolunteerSearch]:
    return list(
        db.session.scalars(
            select(VolunteerSearch)
            .where(VolunteerSearch.user_id == user_id)
            .order_by(VolunteerSearch.id)
            .limit(MAX_SEARCHES)
        )
    )


def delete(*, actor, search_id: int) -> None:
    search = db.session.get(VolunteerSearch, search_id)
    if search is None or not actor.is_authenticated or search.user_id != actor.id:
        raise NotFound(_("Diese gespeicherte Suche gibt es nicht."))
    db.session.delete(search)
    db.session.commit()


def as_filters(search: VolunteerSearch) -> dict:
    """The URL arguments of /engagement that show the search's results."""
    rhythm = {v: k for k, v in RHYTHM_SLUGS.items()}.get(search.rhythm, "")
    return Filters(
        bezirk=search.district.code if search.district else "",
        stadtteil=search.quarter_id,
        feld=search.action_field.slug if search.action_field else "",
        rhythmus=rhythm,
        eignung=search.suitable,
        q=search.query,
    ).as_args()


def matching_users(opportunity: VolunteerOpportunity):
    """SELECT of the ids of residents with a saved search this opportunity matches."""
    text = " ".join((opportunity.title, opportunity.tasks_markdown, opportunity.skills)).lower()
    conditions = [
        or_(
            VolunteerSearch.district_id.is_(None),
            literal(opportunity.district_id is None),
            VolunteerSearch.district_id == opportunity.district_id,
        ),
        or_(
            VolunteerSearch.quarter_id.is_(None),
            literal(opportunity.quarter_id is None),
            VolunteerSearch.quarter_id == opportunity.quarter_id,
        ),
        or_(
            VolunteerSearch.action_field_id.is_(None),
            VolunteerSearch.action_field_id == opportunity.action_field_id,
        ),
        or_(VolunteerSearch.rhythm == "", VolunteerSearch.rhythm == opportunity.rhythm),
        or_(VolunteerSearch.query == "", literal(text).contains(VolunteerSearch.query)),
    ]
    suitable = [slug for slug, flag in SUITABLE.items() if getattr(opportunity, flag)]
    conditions.append(
        or_(VolunteerSearch.suitable == "", VolunteerSearch.suitable.in_(suitable))
        if suitable
        else VolunteerSearch.suitable == ""
    )
    return select(VolunteerSearch.user_id).where(*conditions)


def announce(opportunity: VolunteerOpportunity, actor) -> None:
    """Record the notification event of a newly published opportunity (once ever), in the
    caller's transaction."""
    from participation.notifications import services as notifications

    notifications.record(
        KIND,
        key=f"{KIND}:{opportunity.id}",
        actor_id=actor.id,
        organisation_id=opportunity.organisation_id,
        opportunity_id=opportunity.id,
        detail=f"{opportunity.id}:{opportunity.title}",
    )


def _opportunity_of(event) -> tuple[int | None, str]:
    head, _sep, title = (event.detail or "").partition(":")
    return (int(head) if head.isdigit() else None), title


def audience(event) -> list:
    """For notifications.audience: residents whose saved search matches."""
    opportunity_id, _title = _opportunity_of(event)
    opportunity = db.session.get(VolunteerOpportunity, opportunity_id) if opportunity_id else None
    if opportunity is None or not opportunity.is_public:
        return [select(literal(None)).where(false())]
    return [matching_users(opportunity)]


def describe(event):
    """For notifications.describe: (text, endpoint, values)."""
    opportunity_id, title = _opportunity_of(event)
    text = _("Neues Engagement passend zu Ihrer gespeicherten Suche: „%(title)s“.", title=title)
    return text, "volunteering.detail", {"opportunity_id": opportunity_id or 0}
