"""District pages: the city's districts and their quarters as entry points."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from participation.core.clock import local_today
from participation.core.pagecache import cached_for_visitors
from participation.core.sitemap import public_page, sitemap_provider
from participation.districts.services import get_district, list_districts
from participation.projects.listing import list_processes
from participation.projects.phases import REGISTRY

bp = Blueprint("districts", __name__)


@bp.get("/bezirke")
@public_page
@cached_for_visitors
def index():
    return render_template("districts/index.html", districts=list_districts(with_quarters=True))


@bp.get("/bezirke/<code>")
@cached_for_visitors
def detail(code: str):
    district = get_district(code) if len(code) <= 2 else None
    if district is None:
        abort(404)
    today = local_today()
    result = list_processes(today=today, district_code=district.code)
    return render_template(
        "districts/detail.html", district=district, result=result, today=today, registry=REGISTRY
    )


@sitemap_provider
def district_pages():
    return [("districts.detail", {"code": district.code}) for district in list_districts()]
