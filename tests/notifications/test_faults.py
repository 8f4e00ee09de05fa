"""Faults that must cost nothing: Redis down, SMTP down, a worker killed during a digest
run (both engines; real SMTP sink where mail is delivered)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from participation.core.clock import local_today, utcnow
from participation.extensions import db
from participation.jobs import services as jobs
from participation.jobs.models import DONE, PENDING, Job
from participation.mail.models import OutboxMail
from participation.mail.services import send_pending
from participation.notifications import interests
from participation.notifications.interests import InterestInput
from participation.projects.services import PhaseInput
from tests.conftest import free_port
from tests.notifications.helpers import kinds_of, next_monday_morning

ROOT = Path(__file__).resolve().parents[2]


def _running():
    today = local_today()
    return (PhaseInput("dialogue", today - timedelta(days=1), today + timedelta(days=20)),)


def test_redis_down_keeps_the_jobs_in_the_database_until_the_timer(
    make_app, make_user, make_process
):
    app = make_app(JOBS_DELIVERY="queue", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    with app.app_context():
        resident = make_user("resident")
        interests.save(actor=resident, data=InterestInput())
        make_process("Während Redis schläft", phases=_running())
        waiting = db.session.scalar(select(func.count(Job.id)).where(Job.status == PENDING))
        assert waiting >= 1 and kinds_of(resident) == []
        assert jobs.run_due() >= waiting
        assert kinds_of(resident) == ["process_listed", "dialogue_opened"]
        assert jobs.run_due() == 0
        assert kinds_of(resident) == ["process_listed", "dialogue_opened"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_with_redis_a_worker_runs_each_job_once(make_app, make_user, make_process):
    from redis import Redis
    from rq import Queue, SimpleWorker

    name = f"test-{os.getpid()}-{free_port()}"
    app = make_app(JOBS_DELIVERY="queue", REDIS_URL=os.environ["REDIS_URL"], JOBS_QUEUE=name)
    connection = Redis.from_url(os.environ["REDIS_URL"])
    queue = Queue(name, connection=connection)
    try:
        with app.app_context():
            resident = make_user("resident")
            interests.save(actor=resident, data=InterestInput())
            make_process("Über die Warteschlange", phases=_running())
            handed = len(queue)
            assert handed >= 1 and kinds_of(resident) == []
            # The timer hands nothing again that the workers already hold.
            assert jobs.hand_due_to_queue() == 0
            SimpleWorker([queue], connection=connection).work(burst=True)
            assert kinds_of(resident) == ["process_listed", "dialogue_opened"]
            statuses = set(db.session.scalars(select(Job.status)))
            db.session.rollback()
            assert statuses == {DONE}
            # Handed twice (a lost acknowledgement): the claim lets it run once.
            job_id = db.session.scalar(select(Job.id).limit(1))
            assert jobs.perform(job_id) is False
    finally:
        queue.delete(delete_jobs=True)
        connection.close()


def test_smtp_down_the_digest_waits_in_the_outbox_and_goes_out_once(
    make_app, smtp_sink, make_user, make_process
):
    app = make_app(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=1
    )
    with app.app_context():
        from participation.notifications.jobs import digest_run

        resident = make_user("resident")
        interests.save(actor=resident, data=InterestInput())
        make_process("Trotz Funkstille", phases=_running())
        monday = next_monday_morning()
        digest_run(now=monday.isoformat())
        mail = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == resident.email))
        assert mail.status == PENDING and mail.last_error
        app.config["MAIL_PORT"] = smtp_sink.port
        mail.next_attempt_at = utcnow()
        db.session.commit()
        digest_run(now=(monday + timedelta(hours=1)).isoformat())
        assert send_pending() == (1, 0)
        assert send_pending() == (0, 0)
    messages = smtp_sink.wait_for(1)
    assert len(messages) == 1 and "Trotz Funkstille" in messages[0].get_content()


def _run_digest(database, now: str, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("digest_then_die.py")), now, mode],
        cwd=ROOT,
        env={**os.environ, "FAULT_DATABASE": json.dumps(database), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_worker_killed_during_the_digest_run_sends_each_digest_once(
    database, app, make_user, make_process
):
    people = [make_user("resident") for _ in range(5)]
    for person in people:
        interests.save(actor=person, data=InterestInput())
    make_process("Fünf Zusammenfassungen", phases=_running())
    ids = {str(person.id) for person in people}
    db.session.remove()
    now = next_monday_morning().isoformat()
    worker = _run_digest(database, now, "die")
    line = worker.stdout.readline()
    if line.strip() != "inside the second batch":
        worker.kill()
        pytest.fail(worker.communicate(timeout=30)[1])
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=30)
    digests = select(func.count(OutboxMail.id)).where(OutboxMail.idempotency_key.like("digest:%"))
    assert db.session.scalar(digests) == 2, "the first batch of two, all of it"
    db.session.rollback()
    # The dead worker's claims run out; the timer's next run finishes the work.
    db.session.execute(update(Job).values(lease_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    finished = _run_digest(database, now, "finish")
    out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err
    jobs.run_due()
    keys = db.session.scalars(
        select(OutboxMail.idempotency_key).where(OutboxMail.idempotency_key.like("digest:%"))
    ).all()
    assert len(keys) == 5 and len(set(keys)) == 5
    assert {key.split(":")[1] for key in keys} == ids


def test_an_overtaken_runner_cannot_overwrite_the_newer_claim(app):
    from participation.jobs.services import _claim, _finish

    jobs.enqueue("notifications.scan_phases", key="fenced", today=local_today().isoformat())
    db.session.commit()  # runs inline: done
    job = db.session.scalar(select(Job).where(Job.key == "fenced"))
    job.status, job.attempts = PENDING, 0
    db.session.commit()
    first = _claim(job.id)
    db.session.execute(update(Job).values(lease_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    second = _claim(job.id)
    assert (first, second) == (1, 2)
    _finish(job.id, first, status=DONE)  # the first runner wakes up late
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "running"


def test_a_job_that_keeps_killing_its_worker_is_given_up(app):
    from participation.jobs.services import _claim

    jobs.enqueue("notifications.scan_phases", key="deadly", today=local_today().isoformat())
    db.session.commit()
    job = db.session.scalar(select(Job).where(Job.key == "deadly"))
    job.status, job.attempts = "running", app.config["JOBS_MAX_ATTEMPTS"]
    job.lease_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert _claim(job.id) is None
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "failed"
    assert jobs.due_ids() == []
