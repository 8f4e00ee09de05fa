"""Benchmark: the information loop at city scale. Prints figures; asserts only that the
counts come out exact.

    .venv/bin/python bench/notifications.py [--database-url URL] [--residents 100000]

Builds a throw-away database (SQLite in a temporary file unless a URL is given; a
PostgreSQL database is emptied first: give it one of its own, e.g. `createdb
bench_notifications`) with the districts, 100,000 residents and 20,000 of them with a
standing interest (15,000) or a follow (5,000). Then, with the jobs run in this process as a
worker runs them:

1. a city-wide process is approved (it enters the Vorhabenliste: matching interests hear of
   it), 5,000 residents follow it, and it is published with its dialogue running (followers
   and interests): the fan-out is one INSERT … SELECT per event, and the followers' instant
   mails are queued;
2. every resident gets one digest item (set-based, as a fan-out would), and the weekly
   digest run builds and queues the digests for all of them, in batches of 500;
3. a second digest run for the same period queues nothing.

Memory: the resident set size after each digest batch (VmRSS) and the peak (getrusage).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, literal, select, text  # noqa: E402

from bench.results_file import Report  # noqa: E402

CHUNK = 5_000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build(residents: int):
    """Reference data, an office account, residents, and 15,000 interests."""
    from participation.accounts import services as accounts
    from participation.accounts.models import User
    from participation.accounts.passwords import hash_password
    from participation.core.clock import utcnow
    from participation.districts.models import ActionField, District
    from participation.districts.services import load_reference_data
    from participation.extensions import db
    from participation.notifications.models import Interest

    load_reference_data()
    office = accounts.create_user(
        email="bench-office@example.org", password="x" * 12, pseudonym="Bench", verified=True
    )
    accounts.grant_role(actor=None, user=office, role="coordinator")
    password, now = hash_password("bench-passwort-2026"), utcnow()
    for start in range(0, residents, CHUNK):
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"person{n}@bench.example.org",
                    "email_key": f"person{n}@bench.example.org",
                    "pseudonym": f"Person {n}",
                    "pseudonym_key": f"person {n}",
                    "password_hash": password,
                    "email_verified_at": now,
                    "session_version": 1,
                    "blocked_reason": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(start, min(start + CHUNK, residents))
            ],
        )
    districts = list(db.session.scalars(select(District.id).order_by(District.code)))
    fields = list(db.session.scalars(select(ActionField.id).order_by(ActionField.id)))
    people = list(db.session.scalars(select(User.id).where(User.id != office.id).order_by(User.id)))
    rows = []
    for index, user_id in enumerate(people[: len(people) * 15 // 100]):
        if index % 3 == 0:  # the whole city, one action field
            rows.append({"area": "all", "action_field_id": fields[index % len(fields)]})
        else:  # a district, city-wide processes included
            rows.append({"area": "district", "district_id": districts[index % len(districts)]})
        rows[-1].update(user_id=user_id, include_citywide=True, keywords="")
        rows[-1].update(created_at=now, updated_at=now)
    db.session.execute(insert(Interest), rows)
    db.session.commit()
    return office, people


def publish_citywide(office, followers: list[int]) -> dict:
    """Approve, let 5,000 follow, publish; seconds and notifications of each step."""
    from participation.coordination.services import advance_to
    from participation.core.clock import local_today, utcnow
    from participation.extensions import db
    from participation.follows.models import ProcessFollow
    from participation.mail.models import OutboxMail
    from participation.notifications.models import Notification
    from participation.projects import services

    today = local_today()
    process = services.create_process(
        actor=office,
        title="Stadtweiter Dialog: Hannover klimafest",
        summary="Wie wird die Stadt fit für Hitze und Starkregen?",
        action_field_slug=_any_field_slug(),
        district_code=None,
        scope_for_influence="Die Reihenfolge der Maßnahmen.",
        constraints="Der Haushalt steht fest.",
        use_of_results="Der Rat bekommt jeden Vorschlag mit Antwort.",
        feedback_due=today + timedelta(days=90),
        contact_person="Koordinierungsstelle",
        contact_email="beteiligung@example.org",
        phases=(services.PhaseInput("dialogue", today, today + timedelta(days=30)),),
    )
    figures = {}
    count = select(func.count(Notification.id))
    start = time.perf_counter()
    advance_to(actor=office, process=process, status="approved")
    figures["approve"] = (time.perf_counter() - start, db.session.scalar(count))
    now = utcnow()
    db.session.execute(
        insert(ProcessFollow),
        [
            {"process_id": process.id, "user_id": user_id, "created_at": now, "updated_at": now}
            for user_id in followers
        ],
    )
    db.session.commit()
    before = db.session.scalar(count)
    start = time.perf_counter()
    advance_to(actor=office, process=process, status="published")
    figures["publish"] = (time.perf_counter() - start, db.session.scalar(count) - before)
    figures["instant mails"] = db.session.scalar(select(func.count(OutboxMail.id)))
    return process, figures


def _any_field_slug() -> str:
    from participation.districts.models import ActionField
    from participation.extensions import db

    return db.session.scalar(select(ActionField.slug).order_by(ActionField.id).limit(1))


def digests(process, people: list[int]) -> dict:
    """One digest item for everyone, then the weekly run, then a second run."""
    from participation.core.clock import CITY_TIMEZONE, local_today, utcnow
    from participation.extensions import db
    from participation.mail.models import OutboxMail
    from participation.notifications import delivery
    from participation.notifications.jobs import digest_run
    from participation.notifications.models import Notification, NotificationEvent

    event = NotificationEvent(
        kind="dialogue_closing",
        key=f"bench-closing:{process.id}",
        process_id=process.id,
        detail="in vier Wochen",
        created_at=utcnow(),
    )
    db.session.add(event)
    db.session.flush()
    from participation.accounts.models import User

    db.session.execute(
        insert(Notification).from_select(
            ["user_id", "event_id", "channel", "created_at"],
            select(User.id, literal(event.id), literal("digest"), literal(utcnow())).where(
                User.id.between(people[0], people[-1])
            ),
        )
    )
    db.session.commit()
    samples = []
    real = delivery.send_digests

    def sampled(user_ids, now):
        sent = real(user_ids, now)
        samples.append(rss_mb())
        return sent

    delivery.send_digests = sampled
    today = local_today()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    moment = datetime.combine(monday, clock_time(8), tzinfo=CITY_TIMEZONE)
    digest_keys = select(func.count(OutboxMail.id)).where(
        OutboxMail.idempotency_key.like("digest:%")
    )
    rss_before = rss_mb()
    start = time.perf_counter()
    digest_run(now=moment.isoformat())
    seconds = time.perf_counter() - start
    queued = db.session.scalar(digest_keys)
    start = time.perf_counter()
    digest_run(now=(moment + timedelta(hours=1)).isoformat())
    again = time.perf_counter() - start
    assert db.session.scalar(digest_keys) == queued, "a second run queued more"
    delivery.send_digests = real
    return {
        "seconds": seconds,
        "queued": queued,
        "second run seconds": again,
        "rss before": rss_before,
        "rss batches": (min(samples), max(samples), len(samples)) if samples else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url")
    parser.add_argument("--residents", type=int, default=100_000)
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{scratch.name}/bench.sqlite3"

    from flask_migrate import upgrade

    from participation import create_app
    from participation.extensions import db

    app = create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=url,
        JOBS_DELIVERY="inline",
        MAIL_SEND_AFTER_COMMIT=False,
        PAGE_CACHE=False,
        RATELIMIT_ENABLED=False,
        REDIS_URL=None,
    )
    report = Report("Notifications at city scale (bench/notifications.py)")
    say = report.line
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        start = time.perf_counter()
        office, people = build(args.residents)
        say(f"engine: {db.engine.dialect.name}; residents: {len(people):,}")
        say(f"data set built in {time.perf_counter() - start:.1f} s")
        interested, following = len(people) * 15 // 100, len(people) * 20 // 100
        say(f"with interests: {interested:,}; following the process: {following - interested:,}")
        process, figures = publish_citywide(office, people[interested:following])
        for step in ("approve", "publish"):
            seconds, made = figures[step]
            say(f"{step} the city-wide process: {seconds:.1f} s, {made:,} notifications")
        say(f"instant mails queued for followers: {figures['instant mails']:,}")
        result = digests(process, people)
        rate = result["queued"] / result["seconds"] if result["seconds"] else 0
        say(
            f"weekly digests: {result['queued']:,} queued in {result['seconds']:.1f} s "
            f"({rate:,.0f}/s); second run {result['second run seconds']:.1f} s, nothing new"
        )
        low, high, batches = result["rss batches"]
        say(
            f"memory: {result['rss before']:.0f} MiB before the run, {low:.0f}–{high:.0f} MiB "
            f"over {batches} batches, peak {peak_rss_mb():.0f} MiB"
        )
        report.write(f"notifications-{db.engine.dialect.name}")


if __name__ == "__main__":
    main()
