"""Page arithmetic shared by every paginated list."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select


def clamp_page(total: int, page: int, size: int) -> tuple[int, int]:
    """(page, pages) for `total` rows in pages of `size`: the requested page kept within
    1..pages, where an empty list still has one page."""
    pages = max(1, -(-total // size))
    return min(max(page, 1), pages), pages


@dataclass
class Page:
    """One page of a list: its items, where it stands, and the filters that made it."""

    items: list
    page: int
    pages: int
    total: int
    filters: dict = field(default_factory=dict)


def fetch_page(session, entity, conditions, order_by, page: int, size: int) -> Page:
    """One page of `entity` rows matching `conditions` in `order_by` order, with the count
    of all of them (two queries): the shape of every staff and public list that shows
    whole rows."""
    total = session.scalar(select(func.count()).select_from(entity).where(*conditions)) or 0
    page, pages = clamp_page(total, page, size)
    items = session.scalars(
        select(entity).where(*conditions).order_by(*order_by).offset((page - 1) * size).limit(size)
    ).all()
    return Page(list(items), page, pages, total)
