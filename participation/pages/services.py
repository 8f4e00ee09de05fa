"""Operator-editable page texts with shipped defaults; accessibility feedback."""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, text

from participation.accounts.models import User
from participation.core import signals
from participation.core.errors import NotFound
from participation.core.permissions import require
from participation.core.sanitize import render_page_markdown
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.pages.models import AccessibilityFeedback, SitePage

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
# slug -> URL path; the paths are part of the public interface.
EDITABLE_PAGES = {
    "impressum": "/impressum",
    "datenschutz": "/datenschutz",
    "barrierefreiheit": "/barrierefreiheit",
    "leichte-sprache": "/leichte-sprache",
    "netiquette": "/netiquette",
}


@dataclass(frozen=True)
class PageText:
    slug: str
    locale: str
    title: str
    body_markdown: str
    body_html: str
    customised: bool


def default_text(slug: str, locale: str) -> tuple[str, str]:
    """(title, markdown) of the text shipped with the project."""
    path = DEFAULTS_DIR / f"{slug}.{locale}.md"
    if not path.exists():
        path = DEFAULTS_DIR / f"{slug}.de.md"
    title_line, _sep, body = path.read_text(encoding="utf-8").partition("\n")
    return title_line.lstrip("# ").strip(), body.strip()


def get_page(slug: str, locale: str) -> PageText:
    if slug not in EDITABLE_PAGES:
        raise NotFound(_("Diese Seite gibt es nicht."))
    row = db.session.scalar(
        select(SitePage).where(SitePage.slug == slug, SitePage.locale == locale)
    )
    if row is not None:
        return PageText(slug, locale, row.title, row.body_markdown, row.body_html, True)
    title, body, html = _default_page(slug, locale)
    return PageText(slug, locale, title, body, html, False)


@functools.lru_cache(maxsize=64)
def _default_page(slug: str, locale: str) -> tuple[str, str, str]:
    """The shipped text with its HTML, rendered once per process: the files do not change
    while the app runs, and rendering Markdown was the most of a legal page's cost."""
    title, body = default_text(slug, locale)
    return title, body, render_page_markdown(body)


def update_page(*, actor: User, slug: str, locale: str, title: str, body_markdown: str) -> SitePage:
    require(actor, "edit_site_pages")
    if slug not in EDITABLE_PAGES or locale not in current_app.config["LANGUAGES"]:
        raise NotFound(_("Diese Seite gibt es nicht."))
    row = db.session.scalar(
        select(SitePage).where(SitePage.slug == slug, SitePage.locale == locale)
    )
    if row is None:
        row = SitePage(slug=slug, locale=locale)
        db.session.add(row)
    row.title = title
    row.body_markdown = body_markdown
    row.body_html = render_page_markdown(body_markdown)
    row.updated_by_id = actor.id
    db.session.commit()
    signals.site_page_updated.send(current_app._get_current_object(), page=row)
    return row


def reset_page(*, actor: User, slug: str, locale: str) -> None:
    """Go back to the shipped default text."""
    require(actor, "edit_site_pages")
    row = db.session.scalar(
        select(SitePage).where(SitePage.slug == slug, SitePage.locale == locale)
    )
    if row is not None:
        db.session.delete(row)
        db.session.commit()


def submit_accessibility_feedback(
    *, actor: User | None, message: str, page_url: str | None, contact_email: str | None
) -> AccessibilityFeedback:
    """Store the report and mail it to the operator in the same transaction."""
    feedback = AccessibilityFeedback(
        message=message,
        page_url=page_url or None,
        contact_email=contact_email or None,
        user_id=actor.id if actor is not None and actor.is_authenticated else None,
    )
    db.session.add(feedback)
    queue_mail(
        recipient=current_app.config["OPERATOR_EMAIL"],
        subject=_("Rückmeldung zur Barrierefreiheit"),
        template="accessibility_feedback",
        feedback=feedback,
    )
    db.session.commit()
    return feedback


def database_ok() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        with contextlib.suppress(Exception):
            db.session.rollback()
        return False
