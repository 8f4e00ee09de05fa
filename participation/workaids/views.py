"""/arbeitshilfen: the public library with its filters, a work aid with its versions, a
version's text and the download of a version's document."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from participation.core import documents
from participation.core.htmx import render_page_or_fragment
from participation.core.pagecache import cached_for_visitors
from participation.core.sitemap import public_page, sitemap_provider
from participation.extensions import db
from participation.projects.phases import REGISTRY
from participation.workaids import library
from participation.workaids.forms import LibraryFilterForm
from participation.workaids.models import AUDIENCES, FILE, KINDS, WorkAid

bp = Blueprint("workaids", __name__, url_prefix="/arbeitshilfen")
LABELS = {"kinds": KINDS, "audiences": AUDIENCES, "phases": REGISTRY}


def _actor():
    return current_user._get_current_object()


@bp.get("")
@public_page
@cached_for_visitors
def index():
    form = LibraryFilterForm(request.args)
    valid = form.validate()
    page = request.args.get("seite", 1, type=int) or 1
    result = library.list_work_aids(actor=_actor(), page=page, **form.filters())
    return render_page_or_fragment(
        "workaids/index.html",
        "workaids/_list.html",
        status=200 if valid else 400,
        form=form,
        result=result,
        latest=library.latest_versions(result.items),
        **LABELS,
    )


@bp.get("/<slug>")
@cached_for_visitors
def detail(slug: str):
    aid = library.get_work_aid(actor=_actor(), slug=slug)
    versions = library.versions_of(aid)
    return render_template(
        "workaids/detail.html",
        aid=aid,
        latest=versions[0] if versions else None,
        versions=versions,
        **LABELS,
    )


@bp.get("/<slug>/fassungen/<id:number>")
@cached_for_visitors
def version(slug: str, number: int):
    aid, version = library.get_version(actor=_actor(), slug=slug, number=number)
    return render_template(
        "workaids/version.html", aid=aid, version=version, is_latest=number == aid.version_count
    )


@bp.get("/<slug>/fassungen/<id:number>/datei")
def download(slug: str, number: int):
    """A version's document as an attachment: the media type its check decided, a name
    built from the title, never the uploader's."""
    aid, version = library.get_version(actor=_actor(), slug=slug, number=number)
    if version.source != FILE or not version.file_name:
        abort(404)
    return documents.document_response(
        version.file_name,
        download_name=documents.download_name(aid.title, f"fassung-{number}", version.file_format),
        private=not aid.is_public,
    )


@sitemap_provider
def work_aid_pages():
    slugs = db.session.scalars(
        select(WorkAid.slug).where(WorkAid.is_public.is_(True)).order_by(WorkAid.id)
    )
    return [("workaids.detail", {"slug": slug}) for slug in slugs]
