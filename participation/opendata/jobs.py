"""Writing the open-data files again on the scheduler's clock, through the job queue."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from participation.core import signals
from participation.core.clock import utcnow
from participation.jobs.services import enqueue, handler, periodic
from participation.opendata import generate

JOB = "opendata.generate"


@handler(JOB)
def generate_job(now: str | None = None) -> None:
    generate.generate()


def _slot(now: datetime) -> datetime:
    """The start of the regeneration interval `now` falls in (UTC)."""
    minutes = max(1, current_app.config["OPENDATA_REGENERATE_MINUTES"])
    epoch_minutes = int(now.timestamp() // 60)
    return datetime.fromtimestamp((epoch_minutes - epoch_minutes % minutes) * 60, tz=now.tzinfo)


@periodic
def schedule_generation(now: datetime) -> None:
    """Once per interval (the timer looks every minute; the key makes it one job)."""
    slot = _slot(now)
    enqueue(JOB, key=f"opendata:{slot.isoformat()}", now=now.isoformat())


def refresh_soon(*_sender, **_details) -> None:
    """Content left public view: write the files anew at the start of the next minute.
    Everything hidden within one minute shares one job, which starts after the last of
    them; it runs in the transaction that hides (see core.signals)."""
    now = utcnow()
    next_minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    enqueue(JOB, key=f"opendata:refresh:{next_minute.isoformat()}", run_at=next_minute)


def refresh_after_withdrawal(*_sender, **_details) -> None:
    """A proposal was withdrawn (the signal comes after that commit): as refresh_soon."""
    from participation.extensions import db

    refresh_soon()
    db.session.commit()


signals.content_hidden.connect(refresh_soon, weak=False)
signals.proposal_withdrawn.connect(refresh_after_withdrawal, weak=False)


def request_first_generation() -> None:
    """Queue a generation because none exists yet (one job per interval, however many
    visitors ask). With inline jobs it has run when this returns."""
    from participation.extensions import db

    now = utcnow()
    enqueue(JOB, key=f"opendata:first:{_slot(now).isoformat()}", now=now.isoformat())
    db.session.commit()
