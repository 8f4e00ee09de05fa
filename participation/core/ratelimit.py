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
