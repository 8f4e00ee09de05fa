"""Following processes: follow, stop following, and who follows."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from participation.core.db import insert_ignoring_duplicates
from participation.core.errors import Forbidden, NotFound
from participation.extensions import db
from participation.follows.models import ProcessFollow
from participation.projects.models import Process

# A process can be followed once the coordination office has approved it: from then on it
# is on the public Vorhabenliste.
FOLLOWABLE = ("approved", "published", "closed", "results_published")


def _check(actor, process: Process) -> None:
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an, um einem Verfahren zu folgen."))
    if process.status not in FOLLOWABLE:
        raise NotFound(_("Dieses Beteiligungsverfahren gibt es nicht."))


def follow(*, actor, process: Process) -> bool:
    """Follow the process; True if the actor did not follow it before. Twice is once."""
    _check(actor, process)
    added = insert_ignoring_duplicates(
        db.session, ProcessFollow, process_id=process.id, user_id=actor.id
    )
    db.session.commit()
    return added


def unfollow(*, actor, process: Process) -> None:
    _check(actor, process)
    db.session.execute(
        delete(ProcessFollow).where(
            ProcessFollow.process_id == process.id, ProcessFollow.user_id == actor.id
        )
    )
    db.session.commit()


def followed_ids(actor, process_ids: list[int]) -> set[int]:
    """Which of these processes the actor follows (one query; none for visitors)."""
    if not (actor and actor.is_authenticated) or not process_ids:
        return set()
    return set(
        db.session.scalars(
            select(ProcessFollow.process_id).where(
                ProcessFollow.user_id == actor.id, ProcessFollow.process_id.in_(process_ids)
            )
        )
    )


def followers(process: Process):
    """The accounts that follow the process (for notifications)."""
    from participation.accounts.models import User

    return db.session.scalars(
        select(User)
        .join(ProcessFollow, ProcessFollow.user_id == User.id)
        .where(ProcessFollow.process_id == process.id)
        .order_by(User.id)
    ).all()
