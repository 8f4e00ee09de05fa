"""Writing and publishing the results report, and reading it with its proposals."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from participation.answers.models import OfficialResponse
from participation.coordination import lifecycle
from participation.coordination.services import role_of, transition
from participation.core.clock import utcnow
from participation.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from participation.core.sanitize import render_markdown
from participation.councillors.permissions import sits_for
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.results.models import ResultsReport

# The report is written once the dialogue is closed, and corrected while it is public.
WRITABLE = ("closed", "results_published")
PUBLIC = ("results_published", "archived")
TEXT_MAX = 20000
SUMMARY_MIN = 50
OVERRIDE_MIN = 20


def report_of(process: Process) -> ResultsReport | None:
    return db.session.scalar(select(ResultsReport).where(ResultsReport.process_id == process.id))


def is_public(process: Process, report: ResultsReport | None) -> bool:
    return report is not None and report.published_at is not None and process.status in PUBLIC


def may_read(actor, process: Process, report: ResultsReport | None) -> bool:
    """Everyone reads a published report; the process's staff and the council members of
    its district read the draft."""
    return is_public(process, report) or (
        report is not None
        and (role_of(actor, process) is not None or sits_for(actor, process.district_id))
    )


def readable_report(*, actor, slug: str) -> tuple[Process, ResultsReport]:
    """The process and its report, if the actor may read the report; otherwise 404."""
    process = db.session.scalar(
        select(Process)
        .where(Process.slug == slug[:120])
        .options(selectinload(Process.council_documents))
    )
    report = report_of(process) if process is not None else None
    if process is None or not may_read(actor, process, report):
        raise NotFound(_("Für dieses Verfahren gibt es noch keinen Ergebnisbericht."))
    return process, report


def may_write(actor, process: Process) -> bool:
    return role_of(actor, process) is not None and process.status in WRITABLE


def may_publish(actor, process: Process) -> bool:
    return role_of(actor, process) == lifecycle.OFFICE and process.status == "closed"


def unanswered(process: Process) -> int:
    return (
        db.session.scalar(
            select(func.count(Proposal.id)).where(
                Proposal.process_id == process.id,
                Proposal.status == "published",
                Proposal.response_status == "open",
            )
        )
        or 0
    )


def save(*, actor, process: Process, summary: str, next_steps: str) -> ResultsReport:
    """Write or correct the report's texts (the staff of the process)."""
    if role_of(actor, process) is None:
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    if process.status not in WRITABLE:
        raise Conflict(_("Den Ergebnisbericht schreiben Sie, sobald der Dialog abgeschlossen ist."))
    summary, next_steps = (summary or "").strip(), (next_steps or "").strip()
    if len(summary) < SUMMARY_MIN:
        raise Invalid(
            _("Bitte fassen Sie die Ergebnisse zusammen (mindestens 50 Zeichen)."),
            field="summary",
        )
    for name, text in (("summary", summary), ("next_steps", next_steps)):
        if len(text) > TEXT_MAX:
            raise Invalid(_("Bitte schreiben Sie höchstens 20.000 Zeichen."), field=name)
    report = report_of(process) or ResultsReport(process_id=process.id)
    report.summary_markdown, report.summary_html = summary, render_markdown(summary)
    report.next_steps_markdown = next_steps
    report.next_steps_html = render_markdown(next_steps) if next_steps else ""
    report.updated_at = utcnow()
    db.session.add(report)
    db.session.commit()
    return report


def publish(*, actor, process: Process, override_reason: str = "") -> ResultsReport:
    """The office publishes the report: every proposal needs its answer, unless the office
    says why the report cannot wait. Participants and followers hear of it once; the
    process moves to "results published" in the same transaction."""
    if role_of(actor, process) is None:
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    if role_of(actor, process) != lifecycle.OFFICE:
        raise Forbidden(_("Das ist Aufgabe der Koordinierungsstelle."))
    report = report_of(process)
    if report is None or not report.summary_markdown:
        raise Invalid(_("Der Ergebnisbericht ist noch nicht fertig."), field="summary")
    reason = (override_reason or "").strip()
    missing = unanswered(process)
    if missing and len(reason) < OVERRIDE_MIN:
        raise Invalid(
            _(
                "%(num)d Vorschläge haben noch keine Antwort. Beantworten Sie sie, oder "
                "begründen Sie, warum der Bericht trotzdem erscheint (mindestens 20 Zeichen).",
                num=missing,
            ),
            field="override_reason",
        )
    if len(reason) > 2000:
        raise Invalid(_("Bitte schreiben Sie höchstens 2.000 Zeichen."), field="override_reason")
    now = utcnow()
    report.override_reason = reason if missing else ""
    report.published_at = now
    report.published_by_id = actor.id
    try:
        transition(
            actor=actor,
            process=process,
            action="publish_results",
            comment=report.override_reason,
            given={"results_report": True},
        )
    except DomainError:
        db.session.rollback()
        raise
    return report


def proposals_with_responses(process: Process) -> list[tuple[Proposal, OfficialResponse | None]]:
    """Every published proposal of the process with its answer, the most supported first
    (one query)."""
    rows = db.session.execute(
        select(Proposal, OfficialResponse)
        .outerjoin(OfficialResponse, OfficialResponse.proposal_id == Proposal.id)
        .where(Proposal.process_id == process.id, Proposal.status == "published")
        .order_by(Proposal.support_count.desc(), Proposal.id)
    ).all()
    return [(proposal, response) for proposal, response in rows]
