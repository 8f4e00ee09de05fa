"""What the deletion tests check the whole database for: every stored counter against
COUNT(*), and any text column that still holds a person's address or name."""

from __future__ import annotations

from sqlalchemy import String, Text, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from participation.comments.models import Comment
from participation.contributions.models import Contribution, EventRegistration
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.votes.models import CommentRating, Support


def _count(model, *where):
    return select(func.count()).select_from(model).where(*where).scalar_subquery()


def counter_mismatches() -> list[tuple]:
    """Every row whose stored counter differs from the rows it counts (one query)."""
    reply = aliased(Comment)
    published = Comment.status == "published"
    checks = [
        ("proposal.support_count", Proposal, Proposal.support_count,
         _count(Support, Support.proposal_id == Proposal.id)),
        ("proposal.comment_count", Proposal, Proposal.comment_count,
         _count(Comment, Comment.proposal_id == Proposal.id, published)),
        ("process.comment_count", Process, Process.comment_count,
         _count(Comment, Comment.process_id == Process.id, published)),
        ("process.proposal_count", Process, Process.proposal_count,
         _count(Proposal, Proposal.process_id == Process.id, Proposal.status == "published")),
        ("comment.up_count", Comment, Comment.up_count,
         _count(CommentRating, CommentRating.comment_id == Comment.id, CommentRating.value == 1)),
        ("comment.down_count", Comment, Comment.down_count,
         _count(CommentRating, CommentRating.comment_id == Comment.id, CommentRating.value == -1)),
        ("comment.reply_count", Comment, Comment.reply_count,
         _count(reply, reply.parent_id == Comment.id, reply.status == "published")),
        ("contribution.confirmed_count", Contribution, Contribution.confirmed_count,
         _count(EventRegistration, EventRegistration.contribution_id == Contribution.id,
                EventRegistration.status == "confirmed")),
        ("contribution.waiting_count", Contribution, Contribution.waiting_count,
         _count(EventRegistration, EventRegistration.contribution_id == Contribution.id,
                EventRegistration.status == "waiting")),
    ]  # fmt: skip
    query = union_all(
        *(
            select(literal(name).label("counter"), model.id, stored, counted).where(
                stored != counted
            )
            for name, model, stored, counted in checks
        )
    )
    rows = db.session.execute(query).all()
    db.session.rollback()
    return [tuple(row) for row in rows]


def rows_holding(*needles: str) -> list[str]:
    """table.column of every String/Text column in which any needle still occurs."""
    needles = [n for n in needles if n]
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text):
                continue
            hit = db.session.scalar(
                select(func.count())
                .select_from(table)
                .where(
                    or_(
                        *(
                            and_(column.is_not(None), column.contains(n, autoescape=True))
                            for n in needles
                        ),
                        *(func.lower(column).contains(n.lower(), autoescape=True) for n in needles),
                    )
                )
            )
            if hit:
                found.append(f"{table.name}.{column.name}")
    db.session.rollback()
    return found


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order (to show that nothing changed)."""
    tables = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        tables[table.name] = [tuple(r) for r in db.session.execute(select(table).order_by(*order))]
    db.session.rollback()
    return tables
