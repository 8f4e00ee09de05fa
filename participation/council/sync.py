"""Refresh the local copy of the council's papers from the OParl endpoint.

Each run asks for the papers modified since the start of the last successful run
(`modified_since`, OParl 1.1 "Filter"), follows `links.next` to the end of every list and
writes what it read in one transaction: a run that fails half-way (timeout, an error
status, broken JSON) changes no paper, records its error and the time, and the next run
asks again from the same point. A paper the server marks `deleted` keeps its last known
state and is shown as removed ("Gelöschte Objekte").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.core.clock import utcnow
from participation.council.models import CouncilConsultation, CouncilPaper, CouncilSyncState
from participation.council.oparl import OParlClient, OParlError, PaperData
from participation.extensions import db

log = logging.getLogger(__name__)
# Asked for a little before the last run began: a paper changed while that run read the
# list may have been missed by it; fetching it twice costs nothing.
OVERLAP = timedelta(minutes=5)


@dataclass
class SyncOutcome:
    ok: bool
    papers: int = 0
    deleted: int = 0
    error: str = ""


def _state() -> CouncilSyncState:
    state = db.session.get(CouncilSyncState, 1)
    if state is None:
        state = CouncilSyncState(id=1)
        db.session.add(state)
    return state


def sync(*, full: bool = False) -> SyncOutcome:
    """One run against OPARL_URL; `full` reads every paper instead of the changed ones."""
    config = current_app.config
    if not config.get("OPARL_URL"):
        return SyncOutcome(ok=False, error="OPARL_URL is not set")
    started = utcnow()
    since = None if full else _state().synced_until
    db.session.rollback()  # no transaction stays open while the server answers
    client = None
    try:
        client = OParlClient(
            config["OPARL_URL"],
            timeout=config["OPARL_TIMEOUT"],
            max_pages=config["OPARL_MAX_PAGES"],
            max_bytes=config["OPARL_MAX_BYTES"],
        )
        read = [
            paper
            for raw in client.papers(modified_since=since - OVERLAP if since else None)
            if (paper := client.read_paper(raw)) is not None
        ]
    except OParlError as error:
        return _record_failure(started, str(error))
    finally:
        if client is not None:
            client.close()
    outcome = SyncOutcome(ok=True)
    _store(read, started, outcome)
    state = _state()
    state.synced_until = started
    state.last_success_at = started
    state.last_attempt_at = started
    state.last_error = None
    db.session.commit()
    log.info("council sync: %s papers, %s deleted", outcome.papers, outcome.deleted)
    return outcome


def _record_failure(started: datetime, message: str) -> SyncOutcome:
    db.session.rollback()
    state = _state()
    state.last_attempt_at = started
    state.last_error = message[:500]
    db.session.commit()
    log.warning("council sync failed: %s", message)
    return SyncOutcome(ok=False, error=message)


def _store(read: list[PaperData], fetched_at: datetime, outcome: SyncOutcome) -> None:
    """Write the papers read; later copies of one paper (a list that moved while it was
    read) win over earlier ones."""
    latest = {paper.oparl_id: paper for paper in read}
    known = (
        {
            paper.oparl_id: paper
            for paper in db.session.scalars(
                select(CouncilPaper)
                .where(CouncilPaper.oparl_id.in_(list(latest)))
                .options(selectinload(CouncilPaper.consultations))
            )
        }
        if latest
        else {}
    )
    for oparl_id, data in latest.items():
        paper = known.get(oparl_id)
        if data.deleted:
            if paper is not None:
                paper.deleted = True
                paper.modified = data.modified or paper.modified
                paper.fetched_at = fetched_at
                outcome.deleted += 1
            continue
        if paper is None:
            paper = CouncilPaper(oparl_id=oparl_id)
            db.session.add(paper)
        _apply(paper, data, fetched_at)
        outcome.papers += 1


def _apply(paper: CouncilPaper, data: PaperData, fetched_at: datetime) -> None:
    paper.reference = data.reference
    paper.name = data.name
    paper.paper_type = data.paper_type
    paper.date = data.date
    paper.web_url = data.web_url
    paper.main_file = data.main_file
    paper.auxiliary_files = data.auxiliary_files
    paper.modified = data.modified
    paper.deleted = False
    paper.fetched_at = fetched_at
    paper.consultations = [
        CouncilConsultation(position=position, **vars(consultation))
        for position, consultation in enumerate(data.consultations)
    ]
