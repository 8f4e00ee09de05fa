"""Public process pages: the list with its filters, and the process page."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from participation.core.clock import local_today
from participation.core.htmx import render_page_or_fragment
from participation.core.sitemap import public_page, sitemap_provider
from participation.extensions import db
from participation.projects import services
from participation.projects.forms import ProcessFilterForm
from participation.projects.models import PUBLIC_STATUSES, Process
from participation.projects.phases import REGISTRY

bp = Blueprint("projects", __name__)


@bp.get("/verfahren")
@public_page
def index():
    form = ProcessFilterForm(request.args)
    valid = form.validate()
    page = request.args.get("seite", 1, type=int) or 1
    result = services.list_processes(today=local_today(), page=page, **form.filters())
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
def detail(slug: str):
    process = services.get_process(actor=current_user._get_current_object(), slug=slug[:120])
    today = local_today()
    return render_template(
        "projects/detail.html",
        process=process,
        today=today,
        registry=REGISTRY,
        current=services.current_phase(process, today),
    )


@sitemap_provider
def process_pages():
    slugs = db.session.scalars(
        select(Process.slug).where(Process.status.in_(PUBLIC_STATUSES)).order_by(Process.id)
    )
    return [("projects.detail", {"slug": slug}) for slug in slugs]
