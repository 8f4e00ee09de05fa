"""Accountability in public: how many proposals of a process or a district have their
answer, how many are overdue, and how many days after the dialogue's end answers came
(the median). Each figure is one or two queries, whatever the number of proposals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from sqlalchemy import case, func, select

from participation.answers.models import OfficialResponse
from participation.answers.queue import due_on, from_proposals
from participation.answers.services import ANSWERABLE
from participation.core.clock import CITY_TIMEZONE, local_today
from participation.districts.models import District
from participation.extensions import db
from participation.projects.models import Phase, Process
from participation.proposals.models import Proposal


@dataclass(frozen=True)
class AnswerRecord:
    proposals: int
    answered: int
    overdue: int
    median_days: float | None


def _counts(today: date):
    """The three counts as columns: owed, answered, overdue."""
    answered = Proposal.response_status != "open"
    late = (Proposal.response_status == "open") & (due_on() < today)
    return (
        func.count(Proposal.id),
        func.coalesce(func.sum(case((answered, 1), else_=0)), 0),
        func.coalesce(func.sum(case((late, 1), else_=0)), 0),
    )


# Archived processes still owe the answers they never gave.
OWED = (*ANSWERABLE, "archived")


def _owed():
    return [Proposal.status == "published", Process.status.in_(OWED)]


def _dialogue_end():
    return (
        select(func.max(Phase.ends_on))
        .where(Phase.process_id == Proposal.process_id, Phase.kind == "dialogue")
        .correlate(Proposal)
        .scalar_subquery()
    )


def days_after(answered_at: datetime, dialogue_end: date | None) -> int | None:
    """Whole days from the dialogue's last day to the answer (city time); answers given
    while the dialogue ran count as 0."""
    if dialogue_end is None:
        return None
    answered_on = answered_at.astimezone(CITY_TIMEZONE).date()
    return max(0, (answered_on - dialogue_end).days)


def _answer_days(*conditions):
    """(district id, days) for every answered proposal under `conditions` (one query)."""
    rows = db.session.execute(
        select(Process.district_id, OfficialResponse.answered_at, _dialogue_end())
        .select_from(Proposal)
        .join(Process, Process.id == Proposal.process_id)
        .join(OfficialResponse, OfficialResponse.proposal_id == Proposal.id)
        .where(*_owed(), *conditions)
    ).all()
    return [
        (district_id, days)
        for district_id, answered_at, end in rows
        if (days := days_after(answered_at, end)) is not None
    ]


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None


def for_process(process: Process) -> AnswerRecord:
    counts = db.session.execute(
        from_proposals(*_counts(local_today())).where(*_owed(), Proposal.process_id == process.id)
    ).one()
    days = [d for _district, d in _answer_days(Proposal.process_id == process.id)]
    return AnswerRecord(*(int(n) for n in counts), _median(days))


@dataclass(frozen=True)
class DistrictRecord:
    district: District | None  # None: the city-wide processes
    record: AnswerRecord


def by_district() -> tuple[list[DistrictRecord], AnswerRecord]:
    """One row per district (and one for city-wide processes) and the whole city; three
    queries."""
    today = local_today()
    counts = {
        district_id: tuple(int(n) for n in numbers)
        for district_id, *numbers in db.session.execute(
            from_proposals(Process.district_id, *_counts(today))
            .where(*_owed())
            .group_by(Process.district_id)
        ).all()
    }
    days: dict[int | None, list[int]] = {}
    for district_id, value in _answer_days():
        days.setdefault(district_id, []).append(value)
    districts = db.session.scalars(select(District).order_by(District.code)).all()
    rows = []
    for district in [*districts, None]:
        key = district.id if district is not None else None
        owed, answered, overdue = counts.get(key, (0, 0, 0))
        rows.append(
            DistrictRecord(
                district, AnswerRecord(owed, answered, overdue, _median(days.get(key, [])))
            )
        )
    city = AnswerRecord(
        sum(r.record.proposals for r in rows),
        sum(r.record.answered for r in rows),
        sum(r.record.overdue for r in rows),
        _median([d for values in days.values() for d in values]),
    )
    return rows, city
