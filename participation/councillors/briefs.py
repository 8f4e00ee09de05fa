"""The "Vorlage für den Bezirksrat": a one-page PDF summary of a district's Vorhabenliste or
of a process's results report, laid out like the report's PDF (results/exports.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from participation.coordination import register
from participation.core.clock import local_today
from participation.core.links import external_url
from participation.districts.models import District
from participation.projects.models import Process
from participation.results import exports
from participation.results.figures import totals
from participation.results.models import ResultsReport
from participation.results.services import proposals_with_responses

# The most supported proposals a results brief names; the rest are counted.
TOP_PROPOSALS = 5


def one_page(template: str, items: list, **context) -> bytes:
    """Render `template` with as many of `items` as fit on one page (the template counts
    the rest against its `total`). Every text of the page is bounded, so it fits with no
    items at all."""
    limit = len(items)
    while True:
        document = exports.pdf_document(template, items=items[:limit], **context)
        if len(document.pages) <= 1 or limit == 0:
            return document.write_pdf()
        limit = min(limit - 1, limit * 3 // 4)


def planned_brief(district: District | None) -> bytes:
    """The district's Vorhabenliste (city-wide processes included), soonest start first;
    without a district the whole city's."""
    listed = register.list_planned(district_code=district.code if district else None)
    return one_page(
        "councillors/brief_planned.html",
        listed.items,
        district=district,
        total=listed.total,
        today=local_today(),
        source=external_url("coordination.planned", bezirk=district.code)
        if district
        else external_url("coordination.planned"),
    )


@dataclass(frozen=True)
class AnswerLine:
    label: str
    count: int


def report_brief(process: Process, report: ResultsReport, *, public: bool) -> bytes:
    """A process's results on one page: figures, how the proposals were answered, the most
    supported proposals with their answer, and the start of the summary."""
    rows = proposals_with_responses(process)
    by_status = Counter(exports.status_label(proposal) for proposal, _response in rows)
    top = sorted(rows, key=lambda row: (-row[0].support_count, row[0].id))
    return one_page(
        "councillors/brief_report.html",
        [(proposal, exports.status_label(proposal)) for proposal, _response in top[:TOP_PROPOSALS]],
        total=len(rows),
        process=process,
        report=report,
        totals=totals(process),
        answers=[AnswerLine(label, count) for label, count in by_status.most_common()],
        public=public,
        today=local_today(),
        source=external_url("results.report", slug=process.slug),
    )
