"""The council sync as a background job, queued once an hour by the scheduler."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from participation.core.clock import CITY_TIMEZONE
from participation.council import sync
from participation.jobs.services import enqueue, handler, periodic


@handler("council.sync")
def run_sync(hour: str = "") -> None:
    """A failed run records its error in the sync state and ends normally: the next
    hour's run tries again, so the job queue need not retry it."""
    sync.sync()


@periodic
def schedule_sync(now: datetime) -> None:
    """Once an hour while OPARL_URL is set."""
    if not current_app.config.get("OPARL_URL"):
        return
    hour = now.astimezone(CITY_TIMEZONE).replace(minute=0, second=0, microsecond=0)
    enqueue("council.sync", key=f"council-sync:{hour.isoformat()}", hour=hour.isoformat())
