"""Feedback on the portal and the evaluation of the test phase for the coordination office."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from werkzeug.exceptions import HTTPException

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.pagination import clamp_page
from participation.core.permissions import require
from participation.core.urls import safe_next
from participation.evaluation.models import OUTCOMES, PageViewCount, PortalFeedback
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.results.figures import _as_date, count_per_day
from participation.votes.models import Support

PATH_MAX = 300
TEXTS_PAGE_SIZE = 20
PAGES_SHOWN = 50
UNITS = ("woche", "monat")
# The longest period the page adds up (rows of the usage table grow with it).
MAX_DAYS = 3 * 366


# -- the visitors' form ------------------------------------------------------------------

# Path arguments that are keys (signed links, certificate codes), never stored.
SECRET_ARGUMENTS = frozenset({"token", "code"})


def local_page_path(value: str | None) -> str | None:
    """The path of a page of this portal, or None: a single-slash local path (no host, no
    scheme, no control characters), without its query, that a route of the portal serves."""
    if not value or not isinstance(value, str) or len(value) > PATH_MAX:
        return None
    if safe_next(value, "") != value or "?" in value or "#" in value:
        return None
    try:
        rule, arguments = current_app.url_map.bind("localhost").match(
            value, method="GET", return_rule=True
        )
    except HTTPException:
        return None
    if SECRET_ARGUMENTS & set(arguments):
        # A signed link or a certificate code in the path is a key: only the route's
        # pattern is kept (/qualifizierung/rueckmeldung/<token>).
        return rule.rule
    return value


def submit_feedback(
    *, task: str, outcome: str, rating: int | None, comment: str, page_path: str | None
) -> PortalFeedback:
    """Store one answer; nothing about the person who gave it."""
    if outcome not in OUTCOMES:
        raise DomainError(_("Bitte wählen Sie eine Antwort."), field="outcome")
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(_("Bitte wählen Sie eine Note von 1 bis 5."), field="rating")
    feedback = PortalFeedback(
        task=task or "",
        outcome=outcome,
        rating=rating,
        comment=comment or "",
        page_path=local_page_path(page_path),
    )
    db.session.add(feedback)
    db.session.commit()
    return feedback


# -- the evaluation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    unit: str = "woche"

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=utcnow().tzinfo)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=utcnow().tzinfo)

    def bucket(self, day: date) -> date:
        """The first day of the week (Monday) or month that `day` falls in."""
        if self.unit == "monat":
            return day.replace(day=1)
        return day - timedelta(days=day.weekday())

    def buckets(self) -> list[date]:
        first, last = self.bucket(self.start), self.bucket(self.end)
        result, current = [], first
        while current <= last:
            result.append(current)
            current = (
                (current.replace(day=28) + timedelta(days=4)).replace(day=1)
                if self.unit == "monat"
                else current + timedelta(days=7)
            )
        return result


def default_period(today: date) -> Period:
    """The last twelve weeks."""
    return Period(today - timedelta(days=12 * 7 - 1), today, "woche")


@dataclass
class FeedbackRow:
    """Answers for one page or one week/month."""

    label: object
    total: int = 0
    outcomes: Counter = field(default_factory=Counter)
    rating_sum: int = 0
    rated: int = 0

    @property
    def average(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None


@dataclass
class Evaluation:
    period: Period
    total: FeedbackRow
    by_page: list[FeedbackRow]
    over_time: list[FeedbackRow]
    ratings: list[tuple[int, int]]
    sections: list[tuple[str, int]]
    views_over_time: list[tuple[date, int, list[int]]]
    shown_sections: list[str]
    activity: list[tuple[date, int, int, int, int]]


def _in_period(column, period: Period):
    return and_(column >= period.since, column < period.until)


def _outcome_counts():
    return [func.sum(case((PortalFeedback.outcome == o, 1), else_=0)) for o in OUTCOMES]


def _fill(row: FeedbackRow, total, rating_sum, rated, outcomes) -> None:
    row.total += int(total or 0)
    row.rating_sum += int(rating_sum or 0)
    row.rated += int(rated or 0)
    for name, count in zip(OUTCOMES, outcomes, strict=True):
        row.outcomes[name] += int(count or 0)


def _feedback(period: Period) -> tuple[FeedbackRow, list[FeedbackRow], list[FeedbackRow]]:
    """By page (the most answered first) and by week or month: two queries."""
    in_period = _in_period(PortalFeedback.created_at, period)
    aggregates = (
        func.count(PortalFeedback.id),
        func.sum(PortalFeedback.rating),
        func.count(PortalFeedback.rating),
        *_outcome_counts(),
    )
    pages = db.session.execute(
        select(PortalFeedback.page_path, *aggregates)
        .where(in_period)
        .group_by(PortalFeedback.page_path)
        .order_by(func.count(PortalFeedback.id).desc(), PortalFeedback.page_path)
        .limit(PAGES_SHOWN)
    ).all()
    by_page = []
    for path, total, rating_sum, rated, *outcomes in pages:
        row = FeedbackRow(path)
        _fill(row, total, rating_sum, rated, outcomes)
        by_page.append(row)
    day = func.date(PortalFeedback.created_at)
    days = db.session.execute(select(day, *aggregates).where(in_period).group_by(day)).all()
    buckets = {bucket: FeedbackRow(bucket) for bucket in period.buckets()}
    total = FeedbackRow(None)
    for value, count, rating_sum, rated, *outcomes in days:
        bucket = buckets.setdefault(period.bucket(_as_date(value)), FeedbackRow(value))
        _fill(bucket, count, rating_sum, rated, outcomes)
        _fill(total, count, rating_sum, rated, outcomes)
    return total, by_page, list(buckets.values())


def _ratings(period: Period) -> list[tuple[int, int]]:
    rows = dict(
        db.session.execute(
            select(PortalFeedback.rating, func.count())
            .where(
                _in_period(PortalFeedback.created_at, period), PortalFeedback.rating.is_not(None)
            )
            .group_by(PortalFeedback.rating)
        ).all()
    )
    return [(grade, int(rows.get(grade, 0))) for grade in range(1, 6)]


def page_views(period: Period) -> list[tuple[date, str, int]]:
    """(day, section, views) in the period, by day and section: one query."""
    return [
        (_as_date(day), section, int(views))
        for day, section, views in db.session.execute(
            select(PageViewCount.day, PageViewCount.section, PageViewCount.views)
            .where(PageViewCount.day >= period.start, PageViewCount.day <= period.end)
            .order_by(PageViewCount.day, PageViewCount.section)
        ).all()
    ]


SECTIONS_SHOWN = 6


def _usage(period: Period):
    views = page_views(period)
    per_section: Counter[str] = Counter()
    for _day, section, count in views:
        per_section[section] += count
    sections = per_section.most_common()
    shown = [name for name, _count in sections[:SECTIONS_SHOWN]]
    buckets = {bucket: Counter() for bucket in period.buckets()}
    for day, section, count in views:
        buckets.setdefault(period.bucket(day), Counter())[section] += count
    over_time = [
        (bucket, sum(counts.values()), [counts[name] for name in shown])
        for bucket, counts in buckets.items()
    ]
    return sections, over_time, shown


def activity_per_day(period: Period) -> list[tuple[date, int, int, int, int]]:
    """(day, accounts created, proposals, comments, supports) for every day of the period
    that had any: four queries."""
    columns = [
        count_per_day(model.created_at, _in_period(model.created_at, period))
        for model in (User, Proposal, Comment, Support)
    ]
    days = sorted(set().union(*columns))
    return [(day, *(column[day] for column in columns)) for day in days]


def _activity(period: Period) -> list[tuple[date, int, int, int, int]]:
    buckets: dict[date, list[int]] = {bucket: [0, 0, 0, 0] for bucket in period.buckets()}
    for day, *counts in activity_per_day(period):
        totals = buckets.setdefault(period.bucket(day), [0, 0, 0, 0])
        for index, count in enumerate(counts):
            totals[index] += count
    return [(bucket, *totals) for bucket, totals in buckets.items()]


def evaluation(*, actor: User, period: Period) -> Evaluation:
    """Everything the page shows, in a fixed number of queries whatever the period holds."""
    require(actor, "read_evaluation")
    total, by_page, over_time = _feedback(period)
    sections, views_over_time, shown = _usage(period)
    return Evaluation(
        period=period,
        total=total,
        by_page=by_page,
        over_time=over_time,
        ratings=_ratings(period),
        sections=sections,
        views_over_time=views_over_time,
        shown_sections=shown,
        activity=_activity(period),
    )


@dataclass(frozen=True)
class TextsPage:
    items: list[PortalFeedback]
    page: int
    pages: int
    total: int


def _with_text(period: Period):
    return and_(
        _in_period(PortalFeedback.created_at, period),
        (PortalFeedback.task != "") | (PortalFeedback.comment != ""),
    )


def free_texts(*, actor: User, period: Period, page: int = 1) -> TextsPage:
    """The answers with something written, newest first, one page at a time (two queries)."""
    require(actor, "read_evaluation")
    condition = _with_text(period)
    total = db.session.scalar(select(func.count(PortalFeedback.id)).where(condition)) or 0
    page, pages = clamp_page(total, page, TEXTS_PAGE_SIZE)
    items = db.session.scalars(
        select(PortalFeedback)
        .where(condition)
        .order_by(PortalFeedback.created_at.desc(), PortalFeedback.id.desc())
        .offset((page - 1) * TEXTS_PAGE_SIZE)
        .limit(TEXTS_PAGE_SIZE)
    ).all()
    return TextsPage(list(items), page, pages, total)


def feedback_entries(*, actor: User, period: Period):
    """Every answer of the period, oldest first, for the CSV download (streamed)."""
    require(actor, "read_evaluation")
    return db.session.scalars(
        select(PortalFeedback)
        .where(_in_period(PortalFeedback.created_at, period))
        .order_by(PortalFeedback.created_at, PortalFeedback.id)
        .execution_options(yield_per=500)
    )
