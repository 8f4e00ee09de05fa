"""The public archive of sent issues."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.core.errors import NotFound
from participation.core.pagination import Page, clamp_page
from participation.extensions import db
from participation.newsletters.models import SENT, NewsletterIssue

PAGE_SIZE = 20


def _archived():
    return (NewsletterIssue.status == SENT, NewsletterIssue.in_archive.is_(True))


def archive_page(page: int = 1) -> Page:
    """Sent issues for the public, newest first, one page at a time (two queries)."""
    total = db.session.scalar(select(func.count(NewsletterIssue.id)).where(*_archived())) or 0
    page, pages = clamp_page(total, page, PAGE_SIZE)
    items = db.session.execute(
        select(
            NewsletterIssue.id,
            NewsletterIssue.subject,
            NewsletterIssue.list_name,
            NewsletterIssue.sent_at,
        )
        .where(*_archived())
        .order_by(NewsletterIssue.sent_at.desc(), NewsletterIssue.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return Page(list(items), page, pages, total)


def archived_issue(issue_id: int) -> NewsletterIssue:
    issue = db.session.scalar(
        select(NewsletterIssue).where(NewsletterIssue.id == issue_id, *_archived())
    )
    if issue is None:
        raise NotFound(_("Diese Ausgabe gibt es nicht im Archiv."))
    return issue


def archived_ids() -> list[int]:
    return list(
        db.session.scalars(
            select(NewsletterIssue.id).where(*_archived()).order_by(NewsletterIssue.id)
        )
    )
