"""The export's life: requested once at a time, built by a job, mailed, downloaded once,
removed when its time is up."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.core import clock
from participation.core.clock import utcnow
from participation.core.errors import Conflict
from participation.extensions import db
from participation.jobs import services as jobs
from participation.privacy import services
from participation.privacy.export import download_token, file_path
from participation.privacy.models import DataExport
from tests.accounts.helpers import link_in, mails_to


@pytest.fixture
def queued_app(app):
    """Jobs wait in the database (no Redis, not inline) until `jobs.run_due()`."""
    app.config["JOBS_DELIVERY"] = "queue"
    return app


def test_one_export_at_a_time(queued_app, make_user):
    person = make_user("resident")
    first = services.request_export(actor=person)
    assert first.status == "pending"
    with pytest.raises(Conflict, match="wird gerade erstellt"):
        services.request_export(actor=person)
    assert db.session.query(DataExport).count() == 1

    assert jobs.run_due() >= 1
    db.session.refresh(first)
    assert first.status == "ready" and file_path(first.id).exists()
    # A new request replaces the ready one: its file goes at once.
    second = services.request_export(actor=person)
    db.session.refresh(first)
    assert first.status == "expired"
    assert not file_path(first.id).exists()
    assert second.status == "pending"


def test_a_request_stuck_for_hours_no_longer_blocks(queued_app, make_user):
    person = make_user("resident")
    stuck = services.request_export(actor=person)
    with clock.travel(utcnow() + services.STALE_AFTER + timedelta(minutes=1)):
        services.request_export(actor=person)
    db.session.refresh(stuck)
    assert stuck.status == "failed"


def test_the_ready_mail_links_to_the_download_once(app, make_user, mails):
    person = make_user("resident")
    export = services.request_export(actor=person)
    db.session.refresh(export)
    assert export.status == "ready"
    assert export.expires_at == export.ready_at + timedelta(days=7)
    assert export.size_bytes == file_path(export.id).stat().st_size
    (mail,) = mails_to(mails, person.email)
    assert mail["Subject"] == "Ihr Datenexport ist fertig"
    token = link_in(mail, "/konto/daten/").rsplit("/", 1)[1]

    download = services.open_download(actor=person, token=token)
    assert download.file.read(2) == b"PK"
    download.file.close()
    with pytest.raises(services.LinkUnusable) as used:
        services.open_download(actor=person, token=token)
    assert (used.value.why, used.value.status_code) == ("used", 410)
    db.session.refresh(export)
    assert export.status == "downloaded" and export.downloaded_at is not None


def test_an_unconfirmed_address_gets_no_mail(app, make_user, mails):
    person = make_user("resident", verified=False)
    export = services.request_export(actor=person)
    db.session.refresh(export)
    assert export.status == "ready"
    assert mails_to(mails, person.email) == []


def test_links_of_others_and_forged_links_are_refused(app, make_user):
    person, other = make_user("resident"), make_user("resident")
    export = services.request_export(actor=person)
    db.session.refresh(export)
    token = download_token(export)
    for actor, bad, why in (
        (other, token, "unknown"),
        (person, token[:-3] + "abc", "invalid"),
        (person, "x", "invalid"),
    ):
        with pytest.raises(services.LinkUnusable) as refused:
            services.open_download(actor=actor, token=bad)
        assert refused.value.why == why
    assert db.session.get(DataExport, export.id).status == "ready"


def test_expired_exports_are_refused_and_their_files_deleted(make_app, make_user):
    app = make_app(DATA_EXPORT_MAX_AGE_DAYS=2)
    with app.app_context():
        person = make_user("resident")
        export = services.request_export(actor=person)
        db.session.refresh(export)
        token = download_token(export)
        assert export.expires_at - export.ready_at == timedelta(days=2)
        later = utcnow() + timedelta(days=2, minutes=1)
        assert services.delete_expired_exports(utcnow()) == 0
        assert file_path(export.id).exists()

        with clock.travel(later):
            with pytest.raises(services.LinkUnusable) as expired:
                services.open_download(actor=person, token=token)
            assert (expired.value.why, expired.value.status_code) == ("expired", 410)
            assert services.delete_expired_exports(later) == 1
        db.session.refresh(export)
        assert export.status == "expired" and export.file_name == ""
        assert not file_path(export.id).exists()
        assert services.delete_expired_exports(later) == 0


def test_the_scheduler_runs_the_clean_up(app, make_user):
    assert services.delete_expired_exports in jobs._PERIODIC.values()
    person = make_user("resident")
    export = services.request_export(actor=person)
    db.session.refresh(export)
    jobs.tick(utcnow() + timedelta(days=8))
    db.session.refresh(export)
    assert export.status == "expired"
    assert not file_path(export.id).exists()


def test_the_file_goes_with_the_download(app, make_user):
    person = make_user("resident")
    export = services.request_export(actor=person)
    db.session.refresh(export)
    download = services.open_download(actor=person, token=download_token(export))
    assert not file_path(export.id).exists()
    assert download.file.read(2) == b"PK"  # the open handle still reads it
    download.file.close()
    db.session.refresh(export)
    assert export.file_name == ""


def test_files_left_behind_are_swept(app, make_user):
    """Where a downloaded file could not be removed at once (or a crash came between)."""
    person = make_user("resident")
    export = services.request_export(actor=person)
    db.session.refresh(export)
    export.status = "downloaded"
    db.session.commit()
    assert file_path(export.id).exists()
    assert services.delete_expired_exports(utcnow()) == 1
    assert not file_path(export.id).exists()
    assert db.session.get(DataExport, export.id).file_name == ""


def test_the_database_holds_one_pending_export_per_person(app, make_user):
    from sqlalchemy.exc import IntegrityError

    person = make_user("resident")
    db.session.add(DataExport(user_id=person.id, status="pending"))
    db.session.commit()
    db.session.add(DataExport(user_id=person.id, status="pending"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_request_given_up_while_its_file_is_written_leaves_no_file(
    app, make_user, mails, monkeypatch
):
    from sqlalchemy import update

    from participation.privacy import export as builder

    written = builder.write_archive

    def write_then_give_up(path, person, created_at):
        written(path, person, created_at)
        # Meanwhile the account is deleted or the request given up.
        db.session.execute(update(DataExport).values(status="failed"))

    monkeypatch.setattr(builder, "write_archive", write_then_give_up)
    person = make_user("resident")
    export = services.request_export(actor=person)
    assert not file_path(export.id).exists()
    assert not file_path(export.id).with_suffix(".zip.part").exists()
    assert mails_to(mails, person.email) == []
