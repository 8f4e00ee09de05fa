"""Public pages announce themselves for the sitemap; features add pages with URL arguments."""

from __future__ import annotations

from collections.abc import Callable, Iterable

_public_endpoints: set[str] = set()
_providers: list[Callable[[], Iterable[tuple[str, dict]]]] = []


def public_page(view):
    """Mark a view without URL arguments as a public page listed in the sitemap."""
    _public_endpoints.add(f"{view.__module__.rsplit('.', 2)[-2]}.{view.__name__}")
    return view


def sitemap_provider(func: Callable[[], Iterable[tuple[str, dict]]]):
    """Register a function yielding (endpoint, values) of public pages with arguments."""
    _providers.append(func)
    return func


def public_endpoints() -> set[str]:
    return set(_public_endpoints)


def sitemap_entries() -> list[tuple[str, dict]]:
    entries = [(endpoint, {}) for endpoint in sorted(_public_endpoints)]
    for provider in _providers:
        entries.extend(provider())
    return entries
