"""/bescheinigungen: anyone checks a certificate by its code; /konto/bescheinigungen: the
holder's certificates and their PDFs."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from participation.certificates import services
from participation.certificates.forms import CodeForm
from participation.certificates.models import ENGAGEMENT, TRAINING
from participation.core.errors import DomainError, NotFound
from participation.core.exports import download
from participation.core.sitemap import public_page
from participation.extensions import limiter

bp = Blueprint("certificates", __name__)
KIND_LABELS = {
    TRAINING: _l("Teilnahmebescheinigung"),
    ENGAGEMENT: _l("Nachweis über bürgerschaftliches Engagement"),
}


@bp.app_template_filter("certificate_kind")
def certificate_kind(code: str) -> str:
    return str(KIND_LABELS.get(code, _l("Bescheinigung")))


# Codes cannot be guessed; the limit keeps anyone from trying many (per account or address).
_check_limit = limiter.limit(lambda: current_app.config["RATELIMIT_CERTIFICATES"])
# Rendering a PDF costs a second of CPU, as for the councils' briefs.
_pdf_limit = limiter.limit(lambda: current_app.config["RATELIMIT_PDF"])


def _private(response, status: int = 200):
    """Never stored by a browser or proxy, never indexed: each check goes through the limit."""
    response = current_app.make_response((response, status))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/bescheinigungen")
@public_page
def check():
    """The form; a well-formed code goes on to its page (which looks it up, limited)."""
    submitted = request.args.get("code") is not None
    form = CodeForm(request.args if submitted else None)
    if submitted and form.validate():
        code = services.normalise_code(form.code.data)
        return redirect(url_for("certificates.verify", code=code), 303)
    status = 422 if form.errors else 200
    return render_template("certificates/check.html", form=form), status


@bp.get("/bescheinigungen/<code>")
@_check_limit
def verify(code: str):
    try:
        certificate = services.by_code(code)
    except NotFound as error:
        form = CodeForm(data={"code": code[:80]})
        form.code.errors = [error.message]
        return _private(render_template("certificates/not_found.html", form=form), 404)
    return _private(
        render_template(
            "certificates/verify.html",
            certificate=certificate,
            code=services.grouped(certificate.code),
        )
    )


def _actor():
    return current_user._get_current_object()


@bp.get("/konto/bescheinigungen")
@login_required
def mine():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "certificates/mine.html", result=services.certificates_of(_actor(), page=page)
    )


@bp.get("/konto/bescheinigungen/<code>.pdf")
@login_required
@_pdf_limit
def download_pdf(code: str):
    certificate = services.own_certificate(actor=_actor(), code=code)
    response = download(
        services.certificate_pdf(certificate),
        "application/pdf",
        f"bescheinigung-{certificate.code[:8].lower()}.pdf",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/konto/bescheinigungen/<code>/pruefung-<any(aus, an):state>")
@login_required
def switch_verification(code: str, state: str):
    """The holder switches the public check of one certificate off or on (plain form)."""
    certificate = services.own_certificate(actor=_actor(), code=code)
    try:
        services.switch_verification(actor=_actor(), certificate=certificate, on=state == "an")
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(
            str(
                _l("Die öffentliche Prüfung ist wieder eingeschaltet.")
                if state == "an"
                else _l("Die öffentliche Prüfung ist ausgeschaltet.")
            ),
            "success",
        )
    return redirect(url_for("certificates.mine"), 303)
