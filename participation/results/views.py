"""The results report: public at /verfahren/<slug>/ergebnisse (with CSV, JSON and PDF),
written and published by staff at /verwaltung/verfahren/<slug>/ergebnisbericht."""

from __future__ import annotations

import json

from flask import Blueprint, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts.reauth import reauth_required
from participation.core.exports import csv_response, download
from participation.core.forms import submit_form
from participation.core.pagecache import cached_for_visitors
from participation.core.permissions import permission_required
from participation.council import services as council
from participation.projects import services as projects
from participation.results import exports, services
from participation.results.figures import figures
from participation.results.forms import PublishForm, ReportForm

bp = Blueprint("results", __name__)
STAFF = "/verwaltung/verfahren/<slug>/ergebnisbericht"


def _actor():
    return current_user._get_current_object()


def _readable(slug: str):
    return services.readable_report(actor=_actor(), slug=slug)


def _context(process, report) -> dict:
    return {
        "process": process,
        "report": report,
        "figures": figures(process),
        "rows": services.proposals_with_responses(process),
        "public": services.is_public(process, report),
        # The papers with their consultations, where an OParl endpoint is set.
        "council": council.record_for(process) if council.is_configured() else None,
    }


@bp.get("/verfahren/<slug>/ergebnisse")
@cached_for_visitors
def report(slug: str):
    process, report = _readable(slug)
    return render_template(
        "results/report.html",
        **_context(process, report),
        editable=services.may_write(_actor(), process),
    )


@bp.get("/verfahren/<slug>/ergebnisse.<any(csv, json, pdf):kind>")
def report_download(slug: str, kind: str):
    process, report = _readable(slug)
    context = _context(process, report)
    name = f"ergebnisbericht-{process.slug}.{kind}"
    if kind == "csv":
        return csv_response(exports.CSV_HEADER, exports.csv_rows(context["rows"]), name)
    if kind == "json":
        document = exports.as_json(
            process, report, context["figures"], context["rows"], context["council"]
        )
        body = json.dumps(document, ensure_ascii=False, indent=2)
        return download(body, "application/json; charset=utf-8", name)
    return download(exports.as_pdf(**context), "application/pdf", name)


def _compose_page(process, *, form=None, publish_form=None, status: int = 200):
    report = services.report_of(process)
    if form is None:
        form = ReportForm(
            data={"summary": report.summary_markdown, "next_steps": report.next_steps_markdown}
            if report
            else None
        )
    return (
        render_template(
            "results/compose.html",
            process=process,
            report=report,
            form=form,
            publish_form=publish_form or PublishForm(),
            unanswered=services.unanswered(process),
            may_write=services.may_write(_actor(), process),
            may_publish=services.may_publish(_actor(), process),
        ),
        status,
    )


@bp.route(STAFF, methods=["GET", "POST"])
@permission_required("manage_processes")
def compose(slug: str):
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    form = ReportForm()
    if not form.is_submitted():
        return _compose_page(process)
    done, status = submit_form(
        form,
        lambda: services.save(
            actor=_actor(),
            process=process,
            summary=form.summary.data or "",
            next_steps=form.next_steps.data or "",
        ),
        done=_l("Der Ergebnisbericht ist gespeichert."),
        target=url_for("results.compose", slug=process.slug),
    )
    if done:
        return done
    return _compose_page(process, form=form, status=status)


@bp.post(f"{STAFF}/veroeffentlichen")
@permission_required("manage_processes")
@reauth_required
def publish(slug: str):
    process = projects.get_process_for_staff(actor=_actor(), slug=slug[:120])
    form = PublishForm()
    done, status = submit_form(
        form,
        lambda: services.publish(
            actor=_actor(), process=process, override_reason=form.override_reason.data or ""
        ),
        done=_l("Der Ergebnisbericht ist veröffentlicht."),
        target=url_for("results.report", slug=process.slug),
    )
    if done:
        return done
    return _compose_page(process, publish_form=form, status=status)
