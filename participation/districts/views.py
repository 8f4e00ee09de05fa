"""District pages: the city's districts and their quarters as entry points."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from participation.core.sitemap import public_page, sitemap_provider
from participation.districts.services import get_district, list_districts

bp = Blueprint("districts", __name__)


@bp.get("/bezirke")
@public_page
def index():
    return render_template("districts/index.html", districts=list_districts())


@bp.get("/bezirke/<code>")
def detail(code: str):
    district = get_district(code) if len(code) <= 2 else None
    if district is None:
        abort(404)
    return render_template("districts/detail.html", district=district)


@sitemap_provider
def district_pages():
    return [("districts.detail", {"code": district.code}) for district in list_districts()]
