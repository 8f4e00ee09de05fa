"""The Vorhabenliste: processes the coordination office approved, before and while they run."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.core.pagination import fetch_page
from participation.districts.models import District
from participation.extensions import db
from participation.projects.listing import PAGE_SIZE, ProcessPage
from participation.projects.models import Phase, Process

# Approved: planned, not open yet; published: running. Closed processes leave the list.
LISTED = ("approved", "published")


def expected_start():
    """The first day of a process's first phase, as a correlated subquery."""
    return (
        select(func.min(Phase.starts_on))
        .where(Phase.process_id == Process.id)
        .correlate(Process)
        .scalar_subquery()
    )


def list_planned(
    *, district_code: str | None = None, page: int = 1, per_page: int = PAGE_SIZE
) -> ProcessPage:
    """Listed processes, the soonest start first; city-wide ones appear under every
    district. A fixed number of queries (count, page, phases), whatever the size."""
    conditions = [Process.status.in_(LISTED)]
    if district_code:
        conditions.append(
            Process.district.has(District.code == district_code) | Process.district_id.is_(None)
        )
    order = (expected_start().nulls_last(), Process.title, Process.id)
    return fetch_page(db.session, Process, conditions, order, page, per_page)
