"""/mitmachen, and the same sections (compact) on every district page."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from participation.core.clock import local_today
from participation.core.pagecache import cached_for_visitors
from participation.core.sitemap import public_page
from participation.takepart import sections
from participation.takepart.forms import TakePartFilterForm

bp = Blueprint("takepart", __name__)


@bp.get("/mitmachen")
@public_page
@cached_for_visitors
def index():
    form = TakePartFilterForm(request.args)
    valid = form.validate()
    filters = form.filters(local_today())
    return (
        render_template(
            "takepart/index.html",
            form=form,
            filters=filters,
            loaded=sections.load(filters, limit=sections.FULL_LIMIT),
        ),
        200 if valid else 400,
    )


@bp.app_template_global("take_part_sections")
def take_part_sections(district):
    """The sections for one district (its page): a few items each; not the processes, which
    the district page lists above them."""
    filters = sections.Filters(today=local_today(), district=district)
    loaded = sections.load(filters, limit=sections.COMPACT_LIMIT, leave_out=("verfahren",))
    return {"filters": filters, "loaded": loaded}


@bp.app_template_global("take_part_url")
def take_part_url(district=None) -> str:
    return url_for("takepart.index", bezirk=district.code if district else None)
