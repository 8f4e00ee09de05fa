"""/verwaltung/rat: what council members read (no forms, no edits), and the one-page
"Vorlage für den Bezirksrat" PDFs of the Vorhabenliste and of results reports."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.coordination.lifecycle import STATUS_LABELS
from participation.core.errors import NotFound
from participation.core.exports import download
from participation.core.permissions import permission_required
from participation.councillors import briefs, services
from participation.councillors.permissions import COUNCIL_STATUSES
from participation.districts.models import District
from participation.extensions import db, limiter
from participation.projects.phases import REGISTRY
from participation.results.services import is_public, readable_report

bp = Blueprint("councillors", __name__)


def _actor():
    return current_user._get_current_object()


@bp.get("/verwaltung/rat")
@permission_required("read_council_overview")
def overview():
    actor = _actor()
    status = request.args.get("status", "")[:20]
    return render_template(
        "councillors/overview.html",
        status=status if status in COUNCIL_STATUSES else "",
        statuses={key: STATUS_LABELS[key] for key in COUNCIL_STATUSES},
        result=services.list_processes(
            actor=actor, status=status, page=request.args.get("seite", 1, type=int) or 1
        ),
        answers=services.answer_figures(actor=actor),
        reports=services.reports_before_publication(actor=actor),
    )


@bp.get("/verwaltung/rat/verfahren/<slug>")
@permission_required("read_council_overview")
def process(slug: str):
    found = services.get_process(actor=_actor(), slug=slug)
    return render_template(
        "councillors/process.html",
        process=found,
        status_label=STATUS_LABELS[found.status],
        registry=REGISTRY,
    )


# Rendering a PDF costs a second of CPU: per client, a few a minute are plenty.
_pdf_limit = limiter.limit(lambda: current_app.config["RATELIMIT_PDF"])


@bp.get("/vorhabenliste/vorlage.pdf")
@_pdf_limit
def planned_brief():
    """Public, as the Vorhabenliste is: one district's (`bezirk`) or the whole city's."""
    code = request.args.get("bezirk", "")[:10]
    district = None
    if code:
        district = db.session.scalar(select(District).where(District.code == code))
        if district is None:
            raise NotFound(_l("Diesen Stadtbezirk gibt es nicht."))
    name = f"vorhabenliste-{district.code if district else 'stadt'}-vorlage.pdf"
    return download(briefs.planned_brief(district), "application/pdf", name)


@bp.get("/verfahren/<slug>/ergebnisse/vorlage.pdf")
@_pdf_limit
def report_brief(slug: str):
    """Whoever reads the report reads its brief: everyone once it is published, before
    that the process's staff and the council members of its district."""
    process, report = readable_report(actor=_actor(), slug=slug)
    body = briefs.report_brief(process, report, public=is_public(process, report))
    return download(body, "application/pdf", f"ergebnisse-{process.slug}-vorlage.pdf")
