"""Which proposals wait for an answer, whose they are and by when: the staff queue and the
public list of overdue answers. Every list is one count query and one page query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select, union
from sqlalchemy.orm import aliased

from participation.accounts.models import User
from participation.answers.models import OfficialResponse, ProcessAssignment, ProposalAssignment
from participation.answers.services import ANSWERABLE
from participation.core.clock import local_today
from participation.core.pagination import clamp_page
from participation.districts.models import District
from participation.extensions import db
from participation.projects.models import Process
from participation.projects.permissions import is_office
from participation.proposals.models import Proposal

PAGE_SIZE = 25
# Tabs of the queue: waiting and not yet due, past the due date, answered.
TABS = ("offen", "ueberfaellig", "beantwortet")
Assignee = aliased(User)


# The earliest due date of each process's assignments, joined once per query (a correlated
# subquery per proposal cost a probe for every row counted: 50 ms at city scale).
ProcessDue = (
    select(
        ProcessAssignment.process_id.label("process_id"),
        func.min(ProcessAssignment.due_on).label("due_on"),
    )
    .group_by(ProcessAssignment.process_id)
    .subquery("process_due")
)


def due_on():
    """A proposal's due date: its own assignment's, else the earliest of its process's
    assignments, else the process's feedback date. Needs `from_proposals`' joins."""
    return func.coalesce(ProposalAssignment.due_on, ProcessDue.c.due_on, Process.feedback_due)


def _waiting():
    """Published proposals of public processes: the ones an answer is owed to."""
    return [Proposal.status == "published", Process.status.in_(ANSWERABLE)]


def from_proposals(*columns):
    """SELECT `columns` over proposals with their process and own assignment joined."""
    return (
        select(*columns)
        .select_from(Proposal)
        .join(Process, Process.id == Proposal.process_id)
        .outerjoin(ProposalAssignment, ProposalAssignment.proposal_id == Proposal.id)
        .outerjoin(ProcessDue, ProcessDue.c.process_id == Proposal.process_id)
    )


def _tab_condition(tab: str, today: date):
    due = due_on()
    if tab == "beantwortet":
        return Proposal.response_status != "open"
    late = due < today
    if tab == "ueberfaellig":
        return (Proposal.response_status == "open") & late
    return (Proposal.response_status == "open") & (due.is_(None) | ~late)


@dataclass
class QueuePage:
    items: list[tuple[Proposal, date | None, str | None]]  # proposal, due date, assignee
    page: int
    pages: int
    total: int
    counts: dict[str, int]


def _scope(actor, who: str):
    """Conditions for whose proposals the queue shows: `ich` (assigned to the actor, by
    proposal or by process), `niemand` (nobody assigned), `alle`, or a user id (the
    office only). District managers see their districts' processes only."""
    conditions = []
    office = is_office(actor)
    if not office:
        conditions.append(Process.district_id.in_(actor.district_ids() or {-1}))
    person = actor.id
    # A user id: ASCII digits that fit an id ("²" is a digit to str.isdigit, not to int).
    if office and who.isascii() and who.isdigit() and len(who) <= 9:
        person = int(who)
    elif who in ("alle", "niemand"):
        person = None
    # Uncorrelated lists, read once per query: an EXISTS per proposal inside an OR is probed
    # for every proposal in scope.
    if who == "niemand":
        assigned = select(ProcessAssignment.process_id).distinct()
        conditions.append(ProposalAssignment.id.is_(None))
        conditions.append(Proposal.process_id.not_in(assigned))
    elif person is not None:
        by_process = select(ProcessAssignment.process_id).where(
            ProcessAssignment.assignee_id == person
        )
        # The person's candidates come from their assignments, a few rows found by index,
        # instead of every proposal in scope being tested.
        inner = aliased(Proposal)
        candidates = union(
            select(ProposalAssignment.proposal_id).where(ProposalAssignment.assignee_id == person),
            select(inner.id).where(inner.process_id.in_(by_process)),
        )
        conditions.append(Proposal.id.in_(candidates))
        conditions.append(
            (ProposalAssignment.assignee_id == person)
            | (ProposalAssignment.id.is_(None) & Proposal.process_id.in_(by_process))
        )
    return conditions


def staff_queue(*, actor, tab: str = "offen", who: str = "ich", page: int = 1) -> QueuePage:
    """The answer queue as `actor` asks for it: overdue and due the earliest due first,
    answered the latest answer first."""
    tab = tab if tab in TABS else "offen"
    today = local_today()
    conditions = _waiting() + _scope(actor, who)
    counts_row = db.session.execute(
        from_proposals(
            *(
                func.coalesce(func.sum(case((_tab_condition(name, today), 1), else_=0)), 0)
                for name in TABS
            )
        ).where(*conditions)
    ).one()
    counts = dict(zip(TABS, (int(n) for n in counts_row), strict=True))
    total = counts[tab]
    page, pages = clamp_page(total, page, PAGE_SIZE)
    due = due_on()
    # The page's ids first, over the narrow joins the count used; then its proposals with
    # what the cards show. In one query the planner weighed the cards' joins against every
    # proposal in scope and scanned them all (70 ms at city scale for an empty queue).
    query = (
        from_proposals(Proposal.id, due.label("due"), Assignee.pseudonym)
        .outerjoin(Assignee, Assignee.id == ProposalAssignment.assignee_id)
        .where(*conditions, _tab_condition(tab, today))
    )
    if tab == "beantwortet":
        query = query.outerjoin(
            OfficialResponse, OfficialResponse.proposal_id == Proposal.id
        ).order_by(OfficialResponse.answered_at.desc(), Proposal.id.desc())
    else:
        query = query.order_by(due.asc().nulls_last(), Proposal.id)
    rows = db.session.execute(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return QueuePage(_with_proposals(rows), page, pages, total, counts)


def _with_proposals(rows) -> list[tuple]:
    """(id, …) rows as (proposal, …) in the same order, the proposals loaded in one query."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    loaded = {p.id: p for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(ids)))}
    return [(loaded[row[0]], *row[1:]) for row in rows if row[0] in loaded]


@dataclass
class OverduePage:
    items: list[tuple[Proposal, date]]
    page: int
    pages: int
    total: int


def overdue(*, district_code: str | None = None, page: int = 1) -> OverduePage:
    """The public list of answers the administration owes past their due date, the longest
    overdue first."""
    today = local_today()
    due = due_on()
    conditions = [*_waiting(), Proposal.response_status == "open", due < today]
    if district_code:
        conditions.append(Process.district.has(District.code == district_code))
    total = db.session.scalar(from_proposals(func.count(Proposal.id)).where(*conditions)) or 0
    page, pages = clamp_page(total, page, PAGE_SIZE)
    rows = db.session.execute(
        from_proposals(Proposal, due.label("due"))
        .where(*conditions)
        .order_by(due.asc(), Proposal.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return OverduePage([tuple(row) for row in rows], page, pages, total)


def counts_by_district(district_ids: set[int | None] | None = None) -> dict[int | None, dict]:
    """The queue's three counts for every district (None: the city-wide processes), for
    readers who see figures but no proposals (council members); `district_ids` narrows
    it, None means the whole city. One query."""
    today = local_today()
    conditions = _waiting()
    if district_ids is not None:
        named = {d for d in district_ids if d is not None}
        conditions.append(Process.district_id.in_(named or {-1}))
    rows = db.session.execute(
        from_proposals(
            Process.district_id,
            *(
                func.coalesce(func.sum(case((_tab_condition(name, today), 1), else_=0)), 0)
                for name in TABS
            ),
        )
        .where(*conditions)
        .group_by(Process.district_id)
    ).all()
    return {
        district_id: dict(zip(TABS, (int(n) for n in numbers), strict=True))
        for district_id, *numbers in rows
    }
