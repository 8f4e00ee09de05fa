"""Moderation use cases: report; hide with a public reason, restore, dismiss; approve or
reject what waits for approval; lock threads, close comments, block authors; notes; appeals.
Every step is logged as a ModerationAction; authors and reporters learn what happened by mail
(one mail per person and action, through the outbox)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import exists, or_, select, update

from participation.accounts.models import RoleAssignment, User
from participation.comments.models import Comment
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.db import bump_counter, insert_ignoring_duplicates, lock_row
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.core.permissions import can, require
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.moderation.models import (
    REASONS,
    Appeal,
    ModerationAction,
    ModerationNote,
    Report,
)
from participation.projects.models import Process
from participation.proposals.models import Proposal

NOTE_LENGTH = 1000
EXPLANATION_LENGTH = 1000


@dataclass(frozen=True)
class Target:
    """A proposal or a comment, and the process it belongs to."""

    proposal: Proposal | None
    comment: Comment | None
    process: Process

    @property
    def item(self):
        return self.proposal or self.comment

    @property
    def ids(self) -> dict:
        return {
            "proposal_id": self.proposal.id if self.proposal else None,
            "comment_id": self.comment.id if self.comment else None,
        }

    def local_link(self) -> str:
        from flask import url_for

        if self.proposal is not None:
            return url_for("proposals.detail", proposal_id=self.proposal.id)
        return url_for("comments.show", comment_id=self.comment.id)

    def link(self) -> str:
        if self.proposal is not None:
            return external_url("proposals.detail", proposal_id=self.proposal.id)
        return external_url("comments.show", comment_id=self.comment.id)


def target_of(*, proposal_id: int | None = None, comment_id: int | None = None) -> Target:
    if proposal_id is not None:
        proposal = db.session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFound(_("Diesen Vorschlag gibt es nicht."))
        return Target(proposal, None, proposal.process)
    comment = db.session.get(Comment, comment_id) if comment_id is not None else None
    if comment is None:
        raise NotFound(_("Diesen Kommentar gibt es nicht."))
    return Target(None, comment, db.session.get(Process, comment.process_id))


def _check_reason(reason: str) -> None:
    if reason not in REASONS:
        raise Invalid(_("Bitte wählen Sie einen Grund."), field="reason")


def file_report(actor, *, reason: str, note: str, link: str, already, **columns) -> None:
    """Check the reason and the note, store the open report (one per person and item: else
    Conflict with `already`) and confirm it to the reporter by mail; the caller commits.
    Shared by reports of dialogue contributions and of network items."""
    _check_reason(reason)
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise Invalid(_("Der Hinweis darf höchstens 1.000 Zeichen lang sein."), field="note")
    added = insert_ignoring_duplicates(
        db.session,
        Report,
        reporter_id=actor.id,
        reason=reason,
        note=note,
        status="open",
        **columns,
    )
    if not added:
        db.session.rollback()
        raise Conflict(already)
    queue_mail(
        recipient=actor.email,
        subject=_("Ihre Meldung ist eingegangen"),
        template="report_received",
        pseudonym=actor.pseudonym,
        reason=str(REASONS[reason]),
        link=link,
    )


def report(*, actor, target: Target, reason: str, note: str = "") -> Report:
    """A signed-in user reports a visible proposal or comment; one open report per user and
    item. The reporter gets a confirmation by mail."""
    require(actor, "report_content", target.process)
    if target.item.status != "published":
        raise Conflict(_("Dieser Beitrag ist nicht (mehr) öffentlich."))
    if target.item.author_id == actor.id:
        raise Conflict(
            _("Eigene Beiträge melden Sie nicht; Sie können sie bearbeiten oder löschen.")
        )
    file_report(
        actor,
        reason=reason,
        note=note,
        link=target.link(),
        already=_("Sie haben diesen Beitrag bereits gemeldet. Die Moderation prüft ihn."),
        process_id=target.process.id,
        **target.ids,
    )
    db.session.commit()
    return db.session.scalar(
        select(Report)
        .where(Report.reporter_id == actor.id, Report.status == "open")
        .order_by(Report.id.desc())
        .limit(1)
    )


def _log(actor, action: str, target: Target | None = None, **fields) -> ModerationAction:
    entry = ModerationAction(
        created_at=utcnow(),
        actor_id=actor.id,
        action=action,
        process_id=target.process.id if target else fields.pop("process_id", None),
        **(target.ids if target else {}),
        **fields,
    )
    db.session.add(entry)
    return entry


def _close_reports(target: Target, status: str, actor) -> set[int]:
    """Settle the item's open reports; returns who reported them (only this transaction's
    UPDATE sees them open, so a concurrent decision finds none)."""
    return set(
        db.session.scalars(
            update(Report)
            .where(Report.status == "open", _report_of(target))
            .values(status=status, decided_at=utcnow(), decided_by_id=actor.id)
            .returning(Report.reporter_id)
            .execution_options(synchronize_session=False)
        )
    )


def _move_counts(target: Target, delta: int) -> None:
    """A hidden item leaves the stored counts; a restored one returns to them."""
    if target.proposal is not None:
        bump_counter(db.session, Process, target.process.id, "proposal_count", delta)
        return
    comment = target.comment
    bump_counter(db.session, Process, target.process.id, "comment_count", delta)
    if comment.proposal_id is not None:
        bump_counter(db.session, Proposal, comment.proposal_id, "comment_count", delta)
    if comment.parent_id is not None:
        bump_counter(db.session, Comment, comment.parent_id, "reply_count", delta)


def _set_status(target: Target, old: str, new: str, **values) -> bool:
    model = Proposal if target.proposal is not None else Comment
    return bool(
        db.session.execute(
            update(model)
            .where(model.id == target.item.id, model.status == old)
            .values(status=new, **values)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def _check_explanation(explanation: str) -> str:
    explanation = explanation.strip()
    if not 10 <= len(explanation) <= EXPLANATION_LENGTH:
        raise Invalid(
            _("Bitte erklären Sie in 10 bis 1.000 Zeichen, warum der Beitrag ausgeblendet wird."),
            field="explanation",
        )
    return explanation


def _tell_reporters(target: Target, decision: str, reporter_ids: set[int]) -> None:
    """Each person whose report the decision settled learns the outcome once (the author of
    the item learns it from their own mail)."""
    reporter_ids = reporter_ids - {target.item.author_id}
    reporters = db.session.scalars(select(User).where(User.id.in_(reporter_ids))).all()
    for reporter in reporters:
        queue_mail(
            recipient=reporter.email,
            subject=_("Ihre Meldung ist entschieden"),
            template="report_decided",
            pseudonym=reporter.pseudonym,
            decision=decision,
            link=target.link(),
        )


def _report_of(target: Target):
    if target.proposal is not None:
        return Report.proposal_id == target.proposal.id
    return Report.comment_id == target.comment.id


def _take_down(
    *, actor, target: Target, reason: str, explanation: str, from_status: str, action: str
) -> ModerationAction:
    require(actor, "moderate", target.process)
    _check_reason(reason)
    explanation = _check_explanation(explanation)
    lock_row(db.session, Process, target.process.id)
    if not _set_status(
        target,
        from_status,
        "hidden",
        moderation_reason=reason,
        moderation_explanation=explanation,
        rejected=from_status == "pending",
    ):
        db.session.rollback()
        if from_status == "pending":
            raise Conflict(_("Dieser Beitrag wartet nicht (mehr) auf Freigabe."))
        raise Conflict(_("Dieser Beitrag ist nicht (mehr) öffentlich."))
    if from_status == "published":
        _move_counts(target, -1)  # pending items were never counted
    reporters = _close_reports(target, "actioned", actor)
    _tell_reporters(target, _("Der Beitrag wurde ausgeblendet."), reporters)
    entry = _log(actor, action, target, reason=reason, explanation=explanation)
    author = target.item.author
    queue_mail(
        recipient=author.email,
        subject=_("Ihr Beitrag wurde ausgeblendet")
        if from_status == "published"
        else _("Ihr Beitrag wurde nicht freigegeben"),
        template="content_hidden",
        rejected=from_status == "pending",
        pseudonym=author.pseudonym,
        reason=str(REASONS[reason]),
        explanation=explanation,
        link=target.link(),
        netiquette=external_url("pages.netiquette"),
        appeal=external_url(_appeal_endpoint(target)[0], **_appeal_endpoint(target)[1]),
    )
    signals.content_hidden.send(current_app._get_current_object(), item=target.item)
    db.session.commit()
    return entry


def _appeal_endpoint(target: Target) -> tuple:
    if target.proposal is not None:
        return ("moderation.appeal_proposal", {"proposal_id": target.proposal.id})
    return ("moderation.appeal_comment", {"comment_id": target.comment.id})


def hide(*, actor, target: Target, reason: str, explanation: str) -> ModerationAction:
    """Hide a published item with a reason and a public explanation; its open reports are
    settled, reporters learn the outcome, and the author learns why (with the netiquette and
    the way to appeal)."""
    return _take_down(
        actor=actor,
        target=target,
        reason=reason,
        explanation=explanation,
        from_status="published",
        action="hide",
    )


def reject(*, actor, target: Target, reason: str, explanation: str) -> ModerationAction:
    """Refuse a contribution that waits for approval; it stays hidden with its reason."""
    return _take_down(
        actor=actor,
        target=target,
        reason=reason,
        explanation=explanation,
        from_status="pending",
        action="reject",
    )


def approve(*, actor, target: Target) -> ModerationAction:
    """Publish a contribution that waited for approval; its author is told."""
    require(actor, "moderate", target.process)
    lock_row(db.session, Process, target.process.id)
    if not _set_status(target, "pending", "published"):
        db.session.rollback()
        raise Conflict(_("Dieser Beitrag wartet nicht (mehr) auf Freigabe."))
    _move_counts(target, +1)
    entry = _log(actor, "approve", target)
    author = target.item.author
    queue_mail(
        recipient=author.email,
        subject=_("Ihr Beitrag ist freigegeben"),
        template="content_approved",
        pseudonym=author.pseudonym,
        link=target.link(),
    )
    signals.content_approved.send(current_app._get_current_object(), item=target.item)
    db.session.commit()
    return entry


def restore(*, actor, target: Target, explanation: str = "") -> ModerationAction:
    """Show a hidden item again (its author is told). While the author's appeal is open,
    the appeal decides instead."""
    require(actor, "moderate", target.process)
    pending_appeal = appeal_of(takedown_of(target))
    if pending_appeal is not None and pending_appeal.status == "open":
        raise Conflict(_("Über diesen Beitrag entscheidet der offene Einspruch."))
    lock_row(db.session, Process, target.process.id)
    if not _set_status(
        target,
        "hidden",
        "published",
        moderation_reason="",
        moderation_explanation="",
        rejected=False,
    ):
        db.session.rollback()
        raise Conflict(_("Dieser Beitrag ist nicht ausgeblendet."))
    _move_counts(target, +1)
    entry = _log(actor, "restore", target, explanation=explanation.strip()[:EXPLANATION_LENGTH])
    _tell_author_restored(target)
    db.session.commit()
    return entry


def _tell_author_restored(target: Target) -> None:
    author = target.item.author
    queue_mail(
        recipient=author.email,
        subject=_("Ihr Beitrag ist wieder sichtbar"),
        template="content_restored",
        pseudonym=author.pseudonym,
        link=target.link(),
    )


def dismiss(*, actor, target: Target) -> ModerationAction:
    """Close the open reports of an item without action (the item stays as it is); the
    reporters learn the outcome."""
    require(actor, "moderate", target.process)
    lock_row(db.session, Process, target.process.id)
    reasons = db.session.scalars(
        select(Report.reason).where(Report.status == "open", _report_of(target))
    ).all()
    reporters = _close_reports(target, "dismissed", actor)
    if not reporters:
        db.session.rollback()
        raise Conflict(_("Über die Meldungen zu diesem Beitrag ist schon entschieden."))
    _tell_reporters(
        target,
        _("Der Beitrag verstößt nach Prüfung nicht gegen die Netiquette und bleibt."),
        reporters,
    )
    entry = _log(actor, "dismiss", target, reason=max(set(reasons), key=reasons.count))
    db.session.commit()
    return entry


def _toggle(target: Target, model, column: str, value: bool) -> bool:
    """Set a flag with an UPDATE that changes a row only if the flag differs."""
    return bool(
        db.session.execute(
            update(model)
            .where(model.id == target.item.id, getattr(model, column) == (not value))
            .values({column: value})
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def _set_flag(
    actor, target: Target, model, column: str, value: bool, actions: tuple[str, str], refusal: str
) -> ModerationAction:
    """Set a flag with an UPDATE that changes the row only if the flag differs, and log it
    as actions[0] (set) or actions[1] (cleared)."""
    changed = db.session.execute(
        update(model)
        .where(model.id == target.item.id, getattr(model, column) == (not value))
        .values({column: value})
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        db.session.rollback()
        raise Conflict(refusal)
    entry = _log(actor, actions[0] if value else actions[1], target)
    db.session.commit()
    db.session.refresh(target.item)
    return entry


def set_thread_locked(*, actor, target: Target, locked: bool) -> ModerationAction:
    """Lock a thread (a top-level comment) against further replies, or open it again."""
    require(actor, "moderate", target.process)
    comment = target.comment
    if comment is None or comment.parent_id is not None:
        raise Invalid(_("Nur ein Gesprächsfaden (ein Kommentar mit Antworten) lässt sich sperren."))
    refusal = (
        _("Der Gesprächsfaden ist schon gesperrt.")
        if locked
        else _("Der Gesprächsfaden ist nicht gesperrt.")
    )
    return _set_flag(
        actor, target, Comment, "thread_locked", locked, ("lock_thread", "unlock_thread"), refusal
    )


def set_comments_closed(*, actor, target: Target, closed: bool) -> ModerationAction:
    """Close commenting on a proposal, or open it again."""
    require(actor, "moderate", target.process)
    if target.proposal is None:
        raise Invalid(_("Kommentare lassen sich nur bei Vorschlägen schließen."))
    refusal = (
        _("Die Kommentare sind schon geschlossen.")
        if closed
        else _("Die Kommentare sind nicht geschlossen.")
    )
    return _set_flag(
        actor,
        target,
        Proposal,
        "comments_closed",
        closed,
        ("close_comments", "open_comments"),
        refusal,
    )


# A permanent block runs until the end of the calendar.
PERMANENT = datetime(9999, 12, 31, tzinfo=UTC)
BLOCK_DAYS = (1, 7, 30, 90)


def block_author(*, actor, target: Target, days: int | None, reason: str) -> ModerationAction:
    """Block the author of an item: for `days`, or permanently with None. A blocked user can
    read but not write. Staff accounts are not blocked here."""
    require(actor, "moderate", target.process)
    user = target.item.author
    if user.is_staff:
        raise Conflict(_("Konten der Verwaltung werden nicht in der Moderation gesperrt."))
    if days is not None and days not in BLOCK_DAYS:
        raise Invalid(_("Bitte wählen Sie eine Dauer."), field="duration")
    reason = reason.strip()
    if not 10 <= len(reason) <= EXPLANATION_LENGTH:
        raise Invalid(
            _("Bitte begründen Sie die Sperre in 10 bis 1.000 Zeichen."), field="block_reason"
        )
    until = PERMANENT if days is None else utcnow() + timedelta(days=days)
    if user.is_blocked(utcnow()) and user.blocked_until >= until:
        raise Conflict(_("Dieses Konto ist schon mindestens so lange gesperrt."))
    user.blocked_until = until
    user.blocked_reason = reason
    entry = _log(actor, "block_user", target, user_id=user.id, explanation=reason)
    tell_blocked(user, reason=reason, until=None if days is None else until)
    db.session.commit()
    return entry


def tell_blocked(user, *, reason: str, until: datetime | None) -> None:
    """Mail the person why and until when they are blocked (in the caller's transaction);
    also used by the administration of accounts."""
    queue_mail(
        recipient=user.email,
        subject=_("Ihr Konto ist gesperrt"),
        template="user_blocked",
        pseudonym=user.pseudonym,
        reason=reason,
        until=None if until is None else format_datetime(until, "short"),
        netiquette=external_url("pages.netiquette"),
    )


def tell_unblocked(user) -> None:
    queue_mail(
        recipient=user.email,
        subject=_("Ihr Konto ist wieder freigeschaltet"),
        template="user_unblocked",
        pseudonym=user.pseudonym,
    )


def _block_process(user) -> Process | None:
    """The process whose moderation set the user's current block (from the audit log)."""
    return db.session.scalar(
        select(Process)
        .join(ModerationAction, ModerationAction.process_id == Process.id)
        .where(ModerationAction.user_id == user.id, ModerationAction.action == "block_user")
        .order_by(ModerationAction.id.desc())
        .limit(1)
    )


def may_unblock(actor, user) -> bool:
    """The coordination office lifts any block; district managers those set in processes
    they moderate."""
    if actor.role_names & {"coordinator", "admin"}:
        return True
    process = _block_process(user)
    return process is not None and can(actor, "moderate", process)


def unblock_author(*, actor, target: Target) -> ModerationAction:
    require(actor, "moderate", target.process)
    user = target.item.author
    if not user.is_blocked(utcnow()):
        raise Conflict(_("Dieses Konto ist nicht gesperrt."))
    if not may_unblock(actor, user):
        raise Forbidden(
            _(
                "Diese Sperre kommt aus einem anderen Bezirk; aufheben kann sie die "
                "Koordinierungsstelle."
            )
        )
    user.blocked_until = None
    user.blocked_reason = ""
    entry = _log(actor, "unblock_user", target, user_id=user.id)
    tell_unblocked(user)
    db.session.commit()
    return entry


def add_note(*, actor, target: Target, text: str) -> ModerationNote:
    """An internal note on an item, for the moderators only."""
    require(actor, "moderate", target.process)
    text = text.strip()
    if not 1 <= len(text) <= NOTE_LENGTH:
        raise Invalid(_("Bitte schreiben Sie eine Notiz mit bis zu 1.000 Zeichen."), field="text")
    note = ModerationNote(process_id=target.process.id, author_id=actor.id, text=text, **target.ids)
    db.session.add(note)
    db.session.commit()
    return note


# --- appeals --------------------------------------------------------------------------------


def takedown_of(target: Target) -> ModerationAction | None:
    """The hide or reject action behind a hidden item (the latest one)."""
    if target.item.status != "hidden":
        return None
    column = (
        ModerationAction.proposal_id == target.proposal.id
        if target.proposal is not None
        else ModerationAction.comment_id == target.comment.id
    )
    return db.session.scalar(
        select(ModerationAction)
        .where(column, ModerationAction.action.in_(("hide", "reject")))
        .order_by(ModerationAction.id.desc())
        .limit(1)
    )


def appeal_of(action: ModerationAction | None) -> Appeal | None:
    if action is None:
        return None
    return db.session.scalar(select(Appeal).where(Appeal.action_id == action.id))


APPEAL_LENGTH = 2000


def appeal(*, actor, target: Target, text: str) -> Appeal:
    """The author's one appeal against hiding their item; it lands in the queue."""
    if not (actor.is_authenticated and actor.id == target.item.author_id):
        raise Forbidden(_("Einspruch legt nur ein, wer den Beitrag geschrieben hat."))
    action = takedown_of(target)
    if action is None:
        raise Conflict(_("Dieser Beitrag ist nicht ausgeblendet."))
    text = text.strip()
    if not 10 <= len(text) <= APPEAL_LENGTH:
        raise Invalid(
            _("Bitte begründen Sie Ihren Einspruch in 10 bis 2.000 Zeichen."), field="text"
        )
    added = insert_ignoring_duplicates(
        db.session, Appeal, action_id=action.id, author_id=actor.id, text=text, status="open"
    )
    if not added:
        db.session.rollback()
        raise Conflict(_("Sie haben gegen diese Entscheidung schon Einspruch eingelegt."))
    queue_mail(
        recipient=actor.email,
        subject=_("Ihr Einspruch ist eingegangen"),
        template="appeal_received",
        pseudonym=actor.pseudonym,
        link=target.link(),
    )
    db.session.commit()
    return appeal_of(action)


def other_moderator_exists(process: Process, excluding_id: int) -> bool:
    """Whether someone besides `excluding_id` may moderate the process (one query)."""
    scope = RoleAssignment.role.in_(("coordinator", "admin"))
    if process.district_id is not None:
        scope = or_(
            scope,
            (RoleAssignment.role == "district_manager")
            & (RoleAssignment.district_id == process.district_id),
        )
    return bool(
        db.session.scalar(select(exists().where(scope, RoleAssignment.user_id != excluding_id)))
    )


def may_decide_appeal(actor, appeal: Appeal, process: Process) -> bool:
    """Whether `actor` may decide the appeal: not the one who hid the item, unless nobody
    else may moderate the process. (Whether the appeal is still open is the decision's
    guarded UPDATE's business.)"""
    hider = appeal.action.actor_id
    return hider != actor.id or not other_moderator_exists(process, actor.id)


def decide_appeal(*, actor, appeal_id: int, overturn: bool, explanation: str) -> Appeal:
    """Another moderator than the one who hid the item decides, where one exists: overturning
    restores the item; either way the author learns the outcome once."""
    appeal_row = db.session.get(Appeal, appeal_id)
    if appeal_row is None:
        raise NotFound(_("Diesen Einspruch gibt es nicht."))
    action = appeal_row.action
    target = target_of(proposal_id=action.proposal_id, comment_id=action.comment_id)
    require(actor, "moderate", target.process)
    if not may_decide_appeal(actor, appeal_row, target.process):
        raise Forbidden(
            _("Über einen Einspruch entscheidet eine andere Person als die, die ausgeblendet hat.")
        )
    explanation = explanation.strip()
    if not 10 <= len(explanation) <= EXPLANATION_LENGTH:
        raise Invalid(
            _("Bitte begründen Sie die Entscheidung in 10 bis 1.000 Zeichen."),
            field="explanation",
        )
    lock_row(db.session, Process, target.process.id)
    changed = db.session.execute(
        update(Appeal)
        .where(Appeal.id == appeal_id, Appeal.status == "open")
        .values(
            status="overturned" if overturn else "upheld",
            decided_at=utcnow(),
            decided_by_id=actor.id,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        db.session.rollback()
        raise Conflict(_("Über diesen Einspruch ist schon entschieden."))
    if overturn:
        if not _set_status(
            target,
            "hidden",
            "published",
            moderation_reason="",
            moderation_explanation="",
            rejected=False,
        ):
            db.session.rollback()
            raise Conflict(_("Dieser Beitrag ist nicht ausgeblendet."))
        _move_counts(target, +1)
    _log(actor, "decide_appeal", target, reason=action.reason, explanation=explanation)
    author = target.item.author
    queue_mail(
        recipient=author.email,
        subject=_("Entscheidung über Ihren Einspruch"),
        template="appeal_decided",
        pseudonym=author.pseudonym,
        overturned=overturn,
        explanation=explanation,
        link=target.link(),
    )
    db.session.commit()
    db.session.refresh(appeal_row)
    return appeal_row
