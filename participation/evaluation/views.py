"""/rueckmeldung (the visitors' feedback on the portal) and /verwaltung/auswertung (the
coordination office's evaluation, with CSV downloads)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.core.clock import local_today
from participation.core.errors import DomainError
from participation.core.exports import csv_response
from participation.core.forms import show_service_error
from participation.core.htmx import render_page_or_fragment
from participation.core.permissions import permission_required
from participation.core.sitemap import public_page
from participation.evaluation import services, usage
from participation.evaluation.forms import (
    OUTCOME_LABELS,
    EvaluationFilterForm,
    PortalFeedbackForm,
)
from participation.extensions import htmx, limiter

bp = Blueprint("evaluation", __name__)
staff_bp = Blueprint("evaluation_staff", __name__, url_prefix="/verwaltung/auswertung")


@bp.record_once
def _count_usage(state) -> None:
    usage.init_app(state.app)


@bp.route("/rueckmeldung", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_FEEDBACK"], methods=["POST"])
@public_page
def feedback():
    form = PortalFeedbackForm(
        data={"adresse": request.args.get("adresse", "")} if request.method == "GET" else None
    )
    sent = False
    if form.validate_on_submit():
        page_path = services.local_page_path(form.adresse.data)
        if not form.hp_note.data:
            try:
                services.submit_feedback(
                    task=form.task.data,
                    outcome=form.outcome.data,
                    rating=form.rating_value(),
                    comment=form.comment.data,
                    page_path=page_path,
                )
            except DomainError as error:
                show_service_error(form, error)
        # A bot that filled the honeypot is answered as if it worked; nothing is stored.
        if not form.errors and not form.form_errors:
            if not htmx:
                flash(
                    _("Danke! Ihre Rückmeldung hilft uns, das Portal besser zu machen."), "success"
                )
                return redirect(page_path or url_for("evaluation.feedback"), 303)
            sent, form = True, PortalFeedbackForm(formdata=None)
    status = 422 if form.errors or form.form_errors else 200
    return render_page_or_fragment(
        "evaluation/feedback.html",
        "evaluation/_feedback_form.html",
        status=status,
        form=form,
        page_path=services.local_page_path(form.adresse.data),
        sent=sent,
    )


def _period() -> tuple[EvaluationFilterForm, services.Period]:
    """The filter form and the period it names; the last twelve weeks by default and
    while the form holds an error (shown next to its field)."""
    default = services.default_period(local_today())
    if not request.args:
        data = {"von": default.start, "bis": default.end, "einheit": default.unit}
        return EvaluationFilterForm(data=data), default
    form = EvaluationFilterForm(request.args)
    if not form.validate():
        return form, default
    start = form.von.data or default.start
    end = max(form.bis.data or default.end, start)
    start = max(start, end - timedelta(days=services.MAX_DAYS))
    return form, services.Period(start, end, form.einheit.data or "woche")


@staff_bp.get("")
@permission_required("read_evaluation")
def index():
    # This worker's views since its last write are part of the figures too.
    usage.flush(current_app._get_current_object())
    form, period = _period()
    actor = current_user._get_current_object()
    page = request.args.get("seite", 1, type=int) or 1
    return render_template(
        "evaluation/index.html",
        form=form,
        result=services.evaluation(actor=actor, period=period),
        texts=services.free_texts(actor=actor, period=period, page=page),
        outcome_labels=OUTCOME_LABELS,
        filters={
            "von": period.start.isoformat(),
            "bis": period.end.isoformat(),
            "einheit": period.unit,
        },
    ), 422 if form.errors else 200


@staff_bp.get("/zahlen.csv")
@permission_required("read_evaluation")
def export_figures():
    """Page views per section and day, then accounts and contributions per day."""
    usage.flush(current_app._get_current_object())
    _form, period = _period()
    rows = [
        (_("Seitenaufrufe"), day.isoformat(), "/" + section, views)
        for day, section, views in services.page_views(period)
    ]
    names = (_("Neue Konten"), _("Vorschläge"), _("Kommentare"), _("Unterstützungen"))
    for day, *counts in services.activity_per_day(period):
        rows += [
            (_("Aktivität"), day.isoformat(), name, n)
            for name, n in zip(names, counts, strict=True)
        ]
    header = (_("Bereich"), _("Tag"), _("Gegenstand"), _("Anzahl"))
    return csv_response(header, rows, f"auswertung-{period.start}-{period.end}.csv")


@staff_bp.get("/rueckmeldungen.csv")
@permission_required("read_evaluation")
def export_feedback():
    """Every answer of the period: date, page, what was tried, outcome, grade, text."""
    _form, period = _period()
    entries = services.feedback_entries(actor=current_user._get_current_object(), period=period)
    rows = (
        (
            entry.created_at.date().isoformat(),
            entry.page_path or "",
            entry.task,
            str(OUTCOME_LABELS[entry.outcome]),
            entry.rating or "",
            entry.comment,
        )
        for entry in entries
    )
    header = (_("Tag"), _("Seite"), _("Vorhaben"), _("Geklappt"), _("Note"), _("Anmerkung"))
    return csv_response(header, rows, f"rueckmeldungen-{period.start}-{period.end}.csv")
