"""What moderators read: the report queue (grouped by item), contributions waiting for
approval, open appeals, the audit log, and the figures on load and hidden content. Every list
takes a fixed number of queries, whatever its length."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union_all

from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.core.pagination import clamp_page
from participation.core.permissions import can, require
from participation.districts.models import District
from participation.extensions import db
from participation.moderation.models import Appeal, ModerationAction, ModerationNote, Report
from participation.moderation.services import Target
from participation.projects.models import Process
from participation.proposals.models import Proposal

QUEUE_PAGE_SIZE = 20
PENDING_LIMIT = 50
LOG_PAGE_SIZE = 50


def queue_scope(actor, everywhere: bool = False) -> list:
    """District managers see their districts; the coordination office city-wide processes,
    or every process on request."""
    if actor.role_names & {"coordinator", "admin"}:
        return [] if everywhere else [Process.district_id.is_(None)]
    return [Process.district_id.in_(actor.district_ids() or {-1})]


@dataclass
class Entry:
    """An item in the queue, with its open reports (or its appeal) and its context."""

    target: Target
    reports: list[Report] = field(default_factory=list)
    appeal: Appeal | None = None
    # For comments: the proposal they belong to and the comment they reply to.
    proposal: Proposal | None = None
    parent: Comment | None = None

    @property
    def kind(self) -> str:
        return "vorschlaege" if self.target.proposal is not None else "kommentare"

    @property
    def key(self) -> str:
        return f"{self.kind[0]}{self.target.item.id}"

    @property
    def main_reason(self) -> str:
        reasons = Counter(r.reason for r in self.reports)
        return reasons.most_common(1)[0][0] if reasons else "other"


@dataclass
class QueuePage:
    entries: list[Entry]
    page: int
    pages: int
    total: int
    everywhere: bool


def _contexts(comments: list[Comment]) -> tuple[dict, dict]:
    """The proposals and parent comments of `comments`: two queries, whatever the number."""
    proposal_ids = {c.proposal_id for c in comments if c.proposal_id}
    parent_ids = {c.parent_id for c in comments if c.parent_id}
    proposals = (
        db.session.scalars(select(Proposal).where(Proposal.id.in_(proposal_ids))).all()
        if proposal_ids
        else []
    )
    parents = (
        db.session.scalars(select(Comment).where(Comment.id.in_(parent_ids))).all()
        if parent_ids
        else []
    )
    return {p.id: p for p in proposals}, {c.id: c for c in parents}


def with_context(entries: list[Entry]) -> list[Entry]:
    """Give comment entries their proposal and parent: at most two queries for all of them
    (the queue page asks once for its three lists)."""
    proposals, parents = _contexts([e.target.comment for e in entries if e.target.comment])
    for entry in entries:
        comment = entry.target.comment
        if comment is not None:
            entry.proposal = proposals.get(comment.proposal_id)
            entry.parent = parents.get(comment.parent_id)
    return entries


def report_queue(
    *, actor, everywhere: bool = False, page: int = 1, context: bool = True
) -> QueuePage:
    """Items with open reports in the actor's scope, the longest-waiting first, each with all
    its open reports: two queries (a page past the end one more), and two for the context
    (`context=False` leaves that to the caller, see `with_context`)."""
    require(actor, "moderate_queue")
    conditions = [Report.status == "open", *queue_scope(actor, everywhere)]
    groups = (
        select(
            Report.proposal_id,
            Report.comment_id,
            func.min(Report.created_at).label("first"),
            func.min(Report.id).label("first_id"),
        )
        .join(Process, Process.id == Report.process_id)
        .where(*conditions)
        .group_by(Report.proposal_id, Report.comment_id)
    )

    def page_of(number: int) -> list:
        # The number of items comes with the page (a window over the groups).
        return db.session.execute(
            groups.add_columns(func.count().over().label("total"))
            .order_by("first", "first_id")
            .offset((number - 1) * QUEUE_PAGE_SIZE)
            .limit(QUEUE_PAGE_SIZE)
        ).all()

    # A page far past any queue (a typed address) must not overflow the OFFSET.
    rows = page_of(min(max(page, 1), 10**6))
    if rows or page <= 1:
        total = rows[0].total if rows else 0
    else:
        total = db.session.scalar(select(func.count()).select_from(groups.subquery())) or 0
    page, pages = clamp_page(total, page, QUEUE_PAGE_SIZE)
    if not rows and total:
        rows = page_of(page)
    order = [(row.proposal_id, row.comment_id) for row in rows]
    reports = db.session.scalars(
        select(Report)
        .where(
            Report.status == "open",
            Report.proposal_id.in_([p for p, _c in order if p])
            | Report.comment_id.in_([c for _p, c in order if c]),
        )
        .order_by(Report.created_at, Report.id)
    ).unique()
    by_item: dict[tuple, list[Report]] = {key: [] for key in order}
    for report in reports:
        by_item.setdefault((report.proposal_id, report.comment_id), []).append(report)
    entries = [
        Entry(
            Target(items[0].proposal, items[0].comment, items[0].process),
            reports=items,
        )
        for key in order
        if (items := by_item[key])
    ]
    return QueuePage(with_context(entries) if context else entries, page, pages, total, everywhere)


def pending_queue(
    *, actor, everywhere: bool = False, total: int | None = None, context: bool = True
) -> tuple[list[Entry], int]:
    """Contributions waiting for approval, oldest first (at most PENDING_LIMIT), and how many
    wait in all (counted unless the caller knows it, e.g. from `counts`): three queries, and
    two for the context unless `context=False`."""
    require(actor, "moderate_queue")
    scope = queue_scope(actor, everywhere)
    proposals = db.session.scalars(
        select(Proposal)
        .join(Proposal.process)
        .where(Proposal.status == "pending", *scope)
        .order_by(Proposal.created_at, Proposal.id)
        .limit(PENDING_LIMIT)
    ).all()
    comments = db.session.execute(
        select(Comment, Process)
        .join(Process, Process.id == Comment.process_id)
        .where(Comment.status == "pending", *scope)
        .order_by(Comment.created_at, Comment.id)
        .limit(PENDING_LIMIT)
    ).all()
    entries = [Entry(Target(p, None, p.process)) for p in proposals]
    entries += [Entry(Target(None, c, process)) for c, process in comments]
    entries.sort(key=lambda e: (e.target.item.created_at, e.kind, e.target.item.id))
    if total is None:
        total = db.session.scalar(select(_pending_count(scope))) or 0
    entries = entries[:PENDING_LIMIT]
    return (with_context(entries) if context else entries), total


def _pending_count(scope: list):
    waiting = union_all(
        select(Proposal.id).join(Proposal.process).where(Proposal.status == "pending", *scope),
        select(Comment.id)
        .join(Process, Process.id == Comment.process_id)
        .where(Comment.status == "pending", *scope),
    ).subquery()
    return select(func.count()).select_from(waiting).scalar_subquery()


def appeal_queue(*, actor, everywhere: bool = False, context: bool = True) -> list[Entry]:
    """Open appeals, oldest first, each with the hidden item: four queries. Another moderator
    than the one who hid the item decides, often the coordination office, so it sees the
    appeals of every process; district managers those of their districts."""
    require(actor, "moderate_queue")
    appeals = db.session.scalars(
        select(Appeal)
        .join(ModerationAction, ModerationAction.id == Appeal.action_id)
        .join(Process, Process.id == ModerationAction.process_id)
        .where(Appeal.status == "open", *queue_scope(actor, everywhere=True))
        .order_by(Appeal.created_at, Appeal.id)
    ).all()
    entries = _appeal_entries(appeals)
    return with_context(entries) if context else entries


def _appeal_entries(appeals: list[Appeal]) -> list[Entry]:
    proposal_ids = {a.action.proposal_id for a in appeals if a.action.proposal_id}
    comment_ids = {a.action.comment_id for a in appeals if a.action.comment_id}
    proposals = (
        {p.id: p for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(proposal_ids)))}
        if proposal_ids
        else {}
    )
    comments = (
        {
            c.id: (c, process)
            for c, process in db.session.execute(
                select(Comment, Process)
                .join(Process, Process.id == Comment.process_id)
                .where(Comment.id.in_(comment_ids))
            )
        }
        if comment_ids
        else {}
    )
    entries = []
    for appeal in appeals:
        if appeal.action.proposal_id:
            proposal = proposals[appeal.action.proposal_id]
            target = Target(proposal, None, proposal.process)
        else:
            comment, process = comments[appeal.action.comment_id]
            target = Target(None, comment, process)
        entries.append(Entry(target, appeal=appeal))
    return entries


@dataclass(frozen=True)
class Counts:
    reports: int
    pending: int
    appeals: int

    @property
    def total(self) -> int:
        return self.reports + self.pending + self.appeals


def counts(actor, everywhere: bool = False) -> Counts:
    """For the staff navigation: items with open reports (for the coordination office with
    the network items), waiting contributions and open appeals in the actor's scope, in one
    query."""
    if not can(actor, "moderate_queue"):
        return Counts(0, 0, 0)
    return _count(actor, everywhere)


def _count(actor, everywhere: bool) -> Counts:
    scope = queue_scope(actor, everywhere)
    reported = (
        select(Report.proposal_id, Report.comment_id)
        .join(Process, Process.id == Report.process_id)
        .where(Report.status == "open", *scope)
        .group_by(Report.proposal_id, Report.comment_id)
        .subquery()
    )
    appeals = (
        select(func.count(Appeal.id))
        .join(ModerationAction, ModerationAction.id == Appeal.action_id)
        .join(Process, Process.id == ModerationAction.process_id)
        .where(Appeal.status == "open", *queue_scope(actor, everywhere=True))
        .scalar_subquery()
    )
    reported_count = select(func.count()).select_from(reported).scalar_subquery()
    if can(actor, "moderate_network"):
        # Network items with open reports: the coordination office's alone.
        from participation.moderation.subject_services import open_count

        reported_count = reported_count + open_count()
    row = db.session.execute(select(reported_count, _pending_count(scope), appeals)).one()
    return Counts(*row)


# --- one item -------------------------------------------------------------------------------


@dataclass
class ItemRecord:
    """Everything moderators see about one item: reports, actions, notes, the appeal."""

    entry: Entry
    reports: list[Report]
    actions: list[ModerationAction]
    notes: list[ModerationNote]
    appeal: Appeal | None


def item_record(*, actor, target: Target) -> ItemRecord:
    require(actor, "moderate", target.process)
    column = {
        Report: Report.proposal_id if target.proposal else Report.comment_id,
        ModerationAction: ModerationAction.proposal_id
        if target.proposal
        else ModerationAction.comment_id,
        ModerationNote: ModerationNote.proposal_id
        if target.proposal
        else ModerationNote.comment_id,
    }
    item_id = target.item.id
    reports = db.session.scalars(
        select(Report).where(column[Report] == item_id).order_by(Report.created_at, Report.id)
    ).all()
    actions = db.session.scalars(
        select(ModerationAction)
        .where(column[ModerationAction] == item_id)
        .order_by(ModerationAction.created_at, ModerationAction.id)
    ).all()
    notes = db.session.scalars(
        select(ModerationNote)
        .where(column[ModerationNote] == item_id)
        .order_by(ModerationNote.created_at, ModerationNote.id)
    ).all()
    takedowns = [a.id for a in actions if a.action in ("hide", "reject")]
    appeal = (
        db.session.scalar(select(Appeal).where(Appeal.action_id == takedowns[-1]))
        if takedowns and target.item.status == "hidden"
        else None
    )
    entry = with_context([Entry(target, reports=[r for r in reports if r.status == "open"])])
    return ItemRecord(entry[0], list(reports), list(actions), list(notes), appeal)


# --- the audit log --------------------------------------------------------------------------


@dataclass
class LogPage:
    actions: list[ModerationAction]
    page: int
    pages: int
    total: int


def moderation_log(*, actor, page: int = 1) -> LogPage:
    """Every moderation action, newest first (coordination office and admins): two queries."""
    require(actor, "read_moderation_log")
    total = db.session.scalar(select(func.count(ModerationAction.id))) or 0
    page, pages = clamp_page(total, page, LOG_PAGE_SIZE)
    actions = db.session.scalars(
        select(ModerationAction)
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .offset((page - 1) * LOG_PAGE_SIZE)
        .limit(LOG_PAGE_SIZE)
    ).all()
    return LogPage(list(actions), page, pages, total)


# --- figures --------------------------------------------------------------------------------

AGE_BUCKETS = (
    (timedelta(days=1), _l("unter 1 Tag")),
    (timedelta(days=3), _l("1 bis 3 Tage")),
    (timedelta(days=7), _l("3 bis 7 Tage")),
    (None, _l("älter als 7 Tage")),
)
STATS_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class DecisionTimes:
    district: str
    decided: int
    median_hours: float
    p90_hours: float


def _percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted `values`."""
    rank = max(1, -(-len(values) * share // 1))
    return values[int(rank) - 1]


def decision_times(*, actor) -> list[DecisionTimes]:
    """Hours from a report to its decision per district over the last year (median and 90th
    percentile), for the districts in the actor's scope: one query."""
    require(actor, "moderate_queue")
    scope = queue_scope(actor, everywhere=True)
    rows = db.session.execute(
        select(District.name, Report.created_at, Report.decided_at)
        .join(Process, Process.id == Report.process_id)
        .outerjoin(District, District.id == Process.district_id)
        .where(
            Report.status != "open",
            Report.decided_at.is_not(None),
            Report.decided_at >= utcnow() - STATS_WINDOW,
            *scope,
        )
    ).all()
    hours: dict[str, list[float]] = {}
    for name, created, decided in rows:
        key = name or str(_l("Stadtweit"))
        hours.setdefault(key, []).append((decided - created).total_seconds() / 3600)
    result = []
    for name in sorted(hours):
        values = sorted(hours[name])
        result.append(
            DecisionTimes(
                name,
                len(values),
                round(statistics.median(values), 1),
                round(_percentile(values, 0.9), 1),
            )
        )
    return result


def open_reports_by_age(*, actor) -> list[tuple[str, int]]:
    """Open reports in the actor's scope (coordinators: all) by how long they wait: one
    query."""
    require(actor, "moderate_queue")
    scope = queue_scope(actor, everywhere=True)
    created = db.session.scalars(
        select(Report.created_at)
        .join(Process, Process.id == Report.process_id)
        .where(Report.status == "open", *scope)
    ).all()
    now = utcnow()
    counts = [0] * len(AGE_BUCKETS)
    for moment in created:
        age = now - moment
        for index, (limit, _label) in enumerate(AGE_BUCKETS):
            if limit is None or age < limit:
                counts[index] += 1
                break
    return [(str(label), count) for (_limit, label), count in zip(AGE_BUCKETS, counts, strict=True)]


def hidden_summary(process: Process) -> list[tuple[str, int]]:
    """How many proposals and comments of the process moderation hid, by reason (public):
    one query."""
    hidden = union_all(
        select(Proposal.moderation_reason.label("reason")).where(
            Proposal.process_id == process.id,
            Proposal.status == "hidden",
            Proposal.rejected.is_(False),
        ),
        select(Comment.moderation_reason.label("reason")).where(
            Comment.process_id == process.id,
            Comment.status == "hidden",
            Comment.rejected.is_(False),
        ),
    ).subquery()
    rows = db.session.execute(
        select(hidden.c.reason, func.count()).group_by(hidden.c.reason).order_by(hidden.c.reason)
    ).all()
    return sorted(((reason or "other", count) for reason, count in rows), key=lambda r: -r[1])
