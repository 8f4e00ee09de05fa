"""What the templates of a thread (comments/_thread.html) need, for every page that shows one."""

from __future__ import annotations

from flask_login import current_user

from participation.comments import services
from participation.core.fragments import Deferred
from participation.projects.models import Process
from participation.proposals.models import Proposal


def thread_context(
    process: Process,
    page: int,
    proposal: Proposal | None = None,
    contribution_id: int | None = None,
) -> dict:
    """A page of a thread for comments/_thread.html: loaded only when no kept copy of it
    serves (core.fragments), and the key of the copy this viewer may share. Someone who
    wrote or rated a comment of the thread gets a copy of their own."""
    actor = current_user._get_current_object()
    proposal_id = proposal.id if proposal else None
    personal = services.took_part_in_thread(
        actor=actor, process=process, proposal_id=proposal_id, contribution_id=contribution_id
    )
    # The copy shared by those who took no part is read as by no one in particular (no
    # waiting comments of their own, no ratings, no own controls), so that a comment or
    # rating they send while it is being rendered cannot end up in everyone's copy.
    viewer = actor if personal else None
    return {
        "thread": Deferred(
            lambda: services.thread(
                actor=viewer,
                process=process,
                proposal=proposal,
                page=page,
                contribution_id=contribution_id,
            )
        ),
        "thread_viewer": viewer,
        "thread_key": (
            process.id,
            proposal_id,
            contribution_id,
            page,
            actor.id if personal else None,
        ),
    }
