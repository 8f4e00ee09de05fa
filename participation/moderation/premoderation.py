"""Whether a new contribution waits for approval: the process pre-moderates, or it reviews
the first contribution of accounts that have none published yet. Responsible staff never wait."""

from __future__ import annotations

from sqlalchemy import exists, or_, select

from participation.comments.models import Comment
from participation.core.permissions import can
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal


def has_published_contribution(user) -> bool:
    """One query: has any proposal or comment of `user` ever been published? Withdrawn
    proposals and deleted comments were (a waiting comment is deleted without a trace)."""
    return bool(
        db.session.scalar(
            select(
                or_(
                    exists().where(
                        Proposal.author_id == user.id,
                        Proposal.status.in_(("published", "withdrawn")),
                    ),
                    exists().where(
                        Comment.author_id == user.id,
                        Comment.status.in_(("published", "deleted")),
                    ),
                )
            )
        )
    )


def needs_approval(actor, process: Process) -> bool:
    if can(actor, "moderate", process):
        return False
    if process.pre_moderation:
        return True
    return process.first_contribution_review and not has_published_contribution(actor)
