"""Official responses to proposals: who answers by when, the answer itself, and who hears."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update

from participation.accounts.models import RoleAssignment, User
from participation.answers.models import (
    ANSWER_STATUSES,
    OfficialResponse,
    ProcessAssignment,
    ProposalAssignment,
)
from participation.coordination import lifecycle
from participation.coordination.services import role_of
from participation.core import signals
from participation.core.clock import local_today, utcnow
from participation.core.db import insert_ignoring_duplicates, upsert
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.sanitize import render_markdown
from participation.extensions import db
from participation.projects.models import Process
from participation.projects.permissions import OFFICE_ROLES
from participation.proposals.models import Proposal

# Answers are given once a process is public, and until it is archived.
ANSWERABLE = ("published", "closed", "results_published")
# Assignments are planned from approval on, and end with the archive.
ASSIGNABLE = ("approved", "published", "closed", "results_published")
TEXT_MIN, TEXT_MAX = 20, 5000


def may_answer(actor, proposal: Proposal) -> bool:
    """The staff responsible for the process answer: its district's managers and the office."""
    return role_of(actor, proposal.process) is not None


def may_assign(actor, process: Process) -> bool:
    return role_of(actor, process) == lifecycle.OFFICE


def responsible_staff(process: Process) -> list[User]:
    """Everyone who may answer the process's proposals: the coordination office and the
    managers of its district, by pseudonym (one query)."""
    scope = RoleAssignment.role.in_(OFFICE_ROLES)
    if process.district_id is not None:
        scope = or_(
            scope,
            (RoleAssignment.role == "district_manager")
            & (RoleAssignment.district_id == process.district_id),
        )
    users = select(RoleAssignment.user_id).where(scope)
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(users)).order_by(User.pseudonym, User.id)
        ).all()
    )


def staff_members() -> list[User]:
    """Everyone who answers proposals anywhere: the office and every district manager."""
    users = select(RoleAssignment.user_id).where(
        RoleAssignment.role.in_(OFFICE_ROLES | {"district_manager"})
    )
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(users)).order_by(User.pseudonym, User.id)
        ).all()
    )


def _check_assignment(actor, process: Process, assignee: User | None, due_on: date | None):
    if not may_assign(actor, process):
        raise Forbidden(_("Zuständigkeiten vergibt die Koordinierungsstelle."))
    if process.status not in ASSIGNABLE:
        raise Conflict(_("In diesem Status des Verfahrens werden keine Zuständigkeiten vergeben."))
    if assignee is None or role_of(assignee, process) is None:
        raise Invalid(_("Diese Person ist für das Verfahren nicht zuständig."), field="assignee")
    if due_on is not None and due_on < local_today():
        raise Invalid(_("Das Datum liegt in der Vergangenheit."), field="due_on")


def assign_process(
    *, actor, process: Process, assignee: User | None, due_on: date | None = None
) -> ProcessAssignment:
    """The office makes `assignee` responsible for answering the process's proposals, by
    `due_on` (default: the process's feedback date). Assigning again changes the date."""
    _check_assignment(actor, process, assignee, due_on)
    upsert(
        db.session,
        ProcessAssignment,
        keys=("process_id", "assignee_id"),
        process_id=process.id,
        assignee_id=assignee.id,
        due_on=due_on or process.feedback_due,
    )
    db.session.commit()
    return db.session.scalar(
        select(ProcessAssignment).where(
            ProcessAssignment.process_id == process.id,
            ProcessAssignment.assignee_id == assignee.id,
        )
    )


def unassign_process(*, actor, process: Process, assignee_id: int) -> None:
    if not may_assign(actor, process):
        raise Forbidden(_("Zuständigkeiten vergibt die Koordinierungsstelle."))
    removed = db.session.execute(
        delete(ProcessAssignment).where(
            ProcessAssignment.process_id == process.id,
            ProcessAssignment.assignee_id == assignee_id,
        )
    ).rowcount
    if removed != 1:
        db.session.rollback()
        raise NotFound(_("Diese Zuständigkeit gibt es nicht."))
    db.session.commit()


def process_assignments(process: Process) -> list[ProcessAssignment]:
    return list(
        db.session.scalars(
            select(ProcessAssignment)
            .where(ProcessAssignment.process_id == process.id)
            .order_by(ProcessAssignment.id)
        ).all()
    )


def assign_proposal(
    *, actor, proposal: Proposal, assignee: User | None, due_on: date | None = None
) -> ProposalAssignment:
    """The office gives one proposal to `assignee`, due by `due_on` (default: the process's
    feedback date). A new assignment replaces the old one."""
    _check_assignment(actor, proposal.process, assignee, due_on)
    if proposal.status != "published":
        raise Conflict(_("Nur veröffentlichte Vorschläge werden beantwortet."))
    upsert(
        db.session,
        ProposalAssignment,
        keys=("proposal_id",),
        proposal_id=proposal.id,
        assignee_id=assignee.id,
        due_on=due_on or proposal.process.feedback_due,
    )
    db.session.commit()
    return assignment_of(proposal)


def unassign_proposal(*, actor, proposal: Proposal) -> None:
    """Give the proposal back to the process's team."""
    if not may_assign(actor, proposal.process):
        raise Forbidden(_("Zuständigkeiten vergibt die Koordinierungsstelle."))
    db.session.execute(
        delete(ProposalAssignment).where(ProposalAssignment.proposal_id == proposal.id)
    )
    db.session.commit()


def assignment_of(proposal: Proposal) -> ProposalAssignment | None:
    return db.session.scalar(
        select(ProposalAssignment).where(ProposalAssignment.proposal_id == proposal.id)
    )


def response_of(proposal: Proposal) -> OfficialResponse | None:
    return db.session.scalar(
        select(OfficialResponse).where(OfficialResponse.proposal_id == proposal.id)
    )


def answer(
    *,
    actor,
    proposal: Proposal,
    status: str,
    text: str = "",
    duplicate_of_id: int | None = None,
) -> OfficialResponse:
    """Give or change the official answer. The first answer is news for the author, every
    supporter and the proposal's followers (a notification); changes are shown, not sent
    again. A duplicate
    takes its lead proposal's status and shows its answer."""
    if not may_answer(actor, proposal):
        raise NotFound(_("Diesen Vorschlag gibt es nicht."))
    if proposal.status != "published":
        raise Conflict(_("Nur veröffentlichte Vorschläge werden beantwortet."))
    if proposal.process.status not in ANSWERABLE:
        raise Conflict(_("In diesem Status des Verfahrens werden keine Antworten gegeben."))
    text = (text or "").strip()
    lead = _lead(proposal, duplicate_of_id) if duplicate_of_id else None
    if lead is not None:
        status = lead.response_status
    elif status not in ANSWER_STATUSES:
        raise Invalid(_("Bitte wählen Sie einen Stand."), field="status")
    if lead is None and len(text) < TEXT_MIN:
        raise Invalid(_("Bitte begründen Sie die Antwort (mindestens 20 Zeichen)."), field="text")
    if len(text) > TEXT_MAX:
        raise Invalid(_("Bitte schreiben Sie höchstens 5.000 Zeichen."), field="text")
    now = utcnow()
    values = {
        "status": status,
        "text_markdown": text,
        "text_html": render_markdown(text) if text else "",
        "responder_id": actor.id,
        "duplicate_of_id": lead.id if lead else None,
    }
    first = insert_ignoring_duplicates(
        db.session, OfficialResponse, proposal_id=proposal.id, answered_at=now, **values
    )
    if not first:
        db.session.execute(
            update(OfficialResponse)
            .where(OfficialResponse.proposal_id == proposal.id)
            .values(updated_at=now, **values)
        )
    # The stored status drives the list filters; duplicates follow their lead.
    db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id).values(response_status=status)
    )
    duplicates = select(OfficialResponse.proposal_id).where(
        OfficialResponse.duplicate_of_id == proposal.id
    )
    db.session.execute(
        update(Proposal).where(Proposal.id.in_(duplicates)).values(response_status=status)
    )
    db.session.execute(
        update(OfficialResponse)
        .where(OfficialResponse.duplicate_of_id == proposal.id)
        .values(status=status)
    )
    signals.response_given.send(
        current_app._get_current_object(), proposal=proposal, actor=actor, first=first, at=now
    )
    db.session.commit()
    db.session.refresh(proposal)
    return response_of(proposal)


def _lead(proposal: Proposal, lead_id: int) -> Proposal:
    lead = db.session.get(Proposal, lead_id)
    if (
        lead is None
        or lead.id == proposal.id
        or lead.process_id != proposal.process_id
        or lead.status != "published"
    ):
        raise Invalid(
            _("Bitte wählen Sie einen veröffentlichten Vorschlag desselben Verfahrens."),
            field="duplicate_of",
        )
    own = response_of(lead)
    if own is None or own.duplicate_of_id is not None:
        raise Invalid(
            _("Der Hauptvorschlag braucht zuerst eine eigene Antwort."), field="duplicate_of"
        )
    return lead
