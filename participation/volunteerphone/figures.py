"""Anonymous figures of the line per month for the office: conversations by topic,
district, age group and outcome; callbacks requested and reached; the median time to a
callback. Six queries whatever the month holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from sqlalchemy import func, select

from participation.core.clock import CITY_TIMEZONE
from participation.core.permissions import require
from participation.districts.models import District
from participation.extensions import db
from participation.volunteerphone.models import CallbackRequest, PhoneConversation


@dataclass
class MonthFigures:
    month: date
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    by_district: list[tuple[str, int]] = field(default_factory=list)
    by_age_group: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    requested: int = 0
    reached: int = 0
    median_hours: float | None = None

    @property
    def conversations(self) -> int:
        return sum(count for _key, count in self.by_topic)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, local midnight, as aware times."""
    first = datetime(month.year, month.month, 1, tzinfo=CITY_TIMEZONE)
    following = (
        datetime(month.year + 1, 1, 1, tzinfo=CITY_TIMEZONE)
        if month.month == 12
        else datetime(month.year, month.month + 1, 1, tzinfo=CITY_TIMEZONE)
    )
    return first, following


def _grouped(column, start, end) -> list[tuple[str, int]]:
    rows = db.session.execute(
        select(column, func.count())
        .where(PhoneConversation.logged_at >= start, PhoneConversation.logged_at < end)
        .group_by(column)
        .order_by(func.count().desc(), column)
    ).all()
    return [(key, count) for key, count in rows]


def month_figures(*, actor, month: date) -> MonthFigures:
    require(actor, "manage_phone_line")
    start, end = month_bounds(month)
    figures = MonthFigures(month=month)
    figures.by_topic = _grouped(PhoneConversation.topic, start, end)
    figures.by_age_group = _grouped(PhoneConversation.age_group, start, end)
    figures.by_outcome = _grouped(PhoneConversation.outcome, start, end)
    districts = db.session.execute(
        select(func.coalesce(District.name, ""), func.count())
        .select_from(PhoneConversation)
        .outerjoin(District, District.id == PhoneConversation.district_id)
        .where(PhoneConversation.logged_at >= start, PhoneConversation.logged_at < end)
        .group_by(District.name)
        .order_by(func.count().desc(), District.name)
    ).all()
    figures.by_district = [(name, count) for name, count in districts]
    in_month = (CallbackRequest.created_at >= start, CallbackRequest.created_at < end)
    requested = db.session.scalar(select(func.count()).where(*in_month)) or 0
    pairs = db.session.execute(
        select(CallbackRequest.created_at, CallbackRequest.reached_at).where(
            *in_month, CallbackRequest.reached_at.is_not(None)
        )
    ).all()
    figures.requested = requested
    figures.reached = len(pairs)
    if pairs:
        figures.median_hours = round(
            median((reached - created).total_seconds() / 3600 for created, reached in pairs), 1
        )
    return figures


def _or_blank(value):
    return "" if value is None else value


def csv_rows(figures: MonthFigures, labels: dict) -> list[tuple]:
    """(Merkmal, Wert, Anzahl) rows for the download."""
    month = f"{figures.month:%Y-%m}"
    rows = [
        (month, "Rückrufwünsche", "", figures.requested),
        (month, "erreicht", "", figures.reached),
        (
            month,
            "Median Stunden bis Rückruf",
            "",
            figures.median_hours if figures.median_hours is not None else "",
        ),
    ]
    for name, items, names in (
        ("Thema", figures.by_topic, labels["topic"]),
        ("Stadtbezirk", figures.by_district, {}),
        ("Altersgruppe", figures.by_age_group, labels["age_group"]),
        ("Ergebnis", figures.by_outcome, labels["outcome"]),
    ):
        for key, count in items:
            rows.append((month, name, str(names.get(key, key)) or "ohne Angabe", count))
    return rows
