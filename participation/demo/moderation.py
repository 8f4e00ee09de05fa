"""Demo moderation: open and decided reports, a hidden comment with its public reason, and an
appeal waiting for another moderator, in one open process of a district."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.comments import services as comments
from participation.comments.models import Comment
from participation.core.clock import local_today, travel, utcnow
from participation.extensions import db
from participation.moderation import services as moderation
from participation.moderation.models import Report
from participation.projects.models import Process
from participation.projects.stages import is_open


def seed_moderation(residents: list, staff_by_district: dict) -> bool:
    """Add the demo moderation once; False if there is no open district process for it."""
    if db.session.scalar(select(Report.id).limit(1)) is not None:
        return False
    process = next(
        (
            p
            for p in db.session.scalars(
                select(Process)
                .where(Process.status == "published", Process.district_id.is_not(None))
                .order_by(Process.id)
            )
            if is_open(p, "comment", local_today())
        ),
        None,
    )
    manager = staff_by_district.get(process.district_id) if process else None
    if process is None or manager is None:
        return False
    now = utcnow()
    with travel(now - timedelta(days=4)):
        rude = comments.post_comment(
            actor=residents[4],
            process=process,
            body="Wer so etwas plant, hat von unserem Viertel null Ahnung. Typisch Amt!",
        )
        ad = comments.post_comment(
            actor=residents[5],
            process=process,
            body="Günstige Umzüge mit Festpreis – jetzt anrufen!",
        )
    with travel(now - timedelta(days=3)):
        for reporter, target, reason, note in (
            (residents[0], rude, "insult", "Das ist respektlos gegenüber der Verwaltung."),
            (residents[1], rude, "insult", ""),
            (residents[2], ad, "advertising", "Werbung für eine Firma."),
        ):
            moderation.report(
                actor=reporter,
                target=moderation.target_of(comment_id=target.id),
                reason=reason,
                note=note,
            )
    with travel(now - timedelta(days=2)):
        moderation.hide(
            actor=manager,
            target=moderation.target_of(comment_id=ad.id),
            reason="advertising",
            explanation="Werbung für ein Unternehmen gehört nicht in den Dialog.",
        )
    with travel(now - timedelta(days=1)):
        moderation.appeal(
            actor=residents[5],
            target=moderation.target_of(comment_id=ad.id),
            text="Ich wollte nur helfen, weil viele neu ins Viertel ziehen.",
        )
    # A report that was looked at and dismissed, and one still open on a proposal comment.
    thread = db.session.scalars(
        select(Comment)
        .where(
            Comment.process_id == process.id,
            Comment.proposal_id.is_not(None),
            Comment.status == "published",
        )
        .order_by(Comment.id)
        .limit(2)
    ).all()
    if len(thread) == 2:
        first, second = (moderation.target_of(comment_id=c.id) for c in thread)
        with travel(now - timedelta(days=2, hours=5)):
            moderation.report(actor=residents[3], target=first, reason="off_topic")
        with travel(now - timedelta(days=1, hours=20)):
            moderation.dismiss(actor=manager, target=first)
        moderation.report(actor=residents[0], target=second, reason="personal_data")
    return True
