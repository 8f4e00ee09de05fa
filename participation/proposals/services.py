"""Proposal use cases: submit, edit within the window, withdraw, find, list, similar titles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import BigInteger, cast, exists, func, select, update
from sqlalchemy.orm import joinedload, lazyload

from participation.comments.models import Comment
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.db import (
    bump_counter,
    earlier_submission,
    insert_once,
    lock_row,
    submission_key,
)
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.pagination import clamp_page
from participation.core.permissions import can, require
from participation.core.sanitize import render_markdown
from participation.core.search import matches, similar
from participation.districts.models import District, Quarter
from participation.extensions import db
from participation.moderation.premoderation import needs_approval
from participation.projects.models import Process, ProposalCategory
from participation.projects.stages import require_participation
from participation.proposals.models import RESPONSE_STATUSES, Proposal

PAGE_SIZE = 20
SORTS = ("neu", "unterstuetzt", "diskutiert", "zufall")
# The stable random order: (id * multiplier) mod PRIME, with a large multiplier derived
# from the seed, shuffles ids the same way for one seed on every page, on both engines.
_PRIME = 2_147_483_629
TITLE_LENGTH = (5, 150)
BODY_LENGTH = (10, 5000)
PLACE_LENGTH = 200


@dataclass
class ProposalPage:
    items: list[Proposal]
    page: int
    pages: int
    total: int
    seed: int | None = None


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["PROPOSAL_EDIT_MINUTES"])


def _check_text(title: str, body: str, place: str) -> tuple[str, str, str]:
    title, body, place = title.strip(), body.strip(), place.strip()
    if not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        raise Invalid(
            _("Der Titel muss %(min)s bis %(max)s Zeichen lang sein.", min=5, max=150),
            field="title",
        )
    if not BODY_LENGTH[0] <= len(body) <= BODY_LENGTH[1]:
        raise Invalid(
            _("Die Beschreibung muss %(min)s bis %(max)s Zeichen lang sein.", min=10, max=5000),
            field="body",
        )
    if len(place) > PLACE_LENGTH:
        raise Invalid(_("Der Ort darf höchstens 200 Zeichen lang sein."), field="place")
    return title, body, place


def _category(process: Process, category_id: int | None) -> ProposalCategory | None:
    if not category_id:
        return None
    category = db.session.get(ProposalCategory, category_id)
    if category is None or category.process_id != process.id:
        raise Invalid(_("Diese Kategorie gibt es in diesem Verfahren nicht."), field="category")
    return category


def _quarter(process: Process, quarter_id: int | None) -> Quarter | None:
    if not quarter_id:
        return None
    quarter = db.session.get(Quarter, quarter_id)
    if quarter is None or (process.district_id and quarter.district_id != process.district_id):
        raise Invalid(_("Diesen Stadtteil gibt es in diesem Bezirk nicht."), field="quarter")
    return quarter


def submit_proposal(
    *,
    actor,
    process: Process,
    title: str,
    body: str,
    category_id: int | None = None,
    quarter_id: int | None = None,
    place: str = "",
    submission: str | None = None,
) -> Proposal:
    """A new proposal; visible at once, or pending where the process pre-moderates. The
    same form sent twice (`submission`, same text) gives the first proposal back."""
    require_participation(actor, process, "propose")
    title, body, place = _check_text(title, body, place)
    key = submission_key(submission, title, body, place)

    existing = earlier_submission(db.session, Proposal, actor.id, key)
    if existing is not None:
        return existing
    proposal = Proposal(
        submission_key=key,
        process_id=process.id,
        author_id=actor.id,
        category=_category(process, category_id),
        quarter=_quarter(process, quarter_id),
        place=place,
        title=title,
        body_markdown=body,
        body_html=render_markdown(body),
        status="pending" if needs_approval(actor, process) else "published",
    )

    def count() -> None:
        if proposal.status == "published":
            _count_proposals(process.id, +1)

    proposal, created = insert_once(db.session, proposal, then=count)
    if created:
        signals.proposal_submitted.send(current_app._get_current_object(), proposal=proposal)
    return proposal


def _count_proposals(process_id: int, delta: int) -> None:
    bump_counter(db.session, Process, process_id, "proposal_count", delta)


def edit_refusal(actor, proposal: Proposal, now=None) -> str | None:
    """Why the author may not edit the proposal (any more); None if they may."""
    now = now or utcnow()
    if not can(actor, "change_proposal", proposal):
        return _("Nur wer den Vorschlag gemacht hat, kann ihn bearbeiten.")
    if proposal.status not in ("published", "pending"):
        return _("Dieser Vorschlag kann nicht mehr bearbeitet werden.")
    if proposal.process.status != "published":
        return _("Dieses Verfahren ist abgeschlossen; Vorschläge bleiben, wie sie sind.")
    if proposal.support_count or proposal.comment_count or _has_any_comment(proposal.id):
        return _(
            "Der Vorschlag hat schon Unterstützung oder Kommentare; damit alle wissen, worauf "
            "sie reagiert haben, bleibt er so, wie er ist."
        )
    if now - proposal.created_at > _window():
        return _(
            "Vorschläge können nur in den ersten %(minutes)s Minuten bearbeitet werden.",
            minutes=current_app.config["PROPOSAL_EDIT_MINUTES"],
        )
    if actor.is_blocked(now):
        return _("Ihr Konto ist für Beiträge gesperrt.")
    return None


def _has_any_comment(proposal_id: int) -> bool:
    """Comments waiting for approval count as reactions, too."""
    return db.session.scalar(select(exists().where(Comment.proposal_id == proposal_id)))


def edit_proposal(
    *,
    actor,
    proposal: Proposal,
    title: str,
    body: str,
    category_id: int | None = None,
    quarter_id: int | None = None,
    place: str = "",
) -> Proposal:
    refusal = edit_refusal(actor, proposal)
    if refusal:
        raise Conflict(refusal)
    title, body, place = _check_text(title, body, place)
    category = _category(proposal.process, category_id)
    quarter = _quarter(proposal.process, quarter_id)
    # Checked again in the UPDATE itself: a support or comment that arrived since the check
    # above keeps the proposal as it was.
    changed = db.session.execute(
        update(Proposal)
        .where(
            Proposal.id == proposal.id,
            Proposal.support_count == 0,
            Proposal.comment_count == 0,
            ~exists().where(Comment.proposal_id == proposal.id),
        )
        .values(
            title=title,
            body_markdown=body,
            body_html=render_markdown(body),
            category_id=category.id if category else None,
            quarter_id=quarter.id if quarter else None,
            place=place,
            edited_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not changed:
        raise Conflict(
            _("Inzwischen hat jemand auf den Vorschlag reagiert; er bleibt, wie er ist.")
        )
    db.session.refresh(proposal)
    signals.proposal_edited.send(current_app._get_current_object(), proposal=proposal)
    return proposal


def withdraw_proposal(*, actor, proposal: Proposal) -> Proposal:
    """The author takes the proposal back; it leaves the lists, its page says so."""
    require(
        actor,
        "change_proposal",
        proposal,
        _("Nur wer den Vorschlag gemacht hat, kann ihn zurückziehen."),
    )
    if proposal.status == "withdrawn":
        return proposal
    if proposal.status == "hidden":
        raise Conflict(_("Dieser Vorschlag wurde von der Moderation ausgeblendet."))
    if proposal.process.status != "published" or proposal.response_status != "open":
        raise Conflict(
            _("Dieser Vorschlag ist Teil der Auswertung und kann nicht mehr zurückgezogen werden.")
        )
    # The process first: every service that moves its counters locks it before others.
    lock_row(db.session, Process, proposal.process_id)
    # Only one of two concurrent withdrawals changes the row, and only it changes the count.
    changed = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status == proposal.status)
        .values(status="withdrawn", withdrawn_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed and proposal.status == "published":
        _count_proposals(proposal.process_id, -1)
    db.session.commit()
    db.session.refresh(proposal)
    if changed:
        signals.proposal_withdrawn.send(current_app._get_current_object(), proposal=proposal)
    return proposal


def can_see(actor, proposal: Proposal) -> bool:
    """Published and withdrawn proposals are public (withdrawn and hidden ones as a note);
    pending and rejected ones only for their author and the process's staff."""
    if not can(actor, "view_process", proposal.process):
        return False
    if proposal.status in ("published", "withdrawn", "hidden") and not proposal.rejected:
        return True
    is_author = actor is not None and actor.is_authenticated and actor.id == proposal.author_id
    return is_author or can(actor, "publish_process", proposal.process)


def get_proposal(*, actor, proposal_id: int) -> Proposal:
    proposal = db.session.get(
        Proposal,
        proposal_id,
        # The page needs the process, not the quarters of its district.
        options=[
            joinedload(Proposal.process).joinedload(Process.district).lazyload(District.quarters)
        ],
    )
    if proposal is None or not can_see(actor, proposal):
        raise NotFound(_("Diesen Vorschlag gibt es nicht."))
    return proposal


def list_proposals(
    *,
    process: Process,
    sort: str = "neu",
    category_id: int | None = None,
    quarter_id: int | None = None,
    answer: str | None = None,
    query: str | None = None,
    page: int = 1,
    seed: int | None = None,
    per_page: int = PAGE_SIZE,
    with_authors: bool = True,
) -> ProposalPage:
    """Published proposals of a process, filtered, sorted and paginated: two queries.
    `with_authors=False` leaves the authors unloaded (the API shows none)."""
    conditions = [Proposal.process_id == process.id, Proposal.status == "published"]
    if category_id:
        conditions.append(Proposal.category_id == category_id)
    if quarter_id:
        conditions.append(Proposal.quarter_id == quarter_id)
    if answer == "offen":
        conditions.append(Proposal.response_status == "open")
    elif answer == "beantwortet":
        conditions.append(Proposal.response_status != "open")
    elif answer in RESPONSE_STATUSES:
        conditions.append(Proposal.response_status == answer)
    search = matches(Proposal.__table__, query or "", db.engine.dialect.name)
    if search is not None:
        conditions.append(search)
    total = db.session.scalar(select(func.count(Proposal.id)).where(*conditions)) or 0
    page, pages = clamp_page(total, page, per_page)
    sort = sort if sort in SORTS else "neu"
    if sort == "zufall":
        seed = seed or 1
        multiplier = 1 + (seed * 2_654_435_761) % (_PRIME - 1)
        order = ((cast(Proposal.id, BigInteger) * multiplier) % _PRIME, Proposal.id)
    else:
        seed = None
        order = {
            "neu": (Proposal.created_at.desc(), Proposal.id.desc()),
            "unterstuetzt": (Proposal.support_count.desc(), Proposal.id.desc()),
            "diskutiert": (Proposal.comment_count.desc(), Proposal.id.desc()),
        }[sort]
    statement = select(Proposal).where(*conditions).order_by(*order)
    if not with_authors:
        statement = statement.options(lazyload(Proposal.author))
    items = db.session.scalars(statement.offset((page - 1) * per_page).limit(per_page)).all()
    return ProposalPage(list(items), page, pages, total, seed)


def similar_proposals(*, process: Process, title: str, limit: int = 5) -> list[Proposal]:
    """Published proposals of the process whose title or text shares words with `title`."""
    condition = similar(Proposal.__table__, title, db.engine.dialect.name)
    if condition is None:
        return []
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.process_id == process.id, Proposal.status == "published", condition)
            .order_by(Proposal.support_count.desc(), Proposal.id.desc())
            .limit(limit)
        )
    )


def proposals_of_author(*, actor, process: Process) -> list[Proposal]:
    """The actor's own pending proposals of the process (so they see "wartet auf Freigabe")."""
    if not (actor and actor.is_authenticated):
        return []
    return list(
        db.session.scalars(
            select(Proposal).where(
                Proposal.process_id == process.id,
                Proposal.author_id == actor.id,
                Proposal.status == "pending",
            )
        )
    )
