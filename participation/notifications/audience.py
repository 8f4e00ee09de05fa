"""Who hears of each kind of event, as SQL: every audience is a SELECT of user ids, so a
fan-out to 20,000 people is one INSERT … SELECT, not a loop per person."""

from __future__ import annotations

from sqlalchemy import and_, exists, false, literal, or_, select, true

from participation.accounts.models import RoleAssignment
from participation.comments.models import Comment
from participation.contributions.models import (
    Contribution,
    EventRegistration,
    contribution_action_field,
    contribution_district,
)
from participation.core.db import lower_text
from participation.follows.models import (
    OrganisationFollow,
    ProcessFollow,
    ProposalFollow,
    WorkingGroupFollow,
)
from participation.notifications.models import Interest, InterestKeyword, NotificationEvent
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.votes.models import Support


def _keywords_match(text) -> object:
    """No keywords, or one of them is part of `text` (already lower-cased)."""
    has_words = exists().where(InterestKeyword.interest_id == Interest.id)
    # The words hold no LIKE wildcards: interests._words strips % _ and \\ when saving.
    matches = exists().where(
        InterestKeyword.interest_id == Interest.id,
        text.contains(InterestKeyword.word, autoescape=False),
    )
    return or_(~has_words, matches)


def process_interests(process_id: int):
    """Residents whose standing interest matches the process (area, action field, words)."""
    area = or_(
        Interest.area == "all",
        and_(Interest.area == "citywide", Process.district_id.is_(None)),
        and_(
            Interest.area == "district",
            or_(
                Interest.district_id == Process.district_id,
                and_(Process.district_id.is_(None), Interest.include_citywide == true()),
            ),
        ),
    )
    text = lower_text(Process.title + literal(" ") + Process.summary)
    return (
        select(Interest.user_id)
        .join(Process, Process.id == process_id)
        .where(
            area,
            or_(
                Interest.action_field_id.is_(None),
                Interest.action_field_id == Process.action_field_id,
            ),
            _keywords_match(text),
        )
    )


def contribution_interests(contribution_id: int):
    """Residents whose interest matches an event or offer: one of its districts (or none,
    for the city as a whole), one of its action fields, its words."""
    in_district = exists().where(
        contribution_district.c.contribution_id == contribution_id,
        contribution_district.c.district_id == Interest.district_id,
    )
    no_district = ~exists().where(contribution_district.c.contribution_id == contribution_id)
    area = or_(
        Interest.area == "all",
        and_(Interest.area == "citywide", no_district),
        and_(
            Interest.area == "district",
            or_(in_district, and_(no_district, Interest.include_citywide == true())),
        ),
    )
    in_field = exists().where(
        contribution_action_field.c.contribution_id == contribution_id,
        contribution_action_field.c.action_field_id == Interest.action_field_id,
    )
    text = lower_text(Contribution.title + literal(" ") + Contribution.body_markdown)
    return (
        select(Interest.user_id)
        .join(Contribution, Contribution.id == contribution_id)
        .where(
            Contribution.kind.in_(("event", "offer")),
            area,
            or_(Interest.action_field_id.is_(None), in_field),
            _keywords_match(text),
        )
    )


def process_followers(process_id: int):
    """Who follows the process."""
    return select(ProcessFollow.user_id).where(ProcessFollow.process_id == process_id)


def proposal_followers(proposal_id: int):
    """Who follows the proposal."""
    return select(ProposalFollow.user_id).where(ProposalFollow.proposal_id == proposal_id)


def participants(process_id: int):
    """Who took part: wrote a published proposal or comment, or supports a proposal."""
    published = (Proposal.process_id == process_id) & (Proposal.status == "published")
    return [
        select(Proposal.author_id).where(published),
        select(Comment.author_id).where(
            Comment.process_id == process_id, Comment.status == "published"
        ),
        select(Support.user_id).join(Proposal, Proposal.id == Support.proposal_id).where(published),
    ]


def staff():
    """Everyone with a staff role (district managers, the office, administrators)."""
    return select(RoleAssignment.user_id).where(
        RoleAssignment.role.in_(("district_manager", "coordinator", "admin"))
    )


def audience(event: NotificationEvent) -> list:
    """The SELECTs whose union is everyone this event concerns (before excluding its actor)."""
    kind = event.kind
    if event.recipient_id is not None:
        return [select(literal(event.recipient_id))]
    if kind == "process_listed":
        return [process_interests(event.process_id)]
    if kind == "dialogue_opened":
        return [process_followers(event.process_id), process_interests(event.process_id)]
    if kind in ("process_published", "dialogue_closing", "dialogue_closed"):
        return [process_followers(event.process_id)]
    if kind == "results_published":
        return [
            process_followers(event.process_id),
            process_interests(event.process_id),
            *participants(event.process_id),
        ]
    if kind == "official_answer":
        return [
            select(Proposal.author_id).where(Proposal.id == event.proposal_id),
            select(Support.user_id).where(Support.proposal_id == event.proposal_id),
            proposal_followers(event.proposal_id),
        ]
    if kind == "comment_reply":
        parent = select(Comment.parent_id).where(Comment.id == event.comment_id).scalar_subquery()
        return [select(Comment.author_id).where(Comment.id == parent)]
    if kind == "proposal_comment":
        # The author of the comment answered hears of it as a reply, not twice.
        parent_author = (
            select(Comment.author_id)
            .where(
                Comment.id
                == select(Comment.parent_id).where(Comment.id == event.comment_id).scalar_subquery()
            )
            .scalar_subquery()
        )
        return [
            proposal_followers(event.proposal_id).where(
                or_(parent_author.is_(None), ProposalFollow.user_id != parent_author)
            )
        ]
    if kind == "official_comment":
        if event.proposal_id is not None:
            return [
                proposal_followers(event.proposal_id),
                select(Proposal.author_id).where(Proposal.id == event.proposal_id),
            ]
        return [process_followers(event.process_id)]
    if kind == "contribution_published":
        return [
            select(OrganisationFollow.user_id).where(
                OrganisationFollow.organisation_id == event.organisation_id
            ),
            contribution_interests(event.contribution_id),
        ]
    if kind == "event_changed":
        return [
            select(EventRegistration.user_id).where(
                EventRegistration.contribution_id == event.contribution_id
            )
        ]
    if kind == "group_news":
        return [
            select(WorkingGroupFollow.user_id).where(
                WorkingGroupFollow.working_group_id == event.working_group_id
            )
        ]
    if kind == "volunteer_opportunity":
        from participation.volunteering.searches import audience as volunteering_audience

        return volunteering_audience(event)
    return [select(literal(None)).where(false())]
