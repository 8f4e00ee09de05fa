"""/konto/loeschen: a person deletes their own account (password and a fresh sign-in)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, make_response, redirect, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from wtforms import BooleanField, PasswordField
from wtforms.validators import InputRequired, Length

from participation.accounts.passwords import PASSWORD_MAX_LENGTH
from participation.accounts.reauth import reauth_required
from participation.core.errors import DomainError
from participation.core.forms import BaseForm, show_service_error
from participation.core.htmx import render_page_or_fragment
from participation.extensions import htmx, limiter
from participation.privacy import deletion, retention

bp = Blueprint("deletion", __name__)


class DeletionForm(BaseForm):
    password = PasswordField(
        _l("Ihr Passwort"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie Ihr Passwort ein.")),
            Length(max=PASSWORD_MAX_LENGTH, message=_l("Das Passwort ist falsch.")),
        ],
        description=_l("Zur Bestätigung, dass Sie es sind."),
    )
    delete_contributions = BooleanField(
        _l("Auch meine Beiträge löschen"),
        description=_l(
            "Dann werden die Texte Ihrer Vorschläge und Kommentare durch den Hinweis "
            "„gelöscht“ ersetzt. Antworten anderer bleiben stehen."
        ),
    )


@bp.app_context_processor
def storage_limits():
    """The privacy notice's table of storage limits, read from the settings when shown."""
    return {"retention_periods": retention.periods}


def _page(form: DeletionForm, status: int = 200):
    return render_page_or_fragment(
        "privacy/delete_account.html",
        "privacy/_delete_form.html",
        status=status,
        form=form,
        refusal=deletion.refusal(current_user),
    )


@bp.route("/konto/loeschen", methods=["GET", "POST"])
@login_required
@reauth_required
# The password is asked again here: as many tries as at the sign-in, no more.
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def delete_account():
    form = DeletionForm()
    if not form.validate_on_submit():
        return _page(form, 422 if form.errors else 200)
    try:
        deletion.delete_own_account(
            actor=current_user._get_current_object(),
            password=form.password.data,
            delete_contributions=form.delete_contributions.data,
        )
    except DomainError as error:
        show_service_error(form, error)
        return _page(form, error.status_code)
    # Signed out here as on /abmelden: Flask-Login's order to drop the remember-me cookie
    # and the language survive the cleared session.
    logout_user()
    kept = {key: session[key] for key in ("lang", "_remember") if key in session}
    session.clear()
    session.update(kept)
    flash(_("Ihr Konto ist gelöscht. Wir haben Ihnen eine Bestätigung geschickt."), "success")
    if htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url_for("pages.home")
        return response
    return redirect(url_for("pages.home"), 303)
