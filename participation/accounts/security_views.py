"""Account security pages: the second sign-in step, the mailed sign-in link, confirming
who you are before a sensitive step, the list of sessions, the second factor, and the
security contact (/.well-known/security.txt). Passkeys add their routes to this blueprint
from participation/accounts/passkey_views.py."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from participation.accounts import passkeys, reauth, sessions, signin, two_factor
from participation.accounts.forms import (
    ConfirmForm,
    ReauthForm,
    SecondFactorForm,
    TotpConfirmForm,
    require_confirmed,
)
from participation.accounts.views import (
    PENDING,
    _limit,
    _start_session,
    finish_sign_in,
    pending_user,
)
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.links import external_url
from participation.core.urls import safe_next
from participation.extensions import db, htmx

bp = Blueprint("security", __name__)
bp.after_app_request(sessions.touch_after_request)
STAFF_AREA = "/verwaltung"


def _pending_key() -> str:
    """Rate-limit key of the second step: the pending account, whatever the address."""
    pending = session.get(PENDING)
    if isinstance(pending, dict) and isinstance(pending.get("uid"), int):
        return f"second-factor:{pending['uid']}"
    return f"second-factor-ip:{request.remote_addr or 'unknown'}"


def _me():
    return current_user._get_current_object()


@bp.route("/anmelden/code", methods=["GET", "POST"])
@_limit("RATELIMIT_TWO_FACTOR", key_func=_pending_key)
def second_factor():
    found = pending_user()
    if found is None:
        flash(_("Bitte melden Sie sich zuerst mit Ihrem Passwort an."), "info")
        return redirect(url_for("accounts.login"), 303 if request.method == "POST" else 302)
    user, pending = found
    form = SecondFactorForm()
    status = 200
    if form.validate_on_submit():
        try:
            signin.code_step(user=user, code=form.code.data)
        except DomainError as error:
            show_service_error(form, error)
            status = error.status_code
        else:
            _start_session(user, remember=pending.get("remember", False))
            if two_factor.remaining_recovery_codes(user) <= 2:
                flash(
                    _(
                        "Sie haben nur noch wenige Wiederherstellungscodes. Erzeugen Sie "
                        "unter „Zwei-Faktor-Anmeldung“ neue."
                    ),
                    "info",
                )
            flash(_("Willkommen, %(name)s!", name=user.pseudonym), "success")
            return redirect(safe_next(pending.get("next"), url_for("pages.home")), 303)
    elif form.errors:
        status = 422
    return render_template(
        "accounts/second_factor.html", form=form, passkeys=passkeys.has_any(user)
    ), status


@bp.route("/anmelden/link/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
def sign_in_link(token: str):
    # Signing in takes a click, so that mail scanners opening the link change nothing.
    user = signin.user_for_link(token)
    if user is None:
        return render_template("accounts/sign_in_link.html", form=None), 400
    form = ConfirmForm()
    if form.validate_on_submit():
        return finish_sign_in(user, remember=False, next_path="")
    return render_template("accounts/sign_in_link.html", form=form)


@bp.route("/konto/bestaetigen", methods=["GET", "POST"])
@login_required
@_limit("RATELIMIT_LOGIN")
def reauthenticate():
    user = _me()
    form = ReauthForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "/konto")
    needs_code = two_factor.is_enabled(user)
    status = 200
    if form.validate_on_submit():
        try:
            signin.confirm_identity(
                user=user,
                password=form.password.data,
                code=form.code.data or "",
                address=request.remote_addr,
            )
        except DomainError as error:
            show_service_error(form, error)
            status = error.status_code
        else:
            reauth.mark_authenticated()
            return redirect(safe_next(form.next.data, url_for("accounts.profile")), 303)
    elif form.errors:
        status = 422
    return render_template(
        "accounts/reauthenticate.html",
        form=form,
        needs_code=needs_code,
        passkeys=needs_code and passkeys.has_any(user),
        minutes=current_app.config["REAUTH_SECONDS"] // 60,
    ), status


@bp.get("/konto/sitzungen")
@login_required
def session_list():
    user = _me()
    return render_template(
        "accounts/sessions.html",
        sessions=sessions.of(user),
        current_id=sessions.current_id(),
        confirm_form=ConfirmForm(),
    )


@bp.post("/konto/sitzungen/<id:session_id>/beenden")
@login_required
def end_session(session_id: int):
    require_confirmed()
    if session_id == sessions.current_id():
        flash(_("Um diese Sitzung zu beenden, melden Sie sich ab."), "info")
    elif sessions.end(actor=_me(), session_id=session_id):
        flash(_("Die Sitzung ist beendet."), "success")
    else:
        flash(_("Diese Sitzung gibt es nicht mehr."), "info")
    return redirect(url_for("security.session_list"), 303)


def _two_factor_page(status: int = 200, **context):
    user = _me()
    record = two_factor.authenticator(user)
    context.setdefault("confirm_form", TotpConfirmForm())
    setup = record is not None and record.confirmed_at is None
    keys = passkeys.of(user)
    enabled = record is not None and record.confirmed_at is not None
    return render_template(
        "accounts/two_factor.html",
        enabled=enabled,
        passkeys=keys,
        any_factor=enabled or bool(keys),
        required=two_factor.is_required(user),
        remaining=two_factor.remaining_recovery_codes(user),
        qr=two_factor.qr_data_uri(two_factor.provisioning_uri(record, user)) if setup else None,
        secret=two_factor.grouped_secret(record) if setup else None,
        next_path=safe_next(request.args.get("next"), ""),
        form=ConfirmForm(),
        **context,
    ), status


@bp.get("/konto/zwei-faktor")
@login_required
@reauth.reauth_required
def two_factor_view():
    return _two_factor_page()


@bp.post("/konto/zwei-faktor/einrichten")
@login_required
@reauth.reauth_required
def two_factor_start():
    require_confirmed()
    try:
        two_factor.start_setup(actor=_me())
    except DomainError as error:
        flash(error.message, "info")
    return redirect(url_for("security.two_factor_view"), 303)


@bp.post("/konto/zwei-faktor/bestaetigen")
@login_required
@reauth.reauth_required
@_limit("RATELIMIT_TWO_FACTOR")
def two_factor_confirm():
    form = TotpConfirmForm()
    user = _me()
    if not form.validate_on_submit():
        return _two_factor_page(422, confirm_form=form)
    try:
        codes = two_factor.confirm_setup(actor=user, code=form.code.data)
    except DomainError as error:
        show_service_error(form, error)
        return _two_factor_page(error.status_code, confirm_form=form)
    _keep_this_session(user)
    if not codes:
        flash(_("Die Authenticator-App ist eingerichtet."), "success")
        return redirect(url_for("security.two_factor_view"), 303)
    return render_template("accounts/recovery_codes.html", codes=codes, first=True)


@bp.post("/konto/zwei-faktor/neue-codes")
@login_required
@reauth.reauth_required
def recovery_codes():
    require_confirmed()
    try:
        codes = two_factor.regenerate_recovery_codes(actor=_me())
    except DomainError as error:
        flash(error.message, "info")
        return redirect(url_for("security.two_factor_view"), 303)
    return render_template("accounts/recovery_codes.html", codes=codes, first=False)


@bp.post("/konto/zwei-faktor/ausschalten")
@login_required
@reauth.reauth_required
def two_factor_disable():
    require_confirmed()
    user = _me()
    try:
        two_factor.disable(actor=user)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("security.two_factor_view"), 303)
    _keep_this_session(user)
    if two_factor.is_enabled(user):
        flash(_("Die Authenticator-App ist entfernt. Ihre Passkeys gelten weiter."), "success")
    else:
        flash(_("Die Zwei-Faktor-Anmeldung ist ausgeschaltet."), "success")
    return redirect(url_for("security.two_factor_view"), 303)


def _keep_this_session(user) -> None:
    """The service ended every other session; this one goes on under the new version."""
    sessions.carry_over(user)
    db.session.commit()
    login_user(user, remember=session.get("_remember") == "set")
    reauth.mark_authenticated()


@bp.before_app_request
def staff_area_needs_second_factor():
    """Every role above resident sets up a second factor before the staff area opens."""
    if not (request.path == STAFF_AREA or request.path.startswith(STAFF_AREA + "/")):
        return None
    if not current_user.is_authenticated:
        return None
    user = _me()
    if not two_factor.is_required(user) or two_factor.is_enabled(user):
        return None
    target = url_for("security.two_factor_view", next=request.full_path.rstrip("?"))
    if htmx:
        response = make_response("", 403)
        response.headers["HX-Redirect"] = target
        return response
    flash(
        _(
            "Für den Verwaltungsbereich richten Sie bitte zuerst die Zwei-Faktor-Anmeldung "
            "ein. Sie schützt die Inhalte und Daten, die Sie dort bearbeiten."
        ),
        "info",
    )
    return redirect(target, 303 if request.method != "GET" else 302)


@bp.get("/.well-known/security.txt")
def security_txt():
    """RFC 9116: whom to tell about a vulnerability, until when this file holds."""
    config = current_app.config
    # Without a fixed date the file stays valid for half a year from today.
    expires = config["SECURITY_TXT_EXPIRES"] or (utcnow() + timedelta(days=180)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    lines = [f"Contact: {contact}" for contact in config["SECURITY_CONTACTS"]]
    lines.append(f"Expires: {expires}")
    lines.append(f"Preferred-Languages: {config['SECURITY_TXT_LANGUAGES']}")
    lines.append(f"Canonical: {external_url('security.security_txt')}")
    if config["SECURITY_POLICY_URL"]:
        lines.append(f"Policy: {config['SECURITY_POLICY_URL']}")
    response = make_response("\n".join(lines) + "\n")
    response.mimetype = "text/plain"
    response.charset = "utf-8"
    return response
