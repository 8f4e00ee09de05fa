"""Trainings in lists: the public list with its filters and the office's list; each a
fixed number of queries whatever its length."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.core.clock import utcnow
from participation.core.pagination import Page, clamp_page
from participation.extensions import db
from participation.qualification.models import Training, TrainingAudience

PAGE_SIZE = 20
# The filters as they appear in URLs.
AUDIENCE_SLUGS = {
    "verwaltung": "administration",
    "bezirksmanagement": "district_managers",
    "partner": "partners",
    "einwohnerinnen": "residents",
    "politik": "council",
}
FORMAT_SLUGS = {"vor-ort": "in_person", "online": "online", "hybrid": "hybrid"}
WHEN = ("kommend", "vergangen")


def listed(*, audience: str = "", format: str = "", when: str = "kommend", page: int = 1) -> Page:
    """Published (and cancelled) trainings: upcoming soonest first, or past newest first.
    Unknown filter values are ignored, as on the other list pages."""
    audience = audience if audience in AUDIENCE_SLUGS else ""
    format = format if format in FORMAT_SLUGS else ""
    when = when if when in WHEN else "kommend"
    now = utcnow()
    conditions = [Training.status.in_(("published", "cancelled"))]
    if when == "kommend":
        conditions.append(Training.ends_at >= now)
        order = (Training.starts_at, Training.id)
    else:
        conditions.append(Training.ends_at < now)
        order = (Training.starts_at.desc(), Training.id.desc())
    if audience:
        conditions.append(
            Training.audience_rows.any(TrainingAudience.audience == AUDIENCE_SLUGS[audience])
        )
    if format:
        conditions.append(Training.format == FORMAT_SLUGS[format])
    total = db.session.scalar(select(func.count(Training.id)).where(*conditions)) or 0
    page, pages = clamp_page(total, page, PAGE_SIZE)
    items = list(
        db.session.scalars(
            select(Training)
            .where(*conditions)
            .order_by(*order)
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return Page(items, page, pages, total, {"zielgruppe": audience, "format": format, "zeit": when})


def for_office(*, page: int = 1) -> Page:
    """Every training, drafts included, the latest first date first."""
    total = db.session.scalar(select(func.count(Training.id))) or 0
    page, pages = clamp_page(total, page, PAGE_SIZE)
    items = list(
        db.session.scalars(
            select(Training)
            .order_by(Training.starts_at.desc(), Training.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return Page(items, page, pages, total, {})
