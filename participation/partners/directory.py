"""The public partner directory with its filters, and the office's list of organisations."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from participation.core.pagination import Page, clamp_page
from participation.core.search import terms
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.partners.models import (
    ORGANISATION_KINDS,
    ORGANISATION_STATUSES,
    PartnerOrganisation,
)

PAGE_SIZE = 20


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_partners(
    *,
    kind: str | None = None,
    district_code: str | None = None,
    action_field_slug: str | None = None,
    seal: bool = False,
    query: str | None = None,
    status: str = "active",
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> Page:
    """Organisations by name, filtered and paginated: four queries whatever the size (count,
    page, and the districts and action fields of the page)."""
    conditions = [PartnerOrganisation.status == status]
    if kind in ORGANISATION_KINDS:
        conditions.append(PartnerOrganisation.kind == kind)
    if district_code:
        conditions.append(PartnerOrganisation.districts.any(District.code == district_code))
    if action_field_slug:
        conditions.append(
            PartnerOrganisation.action_fields.any(ActionField.slug == action_field_slug)
        )
    if seal:
        conditions.append(PartnerOrganisation.seal_granted_at.is_not(None))
    for word in terms(query or ""):
        pattern = _like(word.lower())
        conditions.append(
            or_(
                func.lower(PartnerOrganisation.name).like(pattern, escape="\\"),
                func.lower(PartnerOrganisation.description).like(pattern, escape="\\"),
            )
        )
    total = db.session.scalar(
        select(func.count()).select_from(PartnerOrganisation).where(*conditions)
    )
    page, pages = clamp_page(total, page, per_page)
    items = list(
        db.session.scalars(
            select(PartnerOrganisation)
            .where(*conditions)
            .order_by(func.lower(PartnerOrganisation.name), PartnerOrganisation.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(
        items=items,
        page=page,
        pages=pages,
        total=total,
        filters={
            "art": kind if kind in ORGANISATION_KINDS else "",
            "bezirk": district_code or "",
            "handlungsfeld": action_field_slug or "",
            "siegel": "1" if seal else "",
            "q": query or "",
        },
    )


def counts_by_status() -> dict[str, int]:
    rows = db.session.execute(
        select(PartnerOrganisation.status, func.count()).group_by(PartnerOrganisation.status)
    ).all()
    counts = dict.fromkeys(ORGANISATION_STATUSES, 0)
    counts.update({status: number for status, number in rows})
    return counts
