"""Home, legal pages, language switch, health check, sitemap and robots.txt."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.fragments import Deferred
from participation.core.htmx import render_page_or_fragment
from participation.core.links import external_url
from participation.core.pagecache import cached_for_visitors
from participation.core.sitemap import public_page, sitemap_entries
from participation.core.urls import safe_next
from participation.districts.services import list_action_fields, list_districts
from participation.extensions import htmx, limiter
from participation.features.services import endpoint_on
from participation.pages import services
from participation.pages.forms import AccessibilityFeedbackForm, LanguageForm

bp = Blueprint("pages", __name__)


@bp.get("/")
@public_page
@cached_for_visitors
def home():
    # The lists are the same for everyone: kept with the page's shared part (home.html).
    return render_template(
        "pages/home.html",
        districts=Deferred(list_districts),
        action_fields=Deferred(list_action_fields),
    )


def _legal_page(slug: str, **extra):
    page = services.get_page(slug, str(get_locale()))
    return render_template("pages/legal.html", page=page, **extra)


@bp.get("/impressum")
@public_page
def impressum():
    return _legal_page("impressum")


@bp.get("/datenschutz")
@public_page
def privacy():
    return _legal_page("datenschutz")


@bp.get("/leichte-sprache")
@public_page
def easy_language():
    return _legal_page("leichte-sprache")


@bp.get("/netiquette")
@public_page
def netiquette():
    return _legal_page("netiquette")


@bp.route("/barrierefreiheit", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_FEEDBACK"], methods=["POST"])
@public_page
def accessibility():
    form = AccessibilityFeedbackForm()
    sent = False
    if form.validate_on_submit():
        services.submit_accessibility_feedback(
            actor=current_user._get_current_object(),
            message=form.message.data,
            page_url=form.page_url.data,
            contact_email=form.contact_email.data,
        )
        if not htmx:
            flash(
                _(
                    "Danke für Ihre Rückmeldung! Wir melden uns, wenn Sie eine Adresse "
                    "angegeben haben."
                ),
                "success",
            )
            return redirect(url_for("pages.accessibility") + "#rueckmeldung", 303)
        sent, form = True, AccessibilityFeedbackForm(formdata=None)
    status = 422 if form.errors else 200
    page = services.get_page("barrierefreiheit", str(get_locale()))
    return render_page_or_fragment(
        "pages/legal.html",
        "pages/_feedback_form.html",
        status=status,
        page=page,
        feedback_form=form,
        sent=sent,
    )


@bp.post("/sprache")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in current_app.config["LANGUAGES"]:
        session["lang"] = form.lang.data
    return redirect(safe_next(form.next.data, url_for("pages.home")), 303)


@bp.get("/healthz")
def healthz():
    if services.database_ok():
        return jsonify(status="ok", database="ok")
    response = jsonify(
        status="unavailable", database="unreachable", message="The database cannot be reached."
    )
    response.status_code = 503
    response.headers["Retry-After"] = "30"
    return response


def public_urls() -> list[str]:
    """Every public page, for the sitemap."""
    return [
        external_url(endpoint, **values)
        for endpoint, values in sitemap_entries()
        if endpoint_on(endpoint)
    ]


@bp.get("/sitemap.xml")
def sitemap():
    xml = render_template("pages/sitemap.xml", urls=public_urls())
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    body = render_template("pages/robots.txt", sitemap=external_url("pages.sitemap"))
    return Response(body, mimetype="text/plain")


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )


@bp.app_context_processor
def inject_language_form():
    """The header's language switch returns to the page it was used on."""
    if not has_request_context():
        return {}
    return {"language_form": LanguageForm(formdata=None, next=request.full_path.rstrip("?"))}
