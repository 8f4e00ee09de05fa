"""Reading and setting the switches.

The state is read at most once per request, with one tiny query (the rows of the modules
that are off, usually none), and kept in `g`; it is read lazily, so a page served from the
page cache outside a module costs no query at all. Reading per request (rather than
keeping the state in each gunicorn worker) means every worker sees a switch at once; the
measured cost is in docs/feature-switches.md. A switch writes `feature_switch`, a table
that is not private to the page cache, so the content generation rises with it and no
cached page of the other state is served afterwards.
"""

from __future__ import annotations

from flask import g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from participation.accounts.models import User
from participation.core.db import upsert
from participation.core.errors import NotFound
from participation.core.permissions import require
from participation.extensions import db
from participation.features.models import FeatureSwitch
from participation.features.registry import MODULES, module_of, module_of_dataset


def switched_off() -> frozenset[str]:
    """The names of the modules that are off (one query per request, then `g`)."""
    if not has_app_context():
        return frozenset()
    state = g.get("modules_off")
    if state is None:
        try:
            state = frozenset(
                db.session.scalars(
                    select(FeatureSwitch.module).where(FeatureSwitch.enabled.is_(False))
                )
            )
        except SQLAlchemyError:
            # The database is away (the 503 page is being drawn): nothing to hide by then.
            db.session.rollback()
            state = frozenset()
        g.modules_off = state
    return state


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
