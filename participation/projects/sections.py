"""Sections other features add to the process page (proposals, discussion), so the page
shows them while projects stays independent of those features."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

_providers: list[tuple[int, Callable]] = []


@dataclass
class Section:
    """A template included in the process page with its own context (`section.context`)."""

    template: str
    context: dict = field(default_factory=dict)


def process_section(order: int):
    """Register `provider(process, actor) -> Section | None`; lower `order` comes first."""

    def decorator(provider: Callable) -> Callable:
        _providers.append((order, provider))
        _providers.sort(key=lambda item: item[0])
        return provider

    return decorator


def sections_for(process, actor) -> list[Section]:
    return [s for _order, provider in _providers if (s := provider(process, actor)) is not None]
