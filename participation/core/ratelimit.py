"""Rate-limit keys: the account where there is one, else the client address."""

from __future__ import annotations

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
    return f"account:{email}" if email else rate_limit_key()
