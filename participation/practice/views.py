"""The public collection of practice examples (/praxisbeispiele), a page per example, and
the exchange document (/praxisbeispiele.json)."""

from __future__ import annotations

import json

from flask import Blueprint, render_template, request
from flask_babel import format_decimal
from flask_login import current_user

from participation.core.exports import download
from participation.core.htmx import render_page_or_fragment
from participation.core.pagecache import cached_for_visitors
from participation.core.permissions import can
from participation.core.sitemap import public_page, sitemap_provider
from participation.practice import collection, exchange
from participation.practice.forms import (
    FORMAT_LABELS,
    NUMBER_LABELS,
    SCOPE_LABELS,
    SOURCE_LABELS,
    TARGET_GROUP_LABELS,
    TEXT_LABELS,
    FilterForm,
)
from participation.results import services as results

bp = Blueprint("practice", __name__)


@bp.app_context_processor
def practice_labels():
    return {
        "practice_formats": FORMAT_LABELS,
        "practice_target_groups": TARGET_GROUP_LABELS,
        "practice_scopes": SCOPE_LABELS,
        "practice_sources": SOURCE_LABELS,
        "practice_texts": TEXT_LABELS,
        "practice_numbers": NUMBER_LABELS,
    }


@bp.app_template_filter("whole_number")
def whole_number(value: int) -> str:
    return format_decimal(value, "#,##0")


@bp.get("/praxisbeispiele")
@cached_for_visitors
@public_page
def index():
    form = FilterForm(request.args)
    valid = form.validate()
    page = request.args.get("seite", 1, type=int) or 1
    result = collection.list_examples(page=page, **form.filters())
    return render_page_or_fragment(
        "practice/index.html",
        "practice/_list.html",
        status=200 if valid else 400,
        form=form,
        result=result,
    )


@bp.get("/praxisbeispiele/<slug>")
@cached_for_visitors
def detail(slug: str):
    actor = current_user._get_current_object()
    example = collection.readable_example(actor=actor, slug=slug)
    process = example.process
    report_public = process is not None and results.is_public(process, results.report_of(process))
    return render_template(
        "practice/detail.html",
        example=example,
        process=process if report_public else None,
        editable=can(actor, "edit_practice_example", example),
    )


@bp.get("/praxisbeispiele.json")
def export():
    """Every published example in the exchange format, version 1."""
    document = exchange.export_document(collection.published_examples())
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return download(body, "application/json; charset=utf-8", "praxisbeispiele.json")


@sitemap_provider
def example_pages():
    return [("practice.detail", {"slug": slug}) for slug in collection.published_slugs()]
