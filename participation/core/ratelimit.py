"""Rate-limit keys: the account where there is one, else the client address."""

from __future__ import annotations

import hashlib

from flask import request
from flask_login import current_user

from participation.core.text import normalise_email


def rate_limit_key() -> str:
    """Signed-in users are limited per account (libraries and schools share addresses)."""
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{request.remote_addr or 'unknown'}"


def submitted_account_key() -> str:
    """For login and reset: the account named in the form, so one account cannot be hammered
    from many addresses."""
    email = normalise_email(request.form.get("email", ""))
    if not email:
        return rate_limit_key()
    # Hashed: the limiter's storage need not hold addresses in clear text.
    return "account:" + hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()[:24]


# Settings Flask-Limiter keeps on the extension object after the first app has set them,
# with the values its constructor starts from.
_PER_APP_SETTINGS = {
    "_key_prefix": "",
    "_strategy": None,
    "_swallow_errors": None,
    "_headers_enabled": None,
    "_fail_on_first_breach": None,
}


def init_limiter(limiter, app) -> None:
    """Bind the one limiter to `app` with that app's own settings and a live storage.

    Flask-Limiter keeps its state on the extension object, which outlives an app when one
    process builds several (the test suite, `flask` commands that build a second app). Left
    alone, the first app's key prefix and strategy would stick, and a storage once found down
    would stay marked down: the next app would count in the memory fallback until a backoff
    check switched it back to Redis in the middle of a burst, forgetting the hits so far."""
    for name, initial in _PER_APP_SETTINGS.items():
        setattr(limiter, name, initial)
    limiter._storage_dead = False
    limiter.init_app(app)
