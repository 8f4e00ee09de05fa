"""One permission rule per feature action, looked up by name; templates ask `can()`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask_login import current_user

from participation.core.errors import Forbidden

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register `can_<verb>(user, obj)` as the decision for `action`."""

    def decorator(func: Rule) -> Rule:
        if action in _rules and _rules[action] is not func:
            raise ValueError(f"permission rule {action!r} registered twice")
        _rules[action] = func
        return func

    return decorator


def can(user, action: str, obj: Any = None) -> bool:
    """Whether `user` (possibly anonymous) may do `action` on `obj`."""
    try:
        decide = _rules[action]
    except KeyError as exc:
        raise KeyError(f"no permission rule named {action!r}") from exc
    return bool(decide(user, obj))


def require(user, action: str, obj: Any = None, message: str | None = None) -> None:
    """Raise Forbidden unless `user` may do `action`; used by services."""
    if not can(user, action, obj):
        from flask_babel import gettext as _

        raise Forbidden(message or _("Dafür fehlt Ihnen die Berechtigung."))


def template_can(action: str, obj: Any = None) -> bool:
    """`can()` for templates: asks about the signed-in user."""
    return can(current_user, action, obj)


def permission_required(action: str):
    """View decorator for actions that need no object."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from participation.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            require(current_user, action)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def registered_actions() -> list[str]:
    return sorted(_rules)
