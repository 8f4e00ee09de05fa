"""A closed process with a dialogue behind it: proposals in two quarters, comments,
supports, a hidden proposal, a follower; for the results report's tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from participation.coordination.services import advance_to
from participation.districts.models import District, Quarter
from participation.extensions import db
from participation.follows.services import follow
from participation.moderation import services as moderation
from participation.votes.services import support


@dataclass
class Dialogue:
    process: object
    office: object
    manager: object
    proposals: list = field(default_factory=list)
    residents: list = field(default_factory=list)
    follower: object = None
    hidden: object = None


@pytest.fixture
def closed_dialogue(make_user, make_process, make_proposal, make_comment):
    """make(title="...") -> Dialogue, its process closed and nothing answered yet."""

    def make(title: str = "Ergebnisse am Lindener Markt", proposals: int = 3) -> Dialogue:
        office = make_user("coordinator")
        manager = make_user("district_manager", district="10")
        process = make_process(title, district="10", publish=False)
        advance_to(actor=office, process=process, status="approved")
        follower = make_user("resident")
        follow(actor=follower, process=process)
        advance_to(actor=office, process=process, status="published")
        quarters = db.session.scalars(
            select(Quarter)
            .join(District)
            .where(District.code == "10")
            .order_by(Quarter.position)
            .limit(2)
        ).all()
        residents = [make_user("resident") for _ in range(3)]
        dialogue = Dialogue(process, office, manager, residents=residents, follower=follower)
        for number in range(proposals):
            proposal = make_proposal(
                process,
                author=residents[number % 3],
                title=f"Vorschlag {number + 1} für den Markt",
                quarter_id=quarters[number % 2].id,
            )
            dialogue.proposals.append(proposal)
        support(actor=residents[1], proposal=dialogue.proposals[0])
        support(actor=follower, proposal=dialogue.proposals[0])
        make_comment(process, proposal=dialogue.proposals[0], author=residents[2])
        make_comment(process, author=make_user("resident"), body="Allgemein zum Markt")
        hidden = make_proposal(process, title="Werbung für einen Laden")
        moderation.hide(
            actor=office,
            target=moderation.target_of(proposal_id=hidden.id),
            reason="advertising",
            explanation="Werbung ist hier nicht erlaubt.",
        )
        dialogue.hidden = hidden
        advance_to(actor=office, process=process, status="closed")
        return dialogue

    return make
