"""Moving processes through their lifecycle: the guards' facts, the change, the record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.coordination import checklist, lifecycle
from participation.coordination.models import ProcessTransition
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.projects.models import Process
from participation.projects.permissions import OFFICE_ROLES

COMMENT_MAX = 2000


def role_of(actor, process: Process) -> str | None:
    """The actor's role towards this process in the lifecycle table, or None."""
    if not (actor and actor.is_authenticated):
        return None
    if actor.role_names & OFFICE_ROLES:
        return lifecycle.OFFICE
    if process.district_id is not None and process.district_id in actor.district_ids():
        return lifecycle.DRAFTER
    return None


def facts(process: Process, *, ticked: Iterable[str] = ()) -> dict[str, bool]:
    """Which guards of the table the process fulfils; `ticked` are the checklist keys the
    reviewer ticked with this request."""
    ticked = set(ticked)
    return {
        "scope_for_influence": bool(process.scope_for_influence.strip()),
        "constraints": bool(process.constraints.strip()),
        "use_of_results": bool(process.use_of_results.strip()),
        "feedback_due": process.feedback_due is not None,
        "dialogue_phase": any(phase.kind == "dialogue" for phase in process.phases),
        "contact": bool(
            process.contact_email.strip()
            and (process.contact_person.strip() or process.contact_office.strip())
        ),
        "checklist": all(key in ticked for key, _text in checklist.items()),
        # The results report (its own step of the coordination workflow) sets this.
        "results_report": False,
    }


def missing_content(process: Process) -> list[str]:
    """What the process still lacks before it can be submitted, as sentences."""
    known = facts(process)
    return [str(text) for guard, text in lifecycle.CONTENT_GUARDS.items() if not known[guard]]


def transition(
    *,
    actor,
    process: Process,
    action: str,
    comment: str = "",
    ticked: Iterable[str] = (),
    given: Mapping[str, bool] | None = None,
) -> ProcessTransition:
    """Take `action` on the process as the table allows, record it and tell who needs to
    know. Refusals name every reason; a process changed meanwhile by someone else gives a
    Conflict instead of a second step. `given` are guard facts a later feature has checked
    itself (the results report), so this module need not know that feature."""
    role = role_of(actor, process)
    if role is None:
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))
    ticked = [key for key in ticked if key]
    comment = (comment or "").strip()
    known = {**facts(process, ticked=ticked), **(given or {})}
    decision = lifecycle.decide(action, process.status, role, known)
    if decision.refusal == "role":
        raise Forbidden(decision.reasons[0])
    if decision.refusal == "state":
        raise Conflict(decision.reasons[0])
    if decision.refusal == "guard":
        field = "checklist" if decision.missing == ("checklist",) else None
        raise Invalid(" ".join(decision.reasons), field=field)
    step = lifecycle.TRANSITIONS[action]
    if step.needs_comment and len(comment) < 10:
        raise Invalid(
            _("Bitte schreiben Sie eine Begründung (mindestens 10 Zeichen)."), field="comment"
        )
    if len(comment) > COMMENT_MAX:
        raise Invalid(_("Bitte schreiben Sie höchstens 2.000 Zeichen."), field="comment")
    now = utcnow()
    values = {"status": step.target}
    if action == "publish" and process.published_at is None:
        values["published_at"] = now
    # The status is the guard of the update: of two clicks at once, one moves the process.
    moved = db.session.execute(
        update(Process)
        .where(Process.id == process.id, Process.status == step.source)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise Conflict(_("Das Verfahren wurde inzwischen geändert. Bitte laden Sie die Seite neu."))
    texts = dict(checklist.items())
    record = ProcessTransition(
        process_id=process.id,
        actor_id=actor.id,
        action=action,
        from_status=step.source,
        to_status=step.target,
        comment=comment,
        checklist=[{"key": key, "text": texts[key]} for key in texts if key in ticked]
        if action == "approve"
        else [],
        created_at=now,
    )
    db.session.add(record)
    if action == "return":
        _tell_drafter(process, comment)
    app = current_app._get_current_object()
    # Inside the transaction: what it means for residents is recorded with the step.
    signals.process_moved.send(app, process=process, action=action, actor=actor)
    db.session.commit()
    db.session.refresh(process)
    if action == "publish":
        signals.process_published.send(app, process=process)
    return record


def _tell_drafter(process: Process, reason: str) -> None:
    """The person who submitted the process learns why it came back (through the outbox)."""
    submitter = db.session.scalar(
        select(ProcessTransition)
        .where(ProcessTransition.process_id == process.id, ProcessTransition.action == "submit")
        .order_by(ProcessTransition.created_at.desc(), ProcessTransition.id.desc())
        .limit(1)
    )
    if submitter is None:
        return
    queue_mail(
        recipient=submitter.actor.email,
        subject=_("Ihr Verfahren wurde zur Überarbeitung zurückgegeben"),
        template="process_returned",
        title=process.title,
        reason=reason,
        link=external_url("coordination.timeline", slug=process.slug),
    )


def timeline(process: Process) -> list[ProcessTransition]:
    """Every step of the process, oldest first (one query, actors joined)."""
    return list(
        db.session.scalars(
            select(ProcessTransition)
            .where(ProcessTransition.process_id == process.id)
            .order_by(ProcessTransition.created_at, ProcessTransition.id)
        )
    )


def advance_to(*, actor, process: Process, status: str, comment: str = "") -> Process:
    """Take the process along the main path up to `status`, ticking the whole checklist;
    for seeding (demo, benchmarks, tests), with the same guards and records as the web."""
    if status not in lifecycle.PATH:
        raise ValueError(f"unknown status {status!r}")
    everything = [key for key, _text in checklist.items()]
    path = ("submit", "approve", "publish", "close", "publish_results", "archive")
    for action in path:
        if lifecycle.PATH.index(process.status) >= lifecycle.PATH.index(status):
            break
        if process.status == "returned":
            transition(actor=actor, process=process, action="revise")
        step = lifecycle.TRANSITIONS[action]
        if step.source != process.status:
            continue
        transition(actor=actor, process=process, action=action, comment=comment, ticked=everything)
    if process.status != status:
        raise Conflict(f"could not take the process to {status!r}")
    return process
