"""What the staff area shows: the user's roles and the work each role opens up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.core.pagination import clamp_page
from participation.core.permissions import require
from participation.extensions import db
from participation.pages.models import AccessibilityFeedback

FEEDBACK_PAGE_SIZE = 20


@dataclass(frozen=True)
class FeedbackPage:
    items: list[AccessibilityFeedback]
    page: int
    pages: int
    total: int


def list_feedback(*, actor: User, page: int = 1) -> FeedbackPage:
    """Accessibility feedback, newest first, one page at a time (two queries)."""
    require(actor, "read_accessibility_feedback")
    total = db.session.scalar(select(func.count(AccessibilityFeedback.id))) or 0
    page, pages = clamp_page(total, page, FEEDBACK_PAGE_SIZE)
    items = db.session.scalars(
        select(AccessibilityFeedback)
        .order_by(AccessibilityFeedback.created_at.desc(), AccessibilityFeedback.id.desc())
        .offset((page - 1) * FEEDBACK_PAGE_SIZE)
        .limit(FEEDBACK_PAGE_SIZE)
    ).all()
    return FeedbackPage(items, page, pages, total)
