"""The office's figures of the exchange: opportunities, interests and matches per
district and per action field (GROUP BY), and the median days to a first answer."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from participation.core.permissions import require
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.volunteering.models import VolunteerInterest, VolunteerOpportunity

# The median is taken over the latest answers, a bounded fetch.
MEDIAN_SAMPLE = 5000


@dataclass
class Row:
    label: str
    opportunities: int
    interests: int
    matches: int


def _grouped(label_column, join_model, join_on) -> list[Row]:
    interests = func.count(VolunteerInterest.id)
    matches = func.coalesce(func.sum(case((VolunteerInterest.status == "matched", 1), else_=0)), 0)
    statement = (
        select(
            label_column,
            func.count(func.distinct(VolunteerOpportunity.id)),
            interests,
            matches,
        )
        .select_from(VolunteerOpportunity)
        .outerjoin(join_model, join_on)
        .outerjoin(VolunteerInterest, VolunteerInterest.opportunity_id == VolunteerOpportunity.id)
        .where(VolunteerOpportunity.published_at.is_not(None))
        .group_by(label_column)
        .order_by(label_column)
    )
    return [
        Row(label or _("stadtweit / ohne Angabe"), int(o), int(i), int(m))
        for label, o, i, m in db.session.execute(statement).all()
    ]


def by_district() -> list[Row]:
    return _grouped(District.name, District, District.id == VolunteerOpportunity.district_id)


def by_action_field() -> list[Row]:
    return _grouped(
        ActionField.name, ActionField, ActionField.id == VolunteerOpportunity.action_field_id
    )


def median_days_to_answer() -> float | None:
    """Median days from an interest to the organisation's first answer (over the latest
    answered interests)."""
    rows = db.session.execute(
        select(VolunteerInterest.created_at, VolunteerInterest.answered_at)
        .where(VolunteerInterest.answered_at.is_not(None))
        .order_by(VolunteerInterest.answered_at.desc())
        .limit(MEDIAN_SAMPLE)
    ).all()
    days = [(answered - created).total_seconds() / 86400 for created, answered in rows]
    return round(median(days), 1) if days else None


def overview(*, actor) -> dict:
    require(actor, "see_volunteering_figures")
    return {
        "districts": by_district(),
        "fields": by_action_field(),
        "median_days": median_days_to_answer(),
    }
