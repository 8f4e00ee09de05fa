"""The office's decisions, which never take the approvals past the call's budget, and the
end of a funded case.

An approval's first write is one conditional UPDATE of the call's `approved_total_cents`
(as core.places takes a place): PostgreSQL re-checks the condition under the row lock and
SQLite takes its write lock with it, so two approvals racing for the last euros cannot
both pass. A decline writes the call row first as well, so the decisions of one call run
one after another and the last one marks the call decided.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import exists, select, update

from participation.accounts.models import RoleAssignment, User
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid
from participation.core.links import external_url
from participation.core.permissions import require
from participation.extensions import db
from participation.fund.models import FundApplication, FundCall
from participation.fund.money import euros
from participation.mail.services import queue_mail

TEXT_MAX = 5_000


def _text(value: str, field: str, required: bool) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        raise Invalid(_("Höchstens 5.000 Zeichen."), field=field)
    if required and not value:
        raise Invalid(_("Bitte nennen Sie den Grund."), field=field)
    return value


def decide(
    *,
    actor,
    application: FundApplication,
    approve: bool,
    amount_cents: int | None = None,
    conditions: str = "",
    reason: str = "",
) -> None:
    """Approve with an amount (at most the request, within the budget left) and
    conditions, or decline with a reason; the organisation's members are told once."""
    require(actor, "manage_fund")
    call = application.call
    now = utcnow()
    if application.status != "submitted":
        raise Conflict(_("Über diesen Antrag ist schon entschieden."))
    if call.deadline > now:
        raise Conflict(_("Entschieden wird nach dem Bewerbungsschluss."))
    app_id, call_id = application.id, call.id
    if approve:
        if amount_cents is None or not 0 < amount_cents <= application.requested_cents:
            raise Invalid(
                _("Bitte einen Betrag über 0 und höchstens in Höhe des Antrags."), field="amount"
            )
        conditions = _text(conditions, "conditions", required=False)
        took = db.session.execute(
            update(FundCall)
            .where(
                FundCall.id == call_id,
                FundCall.approved_total_cents + amount_cents <= FundCall.budget_cents,
            )
            .values(approved_total_cents=FundCall.approved_total_cents + amount_cents)
            .execution_options(synchronize_session=False)
        ).rowcount
        if took != 1:
            db.session.rollback()
            raise Conflict(
                _("Dafür reicht das Budget der Ausschreibung nicht mehr."), field="amount"
            )
        values = {"status": "approved", "approved_cents": amount_cents, "conditions": conditions}
    else:
        reason = _text(reason, "reason", required=True)
        # The call's row first: decisions of one call run one after another.
        db.session.execute(
            update(FundCall)
            .where(FundCall.id == call_id)
            .values(approved_total_cents=FundCall.approved_total_cents)
            .execution_options(synchronize_session=False)
        )
        values = {"status": "declined", "decline_reason": reason}
    changed = db.session.execute(
        update(FundApplication)
        .where(FundApplication.id == app_id, FundApplication.status == "submitted")
        .values(decided_at=now, decided_by_id=actor.id, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Conflict(_("Über diesen Antrag ist schon entschieden."))
    _mark_decided(call_id, now)
    _tell_members(
        application,
        approve=approve,
        amount_cents=amount_cents,
        conditions=conditions,
        reason=reason,
    )
    db.session.commit()
    db.session.expire_all()


def _mark_decided(call_id: int, now) -> None:
    """The call is decided once no submitted application waits."""
    waiting = exists().where(
        FundApplication.call_id == call_id, FundApplication.status == "submitted"
    )
    db.session.execute(
        update(FundCall)
        .where(FundCall.id == call_id, FundCall.status == "open", ~waiting)
        .values(status="decided", decided_at=now)
        .execution_options(synchronize_session=False)
    )


def _tell_members(application, *, approve, amount_cents, conditions, reason) -> None:
    members = db.session.execute(
        select(User.id, User.email)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(
            RoleAssignment.role == "partner_member",
            RoleAssignment.organisation_id == application.organisation_id,
            User.deleted_at.is_(None),
        )
    ).all()
    link = external_url("fund.application", application_id=application.id)
    for user_id, email in members:
        queue_mail(
            recipient=email,
            subject=_("Förderfonds: Entscheidung über Ihren Antrag"),
            template="fund_decision",
            key=f"fund-decision:{application.id}:{user_id}",
            title=application.title,
            organisation=application.organisation.name,
            approved=approve,
            amount=euros(amount_cents) if approve else "",
            conditions=conditions,
            reason=reason,
            link=link,
        )


def close_case(*, actor, application: FundApplication) -> None:
    """The office has checked report and receipts: the case is closed."""
    require(actor, "manage_fund")
    if application.status != "reported":
        raise Conflict(_("Abgeschlossen wird ein Fall, sobald der Bericht vorliegt."))
    application.status, application.closed_at = "closed", utcnow()
    db.session.commit()
