"""/verwaltung: the staff dashboard, the page-text editor and accessibility feedback."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts.forms import ConfirmForm
from participation.core.permissions import can, permission_required
from participation.moderation import queue as moderation_queue
from participation.pages import services as page_services
from participation.pages.forms import PageEditForm
from participation.staff import services

bp = Blueprint("staff", __name__, url_prefix="/verwaltung")


@bp.get("")
@permission_required("access_staff_area")
def dashboard():
    actor = current_user._get_current_object()
    moderation = None
    if can(actor, "moderate_queue"):
        moderation = {
            "counts": moderation_queue.counts(actor),
            "decision_times": moderation_queue.decision_times(actor=actor),
            "by_age": moderation_queue.open_reports_by_age(actor=actor),
        }
    return render_template("staff/dashboard.html", moderation=moderation)


@bp.get("/seiten")
@permission_required("edit_site_pages")
def pages():
    languages = current_app.config["LANGUAGES"]
    texts = [
        (slug, [page_services.get_page(slug, locale) for locale in languages])
        for slug in page_services.EDITABLE_PAGES
    ]
    return render_template("staff/pages.html", texts=texts)


def _check_page(slug: str, locale: str) -> None:
    if slug not in page_services.EDITABLE_PAGES or locale not in current_app.config["LANGUAGES"]:
        abort(404)


@bp.route("/seiten/<slug>/<locale>", methods=["GET", "POST"])
@permission_required("edit_site_pages")
def edit_page(slug: str, locale: str):
    _check_page(slug, locale)
    page = page_services.get_page(slug, locale)
    form = PageEditForm(
        data={"title": page.title, "body_markdown": page.body_markdown}
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        page_services.update_page(
            actor=current_user._get_current_object(),
            slug=slug,
            locale=locale,
            title=form.title.data,
            body_markdown=form.body_markdown.data,
        )
        flash(_("Der Text ist gespeichert und veröffentlicht."), "success")
        return redirect(url_for("staff.edit_page", slug=slug, locale=locale), 303)
    status = 422 if form.errors else 200
    return render_template(
        "staff/edit_page.html",
        form=form,
        page=page,
        public_path=page_services.EDITABLE_PAGES[slug],
        reset_form=ConfirmForm(),
    ), status


@bp.post("/seiten/<slug>/<locale>/zuruecksetzen")
@permission_required("edit_site_pages")
def reset_page(slug: str, locale: str):
    _check_page(slug, locale)
    if ConfirmForm().validate_on_submit():
        page_services.reset_page(actor=current_user._get_current_object(), slug=slug, locale=locale)
        flash(_("Der mitgelieferte Standardtext gilt wieder."), "success")
    return redirect(url_for("staff.edit_page", slug=slug, locale=locale), 303)


@bp.get("/rueckmeldungen")
@permission_required("read_accessibility_feedback")
def feedback():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "staff/feedback.html",
        result=services.list_feedback(actor=current_user._get_current_object(), page=page),
    )
