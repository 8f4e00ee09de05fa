"""Who switches modules: the administrator only."""

from participation.core.permissions import rule


@rule("switch_modules")
def can_switch_modules(user, obj=None) -> bool:
    return bool(user and user.is_authenticated and "admin" in user.role_names)
