"""The results report as CSV, JSON and PDF: the same facts as its page, nothing more."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from participation.answers.forms import ANSWER_LABELS
from participation.projects.models import Process
from participation.results.figures import Figures
from participation.results.models import ResultsReport

CSV_HEADER = (
    "Nr.",
    "Titel",
    "Verfasser*in",
    "Stadtteil",
    "Unterstützungen",
    "Kommentare",
    "Stand",
    "Antwort",
    "Doppelt zu Nr.",
    "Beantwortet am",
    "Beantwortet von",
)


def status_label(proposal) -> str:
    if proposal.response_status == "open":
        return _("Noch ohne Antwort")
    return str(ANSWER_LABELS[proposal.response_status])


def csv_rows(rows):
    for proposal, response in rows:
        yield (
            proposal.id,
            proposal.title,
            proposal.author.pseudonym,
            proposal.quarter.name if proposal.quarter else "",
            proposal.support_count,
            proposal.comment_count,
            status_label(proposal),
            response.text_markdown if response else "",
            response.duplicate_of_id if response and response.duplicate_of_id else "",
            response.answered_at.date().isoformat() if response else "",
            response.responder.pseudonym if response else "",
        )


def as_json(process: Process, report: ResultsReport, figures: Figures, rows, council=None) -> dict:
    """The open-data form of the report; only what the public page shows."""
    totals = figures.totals
    document = {
        "process": {
            "slug": process.slug,
            "title": process.title,
            "district": process.district.code if process.district else None,
            "action_field": process.action_field.slug,
            "council_documents": [d.number for d in process.council_documents],
        },
        "report": {
            "summary": report.summary_markdown,
            "next_steps": report.next_steps_markdown,
            "published_at": report.published_at.isoformat() if report.published_at else None,
            "published_with_unanswered_proposals_because": report.override_reason or None,
        },
        "figures": {
            "participants": totals.participants,
            "proposals": totals.proposals,
            "comments": totals.comments,
            "supports": totals.supports,
            "proposals_by_quarter": [
                {"quarter": quarter or None, "district": district or None, "proposals": count}
                for quarter, district, count in figures.by_quarter
            ],
            "by_week": [
                {"week_starting": week.isoformat(), "proposals": p, "comments": c}
                for week, p, c in figures.by_week
            ],
        },
        "proposals": [
            {
                "id": proposal.id,
                "title": proposal.title,
                "author": proposal.author.pseudonym,
                "quarter": proposal.quarter.name if proposal.quarter else None,
                "supports": proposal.support_count,
                "comments": proposal.comment_count,
                "status": proposal.response_status,
                "response": {
                    "text": response.text_markdown,
                    "duplicate_of": response.duplicate_of_id,
                    "answered_at": response.answered_at.isoformat(),
                    "answered_by": response.responder.pseudonym,
                }
                if response
                else None,
            }
            for proposal, response in rows
        ],
    }
    if council is not None:
        document["council_papers"] = _council_papers(council)
    return document


def _council_papers(council) -> list[dict]:
    """The linked papers as the local copy of the council information system knows them."""
    return [
        {
            "reference": paper.reference,
            "name": paper.name,
            "web": paper.web_url or None,
            "deleted": paper.deleted,
            "fetched_at": paper.fetched_at.isoformat(),
            "consultations": [
                {
                    "organization": c.organization,
                    "meeting": c.meeting_name,
                    "meeting_start": c.meeting_start.isoformat() if c.meeting_start else None,
                    "role": c.role,
                    "authoritative": c.authoritative,
                    "result": c.result or None,
                }
                for c in paper.consultations
            ],
        }
        for document in council.documents
        for paper in council.papers.get(document.number, [])
    ]


def _no_outside_fetches(url: str, *args, **kwargs):
    """WeasyPrint's fetcher: the PDF is built from the page alone; nothing is loaded,
    not even from this server."""
    raise ValueError(f"refused to fetch {url!r} for a PDF")


def pdf_document(template: str, **context):
    """A template laid out by WeasyPrint, fonts embedded (DejaVu Sans from the system);
    the caller counts its pages or writes it (`.write_pdf()`)."""
    from PIL import ImageFile

    # Importing WeasyPrint switches on Pillow's acceptance of truncated images for the
    # whole process, which would let broken uploads through core.uploads; the PDF loads
    # no images, so the setting goes back at once.
    strict = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = strict
    html = render_template(template, **context)
    return HTML(string=html, url_fetcher=_no_outside_fetches).render()


def as_pdf(**context) -> bytes:
    """The report as a PDF."""
    return pdf_document("results/report_pdf.html", **context).write_pdf()
