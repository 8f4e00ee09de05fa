"""Turning the features' signals into notification events (after their commit)."""

from __future__ import annotations

import logging

from participation.core import signals
from participation.core.db import commit_keeping_loaded
from participation.extensions import db
from participation.follows import services as follows
from participation.notifications import services
from participation.notifications.describe import long_date
from participation.notifications.preferences import settings_of

log = logging.getLogger(__name__)


def _within(func):
    """For the signals sent inside the action's transaction: record into it, no commit."""

    def listener(sender, **kwargs):
        func(**kwargs)

    listener.__name__ = func.__name__
    return listener


def _recording(func):
    """For the older signals sent after the action's commit (a proposal or comment
    written): record in a transaction of its own; a failure is logged, never undoes or
    fails the action."""

    def listener(sender, **kwargs):
        try:
            func(**kwargs)
            commit_keeping_loaded(db.session)
        except Exception:  # noqa: BLE001 - the action stands; the event is lost, and logged
            db.session.rollback()
            log.exception("recording a notification for %s failed", func.__name__)

    listener.__name__ = func.__name__
    return listener


def on_process_moved(*, process, action, actor):
    if action == "approve":
        services.record(
            "process_listed",
            key=f"process_listed:{process.id}",
            actor_id=actor.id,
            process_id=process.id,
        )
    elif action == "publish":
        dialogue = next((phase for phase in process.phases if phase.kind == "dialogue"), None)
        services.record(
            "process_published",
            key=f"process_published:{process.id}",
            actor_id=actor.id,
            process_id=process.id,
            detail=long_date(dialogue.starts_on) if dialogue else "",
        )
        from participation.notifications.jobs import scan_phases_of

        scan_phases_of(process)
    elif action == "publish_results":
        services.record(
            "results_published",
            key=f"results_published:{process.id}",
            actor_id=actor.id,
            process_id=process.id,
        )


def on_response_given(*, proposal, actor, first, at):
    # The first answer is news; later corrections are shown on the page, not sent again.
    if not first:
        return
    services.record(
        "official_answer",
        key=f"official_answer:{proposal.id}",
        actor_id=actor.id,
        process_id=proposal.process_id,
        proposal_id=proposal.id,
    )


def on_proposal_submitted(*, proposal):
    if settings_of(proposal.author).follow_own:
        follows.follow_quietly(user_id=proposal.author_id, proposal_id=proposal.id)


def _comment_published(comment) -> None:
    if comment.status != "published":
        return
    common = {
        "actor_id": comment.author_id,
        "process_id": comment.process_id,
        "proposal_id": comment.proposal_id,
        "comment_id": comment.id,
        # A thread under a partner's statement: it leaves with the statement.
        "contribution_id": comment.contribution_id,
    }
    if comment.is_official:
        services.record("official_comment", key=f"official_comment:{comment.id}", **common)
        return
    if comment.parent_id is not None:
        services.record("comment_reply", key=f"comment_reply:{comment.id}", **common)
    if comment.proposal_id is not None:
        services.record("proposal_comment", key=f"proposal_comment:{comment.id}", **common)


def on_comment_posted(*, comment):
    if settings_of(comment.author).follow_own and comment.contribution_id is None:
        if comment.proposal_id is not None:
            follows.follow_quietly(user_id=comment.author_id, proposal_id=comment.proposal_id)
        else:
            follows.follow_quietly(user_id=comment.author_id, process_id=comment.process_id)
    _comment_published(comment)


def on_content_approved(*, item):
    from participation.comments.models import Comment

    if isinstance(item, Comment):
        _comment_published(item)


def on_contribution_published(*, contribution, actor):
    services.record(
        "contribution_published",
        key=f"contribution_published:{contribution.id}",
        actor_id=actor.id,
        contribution_id=contribution.id,
        organisation_id=contribution.organisation_id,
    )


def on_contribution_changed(*, contribution, actor):
    if contribution.kind == "event":
        services.record(
            "event_changed",
            key=f"event_moved:{contribution.id}:{contribution.edited_at.isoformat()}",
            actor_id=actor.id,
            contribution_id=contribution.id,
            detail="moved",
        )


def on_contribution_withdrawn(*, contribution, actor):
    if contribution.kind == "event":
        services.record(
            "event_changed",
            key=f"event_cancelled:{contribution.id}",
            actor_id=actor.id,
            contribution_id=contribution.id,
            detail="cancelled",
        )


def on_event_places_given(*, contribution, registrations):
    for registration_id, user_id in registrations:
        services.record(
            "event_changed",
            key=f"event_place:{registration_id}",
            contribution_id=contribution.id,
            recipient_id=user_id,
            detail="place",
        )


def on_group_news(*, group, key, detail, actor):
    services.record(
        "group_news",
        key=f"group_news:{group.id}:{key}",
        actor_id=actor.id,
        working_group_id=group.id,
        detail=detail,
    )


# Written and committed with the action (see core.signals).
_WITHIN = (
    (signals.process_moved, on_process_moved),
    (signals.response_given, on_response_given),
    (signals.content_approved, on_content_approved),
    (signals.contribution_published, on_contribution_published),
    (signals.contribution_changed, on_contribution_changed),
    (signals.contribution_withdrawn, on_contribution_withdrawn),
    (signals.event_places_given, on_event_places_given),
    (signals.group_news, on_group_news),
)
# After the action's commit.
_AFTER = (
    (signals.proposal_submitted, on_proposal_submitted),
    (signals.comment_posted, on_comment_posted),
)
_LISTENERS = [(signal, _within(func)) for signal, func in _WITHIN] + [
    (signal, _recording(func)) for signal, func in _AFTER
]


def connect() -> None:
    """Listen to the features' signals (idempotent: blinker keeps one connection each)."""
    for signal, listener in _LISTENERS:
        signal.connect(listener, weak=False)
