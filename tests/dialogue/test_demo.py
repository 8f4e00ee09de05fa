"""The demo shows a real dialogue: proposals, comments, replies, supports and ratings in
every process whose dialogue has begun, with exact counters, added once."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.demo.services import seed_demo
from participation.districts.models import Quarter
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.votes.models import CommentRating, Support


def test_demo_dialogue(app):
    seed_demo()
    proposals = db.session.scalar(select(func.count(Proposal.id)))
    seed_demo()
    assert db.session.scalar(select(func.count(Proposal.id))) == proposals > 0
    with_proposals = set(db.session.scalars(select(Proposal.process_id).distinct()))
    statuses = {db.session.get(Process, pid).status for pid in with_proposals}
    assert {"published", "results_published"} <= statuses, "open and finished dialogues"
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.parent_id.isnot(None)))
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.is_official))
    assert db.session.scalar(select(func.count(CommentRating.id)))
    for proposal in db.session.scalars(select(Proposal)):
        supports = db.session.scalar(
            select(func.count(Support.id)).where(Support.proposal_id == proposal.id)
        )
        comments = db.session.scalar(
            select(func.count(Comment.id)).where(
                Comment.proposal_id == proposal.id, Comment.status == "published"
            )
        )
        assert (proposal.support_count, proposal.comment_count) == (supports, comments)
        assert supports > 0
    for process in db.session.scalars(select(Process)):
        visible = db.session.scalar(
            select(func.count(Proposal.id)).where(
                Proposal.process_id == process.id, Proposal.status == "published"
            )
        )
        assert process.proposal_count == visible
    # Proposals with places for the map: quarters of their process's district, some none.
    placed = db.session.execute(
        select(Process.district_id, Quarter.district_id)
        .select_from(Proposal)
        .join(Process, Process.id == Proposal.process_id)
        .join(Quarter, Quarter.id == Proposal.quarter_id)
    ).all()
    assert placed and all(mine in (None, theirs) for mine, theirs in placed)
    assert db.session.scalar(select(func.count(Proposal.id)).where(Proposal.quarter_id.is_(None)))


def test_demo_moderation(app):
    from participation.moderation.models import Appeal, Report

    seed_demo()
    seed_demo()
    statuses = sorted(db.session.scalars(select(Report.status)))
    assert {"open", "dismissed", "actioned"} <= set(statuses)
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.status == "hidden")) == 1
    assert db.session.scalar(select(Appeal.status)) == "open"
    for process in db.session.scalars(select(Process)):
        visible = db.session.scalar(
            select(func.count(Comment.id)).where(
                Comment.process_id == process.id, Comment.status == "published"
            )
        )
        assert process.comment_count == visible


def test_demo_lifecycle(app):
    from participation.coordination.models import ProcessTransition
    from participation.demo.services import seed_demo

    seed_demo()
    statuses = set(db.session.scalars(select(Process.status)))
    expected = {"draft", "in_review", "returned", "approved", "published", "closed"}
    assert expected | {"results_published", "archived"} <= statuses
    returned = db.session.scalar(select(Process).where(Process.status == "returned"))
    reasons = db.session.scalars(
        select(ProcessTransition.comment).where(
            ProcessTransition.process_id == returned.id, ProcessTransition.action == "return"
        )
    ).all()
    assert len(reasons) == 1 and reasons[0]
    seed_demo()  # idempotent: nothing is added the second time
    assert (
        db.session.scalar(select(func.count(Process.id)).where(Process.status == "approved")) == 1
    )


def test_demo_results(app, client):
    from participation.demo.results import RESULTS_PROCESS
    from participation.results.models import ResultsReport

    seed_demo()
    process = db.session.scalar(select(Process).where(Process.title == RESULTS_PROCESS))
    assert process.status == "results_published"
    statuses = db.session.scalars(
        select(Proposal.response_status).where(
            Proposal.process_id == process.id, Proposal.status == "published"
        )
    ).all()
    assert statuses and "open" not in statuses
    # Elsewhere proposals still wait for their answer.
    assert db.session.scalar(
        select(func.count(Proposal.id)).where(
            Proposal.status == "published", Proposal.response_status == "open"
        )
    )
    seed_demo()
    assert db.session.scalar(select(func.count(ResultsReport.id))) == 2
    html = client.get(f"/verfahren/{process.slug}/ergebnisse").get_data(as_text=True)
    assert "Stadtteiltreff" in html and "Jeder Vorschlag und seine Antwort" in html
