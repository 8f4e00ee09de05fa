"""The newsletter's job (sending one issue) and its scheduler step."""

from __future__ import annotations

from datetime import datetime

from participation.jobs.services import handler, periodic
from participation.newsletters import issues, sending


@handler("newsletter_send")
def send_issue(issue_id: int) -> None:
    """Queued once per issue (key `newsletter-send:<id>`); safe to run again."""
    sending.send_issue(issue_id)


@periodic
def newsletter_step(now: datetime) -> None:
    """Start the scheduled issues that are due, refresh the sent/failed counts of issues
    still on their way, and forget requests nobody confirmed."""
    issues.start_due(now)
    sending.refresh_counts(sending.unsettled_issue_ids(now))
    sending.forget_unconfirmed(now)
