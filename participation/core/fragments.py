"""Parts of pages that look the same for many people, rendered once per content generation.

The page cache serves whole pages to visitors only: a signed-in person's page has their own
state in it (the header, their support, their own comments). Most of such a page is still
the same for everyone: the proposal cards, the discussion as read by someone who has not
taken part in it, the figures of a process. A template marks such a part,

    {% call shared("proposal-list", process.id, filters) %}...{% endcall %}

and the part is rendered once and kept in the page cache's store under the content
generation, the language, the local date and everything the call names. The key must name
everything the part shows that may differ between two people; what it does not name must
be the same for all (tests/core/test_fragments.py renders pages for different people and
compares). Values the part needs are best passed as `Deferred`, so that a kept copy also
saves the queries, not only the rendering.

Forms inside a part carry the CSRF token of whoever reads it: the kept copy holds the page
cache's placeholder, replaced on the way out. Parts are kept only where the page cache is
on (PAGE_CACHE) and only for GET requests: a request that writes may read its own write
before the generation it read at its start has moved on. Views with kept parts read the generation
before anything else (pagecache.cached_for_visitors or pagecache.generation_first), so that
no data read under an older generation is kept under a newer one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import current_app, g, has_request_context, request
from flask_wtf.csrf import generate_csrf
from jinja2 import Undefined
from markupsafe import Markup

from participation.core import pagecache
from participation.core.clock import local_today

_MISSING = object()


class Deferred:
    """A value worked out on first use (a query result a kept part does not need)."""

    __slots__ = ("_load", "_value")

    def __init__(self, load: Callable[[], Any]):
        self._load = load
        self._value = _MISSING

    @property
    def value(self) -> Any:
        if self._value is _MISSING:
            try:
                self._value = self._load()
            except AttributeError as error:
                # Jinja would take it for a missing attribute of this object and go on
                # with an empty value, which a kept part would then show to everyone.
                raise RuntimeError(f"loading a deferred value failed: {error}") from error
        return self._value

    def __getattr__(self, name: str) -> Any:
        return getattr(self.value, name)

    def __getitem__(self, key: Any) -> Any:
        return self.value[key]

    def __iter__(self):
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __bool__(self) -> bool:
        return bool(self.value)


def _may_keep() -> bool:
    return (
        has_request_context()
        and current_app.config["PAGE_CACHE"]
        and request.method in ("GET", "HEAD")
    )


def _key(name: str, parts: tuple, generation: int) -> str:
    from flask_babel import get_locale

    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return (
        f"page:{current_app.config['PAGE_CACHE_PREFIX']}:{generation}:{get_locale()}:"
        f"{local_today().isoformat()}:part:{name}:{digest}"
    )


def _render_with_placeholder(render: Callable[[], str]) -> str:
    """Render with the placeholder as CSRF token; the reader's own token is restored."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    before = g.get(field, _MISSING)
    setattr(g, field, pagecache.TOKEN_PLACEHOLDER)
    try:
        return str(render())
    finally:
        if before is _MISSING:
            g.pop(field, None)
        else:
            setattr(g, field, before)


def shared(name: str, *parts: Any, caller: Callable[[], Markup]) -> Markup:
    """The part `caller` renders, kept under `name` and `parts` (a Jinja call block)."""
    if any(isinstance(part, Undefined) for part in parts):
        # A key part the template does not have would make one copy for everyone.
        raise TypeError(f"shared part {name!r}: a key part is undefined")
    generation = pagecache.page_generation() if _may_keep() else None
    if generation is None:
        return caller()
    store = current_app.extensions["page_cache"]
    key = _key(name, parts, generation)
    kept = store.get(key)
    if kept is None:
        html = _render_with_placeholder(caller)
        store.set(key, html.encode())
    else:
        html = kept.decode()
    # A visitor's page being stored by the page cache keeps the placeholder (its token is
    # the placeholder until the page goes out).
    html = html.replace(pagecache.TOKEN_PLACEHOLDER, generate_csrf())
    return Markup(html)  # noqa: S704 - rendered and escaped by Jinja


def init_app(app) -> None:
    app.jinja_env.globals["shared"] = shared
