"""Following processes, proposals, partner organisations and working groups: follow, stop
following, and who follows. Each kind of target is one row of a small registry."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from participation.core.db import insert_ignoring_duplicates
from participation.core.errors import Forbidden, NotFound
from participation.extensions import db
from participation.follows.models import (
    OrganisationFollow,
    ProcessFollow,
    ProposalFollow,
    WorkingGroupFollow,
)
from participation.network.models import WorkingGroup
from participation.partners.models import PartnerOrganisation
from participation.projects.models import Process
from participation.proposals.models import Proposal

# A process can be followed once the coordination office has approved it: from then on it
# is on the public Vorhabenliste.
FOLLOWABLE = ("approved", "published", "closed", "results_published")


@dataclass(frozen=True)
class Target:
    """What can be followed: its follow table, the column naming it, and whether a given
    item may be followed now."""

    model: type
    column: str
    followable: object
    missing: str


TARGETS: dict[type, Target] = {
    Process: Target(
        ProcessFollow,
        "process_id",
        lambda process: process.status in FOLLOWABLE,
        _l("Dieses Beteiligungsverfahren gibt es nicht."),
    ),
    Proposal: Target(
        ProposalFollow,
        "proposal_id",
        lambda proposal: proposal.status == "published" and proposal.process.is_public,
        _l("Diesen Vorschlag gibt es nicht."),
    ),
    PartnerOrganisation: Target(
        OrganisationFollow,
        "organisation_id",
        lambda organisation: organisation.status == "active",
        _l("Diese Organisation gibt es nicht."),
    ),
    WorkingGroup: Target(
        WorkingGroupFollow,
        "working_group_id",
        lambda group: True,
        _l("Diese Arbeitsgruppe gibt es nicht."),
    ),
}


def _target(item) -> Target:
    return TARGETS[type(item)]


def _check(actor, item) -> Target:
    target = _target(item)
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an, um zu folgen."))
    if not target.followable(item):
        raise NotFound(str(target.missing))
    return target


def follow(*, actor, process=None, item=None) -> bool:
    """Follow the item (a process, proposal, organisation or working group); True if the
    actor did not follow it before. Twice is once."""
    item = item if item is not None else process
    target = _check(actor, item)
    added = insert_ignoring_duplicates(
        db.session, target.model, **{target.column: item.id, "user_id": actor.id}
    )
    db.session.commit()
    return added


def unfollow(*, actor, process=None, item=None) -> None:
    """Stop following; also what can no longer be followed (an archived process, a hidden
    proposal, an organisation that left)."""
    item = item if item is not None else process
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an, um zu folgen."))
    target = _target(item)
    model = target.model
    db.session.execute(
        delete(model).where(getattr(model, target.column) == item.id, model.user_id == actor.id)
    )
    db.session.commit()


def follow_quietly(*, user_id: int, **column) -> None:
    """Follow by default (an author their proposal, a commenter the thread), inside the
    caller's transaction; nothing happens if the row exists."""
    ((name, value),) = column.items()
    model = next(t.model for t in TARGETS.values() if t.column == name)
    insert_ignoring_duplicates(db.session, model, **{name: value, "user_id": user_id})


def may_follow(item) -> bool:
    """Whether the item can be followed now (the button shows "Folgen" only then)."""
    return _target(item).followable(item)


def is_following(actor, item) -> bool:
    """Whether the actor follows the item (one query; False for visitors)."""
    if not (actor and actor.is_authenticated):
        return False
    target = _target(item)
    model = target.model
    return (
        db.session.scalar(
            select(model.id).where(
                getattr(model, target.column) == item.id, model.user_id == actor.id
            )
        )
        is not None
    )


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


def following(actor) -> dict[str, list]:
    """Everything the person follows, by kind (one query per kind), for their account."""
    return {
        "processes": list(
            db.session.scalars(
                select(Process)
                .join(ProcessFollow, ProcessFollow.process_id == Process.id)
                .where(ProcessFollow.user_id == actor.id)
                .order_by(Process.title)
            )
        ),
        "proposals": list(
            db.session.scalars(
                select(Proposal)
                .join(ProposalFollow, ProposalFollow.proposal_id == Proposal.id)
                .where(ProposalFollow.user_id == actor.id, Proposal.status == "published")
                .order_by(Proposal.title)
            )
        ),
        "organisations": list(
            db.session.scalars(
                select(PartnerOrganisation)
                .join(
                    OrganisationFollow,
                    OrganisationFollow.organisation_id == PartnerOrganisation.id,
                )
                .where(OrganisationFollow.user_id == actor.id)
                .order_by(PartnerOrganisation.name)
            )
        ),
        "groups": list(
            db.session.scalars(
                select(WorkingGroup)
                .join(WorkingGroupFollow, WorkingGroupFollow.working_group_id == WorkingGroup.id)
                .where(WorkingGroupFollow.user_id == actor.id)
                .order_by(WorkingGroup.title)
            )
        ),
    }
