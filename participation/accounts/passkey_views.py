"""Passkey pages on the `security` blueprint: adding and removing passkeys on
/konto/zwei-faktor, and answering the sign-in's second step or a re-authentication with one.

Each ceremony is a pair of JSON calls from static/js/passkeys.js: the options (with a new
challenge, kept in the signed session cookie) and the authenticator's answer. They take
a JSON body only (a form body gets 415) with the CSRF token in the X-CSRFToken header, and
answer errors as JSON {"error": {"message": …}}; success names the page to go to.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from participation.accounts import passkeys, reauth, signin
from participation.accounts.forms import require_confirmed
from participation.accounts.passwords import PASSWORD_MAX_LENGTH
from participation.accounts.security_views import _keep_this_session, _pending_key, bp
from participation.accounts.views import _limit, _start_session, pending_user
from participation.core.errors import DomainError, error_response
from participation.core.sanitize import has_forbidden_characters
from participation.core.security import accepts_json, json_object
from participation.core.urls import safe_next

CEREMONY = "webauthn"
# Recovery codes made by a first passkey, shown once on the next page.
NEW_CODES = "webauthn_recovery_codes"


def _me():
    return current_user._get_current_object()


def _keep_challenge(purpose: str, user, challenge: passkeys.Challenge) -> None:
    session[CEREMONY] = {
        "for": purpose,
        "uid": user.id,
        "c": bytes_to_base64url(challenge.value),
        "at": challenge.issued_at.isoformat(),
    }


def _take_challenge(purpose: str, user) -> passkeys.Challenge | None:
    """The challenge of this ceremony, used up (a second answer finds none)."""
    kept = session.pop(CEREMONY, None)
    if not isinstance(kept, dict) or kept.get("for") != purpose or kept.get("uid") != user.id:
        return None
    try:
        return passkeys.Challenge(base64url_to_bytes(kept["c"]), datetime.fromisoformat(kept["at"]))
    except (KeyError, TypeError, ValueError):
        return None


def _options(purpose: str, user, options_json: str, challenge: passkeys.Challenge):
    _keep_challenge(purpose, user, challenge)
    return current_app.response_class(options_json, mimetype="application/json")


def _text(body: dict, key: str, max_length: int) -> str:
    """A string of the JSON body as a form field would hold it; "" for anything else."""
    value = body.get(key)
    if not isinstance(value, str) or len(value) > max_length or has_forbidden_characters(value):
        return ""
    return value


def _refused(error: DomainError):
    return error_response(error.status_code, error.message)


# --- adding and removing (/konto/zwei-faktor) ------------------------------------------------


@bp.post("/konto/zwei-faktor/passkey/optionen")
@accepts_json
@login_required
@reauth.reauth_required
def passkey_options():
    json_object()
    user = _me()
    return _options("register", user, *passkeys.registration_options(actor=user))


@bp.post("/konto/zwei-faktor/passkey")
@accepts_json
@login_required
@reauth.reauth_required
def passkey_add():
    body = json_object()
    user = _me()
    try:
        record, codes = passkeys.register(
            actor=user,
            credential=body.get("credential"),
            name=body.get("name"),
            challenge=_take_challenge("register", user),
        )
    except DomainError as error:
        return _refused(error)
    if codes:
        _keep_this_session(user)
        session[NEW_CODES] = codes
        return jsonify(redirect=url_for("security.passkey_codes"))
    flash(_("Der Passkey „%(name)s“ ist eingerichtet.", name=record.name), "success")
    return jsonify(redirect=url_for("security.two_factor_view"))


@bp.get("/konto/zwei-faktor/passkey/codes")
@login_required
def passkey_codes():
    """The recovery codes a first passkey brought, once (a reload finds them gone)."""
    codes = session.pop(NEW_CODES, None)
    if not isinstance(codes, list) or not codes:
        return redirect(url_for("security.two_factor_view"))
    return render_template("accounts/recovery_codes.html", codes=codes, first=True)


@bp.post("/konto/zwei-faktor/passkey/<id:credential_id>/entfernen")
@login_required
@reauth.reauth_required
def passkey_remove(credential_id: int):
    require_confirmed()
    user = _me()
    version = user.session_version
    try:
        passkeys.remove(actor=user, credential_id=credential_id)
    except DomainError as error:
        if error.status_code == 404:
            return error_response(404, error.message)
        flash(error.message, "error")
        return redirect(url_for("security.two_factor_view"), 303)
    if user.session_version != version:
        _keep_this_session(user)
        flash(
            _("Der Passkey ist entfernt. Die Zwei-Faktor-Anmeldung ist ausgeschaltet."), "success"
        )
    else:
        flash(_("Der Passkey ist entfernt."), "success")
    return redirect(url_for("security.two_factor_view"), 303)


# --- the sign-in's second step (/anmelden/code) ----------------------------------------------


def _pending_or_refuse():
    found = pending_user()
    if found is None:
        return None, error_response(409, _("Bitte melden Sie sich zuerst mit Ihrem Passwort an."))
    return found, None


@bp.post("/anmelden/passkey/optionen")
@accepts_json
@_limit("RATELIMIT_TWO_FACTOR", key_func=_pending_key)
def sign_in_passkey_options():
    json_object()
    found, refusal = _pending_or_refuse()
    if refusal is not None:
        return refusal
    user, _pending = found
    return _options("sign-in", user, *passkeys.authentication_options(user=user))


@bp.post("/anmelden/passkey")
@accepts_json
@_limit("RATELIMIT_TWO_FACTOR", key_func=_pending_key)
def sign_in_passkey():
    body = json_object()
    found, refusal = _pending_or_refuse()
    if refusal is not None:
        return refusal
    user, pending = found
    try:
        signin.passkey_step(
            user=user,
            credential=body.get("credential"),
            challenge=_take_challenge("sign-in", user),
        )
    except DomainError as error:
        return _refused(error)
    _start_session(user, remember=pending.get("remember", False))
    flash(_("Willkommen, %(name)s!", name=user.pseudonym), "success")
    return jsonify(redirect=safe_next(pending.get("next"), url_for("pages.home")))


# --- re-authentication (/konto/bestaetigen) --------------------------------------------------


@bp.post("/konto/bestaetigen/passkey/optionen")
@accepts_json
@login_required
@_limit("RATELIMIT_LOGIN")
def reauth_passkey_options():
    json_object()
    user = _me()
    return _options("reauth", user, *passkeys.authentication_options(user=user))


@bp.post("/konto/bestaetigen/passkey")
@accepts_json
@login_required
@_limit("RATELIMIT_LOGIN")
def reauth_passkey():
    body = json_object()
    user = _me()
    try:
        signin.confirm_identity(
            user=user,
            password=_text(body, "password", PASSWORD_MAX_LENGTH),
            code="",
            address=request.remote_addr,
            passkey=(body.get("credential"), _take_challenge("reauth", user)),
        )
    except DomainError as error:
        return _refused(error)
    reauth.mark_authenticated()
    return jsonify(redirect=safe_next(_text(body, "next", 2000), url_for("accounts.profile")))
