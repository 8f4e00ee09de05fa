"""Contributions in lists: a process's statements, upcoming events, offers, and an
organisation's own; each a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.contributions.models import Contribution, contribution_process
from participation.core.clock import utcnow
from participation.core.pagination import Page, clamp_page
from participation.districts.models import District
from participation.extensions import db

PAGE_SIZE = 20


def statements_for(process) -> list[Contribution]:
    """The published statements on a process, oldest first (a process has a handful)."""
    return list(
        db.session.scalars(
            select(Contribution)
            .join(contribution_process, contribution_process.c.contribution_id == Contribution.id)
            .where(
                contribution_process.c.process_id == process.id,
                Contribution.kind == "statement",
                *Contribution.shown(),
            )
            .order_by(Contribution.id)
        )
    )


def listed(
    *,
    kind: str,
    district_code: str | None = None,
    upcoming: bool = True,
    page: int = 1,
    limit: int = PAGE_SIZE,
) -> Page:
    """Published events (upcoming, soonest first) or offers (newest first)."""
    conditions = [Contribution.kind == kind, *Contribution.shown()]
    if kind == "event" and upcoming:
        conditions.append(Contribution.starts_at >= utcnow())
    if district_code:
        conditions.append(Contribution.districts.any(District.code == district_code))
    total = db.session.scalar(select(func.count(Contribution.id)).where(*conditions)) or 0
    page, pages = clamp_page(total, page, limit)
    order = (
        (Contribution.starts_at, Contribution.id) if kind == "event" else (Contribution.id.desc(),)
    )
    items = list(
        db.session.scalars(
            select(Contribution)
            .where(*conditions)
            .order_by(*order)
            .limit(limit)
            .offset((page - 1) * limit)
        )
    )
    return Page(items, page, pages, total, {"bezirk": district_code or ""})


def of_organisation(organisation, *, limit: int = 20) -> list[Contribution]:
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.organisation_id == organisation.id,
                *Contribution.shown(),
            )
            .order_by(Contribution.id.desc())
            .limit(limit)
        )
    )
