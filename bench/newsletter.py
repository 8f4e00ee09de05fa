"""Benchmark: one newsletter issue built and queued for 50,000 subscribers. Prints figures;
asserts only that every subscriber got exactly one mail in the outbox.

    .venv/bin/python bench/newsletter.py [--database-url URL] [--subscribers 50000] [--deliver]

Builds a throw-away database (SQLite in a temporary file unless a URL is given; a
PostgreSQL database is emptied first: give it one of its own, e.g. `createdb
bench_newsletter`), bulk-inserts confirmed subscribers (a third of them with a district),
then times the real send job (`newsletter_send`, claimed and run as a worker would): the
deliveries in one INSERT … SELECT, the mails queued in the outbox in batches of 500 per
commit. With --deliver it also times handing the outbox to MAIL_BACKEND=log with logging
off (the cost of the portal's side of delivery, without a mail server). Peak RSS is the
process's high-water mark (getrusage).
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from bench.results_file import Report  # noqa: E402

CHUNK = 5_000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(total: int):
    """Reference data, the office's account and `total` confirmed subscribers."""
    from participation.accounts import services as accounts
    from participation.core.clock import utcnow
    from participation.districts.models import District
    from participation.districts.services import load_reference_data
    from participation.extensions import db
    from participation.newsletters.models import NewsletterSubscriber, subscriber_district

    load_reference_data()
    office = accounts.create_user(
        email="bench-office@example.org", password="x" * 12, pseudonym="Bench", verified=True
    )
    accounts.grant_role(actor=None, user=office, role="coordinator")
    district_ids = list(db.session.scalars(select(District.id).order_by(District.code)))
    now = utcnow()
    for start in range(0, total, CHUNK):
        numbers = range(start, min(start + CHUNK, total))
        db.session.execute(
            insert(NewsletterSubscriber),
            [
                {
                    "email": f"leser{n}@example.org",
                    "email_key": f"leser{n}@example.org",
                    "status": "confirmed",
                    "wants_office": True,
                    "wants_network": n % 5 == 0,
                    "token_version": 1,
                    "confirmed_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in numbers
            ],
        )
    ids = db.session.scalars(select(NewsletterSubscriber.id).order_by(NewsletterSubscriber.id))
    db.session.execute(
        insert(subscriber_district),
        [
            {"subscriber_id": i, "district_id": district_ids[i % len(district_ids)]}
            for i in ids
            if i % 3 == 0
        ],
    )
    db.session.commit()
    return office


def send(office) -> tuple[float, int]:
    """Send one issue to everyone through the real job; (seconds, outbox rows)."""
    from participation.extensions import db
    from participation.jobs.models import Job
    from participation.jobs.services import perform
    from participation.mail.models import OutboxMail
    from participation.newsletters import issues

    issue = issues.save_issue(
        actor=office,
        data=issues.IssueInput(
            list_name="office",
            subject="Neues aus der Beteiligung",
            body_markdown="## Termine\n\nAm **Montag** tagt der Bezirksrat.\n\n- Eins\n- Zwei",
        ),
    )
    start = time.perf_counter()
    issues.send_now(actor=office, issue=issue)
    job_id = db.session.scalar(select(Job.id).where(Job.key == f"newsletter-send:{issue.id}"))
    assert perform(job_id), "the send job did not run to the end"
    seconds = time.perf_counter() - start
    mails = db.session.scalar(select(func.count(OutboxMail.id)))
    db.session.refresh(issue)
    assert issue.status == "sent" and issue.recipient_count == mails == issue.queued_count
    # A second run of the job (a retry after a crash) adds nothing.
    from participation.newsletters.sending import send_issue

    issue.status = "sending"
    db.session.commit()
    again = time.perf_counter()
    send_issue(issue.id)
    rerun = time.perf_counter() - again
    assert db.session.scalar(select(func.count(OutboxMail.id))) == mails
    print(f"re-run of the finished job: {rerun:.1f} s, nothing queued twice")
    return seconds, mails


def deliver() -> tuple[float, int]:
    from participation.mail.services import send_pending

    logging.disable(logging.INFO)
    start = time.perf_counter()
    total = 0
    while True:
        sent, failed = send_pending(limit=1000)
        total += sent + failed
        if not sent and not failed:
            break
    return time.perf_counter() - start, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url")
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--deliver", action="store_true", help="also time delivery (log)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    from flask_migrate import downgrade, upgrade

    from participation import create_app
    from participation.extensions import db

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        RATELIMIT_ENABLED=False,
        # As in production: the job is claimed by a worker (here: this process), and
        # mails wait in the outbox for the sender instead of going out after each commit.
        JOBS_DELIVERY="queue",
        REDIS_URL=None,
        MAIL_SEND_AFTER_COMMIT=False,
        MAIL_BACKEND="log",
    )
    report = Report("A newsletter to 50,000 subscribers (bench/newsletter.py)")
    with app.app_context():
        if url.startswith("postgresql"):
            downgrade(revision="base")
        upgrade()
        start = time.perf_counter()
        office = build(args.subscribers)
        built = time.perf_counter() - start
        report.line(f"engine: {url.split(':', 1)[0]}, subscribers: {args.subscribers:,}")
        report.line(
            f"inserting the subscribers: {built:.1f} s "
            f"({args.subscribers / built:,.0f} rows/s), peak RSS {peak_rss_mb():.0f} MB"
        )
        seconds, mails = send(office)
        report.line(
            f"building and queueing the issue: {seconds:.1f} s "
            f"({mails / seconds:,.0f} mails/s), {mails:,} mails in the outbox, "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )
        if args.deliver:
            seconds, total = deliver()
            report.line(
                f"delivering (MAIL_BACKEND=log, logging off): {seconds:.1f} s "
                f"({total / seconds:,.0f} mails/s), peak RSS {peak_rss_mb():.0f} MB"
            )
        report.write(f"newsletter-{db.engine.dialect.name}")
        db.session.remove()
        if url.startswith("postgresql"):
            downgrade(revision="base")


if __name__ == "__main__":
    main()
