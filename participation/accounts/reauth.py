"""Recent authentication for sensitive steps.

E-mail and password changes, the data export, deletion, changes to the second factor,
role grants and revokes and the publishing of results need the password (and the second
factor where one is set) within the last REAUTH_SECONDS. The time is kept in the signed
session cookie; a sign-in sets it, /konto/bestaetigen renews it.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, make_response, redirect, request, session, url_for
from flask_login import current_user

from participation.core.clock import utcnow
from participation.core.urls import safe_next
from participation.extensions import htmx

AUTH_AT = "auth_at"


def mark_authenticated() -> None:
    session[AUTH_AT] = int(utcnow().timestamp())


def is_recent() -> bool:
    at = session.get(AUTH_AT)
    if not isinstance(at, int):
        return False
    age = utcnow().timestamp() - at
    return 0 <= age <= current_app.config["REAUTH_SECONDS"]


def _return_to() -> str:
    """Where to go on after confirming: this page, or for a form post the page it came from."""
    if request.method == "GET":
        return safe_next(request.full_path.rstrip("?"), "/konto")
    referrer = request.referrer or ""
    root = request.host_url.rstrip("/")
    if referrer.startswith(root + "/"):
        return safe_next(referrer[len(root) :], "/konto")
    return "/konto"


def reauth_required(view):
    """View decorator: send the signed-in person to confirm who they are first."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated and not is_recent():
            target = url_for("security.reauthenticate", next=_return_to())
            if htmx:
                response = make_response("", 401)
                response.headers["HX-Redirect"] = target
                return response
            return redirect(target, 303 if request.method == "POST" else 302)
        return view(*args, **kwargs)

    return wrapped
