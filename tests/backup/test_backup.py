"""Backup while residents write, restore, and find every row and a working portal."""

from __future__ import annotations

import threading
import time

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from participation import create_app
from participation.accounts.models import User
from participation.backup.services import BackupError, backup, restore, table_counts
from participation.comments import services as comments
from participation.comments.models import Comment
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.scale.data import TINY, build, counter_mismatches
from tests.conftest import ENGINE


@pytest.fixture
def portal(scratch_database):
    app = create_app("testing", **scratch_database)
    with app.app_context():
        upgrade()
        build(TINY)
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _write_comments(app, worker: int, stop: threading.Event, log: list):
    """A resident comments as fast as the database lets them; each entry is (time the
    transaction began, time it committed, comment id)."""
    with app.app_context():
        author = db.session.scalars(select(User).order_by(User.id).offset(10 + worker)).first()
        proposal = db.session.get(Proposal, 1 + worker)
        n = 0
        while not stop.is_set():
            began = time.monotonic()
            comment = comments.post_comment(
                actor=author,
                process=proposal.process,
                proposal=proposal,
                body=f"Schreiber {worker}, Beitrag {n}",
            )
            log.append((began, time.monotonic(), comment.id))
            n += 1
        db.session.remove()


def _wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_backup_under_write_load_restores_every_row(portal, tmp_path):
    stop, log = threading.Event(), []
    writers = [
        threading.Thread(target=_write_comments, args=(portal, n, stop, log)) for n in range(2)
    ]
    for writer in writers:
        writer.start()
    _wait_for(lambda: len(log) >= 2)  # a loaded machine may take a while to start
    started = time.monotonic()
    with portal.app_context():
        snapshot = backup(tmp_path / "portal.backup")
    finished = time.monotonic()
    _wait_for(lambda: any(began > finished for began, _done, _cid in log))
    stop.set()
    for writer in writers:
        writer.join()
    before = {cid for _began, done, cid in log if done < started}
    after = {cid for began, _done, cid in log if began > finished}
    assert before and after, "the writers wrote before and after the backup"

    with portal.app_context():
        written = db.session.scalar(select(Comment.id).order_by(Comment.id.desc()))
        assert written >= max(after)
        restored = restore(snapshot.path)
        ids = set(db.session.scalars(select(Comment.id)))
        assert before <= ids, "every row committed before the backup is back"
        assert not ids & after, "rows written after the backup are not"
        assert counter_mismatches() == dict.fromkeys(counter_mismatches(), 0)
        if ENGINE == "sqlite":
            assert restored.counts == snapshot.counts == table_counts()
        db.session.remove()

    client = portal.test_client()
    assert client.get("/vorschlaege/1").status_code == 200
    assert client.get("/verfahren").status_code == 200
    with portal.app_context():
        author = db.session.scalars(select(User).order_by(User.id).offset(20)).first()
        proposal = db.session.get(Proposal, 1)
        new = comments.post_comment(
            actor=author, process=proposal.process, proposal=proposal, body="Nach dem Restore"
        )
        assert new.id > max(ids)


def test_the_cli_writes_and_restores(portal, tmp_path):
    target = tmp_path / "cli.backup"
    runner = portal.test_cli_runner()
    written = runner.invoke(args=["backup", str(target)])
    assert written.exit_code == 0, written.output
    assert "backup written" in written.output
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0
    assert "exists" in again.output
    refused = runner.invoke(args=["restore", str(target)], input="n\n")
    assert refused.exit_code != 0
    done = runner.invoke(args=["restore", "--yes", str(target)])
    assert done.exit_code == 0, done.output
    assert "page cache emptied" in done.output


@pytest.mark.skipif(ENGINE != "sqlite", reason="the integrity check is SQLite's")
def test_a_damaged_backup_is_refused(portal, tmp_path):
    damaged = tmp_path / "damaged.sqlite3"
    with portal.app_context():
        backup(damaged)
        data = bytearray(damaged.read_bytes())
        # Overwrite the middle of the file: pages of tables and indexes.
        middle = len(data) // 2
        data[middle : middle + 8192] = b"\xff" * 8192
        damaged.write_bytes(bytes(data))
        before = table_counts()
        with pytest.raises(BackupError):
            restore(damaged)
        assert table_counts() == before, "a refused restore leaves the data alone"
