"""The notification jobs: fan-out, instant mails, digests, phase reminders and the staff's
daily work summary, with the scheduler steps that queue them."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.accounts.models import COUNCIL_ROLE, RoleAssignment, User
from participation.core.clock import CITY_TIMEZONE, local_today
from participation.core.links import external_url
from participation.councillors.services import work_summary as council_work_summary
from participation.extensions import db
from participation.jobs.services import enqueue, handler, periodic
from participation.mail.services import queue_mail
from participation.notifications import delivery, preferences, services
from participation.notifications.describe import long_date
from participation.notifications.models import INSTANT, NotificationPreference
from participation.projects.models import Phase, Process


@handler("notifications.fan_out")
def fan_out(event_id: int) -> None:
    """Create the event's notifications, then mail those who want it at once."""
    services.fan_out(event_id)
    db.session.commit()
    delivery.send_instant(event_id)


@handler("notifications.digest_batch")
def digest_batch(user_ids: list[int], now: str) -> None:
    delivery.send_digests(user_ids, datetime.fromisoformat(now))


@handler("notifications.digest_run")
def digest_run(now: str) -> None:
    """Split everyone due for a digest at `now` into batch jobs (two workers share them)."""
    moment = datetime.fromisoformat(now)
    for batch in delivery.next_batches(moment):
        enqueue(
            "notifications.digest_batch",
            key=f"digest-batch:{now}:{batch[0]}-{batch[-1]}",
            user_ids=batch,
            now=now,
        )
    db.session.commit()


def _hour(now: datetime) -> datetime:
    """The hour of `now` in city time: the scheduler queues one run per hour."""
    return now.astimezone(CITY_TIMEZONE).replace(minute=0, second=0, microsecond=0)


@periodic
def schedule_digests(now: datetime) -> None:
    """Once an hour: look for the people whose digest time has come."""
    hour = _hour(now)
    enqueue("notifications.digest_run", key=f"digests:{hour.isoformat()}", now=now.isoformat())


@handler("notifications.scan_phases")
def scan_phases(today: str) -> None:
    """Phase changes follow the calendar, not an action: a dialogue that begins today, ends
    in a few days or has ended (in the last week) becomes an event once (keyed by phase)."""
    _record_phases(datetime.fromisoformat(today).date())
    db.session.commit()


def scan_phases_of(process: Process) -> None:
    """The same for one process just published (its dialogue may be running already)."""
    _record_phases(local_today(), process_id=process.id)


def _record_phases(day, process_id: int | None = None) -> None:
    notice = current_app.config["DIALOGUE_CLOSING_REMINDER_DAYS"]
    query = (
        select(Phase.id, Phase.process_id, Phase.starts_on, Phase.ends_on)
        .join(Process, Process.id == Phase.process_id)
        .where(
            Process.status == "published",
            Phase.kind == "dialogue",
            Phase.ends_on >= day - timedelta(days=7),
            Phase.starts_on <= day + timedelta(days=notice),
        )
    )
    if process_id is not None:
        query = query.where(Process.id == process_id)
    rows = db.session.execute(query).all()
    for phase_id, process_id, starts_on, ends_on in rows:
        if starts_on <= day <= ends_on:
            services.record(
                "dialogue_opened", key=f"dialogue_opened:{phase_id}", process_id=process_id
            )
        if day <= ends_on <= day + timedelta(days=notice) and starts_on <= day:
            services.record(
                "dialogue_closing",
                key=f"dialogue_closing:{phase_id}:{ends_on.isoformat()}",
                process_id=process_id,
                detail=long_date(ends_on),
            )
        if ends_on < day:
            services.record(
                "dialogue_closed", key=f"dialogue_closed:{phase_id}", process_id=process_id
            )
    db.session.commit()


@periodic
def schedule_phase_scan(now: datetime) -> None:
    hour = _hour(now)
    enqueue(
        "notifications.scan_phases",
        key=f"scan-phases:{hour.isoformat()}",
        today=hour.date().isoformat(),
    )


# --- the staff's daily work summary ----------------------------------------------------------


def work_of(user: User):
    """What waits for a staff member: reports, contributions to approve, appeals, answers
    due and overdue, and (for the office) processes waiting for review."""
    from participation.answers.queue import staff_queue
    from participation.moderation.queue import counts

    moderation = counts(user)
    answers = staff_queue(actor=user, tab="offen", who="ich").counts
    reviews = 0
    if user.has_role("coordinator") or user.has_role("admin"):
        reviews = db.session.scalar(
            select(func.count(Process.id)).where(Process.status == "in_review")
        )
    return {
        "reports": moderation.reports,
        "pending": moderation.pending,
        "appeals": moderation.appeals,
        "due": answers["offen"],
        "overdue": answers["ueberfaellig"],
        "reviews": reviews or 0,
    }


# Staff get their work; council members (participation/council) read their district's.
SUMMARY_ROLES = ("district_manager", "coordinator", "admin", COUNCIL_ROLE)


@handler("notifications.staff_summary")
def staff_summary(day: str) -> None:
    """One mail a day to each staff member with work waiting and the summary switched on
    (the "staff_summary" kind on "instant", its default); none when nothing waits.
    Council members get the figures of their district they may read, nothing to do."""
    staff_ids = db.session.scalars(
        select(RoleAssignment.user_id)
        .where(RoleAssignment.role.in_(SUMMARY_ROLES))
        .distinct()
        .order_by(RoleAssignment.user_id)
    ).all()
    off = set(
        db.session.scalars(
            select(NotificationPreference.user_id).where(
                NotificationPreference.kind == "staff_summary",
                NotificationPreference.channel != INSTANT,
            )
        )
    )
    for user_id in staff_ids:
        if user_id in off:
            continue
        user = db.session.get(User, user_id)
        work = work_of(user) if user.is_staff else {}
        if user.has_role(COUNCIL_ROLE):
            work.update(council_work_summary(user))
        if not any(work.values()):
            continue
        links = delivery.mail_links(user.id, preferences.settings_of(user).token_version)
        with force_locale("de"):
            queue_mail(
                recipient=user.email,
                subject=_("Ihre Arbeitsübersicht für heute"),
                template="staff_summary",
                key=f"staff-summary:{user.id}:{day}",
                headers=delivery.list_headers(links),
                bulk=True,
                pseudonym=user.pseudonym,
                work=work,
                dashboard=external_url("staff.dashboard"),
                council=external_url("councillors.overview") if user.has_role(COUNCIL_ROLE) else "",
                **links,
            )
        db.session.commit()


@periodic
def schedule_staff_summary(now: datetime) -> None:
    local = now.astimezone(CITY_TIMEZONE)
    if local.hour >= current_app.config["STAFF_SUMMARY_HOUR"]:
        day = local.date().isoformat()
        enqueue("notifications.staff_summary", key=f"staff-summary:{day}", day=day)
