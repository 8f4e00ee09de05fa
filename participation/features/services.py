"""Reading and setting the switches.

The state is read lazily, at most once per request, with one tiny query (the rows of the
modules that are off, usually none), and kept in `g`; a page served from the page cache
outside a module costs no query at all. Where the page cache's content generation lives
in Redis, each worker also keeps the state under the generation it was read at, and a
request that finds the same generation (one Redis read, which the page cache's lookup
shares) needs no query: a cached page of a module costs what any cached page costs. A
switch writes `feature_switch`, a table that is not private to the page cache, so the
generation rises with it before the switching request answers: every worker reads the new
state on its next request, and no cached page of the other state is served afterwards.
The measured cost is in docs/feature-switches.md.
"""

from __future__ import annotations

from flask import current_app, g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from participation.accounts.models import User
from participation.core import pagecache
from participation.core.db import upsert
from participation.core.errors import NotFound
from participation.core.permissions import require
from participation.extensions import db
from participation.features.models import FeatureSwitch
from participation.features.registry import MODULES, module_of, module_of_dataset


def switched_off() -> frozenset[str]:
    """The names of the modules that are off (at most one query per request, then `g`;
    with Redis, none while the content generation stands)."""
    if not has_app_context():
        return frozenset()
    state = g.get("modules_off")
    if state is None:
        generation = pagecache.request_generation()
        # generation -> modules off, as this worker last read them (one entry per app).
        remembered = current_app.extensions.setdefault("modules_off", {})
        state = remembered.get(generation) if generation is not None else None
        if state is None:
            state = _read_switches()
            if state is None:
                # The database is away (the 503 page is being drawn): nothing to hide by
                # then, and nothing to remember for the requests after it.
                state = frozenset()
            elif generation is not None:
                remembered.clear()
                remembered[generation] = state
        g.modules_off = state
    return state


def _read_switches() -> frozenset[str] | None:
    """The modules that are off, or None when the database cannot be read."""
    try:
        return frozenset(
            db.session.scalars(select(FeatureSwitch.module).where(FeatureSwitch.enabled.is_(False)))
        )
    except SQLAlchemyError:
        db.session.rollback()
        return None


def module_on(name: str) -> bool:
    """Whether the module `name` is on; unknown names count as on (nothing to hide)."""
    return name not in switched_off()


def endpoint_on(endpoint: str | None) -> bool:
    """Whether the route `endpoint` is served (its module, if any, is on)."""
    module = module_of(endpoint)
    return module is None or module_on(module)


def dataset_on(slug: str) -> bool:
    module = module_of_dataset(slug)
    return module is None or module_on(module)


def modules() -> list[tuple[str, object, bool]]:
    """(name, module, on) for the switches page."""
    off = switched_off()
    return [(name, module, name not in off) for name, module in MODULES.items()]


def set_module(*, actor: User, name: str, enabled: bool) -> None:
    """Turn a module on or off; the page cache's generation rises with the write."""
    require(actor, "switch_modules")
    if name not in MODULES:
        raise NotFound(_("Dieses Modul gibt es nicht."))
    upsert(
        db.session,
        FeatureSwitch,
        keys=("module",),
        module=name,
        enabled=enabled,
    )
    db.session.commit()
    g.pop("modules_off", None)
