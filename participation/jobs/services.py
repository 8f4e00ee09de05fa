"""Queueing jobs with the action that needs them, and running each exactly once.

A job is a row in the `job` table, written in the transaction that asks for it, under a
unique key. After the commit it is handed to the RQ queue when Redis is configured; without
Redis (or while Redis is down) `flask jobs run-due` runs it from the database on a timer.
Whoever runs it first claims the row (the status is the guard of the UPDATE), so a job
handed to the queue twice, or run by the timer and a worker at once, runs once. A worker
that dies leaves its claim behind until the lease runs out; then the job is claimed again.
Handlers are written to resume: what they produce carries idempotency keys of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from participation.core.clock import utcnow
from participation.core.db import insert_returning_id
from participation.extensions import db
from participation.jobs.models import DONE, FAILED, PENDING, RUNNING, Job

log = logging.getLogger(__name__)
_SESSION_JOBS = "jobs_new"
_HANDLERS: dict[str, Callable[..., None]] = {}
_PERIODIC: dict[str, Callable[[datetime], None]] = {}


def handler(name: str):
    """Register `func(**payload)` as the code behind jobs called `name`."""

    def register(func):
        _HANDLERS[name] = func
        return func

    return register


def periodic(func: Callable[[datetime], None]):
    """Register a scheduler step: `func(now)` enqueues what is due at `now` (with keys, so
    looking twice queues nothing new)."""
    _PERIODIC[f"{func.__module__}.{func.__qualname__}"] = func
    return func


def enqueue(name: str, *, key: str, run_at: datetime | None = None, **payload) -> bool:
    """Write a job into the current transaction, once per `key`; True if it is new. It runs
    only if that transaction commits."""
    if name not in _HANDLERS:
        raise ValueError(f"no job handler called {name!r}")
    now = utcnow()
    job_id = insert_returning_id(
        db.session,
        Job,
        name=name,
        key=key[:200],
        payload=payload,
        status=PENDING,
        attempts=0,
        run_at=run_at or now,
    )
    if job_id is None:
        return False
    if run_at is None or run_at <= now:
        db.session.info.setdefault(_SESSION_JOBS, []).append(job_id)
    return True


def _claim(job_id: int) -> int | None:
    """Claim the job for this runner: its attempt number, or None if someone else holds
    it (or it is not due). A job whose attempts are used up (its worker died each time)
    is not claimed again but marked failed."""
    now = utcnow()
    lease = now + timedelta(seconds=current_app.config["JOBS_LEASE_SECONDS"])
    limit = current_app.config["JOBS_MAX_ATTEMPTS"]
    claimable = or_(
        (Job.status == PENDING) & (Job.run_at <= now),
        (Job.status == RUNNING) & (Job.lease_until < now),
    )
    attempt = db.session.execute(
        update(Job)
        .where(Job.id == job_id, claimable, Job.attempts < limit)
        .values(status=RUNNING, attempts=Job.attempts + 1, lease_until=lease)
        .returning(Job.attempts)
        .execution_options(synchronize_session=False)
    ).scalar()
    if attempt is None:
        db.session.execute(
            update(Job)
            .where(Job.id == job_id, claimable, Job.attempts >= limit)
            .values(status=FAILED, lease_until=None, last_error="attempts used up")
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return attempt


def _finish(job_id: int, attempt: int, **values) -> None:
    """Write the outcome only while the claim is still this runner's: a runner whose lease
    ran out and was overtaken must not overwrite the newer runner's state."""
    db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == RUNNING, Job.attempts == attempt)
        .values(lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def perform(job_id: int) -> bool:
    """Claim and run one job; True if this call ran it to the end."""
    attempt = _claim(job_id)
    if attempt is None:
        return False
    job = db.session.get(Job, job_id)
    name, payload = job.name, dict(job.payload or {})
    try:
        _HANDLERS[name](**payload)
    except Exception as exc:  # noqa: BLE001 - a failing job is retried, not lost
        db.session.rollback()
        give_up = attempt >= current_app.config["JOBS_MAX_ATTEMPTS"]
        _finish(
            job_id,
            attempt,
            status=FAILED if give_up else PENDING,
            run_at=utcnow() + timedelta(minutes=min(2**attempt, 60)),
            last_error=f"{exc.__class__.__name__}: {exc}"[:500],
        )
        log.exception("job %s (%s) failed, attempt %s", job_id, name, attempt)
        return False
    _finish(job_id, attempt, status=DONE, finished_at=utcnow(), last_error=None)
    return True


def due_ids(limit: int = 200, *, unhanded: bool = False) -> list[int]:
    """Jobs that may run now: pending and due, or claimed by a worker whose lease ran out;
    with `unhanded`, only those not handed to the queue within a lease's time."""
    now = utcnow()
    query = select(Job.id).where(
        or_(
            (Job.status == PENDING) & (Job.run_at <= now),
            (Job.status == RUNNING) & (Job.lease_until < now),
        )
    )
    if unhanded:
        lease = timedelta(seconds=current_app.config["JOBS_LEASE_SECONDS"])
        query = query.where(or_(Job.handed_at.is_(None), Job.handed_at < now - lease))
    ids = db.session.scalars(query.order_by(Job.run_at, Job.id).limit(limit)).all()
    db.session.rollback()
    return list(ids)


def tick(now: datetime | None = None) -> None:
    """The scheduler: every registered step enqueues what is due (digests, reminders)."""
    now = now or utcnow()
    for name, step in _PERIODIC.items():
        try:
            step(now)
            db.session.commit()
        except Exception:  # noqa: BLE001 - one broken step must not stop the others
            db.session.rollback()
            log.exception("scheduler step %s failed", name)


def run_due(*, limit: int = 100_000) -> int:
    """Run the scheduler, then every due job in this process until none is left (jobs may
    queue further jobs); returns how many ran. The path without Redis, and the safety net
    with it."""
    tick()
    ran = 0
    while ran < limit:
        batch = due_ids()
        if not batch:
            break
        progressed = False
        for job_id in batch:
            if perform(job_id):
                ran += 1
                progressed = True
        if not progressed:
            break
    return ran


def hand_due_to_queue() -> int:
    """With Redis: run the scheduler and hand every due job to the workers; returns how
    many were handed (0 when Redis cannot be reached: then run them here)."""
    tick()
    return _push(due_ids(limit=10_000, unhanded=True))


def _queue():
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(
        current_app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=5
    )
    return Queue(current_app.config["JOBS_QUEUE"], connection=connection)


def _push(ids: list[int]) -> int:
    """Hand jobs to RQ; what cannot be handed stays pending in the database."""
    if not ids or not current_app.config.get("REDIS_URL"):
        return 0
    try:
        queue = _queue()
        for job_id in ids:
            queue.enqueue(
                "participation.jobs.worker.perform_job",
                job_id,
                job_timeout=current_app.config["JOBS_LEASE_SECONDS"],
                result_ttl=0,
                failure_ttl=86_400,
            )
    except Exception:  # noqa: BLE001 - Redis down: the database keeps the job
        log.warning("Redis unreachable: %s job(s) wait for `flask jobs run-due`", len(ids))
        return 0
    with Session(db.engine) as session:
        session.execute(update(Job).where(Job.id.in_(ids)).values(handed_at=utcnow()))
        session.commit()
    return len(ids)


def _after_commit(session) -> None:
    ids = session.info.pop(_SESSION_JOBS, [])
    if not ids:
        return
    app = current_app._get_current_object()
    if app.config["JOBS_DELIVERY"] == "inline":
        # A fresh app context has its own session: the job runs as it would in a worker.
        for job_id in ids:
            with app.app_context():
                perform(job_id)
    else:
        _push(ids)


def _after_rollback(session, previous_transaction) -> None:
    session.info.pop(_SESSION_JOBS, None)


def register_job_listeners() -> None:
    """Hand new jobs on right after the transaction that wrote them commits (idempotent)."""
    target = db.session
    if not event.contains(target, "after_commit", _after_commit):
        event.listen(target, "after_commit", _after_commit)
        event.listen(target, "after_soft_rollback", _after_rollback)
