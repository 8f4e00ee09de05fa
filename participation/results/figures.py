"""The figures of a results report, counted in the database when the report is shown:
participants, proposals, comments and supports; proposals by quarter; activity by week.
A fixed number of queries, whatever the size of the process."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, union

from participation.comments.models import Comment
from participation.districts.models import District, Quarter
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.votes.models import Support


@dataclass(frozen=True)
class Totals:
    participants: int
    proposals: int
    comments: int
    supports: int


@dataclass(frozen=True)
class Figures:
    totals: Totals
    # (quarter, district, proposals); quarter "" means: no place given.
    by_quarter: list[tuple[str, str, int]]
    # (first day of the week, proposals, comments), every week from the first to the last.
    by_week: list[tuple[date, int, int]]


def _published_proposals(process_id: int):
    return (Proposal.process_id == process_id) & (Proposal.status == "published")


def _published_comments(process_id: int):
    return (Comment.process_id == process_id) & (Comment.status == "published")


def totals(process: Process) -> Totals:
    """One query: four counts. A participant wrote a published proposal or comment, or
    supports a published proposal; staff answering officially are not counted."""
    proposals = _published_proposals(process.id)
    comments = _published_comments(process.id)
    supports = select(Support.user_id).join(Proposal, Proposal.id == Support.proposal_id)
    people = union(
        select(Proposal.author_id.label("user_id")).where(proposals),
        select(Comment.author_id).where(comments, Comment.is_official.is_(False)),
        supports.where(proposals),
    ).subquery()
    row = db.session.execute(
        select(
            select(func.count()).select_from(people).scalar_subquery(),
            select(func.count(Proposal.id)).where(proposals).scalar_subquery(),
            select(func.count(Comment.id)).where(comments).scalar_subquery(),
            select(func.count(Support.id))
            .join(Proposal, Proposal.id == Support.proposal_id)
            .where(proposals)
            .scalar_subquery(),
        )
    ).one()
    return Totals(*(int(n or 0) for n in row))


def by_quarter(process: Process) -> list[tuple[str, str, int]]:
    """Published proposals per quarter, the most first; those without a place last."""
    rows = db.session.execute(
        select(Quarter.name, District.name, func.count(Proposal.id))
        .select_from(Proposal)
        .outerjoin(Quarter, Quarter.id == Proposal.quarter_id)
        .outerjoin(District, District.id == Quarter.district_id)
        .where(_published_proposals(process.id))
        .group_by(Quarter.name, District.name)
    ).all()
    result = [(quarter or "", district or "", int(count)) for quarter, district, count in rows]
    return sorted(result, key=lambda row: (row[0] == "", -row[2], row[0]))


def _as_date(value) -> date:
    # SQLite's date() gives text, PostgreSQL's a date.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def count_per_day(column, condition) -> Counter:
    """Rows per day of `column` (days in UTC) among those matching `condition`: one query."""
    day = func.date(column)
    rows = db.session.execute(select(day, func.count()).where(condition).group_by(day)).all()
    return Counter({_as_date(value): int(count) for value, count in rows})


def by_week(process: Process) -> list[tuple[date, int, int]]:
    """Proposals and comments per calendar week (days in UTC), with empty weeks kept so
    the chart's time axis is even."""
    proposals = count_per_day(Proposal.created_at, _published_proposals(process.id))
    comments = count_per_day(Comment.created_at, _published_comments(process.id))
    days = set(proposals) | set(comments)
    if not days:
        return []

    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    weeks: dict[date, list[int]] = {}
    week = monday(min(days))
    while week <= monday(max(days)):
        weeks[week] = [0, 0]
        week += timedelta(days=7)
    for day, count in proposals.items():
        weeks[monday(day)][0] += count
    for day, count in comments.items():
        weeks[monday(day)][1] += count
    return [(week, counts[0], counts[1]) for week, counts in weeks.items()]


def figures(process: Process) -> Figures:
    return Figures(totals(process), by_quarter(process), by_week(process))
