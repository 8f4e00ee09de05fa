"""Supports and ratings. Each change is an INSERT ... ON CONFLICT DO NOTHING or a DELETE,
and only a statement that changed a row moves the stored counter, in the same
transaction: so the counter equals COUNT(*) however many requests race."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from participation.comments.models import Comment
from participation.core import signals
from participation.core.clock import local_today, utcnow
from participation.core.db import bump_counter, insert_ignoring_duplicates
from participation.core.errors import Conflict, Forbidden
from participation.core.permissions import can
from participation.extensions import db
from participation.projects import stages
from participation.projects.models import Process
from participation.projects.stages import require_participation
from participation.proposals.models import Proposal
from participation.votes.models import CommentRating, Support


def _app():
    return current_app._get_current_object()


RATING_VALUES = {"hilfreich": 1, "nicht-hilfreich": -1, "keine": 0}


def neutrality_refusal(actor, process: Process) -> Forbidden | None:
    """The staff responsible for a process answer its proposals; they do not vote in it."""
    if actor is not None and actor.is_authenticated and not can(actor, "vote_in_process", process):
        return Forbidden(
            _(
                "Als zuständige Verwaltung bleiben Sie neutral: unterstützen und bewerten "
                "können hier nur Einwohner*innen."
            )
        )
    return None


def refusals_for(actor, process: Process, actions: tuple[str, ...]) -> dict:
    """For pages: why the viewer may not do each action now (None where they may)."""
    today, now = local_today(), utcnow()
    refusals = {
        action: stages.participation_refusal(actor, process, action, today=today, now=now)
        for action in actions
    }
    for action in {"support", "rate"} & set(actions):
        refusals[action] = refusals[action] or neutrality_refusal(actor, process)
    return refusals


def _check_neutral(actor, process: Process) -> None:
    refusal = neutrality_refusal(actor, process)
    if refusal is not None:
        raise refusal


def _check_support(actor, proposal: Proposal) -> None:
    require_participation(actor, proposal.process, "support")
    _check_neutral(actor, proposal.process)
    if proposal.author_id == actor.id:
        raise Conflict(_("Ihren eigenen Vorschlag können Sie nicht unterstützen."))
    if proposal.status != "published":
        raise Conflict(_("Dieser Vorschlag kann nicht unterstützt werden."))


def support(*, actor, proposal: Proposal) -> bool:
    """Support once; a second support changes nothing. True if this call added it."""
    _check_support(actor, proposal)
    added = insert_ignoring_duplicates(
        db.session, Support, proposal_id=proposal.id, user_id=actor.id
    )
    if added:
        _move_support_count(proposal.id, +1)
    db.session.commit()
    if added:
        signals.support_changed.send(_app(), proposal_id=proposal.id, user_id=actor.id, added=True)
    return added


def withdraw_support(*, actor, proposal: Proposal) -> bool:
    """Take a support back (only while supporting is open). True if this call removed it."""
    _check_support(actor, proposal)
    removed = db.session.execute(
        delete(Support).where(Support.proposal_id == proposal.id, Support.user_id == actor.id)
    ).rowcount
    if removed:
        _move_support_count(proposal.id, -1)
    db.session.commit()
    if removed:
        signals.support_changed.send(_app(), proposal_id=proposal.id, user_id=actor.id, added=False)
    return bool(removed)


def _move_support_count(proposal_id: int, delta: int) -> None:
    bump_counter(db.session, Proposal, proposal_id, "support_count", delta)


def has_supported(actor, proposal: Proposal) -> bool:
    if not (actor and actor.is_authenticated):
        return False
    return (
        db.session.scalar(
            select(Support.id).where(
                Support.proposal_id == proposal.id, Support.user_id == actor.id
            )
        )
        is not None
    )


def rate(*, actor, comment: Comment, value: int) -> int:
    """Set the actor's rating of a comment to +1, -1 or none (0); returns the value now held."""
    if value not in (-1, 0, 1):
        raise Conflict(_("Diese Bewertung gibt es nicht."))
    process = db.session.get(Process, comment.process_id)
    require_participation(actor, process, "rate")
    if comment.author_id == actor.id:
        raise Conflict(_("Eigene Kommentare können Sie nicht bewerten."))
    _check_neutral(actor, process)
    if comment.status != "published":
        raise Conflict(_("Dieser Kommentar kann nicht bewertet werden."))
    if comment.proposal_id is not None:
        proposal = db.session.get(Proposal, comment.proposal_id)
        if proposal.status != "published":
            raise Conflict(_("Dieser Vorschlag nimmt keine Beiträge mehr an."))
    mine = (CommentRating.comment_id == comment.id, CommentRating.user_id == actor.id)
    if value == 0:
        old = db.session.execute(delete(CommentRating).where(*mine).returning(CommentRating.value))
        for (old_value,) in old.all():
            _move_rating_counts(comment.id, old_value, -1)
    elif insert_ignoring_duplicates(
        db.session, CommentRating, comment_id=comment.id, user_id=actor.id, value=value
    ):
        _move_rating_counts(comment.id, value, +1)
    else:
        # Flip an opposite rating; a row that already holds `value` is left alone.
        flipped = db.session.execute(
            update(CommentRating)
            .where(*mine, CommentRating.value == -value)
            .values(value=value)
            .execution_options(synchronize_session=False)
        ).rowcount
        if flipped:
            _move_rating_counts(comment.id, -value, -1)
            _move_rating_counts(comment.id, value, +1)
    db.session.commit()
    signals.rating_changed.send(_app(), comment_id=comment.id, user_id=actor.id, value=value)
    return value


def _move_rating_counts(comment_id: int, value: int, delta: int) -> None:
    column = "up_count" if value > 0 else "down_count"
    bump_counter(db.session, Comment, comment_id, column, delta)


def ratings_by(actor, comment_ids: list[int]) -> dict[int, int]:
    """The actor's ratings of these comments (one query; none for visitors)."""
    if not (actor and actor.is_authenticated) or not comment_ids:
        return {}
    rows = db.session.execute(
        select(CommentRating.comment_id, CommentRating.value).where(
            CommentRating.user_id == actor.id, CommentRating.comment_id.in_(comment_ids)
        )
    )
    return dict(rows.all())
