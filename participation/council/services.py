"""Council papers: link them to processes, find them in the local copy, read them for a
page. The sync that fills the local copy lives in council.sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from participation.core import signals
from participation.core.clock import utcnow
from participation.core.errors import Invalid, NotFound
from participation.core.permissions import require
from participation.council.models import CouncilPaper, CouncilSyncState
from participation.extensions import db
from participation.projects.models import CouncilDocument, Process
from participation.projects.services import DRUCKSACHE

SEARCH_LIMIT = 20


def is_configured() -> bool:
    return bool(current_app.config.get("OPARL_URL"))


def link_paper(*, actor, process: Process, reference: str) -> CouncilDocument:
    """Link the paper with this reference ("1234/2026") to the process; linking it again
    changes nothing. The paper need not be in the local copy yet: the sync brings it."""
    require(actor, "link_council_papers", process)
    reference = (reference or "").strip()
    if not DRUCKSACHE.match(reference):
        raise Invalid(_("Drucksachen-Nummern haben die Form 1234/2026."), field="reference")
    document = db.session.scalar(
        select(CouncilDocument).where(
            CouncilDocument.process_id == process.id, CouncilDocument.number == reference
        )
    )
    if document is None:
        document = CouncilDocument(process_id=process.id, number=reference)
        db.session.add(document)
        db.session.commit()
        signals.process_updated.send(current_app._get_current_object(), process=process)
    return document


def unlink_paper(*, actor, process: Process, document_id: int) -> None:
    require(actor, "link_council_papers", process)
    document = db.session.get(CouncilDocument, document_id)
    if document is None or document.process_id != process.id:
        raise NotFound(_("Diese Drucksache ist mit dem Verfahren nicht verknüpft."))
    db.session.delete(document)
    db.session.commit()
    signals.process_updated.send(current_app._get_current_object(), process=process)


def search_papers(query: str, *, limit: int = SEARCH_LIMIT) -> list[CouncilPaper]:
    """Papers of the local copy whose reference or title holds the words, newest first."""
    words = (query or "").strip().lower()[:100]
    if not words:
        return []
    return list(
        db.session.scalars(
            select(CouncilPaper)
            .where(
                CouncilPaper.deleted.is_(False),
                or_(
                    func.lower(CouncilPaper.reference).contains(words, autoescape=True),
                    func.lower(CouncilPaper.name).contains(words, autoescape=True),
                ),
            )
            .order_by(CouncilPaper.date.desc(), CouncilPaper.id.desc())
            .limit(limit)
        )
    )


@dataclass
class CouncilRecord:
    """What a page shows about a process in the council: its linked references with the
    papers known for them, and how current the local copy is."""

    documents: list[CouncilDocument]
    papers: dict[str, list[CouncilPaper]]
    state: CouncilSyncState | None
    now: datetime

    @property
    def stale(self) -> bool:
        """The last attempt to refresh the copy failed: the page shows an older state."""
        return bool(self.state and self.state.last_error)


def record_for(process: Process) -> CouncilRecord:
    """Three queries whatever the number of papers: the process's documents (unless
    loaded), the papers with their consultations, and the sync's state."""
    documents = list(process.council_documents)
    papers: dict[str, list[CouncilPaper]] = {}
    numbers = [d.number for d in documents]
    if numbers:
        rows = db.session.scalars(
            select(CouncilPaper)
            .where(CouncilPaper.reference.in_(numbers))
            .options(selectinload(CouncilPaper.consultations))
            .order_by(CouncilPaper.date, CouncilPaper.id)
        )
        for paper in rows:
            papers.setdefault(paper.reference, []).append(paper)
    return CouncilRecord(documents=documents, papers=papers, state=sync_state(), now=utcnow())


def sync_state() -> CouncilSyncState | None:
    return db.session.get(CouncilSyncState, 1)
