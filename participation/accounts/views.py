"""Account pages: register, verify, sign in/out, reset, profile."""

from __future__ import annotations

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
from flask_login import current_user, login_required, login_user, logout_user

from participation.accounts import reauth, services, sessions, signin
from participation.accounts.forms import (
    ConfirmForm,
    EmailChangeForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.forms import show_service_error
from participation.core.htmx import render_page_or_fragment
from participation.core.ratelimit import submitted_account_key
from participation.core.sitemap import public_page
from participation.core.urls import safe_next
from participation.extensions import db, htmx, limiter, login_manager

bp = Blueprint("accounts", __name__)


def _limit(setting: str, **kwargs):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"], **kwargs)


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    return sessions.load(identity)


@login_manager.unauthorized_handler
def unauthorized():
    """Send visitors to sign in and back; htmx gets a 401 that tells it where to go."""
    target = url_for("accounts.login", next=safe_next(request.full_path.rstrip("?"), "/"))
    if htmx:
        response = make_response("", 401)
        response.headers["HX-Redirect"] = target
        return response
    flash(_("Bitte melden Sie sich an, um diese Seite zu sehen."), "info")
    return redirect(target)


def _end_session() -> None:
    """Sign out here; Flask-Login's order to delete the remember-me cookie survives the clear."""
    logout_user()
    kept = {key: session[key] for key in ("lang", "_remember") if key in session}
    session.clear()
    session.update(kept)


def _start_session(user: User, remember: bool) -> None:
    """Sign in on this browser: a new session row, a fresh cookie, authenticated just now."""
    # A fresh session on every sign-in: nothing from before survives (no fixation).
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    user.session_key = sessions.start(
        user, user_agent=request.user_agent.string, address=request.remote_addr
    )
    signin.complete(user)
    db.session.commit()
    login_user(user, remember=remember)
    reauth.mark_authenticated()


PENDING = "pending_sign_in"
# How long the second step may take after the password was right.
PENDING_SECONDS = 600


def pending_sign_in(user: User, *, remember: bool, next_path: str) -> None:
    """Remember, between the password and the code, whose sign-in this is."""
    session.pop(PENDING, None)
    session[PENDING] = {
        "uid": user.id,
        "v": user.session_version,
        "remember": bool(remember),
        "next": safe_next(next_path, ""),
        "at": int(utcnow().timestamp()),
    }


def pending_user() -> tuple[User, dict] | None:
    """The account whose second step is due, while the password step is recent."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("uid"), int):
        return None
    age = utcnow().timestamp() - (pending.get("at") or 0)
    user = db.session.get(User, pending["uid"]) if 0 <= age <= PENDING_SECONDS else None
    if user is None or user.deleted_at is not None or user.session_version != pending.get("v"):
        session.pop(PENDING, None)
        return None
    return user, pending


def finish_sign_in(user: User, *, remember: bool, next_path: str):
    """After the password (or the mailed link): the second step if the account has one,
    otherwise signed in."""
    if signin.needs_second_step(user):
        pending_sign_in(user, remember=remember, next_path=next_path)
        return redirect(url_for("security.second_factor"), 303)
    _start_session(user, remember=remember)
    flash(_("Willkommen, %(name)s!", name=user.pseudonym), "success")
    return redirect(safe_next(next_path, url_for("pages.home")), 303)


@bp.route("/registrieren", methods=["GET", "POST"])
@_limit("RATELIMIT_REGISTER")
@public_page
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegistrationForm()
    if form.validate_on_submit():
        if form.hp_note.data:
            # A bot filled the honeypot: answer as if it worked, create nothing.
            return redirect(url_for("accounts.registered"), 303)
        try:
            services.register(
                email=form.email.data,
                pseudonym=form.pseudonym.data,
                password=form.password.data,
                accepted_privacy=form.accept_privacy.data,
            )
        except DomainError as error:
            show_service_error(form, error)
        else:
            return redirect(url_for("accounts.registered"), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/register.html", form=form), status


@bp.get("/registrieren/pseudonym-pruefen")
def check_pseudonym():
    """htmx: tell while typing whether a public name can be used."""
    name = request.args.get("pseudonym", "")
    message, ok = None, None
    if name.strip():
        try:
            services.check_pseudonym_available(name)
            ok, message = True, _("Dieser Name ist frei.")
        except DomainError as error:
            ok, message = False, error.message
    return render_page_or_fragment(
        "accounts/pseudonym_check.html", "accounts/_pseudonym_check.html", ok=ok, message=message
    )


@bp.get("/registrieren/fast-geschafft")
def registered():
    return render_template("accounts/registered.html")


@bp.route("/bestaetigen/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    # Confirming takes a click, so that mail scanners opening the link change nothing.
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.verify_email(token=token)
        except DomainError as error:
            return render_template("accounts/verify.html", form=form, error=error.message), 400
        flash(_("Danke! Ihre E-Mail-Adresse ist bestätigt."), "success")
        target = "accounts.profile" if current_user.is_authenticated else "accounts.login"
        return redirect(url_for(target), 303)
    return render_template("accounts/verify.html", form=form, error=None)


@bp.post("/konto/bestaetigung-senden")
@login_required
@_limit("RATELIMIT_RESET")
def resend_verification():
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.resend_verification(actor=current_user._get_current_object())
            flash(_("Wir haben Ihnen den Bestätigungslink erneut geschickt."), "success")
        except DomainError as error:
            flash(error.message, "info")
    return redirect(url_for("accounts.profile"), 303)


@bp.route("/anmelden", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
@public_page
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), default="")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data, url_for("accounts.profile")))
    if form.validate_on_submit():
        try:
            user = signin.password_step(
                email=form.email.data, password=form.password.data, address=request.remote_addr
            )
        except DomainError as error:
            show_service_error(form, error)
            status = error.status_code
        else:
            return finish_sign_in(user, remember=form.remember.data, next_path=form.next.data)
    else:
        status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/abmelden")
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            # The session's row goes: a copied session or remember-me cookie of this
            # browser is dead too; other devices stay signed in.
            sessions.end(actor=current_user._get_current_object(), session_id=sessions.current_id())
        _end_session()
        flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("pages.home"), 303)


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
@_limit("RATELIMIT_RESET", key_func=submitted_account_key)
@public_page
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(email=form.email.data)
        flash(
            _(
                "Wenn es ein Konto mit dieser Adresse gibt, haben wir einen Link zum "
                "Zurücksetzen geschickt. Er ist eine Stunde gültig."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"), 303)
    status = 422 if form.errors else 200
    return render_template("accounts/reset_request.html", form=form), status


@bp.route("/passwort-neu/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def reset_password(token: str):
    if services.user_for_reset_token(token) is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token=token, new_password=form.password.data)
        except DomainError as error:
            show_service_error(form, error)
        else:
            _end_session()
            flash(_("Ihr Passwort ist geändert. Bitte melden Sie sich neu an."), "success")
            return redirect(url_for("accounts.login"), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/reset_password.html", form=form), status


@bp.route("/konto", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.update_profile(
                actor=current_user._get_current_object(), pseudonym=form.pseudonym.data
            )
        except DomainError as error:
            show_service_error(form, error)
        else:
            flash(_("Ihr Profil ist gespeichert."), "success")
            return redirect(url_for("accounts.profile"), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/profile.html", form=form, confirm_form=ConfirmForm()), status


@bp.route("/konto/passwort", methods=["GET", "POST"])
@login_required
@reauth.reauth_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                actor=current_user._get_current_object(),
                current_password=form.current_password.data,
                new_password=form.new_password.data,
            )
        except DomainError as error:
            show_service_error(form, error)
        else:
            _end_session()
            flash(
                _(
                    "Ihr Passwort ist geändert. Alle Sitzungen wurden beendet; bitte melden Sie "
                    "sich neu an."
                ),
                "success",
            )
            return redirect(url_for("accounts.login"), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/change_password.html", form=form), status


@bp.route("/konto/email", methods=["GET", "POST"])
@login_required
@reauth.reauth_required
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(
                actor=current_user._get_current_object(),
                current_password=form.current_password.data,
                new_email=form.email.data,
            )
        except DomainError as error:
            show_service_error(form, error)
        else:
            flash(
                _(
                    "Bitte bestätigen Sie die neue Adresse über den Link, den wir dorthin "
                    "geschickt haben. Bis dahin gilt die bisherige Adresse."
                ),
                "success",
            )
            return redirect(url_for("accounts.profile"), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/change_email.html", form=form), status


@bp.route("/konto/email-bestaetigen/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.confirm_email_change(token=token)
        except DomainError as error:
            return render_template(
                "accounts/verify.html", form=form, error=error.message, email_change=True
            ), 400
        flash(_("Ihre neue E-Mail-Adresse ist bestätigt."), "success")
        return redirect(url_for("accounts.profile"), 303)
    return render_template("accounts/verify.html", form=form, error=None, email_change=True)


@bp.post("/konto/ueberall-abmelden")
@login_required
def logout_everywhere():
    form = ConfirmForm()
    if form.validate_on_submit():
        services.end_all_sessions(actor=current_user._get_current_object())
        _end_session()
        flash(_("Sie wurden auf allen Geräten abgemeldet."), "success")
    return redirect(url_for("accounts.login"), 303)
