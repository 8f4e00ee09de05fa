"""What a council member reads: the district's processes in review and approved, the
answer queue's figures, the results reports waiting for publication, and the daily summary
of those. Read only; every list is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from participation.accounts.models import User
from participation.answers.queue import counts_by_district
from participation.core.errors import NotFound
from participation.core.pagination import fetch_page
from participation.core.permissions import can, require
from participation.councillors.permissions import COUNCIL_STATUSES, council_scope
from participation.districts.models import District
from participation.extensions import db
from participation.projects.listing import PAGE_SIZE, ProcessPage
from participation.projects.models import Process
from participation.results.models import ResultsReport

# Reports shown on the overview: few wait at any time; the count says if more do.
REPORTS_SHOWN = 20


def _in_scope(actor) -> list:
    """Conditions limiting processes to the districts the actor's council reads."""
    scope = council_scope(actor)
    if scope is None:
        return []
    return [Process.district_id.in_(scope or {-1})]


def list_processes(*, actor: User, status: str = "", page: int = 1) -> ProcessPage:
    """Processes in review and approved of the actor's districts, the latest first (two
    queries; district, action field and phases come with them)."""
    require(actor, "read_council_overview")
    statuses = (status,) if status in COUNCIL_STATUSES else COUNCIL_STATUSES
    conditions = [Process.status.in_(statuses), *_in_scope(actor)]
    order = (Process.updated_at.desc(), Process.id.desc())
    listed = fetch_page(db.session, Process, conditions, order, page, PAGE_SIZE)
    listed.filters = {"status": status}
    return listed


def get_process(*, actor: User, slug: str) -> Process:
    """A process the actor's council may read; otherwise it does not exist for them."""
    process = db.session.scalar(select(Process).where(Process.slug == slug[:120]))
    if process is None or not can(actor, "read_council_process", process):
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    return process


@dataclass(frozen=True)
class AnswerFigures:
    district: District | None  # None: the city-wide processes
    open: int
    overdue: int
    answered: int


def answer_figures(*, actor: User) -> list[AnswerFigures]:
    """The answer queue's counts per district of the actor's scope: waiting, overdue and
    answered (two queries). Figures only: no proposal, no person."""
    require(actor, "read_council_overview")
    scope = council_scope(actor)
    counts = counts_by_district(scope)
    query = select(District).order_by(District.code)
    if scope is not None:
        query = query.where(District.id.in_(scope or {-1}))
    rows = [(district, district.id) for district in db.session.scalars(query)]
    if scope is None:
        rows.append((None, None))
    empty = {"offen": 0, "ueberfaellig": 0, "beantwortet": 0}
    return [
        AnswerFigures(
            district,
            counts.get(key, empty)["offen"],
            counts.get(key, empty)["ueberfaellig"],
            counts.get(key, empty)["beantwortet"],
        )
        for district, key in rows
    ]


def _waiting_reports(actor):
    """Closed processes of the actor's districts whose report is written, not published."""
    return [
        Process.status == "closed",
        exists().where(ResultsReport.process_id == Process.id),
        *_in_scope(actor),
    ]


@dataclass(frozen=True)
class WaitingReports:
    items: list[Process]
    total: int


def reports_before_publication(*, actor: User) -> WaitingReports:
    """Results reports written but not yet published, oldest first (two queries)."""
    require(actor, "read_council_overview")
    conditions = _waiting_reports(actor)
    total = db.session.scalar(select(func.count(Process.id)).where(*conditions)) or 0
    items = db.session.scalars(
        select(Process)
        .where(*conditions)
        .order_by(Process.updated_at, Process.id)
        .limit(REPORTS_SHOWN)
    ).all()
    return WaitingReports(list(items), total)


def work_summary(user: User) -> dict[str, int]:
    """The council's lines of the daily summary: the figures the overview shows (three
    queries)."""
    in_scope = _in_scope(user)
    by_status = dict(
        db.session.execute(
            select(Process.status, func.count(Process.id))
            .where(Process.status.in_(COUNCIL_STATUSES), *in_scope)
            .group_by(Process.status)
        ).all()
    )
    answers = counts_by_district(council_scope(user)).values()
    reports = db.session.scalar(select(func.count(Process.id)).where(*_waiting_reports(user)))
    return {
        "council_reviews": int(by_status.get("in_review", 0)),
        "council_approved": int(by_status.get("approved", 0)),
        "council_open": sum(row["offen"] for row in answers),
        "council_overdue": sum(row["ueberfaellig"] for row in answers),
        "council_reports": int(reports or 0),
    }
