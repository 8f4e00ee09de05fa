"""The office's figures, each a fixed number of queries whatever the size of the city:
processes by status, reviews waiting too long, answers, participation per district and per
action field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from participation.answers import accountability
from participation.comments.models import Comment
from participation.coordination.lifecycle import PATH
from participation.coordination.models import ProcessTransition
from participation.core.clock import utcnow
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal


def processes_by_status() -> list[tuple[str, int]]:
    """Every lifecycle status along the path with its number of processes (one query)."""
    counts = {
        status: count
        for status, count in db.session.execute(
            select(Process.status, func.count(Process.id)).group_by(Process.status)
        )
    }
    return [(status, int(counts.get(status, 0))) for status in PATH]


@dataclass(frozen=True)
class WaitingReview:
    process: Process
    since: datetime


def overdue_reviews() -> list[WaitingReview]:
    """Processes in review for longer than REVIEW_DAYS, the longest waiting first (one
    query)."""
    submitted = (
        select(func.max(ProcessTransition.created_at))
        .where(
            ProcessTransition.process_id == Process.id,
            ProcessTransition.to_status == "in_review",
        )
        .correlate(Process)
        .scalar_subquery()
    )
    limit = utcnow() - timedelta(days=current_app.config["REVIEW_DAYS"])
    rows = db.session.execute(
        select(Process, submitted.label("since"))
        .where(Process.status == "in_review", submitted < limit)
        .order_by(submitted, Process.id)
    ).all()
    return [WaitingReview(process, since) for process, since in rows]


@dataclass(frozen=True)
class Participation:
    label: str
    processes: int
    proposals: int
    comments: int
    supports: int


def _participation(key, label_column, join_target, join_on) -> list[Participation]:
    """Published processes and their published contributions grouped by `key` (two
    queries; comments are counted apart so the join does not multiply them)."""
    public = Process.status.in_(("published", "closed", "results_published", "archived"))
    proposals = {
        group: (int(processes), int(count), int(supports))
        for group, processes, count, supports in db.session.execute(
            select(
                key,
                func.count(func.distinct(Process.id)),
                func.count(Proposal.id),
                func.coalesce(func.sum(Proposal.support_count), 0),
            )
            .select_from(Process)
            .outerjoin(
                Proposal, (Proposal.process_id == Process.id) & (Proposal.status == "published")
            )
            .where(public)
            .group_by(key)
        ).all()
    }
    comments = {
        group: count
        for group, count in db.session.execute(
            select(key, func.count(Comment.id))
            .select_from(Comment)
            .join(Process, Process.id == Comment.process_id)
            .where(public, Comment.status == "published")
            .group_by(key)
        )
    }
    labels = db.session.execute(select(join_target.id, label_column).order_by(join_on)).all()
    rows = []
    for group_id, label in [*labels, (None, None)]:
        if group_id is None and None not in proposals:
            continue
        processes, count, supports = proposals.get(group_id, (0, 0, 0))
        rows.append(
            Participation(label or "", processes, count, int(comments.get(group_id, 0)), supports)
        )
    return rows


def participation_by_district() -> list[Participation]:
    """Per district, and a last row with an empty label for the city-wide processes."""
    return _participation(Process.district_id, District.name, District, District.code)


def participation_by_action_field() -> list[Participation]:
    return _participation(
        Process.action_field_id, ActionField.name, ActionField, ActionField.position
    )


@dataclass(frozen=True)
class OfficeFigures:
    by_status: list[tuple[str, int]]
    overdue_reviews: list[WaitingReview]
    answers_by_district: list[accountability.DistrictRecord]
    answers_city: accountability.AnswerRecord
    by_district: list[Participation]
    by_action_field: list[Participation]


def office_figures() -> OfficeFigures:
    answers, city = accountability.by_district()
    return OfficeFigures(
        processes_by_status(),
        overdue_reviews(),
        answers,
        city,
        participation_by_district(),
        participation_by_action_field(),
    )
