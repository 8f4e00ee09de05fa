"""Sections other features add to the process page (proposals, discussion) and to its
review page in the staff area (preparation checklists), so the pages show them while
projects and coordination stay independent of those features."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from participation.core.fragments import Deferred

PAGE, REVIEW = "page", "review"
_providers: dict[str, list[tuple[int, Callable]]] = {PAGE: [], REVIEW: []}


@dataclass
class Section:
    """A template included in the page with its own context (`section.context`).

    A section with a `shared_key` looks the same for everyone with that key: it is kept
    (core.fragments) and its context, best a `Deferred`, is loaded only to render it anew.
    """

    template: str
    context: Any = field(default_factory=dict)
    shared_key: tuple | None = None


def shared_section(template: str, key: tuple, load: Callable[[], dict]) -> Section:
    """A section whose queries (`load`) run only when no kept copy of it serves."""
    return Section(template, Deferred(load), key)


def _register(place: str, order: int):
    def decorator(provider: Callable) -> Callable:
        _providers[place].append((order, provider))
        _providers[place].sort(key=lambda item: item[0])
        return provider

    return decorator


def process_section(order: int):
    """Register `provider(process, actor) -> Section | None` for the public process page;
    lower `order` comes first."""
    return _register(PAGE, order)


def review_section(order: int):
    """Register `provider(process, actor) -> Section | None` for the staff page where a
    process is reviewed and moved through its lifecycle (coordination's timeline)."""
    return _register(REVIEW, order)


def sections_for(process, actor, place: str = PAGE) -> list[Section]:
    return [
        s for _order, provider in _providers[place] if (s := provider(process, actor)) is not None
    ]
