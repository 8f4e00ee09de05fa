"""Comment use cases: post, reply (one level), edit in the window, delete to a tombstone,
and the paginated thread of a process's general discussion or of a proposal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from participation.comments.models import Comment
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.db import (
    bump_counter,
    earlier_submission,
    insert_once,
    lock_row,
    submission_key,
)
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.pagination import clamp_page
from participation.core.permissions import can, require
from participation.core.sanitize import render_markdown
from participation.extensions import db
from participation.moderation.premoderation import needs_approval
from participation.projects.models import Process
from participation.projects.stages import require_participation
from participation.proposals.models import Proposal

PAGE_SIZE = 25
BODY_LENGTH = (2, 3000)


@dataclass
class Thread:
    """One page of top-level comments with all their replies."""

    comments: list[Comment]
    replies: dict[int, list[Comment]]
    page: int
    pages: int
    total: int
    ratings: dict[int, int] = field(default_factory=dict)  # the viewer's own, by comment id


def _check_body(body: str) -> str:
    body = body.strip()
    if not BODY_LENGTH[0] <= len(body) <= BODY_LENGTH[1]:
        raise Invalid(
            _("Der Kommentar muss %(min)s bis %(max)s Zeichen lang sein.", min=2, max=3000),
            field="body",
        )
    return body


def may_post_officially(actor, process: Process) -> bool:
    """Staff responsible for the process write official comments (with a badge), in any
    phase while the process is public."""
    return can(actor, "comment_officially", process)


def post_comment(
    *,
    actor,
    process: Process,
    body: str,
    proposal: Proposal | None = None,
    parent: Comment | None = None,
    official: bool = False,
    contribution_id: int | None = None,
    submission: str | None = None,
) -> Comment:
    """A comment in the general discussion (no proposal), on a proposal or on a partner's
    statement (`contribution_id`); with `parent`, a reply. A reply to a reply joins the same
    thread (one level of replies), and a reply belongs where its parent does."""
    if proposal is not None and proposal.process_id != process.id:
        raise NotFound(_("Diesen Vorschlag gibt es nicht."))
    if parent is not None:
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)
        if contribution_id is None:
            contribution_id = parent.contribution_id
        if (
            parent.process_id != process.id
            or parent.proposal_id != (proposal.id if proposal else None)
            or parent.contribution_id != contribution_id
        ):
            raise NotFound(_("Diesen Kommentar gibt es nicht."))
        if parent.status != "published":
            raise Conflict(_("Auf diesen Kommentar kann nicht mehr geantwortet werden."))
        if parent.thread_locked and not (official or can(actor, "moderate", process)):
            raise Conflict(_("Die Moderation hat diesen Gesprächsfaden für Antworten gesperrt."))
    if contribution_id is not None:
        _check_statement(contribution_id, process)
    if official:
        if not may_post_officially(actor, process):
            raise Forbidden(_("Offizielle Kommentare schreibt nur die zuständige Verwaltung."))
        if not process.is_public:
            raise Conflict(_("Dieses Verfahren ist nicht öffentlich."))
    else:
        require_participation(actor, process, "comment")
    if proposal is not None:
        if proposal.status != "published":
            raise Conflict(_("Dieser Vorschlag nimmt keine Kommentare mehr an."))
        if proposal.comments_closed:
            raise Conflict(_("Die Kommentare zu diesem Vorschlag sind geschlossen."))
    body = _check_body(body)
    key = submission_key(submission, body)

    existing = earlier_submission(db.session, Comment, actor.id, key)
    if existing is not None:
        return existing
    comment = Comment(
        submission_key=key,
        process_id=process.id,
        proposal_id=proposal.id if proposal else None,
        parent_id=parent.id if parent else None,
        contribution_id=contribution_id,
        author_id=actor.id,
        body_markdown=body,
        body_html=render_markdown(body),
        is_official=official,
        status="pending" if not official and needs_approval(actor, process) else "published",
    )

    def count() -> None:
        if comment.status == "published":
            _count(comment, +1)

    comment, created = insert_once(db.session, comment, then=count)
    if created:
        signals.comment_posted.send(current_app._get_current_object(), comment=comment)
    return comment


def _check_statement(contribution_id: int, process: Process) -> None:
    """Comments on a statement need a published statement of this process."""
    # Imported here: contributions build on comments, not the other way round; this one
    # check is all comments need to know of them.
    from participation.contributions.models import Contribution

    statement = db.session.get(Contribution, contribution_id)
    if (
        statement is None
        or statement.kind != "statement"
        or process.id not in {p.id for p in statement.processes}
    ):
        raise NotFound(_("Diese Stellungnahme gibt es nicht."))
    if not statement.is_visible:
        raise Conflict(_("Diese Stellungnahme nimmt keine Kommentare mehr an."))


def _count(comment: Comment, delta: int) -> None:
    """Keep the stored counters of the process, the proposal and the parent in step."""
    bump_counter(db.session, Process, comment.process_id, "comment_count", delta)
    if comment.proposal_id is not None:
        bump_counter(db.session, Proposal, comment.proposal_id, "comment_count", delta)
    if comment.parent_id is not None:
        bump_counter(db.session, Comment, comment.parent_id, "reply_count", delta)


def edit_refusal(actor, comment: Comment, now=None) -> str | None:
    now = now or utcnow()
    if not can(actor, "change_comment", comment):
        return _("Nur wer den Kommentar geschrieben hat, kann ihn bearbeiten.")
    if comment.status not in ("published", "pending"):
        return _("Dieser Kommentar kann nicht mehr bearbeitet werden.")
    if db.session.get(Process, comment.process_id).status != "published":
        return _("Dieses Verfahren ist abgeschlossen; Kommentare bleiben, wie sie sind.")
    minutes = current_app.config["COMMENT_EDIT_MINUTES"]
    if now - comment.created_at > timedelta(minutes=minutes):
        return _(
            "Kommentare können nur in den ersten %(minutes)s Minuten bearbeitet werden.",
            minutes=minutes,
        )
    if actor.is_blocked(now):
        return _("Ihr Konto ist für Beiträge gesperrt.")
    return None


def edit_comment(*, actor, comment: Comment, body: str) -> Comment:
    refusal = edit_refusal(actor, comment)
    if refusal:
        raise Conflict(refusal)
    body = _check_body(body)
    comment.body_markdown = body
    comment.body_html = render_markdown(body)
    comment.edited_at = utcnow()
    db.session.commit()
    signals.comment_edited.send(current_app._get_current_object(), comment=comment)
    return comment


def delete_comment(*, actor, comment: Comment) -> None:
    """The author deletes the text; a tombstone keeps the thread readable. A comment still
    waiting for approval was never public and goes without a trace."""
    require(
        actor,
        "change_comment",
        comment,
        _("Nur wer den Kommentar geschrieben hat, kann ihn löschen."),
    )
    if comment.status == "deleted":
        return
    if comment.status == "hidden":
        raise Conflict(_("Dieser Kommentar wurde von der Moderation ausgeblendet."))
    if comment.status == "pending":
        db.session.execute(
            delete(Comment).where(Comment.id == comment.id, Comment.status == "pending")
        )
        db.session.commit()
        return
    was_published = comment.status == "published"
    # The process first: every service that moves its counters locks it before others.
    lock_row(db.session, Process, comment.process_id)
    changed = db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id, Comment.status == comment.status)
        .values(status="deleted", deleted_at=utcnow(), body_markdown="", body_html="")
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed and was_published:
        _count(comment, -1)
    db.session.commit()
    if changed:
        signals.comment_deleted.send(current_app._get_current_object(), comment_id=comment.id)


def get_comment(*, actor, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or not _visible_to(actor, comment):
        raise NotFound(_("Diesen Kommentar gibt es nicht."))
    return comment


def _visible_to(actor, comment: Comment) -> bool:
    process = db.session.get(Process, comment.process_id)
    if not can(actor, "view_process", process):
        return False
    if comment.status != "pending" and not comment.rejected:
        return True
    is_author = actor is not None and actor.is_authenticated and actor.id == comment.author_id
    return is_author or can(actor, "publish_process", process)


def _shown(actor):
    """Tombstones and hidden placeholders stay in the thread; pending and rejected comments
    only for their author."""
    shown = Comment.status.in_(("published", "deleted", "hidden")) & Comment.rejected.is_(False)
    if actor is not None and actor.is_authenticated:
        own = Comment.status.in_(("pending", "hidden")) & (Comment.author_id == actor.id)
        return shown | own
    return shown


def _on_target(proposal_id: int | None, contribution_id: int | None) -> list:
    """The comments of one thread: a proposal's, a statement's or the general discussion."""
    return [
        Comment.proposal_id == proposal_id if proposal_id else Comment.proposal_id.is_(None),
        Comment.contribution_id == contribution_id
        if contribution_id
        else Comment.contribution_id.is_(None),
    ]


def thread(
    *,
    actor,
    process: Process,
    proposal: Proposal | None = None,
    page: int = 1,
    contribution_id: int | None = None,
    per_page: int = PAGE_SIZE,
) -> Thread:
    """A page of the thread, oldest first: count, comments, replies and the viewer's
    ratings — four queries whatever the thread's length."""
    from participation.votes.services import ratings_by

    target = [
        Comment.process_id == process.id,
        *_on_target(proposal.id if proposal else None, contribution_id),
    ]
    top = [*target, Comment.parent_id.is_(None), _shown(actor)]
    total = db.session.scalar(select(func.count(Comment.id)).where(*top)) or 0
    page, pages = clamp_page(total, page, per_page)
    comments = list(
        db.session.scalars(
            select(Comment)
            .where(*top)
            .order_by(Comment.id)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    replies: dict[int, list[Comment]] = {c.id: [] for c in comments}
    if comments:
        for reply in db.session.scalars(
            select(Comment)
            .where(Comment.parent_id.in_(list(replies)), _shown(actor))
            .order_by(Comment.id)
        ):
            replies[reply.parent_id].append(reply)
    ids = [c.id for c in comments] + [r.id for rs in replies.values() for r in rs]
    return Thread(comments, replies, page, pages, total, ratings_by(actor, ids))


def took_part_in_thread(
    *, actor, process: Process, proposal_id: int | None = None, contribution_id: int | None = None
) -> bool:
    """Whether the viewer wrote or rated a comment of this thread (one query): the thread
    then looks different for them (their own controls, ratings and waiting comments)."""
    from participation.votes.models import CommentRating

    if actor is None or not actor.is_authenticated:
        return False
    target = [Comment.process_id == process.id, *_on_target(proposal_id, contribution_id)]
    wrote = select(Comment.id).where(*target, Comment.author_id == actor.id).exists()
    rated = (
        select(CommentRating.comment_id)
        .join(Comment, Comment.id == CommentRating.comment_id)
        .where(*target, CommentRating.user_id == actor.id)
        .exists()
    )
    return bool(db.session.scalar(select(or_(wrote, rated))))


def page_of(comment: Comment) -> int:
    """The thread page a comment (or its parent) stands on, for links back to it."""
    top_id = comment.parent_id or comment.id
    before = (
        db.session.scalar(
            select(func.count(Comment.id)).where(
                Comment.process_id == comment.process_id,
                *_on_target(comment.proposal_id, comment.contribution_id),
                Comment.parent_id.is_(None),
                Comment.status.in_(("published", "deleted", "hidden")),
                Comment.id < top_id,
            )
        )
        or 0
    )
    return before // PAGE_SIZE + 1
