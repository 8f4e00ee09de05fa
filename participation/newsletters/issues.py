"""The office writes an issue (Markdown, sanitised, with a preview), mails itself a test,
schedules it or sends it now, and cancels a schedule; the list of issues with counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import raiseload

from participation.accounts.models import User
from participation.accounts.tokens import fingerprint
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.pagination import Page, clamp_page
from participation.core.permissions import require
from participation.core.sanitize import render_page_markdown
from participation.districts.services import chosen_scope
from participation.extensions import db
from participation.jobs.services import enqueue
from participation.mail.services import queue_mail
from participation.newsletters import links, services
from participation.newsletters.models import (
    AUDIENCES,
    CONFIRMED,
    DRAFT,
    LISTS,
    SCHEDULED,
    SENDING,
    NewsletterIssue,
    NewsletterSubscriber,
)

PAGE_SIZE = 20
SUBJECT_MAX = 200
BODY_MAX = 50_000
# Anything that would end a mail header line (the subject becomes one).
_LINE_BREAK = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class IssueInput:
    list_name: str
    subject: str
    body_markdown: str
    audiences: tuple[str, ...] = AUDIENCES
    district_codes: tuple[str, ...] = ()
    action_field_slugs: tuple[str, ...] = ()
    in_archive: bool = True


def has_line_break(text: str) -> bool:
    return bool(_LINE_BREAK.search(text or ""))


def _checked(data: IssueInput):
    if data.list_name not in LISTS:
        raise Invalid(_("Bitte wählen Sie einen Newsletter."), field="list_name")
    subject = (data.subject or "").strip()
    if has_line_break(data.subject):
        raise Invalid(_("Der Betreff darf keinen Zeilenumbruch enthalten."), field="subject")
    if not subject:
        raise Invalid(_("Bitte geben Sie einen Betreff an."), field="subject")
    if len(subject) > SUBJECT_MAX:
        raise Invalid(_("Höchstens 200 Zeichen."), field="subject")
    if not (data.body_markdown or "").strip():
        raise Invalid(_("Bitte schreiben Sie den Text der Ausgabe."), field="body_markdown")
    if len(data.body_markdown) > BODY_MAX:
        raise Invalid(_("Höchstens 50000 Zeichen."), field="body_markdown")
    if not data.audiences or set(data.audiences) - set(AUDIENCES):
        raise Invalid(_("Bitte wählen Sie mindestens eine Zielgruppe."), field="audiences")
    return subject, chosen_scope(data.district_codes, data.action_field_slugs)


def preview_html(body_markdown: str) -> str:
    """The body as the archive and the mail's web version will show it (sanitised)."""
    return render_page_markdown(body_markdown or "")


def save_issue(
    *, actor: User, data: IssueInput, issue: NewsletterIssue | None = None
) -> NewsletterIssue:
    """Create a draft, or change one; only drafts change (cancel a schedule first)."""
    require(actor, "manage_newsletters")
    if issue is not None and not issue.is_draft:
        raise Conflict(_("Nur Entwürfe lassen sich bearbeiten. Heben Sie die Planung auf."))
    subject, (districts, action_fields) = _checked(data)
    if issue is None:
        issue = NewsletterIssue(status=DRAFT, author_id=actor.id)
        db.session.add(issue)
    issue.list_name = data.list_name
    issue.subject = subject
    issue.body_markdown = data.body_markdown
    issue.body_html = preview_html(data.body_markdown)
    for name in AUDIENCES:
        setattr(issue, f"to_{name}", name in data.audiences)
    issue.districts = list(districts)
    issue.action_fields = list(action_fields)
    issue.in_archive = data.in_archive
    db.session.commit()
    return issue


def get_issue(issue_id: int) -> NewsletterIssue:
    issue = db.session.get(NewsletterIssue, issue_id)
    if issue is None:
        raise NotFound(_("Diese Ausgabe gibt es nicht."))
    return issue


def send_test(*, actor: User, issue: NewsletterIssue) -> bool:
    """Mail the issue to the signed-in staff member only; the same text is mailed once
    (True if a mail went out now). It carries their own unsubscribe link if they
    subscribe."""
    require(actor, "manage_newsletters")
    own = services.subscription_of(actor)
    unsubscribe = (
        links.unsubscribe_url(own.id, own.token_version)
        if own is not None and own.status == CONFIRMED
        else None
    )
    queued = queue_mail(
        recipient=actor.email,
        subject=_("[Test] %(subject)s", subject=issue.subject),
        template="newsletter_issue",
        key=f"newsletter-test:{issue.id}:{actor.id}:"
        + fingerprint(issue.subject, issue.body_markdown)[:20],
        headers=links.list_headers(unsubscribe) if unsubscribe else None,
        body=issue.body_markdown,
        list_label=str(services.LIST_LABELS[issue.list_name]),
        unsubscribe=unsubscribe,
        archive=None,
        test=True,
    )
    db.session.commit()
    return queued


def schedule(*, actor: User, issue: NewsletterIssue, at: datetime | None) -> None:
    """Send the draft at `at` (the scheduler starts it when the time comes)."""
    require(actor, "manage_newsletters")
    if at is None:
        raise Invalid(_("Bitte geben Sie Datum und Uhrzeit an."), field="scheduled_at")
    if at.tzinfo is None:
        raise ValueError("schedule() needs a timezone-aware time")
    if at <= utcnow():
        raise Invalid(
            _("Dieser Zeitpunkt liegt in der Vergangenheit. Bitte wählen Sie einen späteren."),
            field="scheduled_at",
        )
    if not issue.is_draft:
        raise Conflict(_("Nur Entwürfe lassen sich planen."))
    issue.status = SCHEDULED
    issue.scheduled_at = at
    db.session.commit()


def _start(issue_ids: list[int]) -> None:
    for issue_id in issue_ids:
        enqueue("newsletter_send", key=f"newsletter-send:{issue_id}", issue_id=issue_id)


def send_now(*, actor: User, issue: NewsletterIssue) -> None:
    """Start sending a draft or scheduled issue; a second click starts nothing."""
    require(actor, "manage_newsletters")
    now = utcnow()
    started = db.session.execute(
        update(NewsletterIssue)
        .where(NewsletterIssue.id == issue.id, NewsletterIssue.status.in_((DRAFT, SCHEDULED)))
        .values(status=SENDING, scheduled_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not started:
        db.session.rollback()
        raise Conflict(_("Diese Ausgabe wird schon versendet oder ist versendet."))
    _start([issue.id])
    db.session.commit()


def cancel(*, actor: User, issue: NewsletterIssue) -> None:
    """A scheduled issue becomes a draft again (until the scheduler has started it)."""
    require(actor, "manage_newsletters")
    cancelled = db.session.execute(
        update(NewsletterIssue)
        .where(NewsletterIssue.id == issue.id, NewsletterIssue.status == SCHEDULED)
        .values(status=DRAFT, scheduled_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not cancelled:
        db.session.rollback()
        raise Conflict(_("Diese Ausgabe ist nicht (mehr) geplant."))
    db.session.commit()


def start_due(now: datetime) -> list[int]:
    """The scheduler's part: every scheduled issue whose time has come starts sending
    (the status is the guard, so a cancel at the same moment wins or loses cleanly)."""
    due = list(
        db.session.scalars(
            select(NewsletterIssue.id).where(
                NewsletterIssue.status == SCHEDULED, NewsletterIssue.scheduled_at <= now
            )
        )
    )
    started = []
    for issue_id in due:
        changed = db.session.execute(
            update(NewsletterIssue)
            .where(NewsletterIssue.id == issue_id, NewsletterIssue.status == SCHEDULED)
            .values(status=SENDING)
            .execution_options(synchronize_session=False)
        ).rowcount
        if changed:
            started.append(issue_id)
    _start(started)
    return started


def list_issues(*, actor: User, page: int = 1) -> Page:
    """Every issue, newest first, with its stored counts (two queries)."""
    require(actor, "manage_newsletters")
    total = db.session.scalar(select(func.count(NewsletterIssue.id))) or 0
    page, pages = clamp_page(total, page, PAGE_SIZE)
    items = db.session.scalars(
        select(NewsletterIssue)
        .options(raiseload(NewsletterIssue.districts), raiseload(NewsletterIssue.action_fields))
        .order_by(NewsletterIssue.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return Page(list(items), page, pages, total)


def subscriber_counts(*, actor: User) -> dict[str, int]:
    """Confirmed subscribers per list (one query)."""
    require(actor, "manage_newsletters")
    row = db.session.execute(
        select(
            func.count(NewsletterSubscriber.id).filter(NewsletterSubscriber.wants_office.is_(True)),
            func.count(NewsletterSubscriber.id).filter(
                NewsletterSubscriber.wants_network.is_(True)
            ),
        ).where(NewsletterSubscriber.status == CONFIRMED)
    ).one()
    return {"office": row[0] or 0, "network": row[1] or 0}
