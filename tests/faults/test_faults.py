"""QUALITY.md's reliability table: a database that stops or is locked, Redis down, a worker
killed in the middle of an action. (SMTP down: tests/mail/test_outbox.py; concurrent and
repeated supports: tests/dialogue/test_votes.py; double submits: tests/faults/
test_double_submit.py.)"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from participation.core.errors import close_session_quietly
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.votes.models import Support
from tests.conftest import ENGINE, free_port
from tests.faults.proxy import Proxy

ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE = "Vorübergehend nicht verfügbar"


@pytest.fixture
def scene(make_app, make_user, make_proposal, database):
    """An app that gives up on a lock after 300 ms, a proposal and a signed-in resident."""
    app = make_app(DATABASE_LOCK_TIMEOUT_MS=300)
    with app.app_context():
        proposal = make_proposal()
        resident = make_user("resident")
        client = app.test_client()
        client.login(resident)
        # The form's token, taken while the database still answers (every signed-in page
        # also reads the header's notifications, which a locked proposal table holds up).
        client.token = client.csrf_token()
        yield app, client, proposal.id


def _answers(client, proposal_id: int) -> tuple[int, int, str]:
    """The proposal page and the support button, with the session's form token."""
    page = client.get(f"/vorschlaege/{proposal_id}")
    support = client.post(
        f"/vorschlaege/{proposal_id}/unterstuetzen", data={"csrf_token": client.token}
    )
    return page.status_code, support.status_code, page.get_data(as_text=True)


def _support_rows(proposal_id: int) -> tuple[int, int]:
    close_session_quietly()  # the test's own connection may have died with the database
    rows = db.session.scalar(
        select(func.count()).select_from(Support).where(Support.proposal_id == proposal_id)
    )
    counter = db.session.scalar(select(Proposal.support_count).where(Proposal.id == proposal_id))
    return rows, counter


def _lock_the_tables(app):
    """Another program holds the write lock (SQLite) or locks the tables outright
    (PostgreSQL) until the returned connection rolls back."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if ENGINE == "sqlite":
        holder = sqlite3.connect(url.database, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        return holder
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    holder = psycopg.connect(
        url.set(drivername="postgresql").render_as_string(hide_password=False), options=options
    )
    holder.execute("LOCK TABLE proposal, support IN ACCESS EXCLUSIVE MODE")
    return holder


def test_a_locked_database_answers_503_and_recovers_by_itself(scene):
    app, client, proposal_id = scene
    db.session.remove()
    holder = _lock_the_tables(app)
    try:
        page, support, html = _answers(client, proposal_id)
        refused = client.post(
            f"/vorschlaege/{proposal_id}/unterstuetzen", data={"csrf_token": client.token}
        )
    finally:
        holder.rollback() if ENGINE == "postgresql" else holder.execute("ROLLBACK")
        holder.close()
    # SQLite in WAL mode keeps reading while another program writes; PostgreSQL's
    # table lock stops readers too.
    assert page == (200 if ENGINE == "sqlite" else 503)
    assert support == 503
    assert UNAVAILABLE in refused.get_data(as_text=True)
    assert "Traceback" not in html + refused.get_data(as_text=True)
    page, support, _html = _answers(client, proposal_id)
    assert (page, support) == (200, 303), "served again without a restart"
    assert _support_rows(proposal_id) == (1, 1)


@pytest.mark.skipif(ENGINE != "postgresql", reason="SQLite lives in the app's own process")
def test_a_stopped_database_answers_503_and_recovers_by_itself(
    make_app, make_user, make_proposal, database
):
    url = make_url(database["SQLALCHEMY_DATABASE_URI"])
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    try:
        app = make_app(
            SQLALCHEMY_DATABASE_URI=url.set(host="127.0.0.1", port=proxy.port).render_as_string(
                hide_password=False
            )
        )
        with app.app_context():
            proposal = make_proposal().id
            client = app.test_client()
            client.login(make_user("resident"))
            client.token = client.csrf_token()
            assert _answers(client, proposal)[:2] == (200, 303)
            proxy.stop()
            page, support, html = _answers(client, proposal)
            health = client.get("/healthz")
            proxy.start()
            assert (page, support, health.status_code) == (503, 503, 503)
            assert UNAVAILABLE in html and "Traceback" not in html
            assert client.get("/healthz").status_code == 200
            assert _answers(client, proposal)[:2] == (200, 303)
            assert _support_rows(proposal) == (1, 1)
    finally:
        proxy.start()
        # make_app empties the tables through the proxy afterwards; it closes with the test.


def test_redis_down_costs_nothing(make_app, make_user, make_proposal):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    app = make_app(
        REDIS_URL=dead,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=dead,
        PAGE_CACHE=True,
        PAGE_CACHE_PREFIX="redis-down",
    )
    mails = app.extensions.setdefault("mail_memory", [])
    with app.app_context():
        proposal = make_proposal()
        visitor = app.test_client()
        anonymous = [visitor.get(path).status_code for path in ("/", "/verfahren", "/bezirke")]
        anonymous += [visitor.get(f"/vorschlaege/{proposal.id}").status_code for _ in range(2)]
        resident = app.test_client()
        resident.login(make_user("resident"))
        support = resident.post_form(f"/vorschlaege/{proposal.id}/unterstuetzen")
        comment = resident.post_form(
            f"/vorschlaege/{proposal.id}/kommentare", {"body": "Auch ohne Redis geht es."}
        )
        sent_before = len(mails)
        reported = resident.post_form(
            f"/vorschlaege/{proposal.id}/melden",
            {"reason": "advertising", "note": "Werbung für ein Produkt."},
        )
    assert anonymous == [200] * 5
    assert (support.status_code, comment.status_code) == (303, 303)
    assert reported.status_code < 500
    assert len(mails) > sent_before, "the report's mail went out through the outbox"
    assert _support_rows(proposal.id) == (1, 1)


def _run_support(database, user_id: int, proposal_id: int, mode: str):
    env = {**os.environ, "FAULT_DATABASE": json.dumps(database), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "faults" / "support_then_die.py"),
            str(user_id),
            str(proposal_id),
            mode,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_worker_killed_between_two_writes_leaves_neither(database, make_user, make_proposal, app):
    proposal_id, resident_id = make_proposal().id, make_user("resident").id
    db.session.remove()
    worker = _run_support(database, resident_id, proposal_id, "die")
    line = worker.stdout.readline()
    if line.strip() != "between the writes":
        worker.kill()
        pytest.fail(worker.communicate(timeout=30)[1])
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=30)
    assert _support_rows(proposal_id) == (0, 0), "neither the support nor its count"
    finished = _run_support(database, resident_id, proposal_id, "finish")
    out, err = finished.communicate(timeout=60)
    assert finished.returncode == 0, err
    assert out.startswith("done after"), out
    assert _support_rows(proposal_id) == (1, 1), "both, once the action runs through"


def _run_deletion(database, user_id: int, mode: str):
    env = {**os.environ, "FAULT_DATABASE": json.dumps(database), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "faults" / "delete_then_die.py"), str(user_id), mode],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _account_state(user_id: int, proposal_id: int) -> tuple:
    from participation.accounts.models import User

    db.session.remove()
    user = db.session.get(User, user_id)
    state = (user.email, user.deleted_at is None, *_support_rows(proposal_id))
    db.session.remove()
    return state


def test_a_worker_killed_in_the_middle_of_a_deletion_leaves_everything(
    database, make_user, make_proposal, make_comment, app
):
    """A deletion is all or nothing: killed half-way, the account, its support and the
    stored counter are as before; run again, it goes through."""
    from participation.votes import services as votes

    person = make_user("resident")
    proposal = make_proposal()
    votes.support(actor=person, proposal=proposal)
    make_comment(proposal.process, proposal=proposal, author=person)
    before = _account_state(person.id, proposal.id)
    assert before[1:] == (True, 1, 1)
    worker = _run_deletion(database, person.id, "die")
    line = worker.stdout.readline()
    if line.strip() != "half way":
        worker.kill()
        pytest.fail(worker.communicate(timeout=30)[1])
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=30)
    assert _account_state(person.id, proposal.id) == before, "nothing of the deletion stays"
    finished = _run_deletion(database, person.id, "finish")
    out, err = finished.communicate(timeout=60)
    assert finished.returncode == 0, err
    assert out.startswith("done after"), out
    email, alive, supports, counter = _account_state(person.id, proposal.id)
    assert (email.endswith("@invalid"), alive, supports, counter) == (True, False, 0, 0)
