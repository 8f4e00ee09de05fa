"""/verwaltung/kennzahlen: the coordination office's figures, as a page and as CSV."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from participation.coordination.lifecycle import STATUS_LABELS
from participation.core.clock import local_today
from participation.core.exports import csv_response
from participation.core.fragments import Deferred
from participation.core.pagecache import generation_first
from participation.core.permissions import permission_required
from participation.moderation import queue as moderation_queue
from participation.statistics import services

bp = Blueprint("statistics", __name__)


def _figures():
    actor = current_user._get_current_object()
    return services.office_figures(), moderation_queue.decision_times(actor=actor)


def _blank(value):
    return "" if value is None else value


@bp.get("/verwaltung/kennzahlen")
@permission_required("read_office_figures")
@generation_first
def index():
    actor = current_user._get_current_object()
    return render_template(
        "statistics/index.html",
        # The figures are the same for everyone with the same scope and change only with
        # content: the page keeps them (core.fragments) and counts only to render anew.
        figures=Deferred(services.office_figures),
        decision_times=Deferred(lambda: moderation_queue.decision_times(actor=actor)),
        figures_key=(sorted(actor.role_names), sorted(actor.district_ids())),
        status_labels=STATUS_LABELS,
        review_days=current_app.config["REVIEW_DAYS"],
    )


@bp.get("/verwaltung/kennzahlen.csv")
@permission_required("read_office_figures")
def export():
    """Every figure of the page as one long table: area, subject, figure, value."""
    figures, decision_times = _figures()
    city_wide = _("Stadtweit")
    rows = [(_("Status"), str(STATUS_LABELS[s]), _("Verfahren"), n) for s, n in figures.by_status]
    rows += [
        (_("Prüfung überfällig"), review.process.title, _("in Prüfung seit"), review.since.date())
        for review in figures.overdue_reviews
    ]
    for row in figures.answers_by_district:
        name = row.district.name if row.district else city_wide
        record = row.record
        rows += [
            (_("Antworten"), name, _("Vorschläge"), record.proposals),
            (_("Antworten"), name, _("Beantwortet"), record.answered),
            (_("Antworten"), name, _("Überfällig"), record.overdue),
            (_("Antworten"), name, _("Tage bis zur Antwort (Median)"), _blank(record.median_days)),
        ]
    for area, table in (
        (_("Stadtbezirk"), figures.by_district),
        (_("Handlungsfeld"), figures.by_action_field),
    ):
        for item in table:
            name = item.label or city_wide
            rows += [
                (area, name, _("Verfahren"), item.processes),
                (area, name, _("Vorschläge"), item.proposals),
                (area, name, _("Kommentare"), item.comments),
                (area, name, _("Unterstützungen"), item.supports),
            ]
    for times in decision_times:
        rows += [
            (_("Moderation"), times.district, _("Entschiedene Meldungen"), times.decided),
            (_("Moderation"), times.district, _("Median (Stunden)"), times.median_hours),
            (_("Moderation"), times.district, _("90. Perzentil (Stunden)"), times.p90_hours),
        ]
    header = (_("Bereich"), _("Gegenstand"), _("Kennzahl"), _("Wert"))
    return csv_response(header, rows, f"kennzahlen-{local_today().isoformat()}.csv")
