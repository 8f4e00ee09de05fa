"""/konto/daten: ask for the export of one's data, see its state, download it once."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.reauth import reauth_required
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.htmx import render_page_or_fragment
from participation.extensions import htmx, limiter
from participation.privacy import export as builder
from participation.privacy import services

bp = Blueprint("privacy", __name__)


def _limit(setting: str):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def _actor():
    return current_user._get_current_object()


def _page(*, status: int = 200, message: str = "", error: str = ""):
    actor = _actor()
    latest = services.latest(actor)
    usable = services.is_usable(latest)
    return render_page_or_fragment(
        "privacy/data.html",
        "privacy/_export.html",
        status=status,
        export=latest,
        download_url=(
            url_for("privacy.download", token=builder.download_token(latest)) if usable else ""
        ),
        days=current_app.config["DATA_EXPORT_MAX_AGE_DAYS"],
        now=utcnow(),
        message=message,
        error=error,
    )


@bp.get("/konto/daten")
@login_required
def overview():
    return _page()


@bp.post("/konto/daten")
@login_required
@_limit("RATELIMIT_EXPORT")
@reauth_required
def request_export():
    try:
        services.request_export(actor=_actor())
    except DomainError as error:
        return _page(status=error.status_code, error=error.message)
    message = _(
        "Ihr Datenexport wird erstellt. Sie finden ihn hier und bekommen eine E-Mail, "
        "sobald er fertig ist."
    )
    if htmx:
        return _page(message=message)
    flash(message, "success")
    return redirect(url_for("privacy.overview"), 303)


@bp.get("/konto/daten/<token>")
@login_required
def download(token: str):
    try:
        got = services.open_download(actor=_actor(), token=token)
    except services.LinkUnusable as error:
        return render_template("privacy/bad_link.html", why=error.why), error.status_code
    response = send_file(
        got.file,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"datenexport-{got.export.created_at:%Y-%m-%d}.zip",
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
