"""Demo newsletter: two confirmed subscriptions and one sent issue in the archive."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.core.clock import travel, utcnow
from participation.districts.models import District
from participation.extensions import db
from participation.newsletters import issues, sending
from participation.newsletters.models import CONFIRMED, NewsletterIssue, NewsletterSubscriber

ISSUE_SUBJECT = "Newsletter: neue Verfahren in Linden-Limmer und Termine im Netzwerk"
ISSUE_TEXT = """Liebe Einwohner*innen,

in Linden-Limmer beginnt der Online-Dialog zur **Umgestaltung des Küchengartens**. Bis zum
Ende der Dialogphase können Sie Vorschläge machen, kommentieren und unterstützen.

## Termine

- Netzwerktreffen im Rathaus – alle Partnerorganisationen sind eingeladen.
- Fortbildung „Gut beteiligen“ für Initiativen und Vereine.

## Ergebnisse

Der Ergebnisbericht zum Stadtteiltreff am Mühlenberg ist veröffentlicht: Jeder Vorschlag
hat eine Antwort der Verwaltung bekommen.

Ihre Koordinierungsstelle für Einwohner*innenbeteiligung
"""
# (address, account address or None, district codes)
SUBSCRIBERS = (
    ("einwohnerin@example.org", "einwohnerin@example.org", ("10",)),
    ("newsletter-leserin@example.org", None, ()),
)


def _subscribe(email: str, account: str | None, codes: tuple[str, ...]) -> None:
    if db.session.scalar(
        select(NewsletterSubscriber.id).where(NewsletterSubscriber.email_key == email)
    ):
        return
    user_id = (
        db.session.scalar(select(User.id).where(User.email_key == account)) if account else None
    )
    now = utcnow()
    db.session.add(
        NewsletterSubscriber(
            email=email,
            email_key=email,
            user_id=user_id,
            status=CONFIRMED,
            wants_office=True,
            wants_network=False,
            token_version=2,
            requested_at=now,
            confirmed_at=now,
            districts=list(db.session.scalars(select(District).where(District.code.in_(codes)))),
        )
    )
    db.session.commit()


def seed_newsletters(coordinator: User) -> None:
    """Idempotent: what exists is left as it is."""
    for email, account, codes in SUBSCRIBERS:
        _subscribe(email, account, codes)
    if db.session.scalar(
        select(NewsletterIssue.id).where(NewsletterIssue.subject == ISSUE_SUBJECT)
    ):
        return
    with travel(utcnow() - timedelta(days=12)):
        issue = issues.save_issue(
            actor=coordinator,
            data=issues.IssueInput(
                list_name="office", subject=ISSUE_SUBJECT, body_markdown=ISSUE_TEXT
            ),
        )
        issues.send_now(actor=coordinator, issue=issue)
        # Without a worker the job waits in the queue; the demo's archive needs it now.
        sending.send_issue(issue.id)
