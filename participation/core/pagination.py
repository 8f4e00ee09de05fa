"""Page arithmetic shared by every paginated list."""

from __future__ import annotations

from dataclasses import dataclass, field


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
