"""Public process pages: the list with its filters, and the process page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, send_from_directory
from flask_login import current_user
from sqlalchemy import select

from participation.core import uploads
from participation.core.clock import local_today
from participation.core.htmx import render_page_or_fragment
from participation.core.pagecache import cached_for_visitors
from participation.core.sitemap import public_page, sitemap_provider
from participation.extensions import db
from participation.projects import listing, services, stages
from participation.projects.forms import ProcessFilterForm
from participation.projects.models import PUBLIC_STATUSES, Process
from participation.projects.phases import REGISTRY
from participation.projects.sections import sections_for

bp = Blueprint("projects", __name__)
bp.add_app_template_global(stages.phase_state, "phase_state")
bp.add_app_template_global(uploads.image_size, "image_size")
# Stored images never change (a new upload gets a new name), so browsers may keep them.
IMAGE_MAX_AGE = 365 * 24 * 60 * 60


@bp.get("/verfahren")
@public_page
@cached_for_visitors
def index():
    form = ProcessFilterForm(request.args)
    valid = form.validate()
    page = request.args.get("seite", 1, type=int) or 1
    result = listing.list_processes(today=local_today(), page=page, **form.filters())
    return render_page_or_fragment(
        "projects/index.html",
        "projects/_list.html",
        status=200 if valid else 400,
        form=form,
        result=result,
        today=local_today(),
        registry=REGISTRY,
    )


@bp.get("/verfahren/<slug>")
@cached_for_visitors
def detail(slug: str):
    process = services.get_process(actor=current_user._get_current_object(), slug=slug[:120])
    today = local_today()
    return render_template(
        "projects/detail.html",
        process=process,
        today=today,
        registry=REGISTRY,
        current=stages.current_phase(process, today),
        sections=sections_for(process, current_user._get_current_object()),
    )


@bp.get("/medien/<name>")
def image(name: str):
    """An uploaded image. Only names of the form we generate are looked up, so no other
    file of the upload folder (or outside it) can be reached."""
    match = uploads.NAME.fullmatch(name)
    if match is None:
        abort(404)
    response = send_from_directory(
        current_app.config["UPLOAD_FOLDER"],
        name,
        mimetype=uploads.MEDIA_TYPES[match.group(3)],
        max_age=IMAGE_MAX_AGE,
    )
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


@sitemap_provider
def process_pages():
    slugs = db.session.scalars(
        select(Process.slug).where(Process.status.in_(PUBLIC_STATUSES)).order_by(Process.id)
    )
    return [("projects.detail", {"slug": slug}) for slug in slugs]
