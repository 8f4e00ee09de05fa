"""Storage limits: each removes exactly what is older than its setting, the scheduler and
the command line apply them, and the privacy notice shows the configured numbers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.accounts import audit
from participation.accounts.models import AccountAudit, SignInFailure, User
from participation.core import clock
from participation.core.clock import utcnow
from participation.extensions import db
from participation.jobs.models import Job
from participation.jobs.services import tick
from participation.mail.models import FAILED, PENDING, SENT, OutboxMail, PausedAddress
from participation.notifications.models import Notification, NotificationEvent
from participation.privacy import retention
from participation.privacy.deletion import delete_account

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def _ids(model) -> set[int]:
    found = set(db.session.scalars(select(model.id)))
    db.session.rollback()
    return found


def _mail(status: str, age: timedelta, **extra) -> int:
    created = utcnow() - age
    mail = OutboxMail(
        recipient="leser@example.org",
        subject="Betreff",
        body="Text",
        status=status,
        created_at=created,
        next_attempt_at=created,
        sent_at=created if status == SENT else None,
        **extra,
    )
    db.session.add(mail)
    db.session.commit()
    return mail.id


def test_sent_and_failed_mails_go_after_their_period(app):
    days = app.config["OUTBOX_MAIL_DAYS"]
    old_sent = _mail(SENT, (days + 1) * DAY)
    old_failed = _mail(FAILED, (days + 1) * DAY)
    kept = {
        _mail(SENT, (days - 1) * DAY),
        _mail(FAILED, days * DAY - HOUR),
        # Not sent yet: never removed by age, the sender still owes it.
        _mail(PENDING, (days + 30) * DAY),
    }
    removed = retention.purge()
    assert removed["outbox_mail"] == 2
    assert _ids(OutboxMail) == kept
    assert not {old_sent, old_failed} & _ids(OutboxMail)


def test_the_mail_period_follows_the_setting(make_app):
    app = make_app(OUTBOX_MAIL_DAYS=10)
    with app.app_context():
        eleven, nine = _mail(SENT, 11 * DAY), _mail(SENT, 9 * DAY)
        retention.purge()
        assert _ids(OutboxMail) == {nine}
        assert eleven not in _ids(OutboxMail)


def test_notifications_go_after_their_period(app, make_user):
    person = make_user("resident")
    days = app.config["NOTIFICATION_HISTORY_DAYS"]
    now = utcnow()

    def notified(key: str, age: timedelta, *, heard: bool = True) -> tuple[int, int | None]:
        event = NotificationEvent(kind="new_proposal", key=key, created_at=now - age)
        db.session.add(event)
        db.session.flush()
        note = None
        if heard:
            note = Notification(
                user_id=person.id, event_id=event.id, channel="portal", created_at=now - age
            )
            db.session.add(note)
            db.session.flush()
        db.session.commit()
        return event.id, note.id if note else None

    old_event, old_note = notified("old", (days + 1) * DAY)
    new_event, new_note = notified("new", (days - 1) * DAY)
    # An old event whose notification is newer (told late) stays with it.
    late_event = notified("late", (days + 5) * DAY, heard=False)[0]
    db.session.add(
        Notification(user_id=person.id, event_id=late_event, channel="portal", created_at=now)
    )
    db.session.commit()

    removed = retention.purge()
    assert (removed["notifications"], removed["notification_events"]) == (1, 1)
    assert old_note not in _ids(Notification) and new_note in _ids(Notification)
    assert _ids(NotificationEvent) == {new_event, late_event}
    assert old_event not in _ids(NotificationEvent)


def test_sign_in_failures_go_after_their_period(app):
    days = app.config["SIGN_IN_FAILURE_DAYS"]
    now = utcnow()
    rows = {
        age: SignInFailure(account_key="konto", client_key="netz", created_at=now - age)
        for age in (days * DAY + HOUR, days * DAY - HOUR)
    }
    db.session.add_all(rows.values())
    db.session.commit()
    assert retention.purge()["sign_in_failures"] == 1
    assert _ids(SignInFailure) == {rows[days * DAY - HOUR].id}


def test_idle_and_ended_sessions_go(app, make_user):
    from participation.accounts import sessions
    from participation.accounts.models import AccountSession

    days = app.config["SESSION_IDLE_DAYS"]
    person = make_user()
    with clock.travel(utcnow() - days * DAY - HOUR):
        sessions.start(person, user_agent="Firefox/133.0", address="192.0.2.1")
    with clock.travel(utcnow() - days * DAY + HOUR):
        sessions.start(person, user_agent="Firefox/133.0", address="192.0.2.1")
    db.session.commit()
    ended_everywhere = make_user()
    sessions.start(ended_everywhere, user_agent="Firefox/133.0", address="192.0.2.1")
    ended_everywhere.session_version += 1
    sessions.start(ended_everywhere, user_agent="Safari/605.1", address="192.0.2.1")
    db.session.commit()
    assert retention.purge()["sessions"] == 2
    kept = db.session.execute(select(AccountSession.user_id, AccountSession.device)).all()
    assert sorted(kept) == sorted([(person.id, "Firefox"), (ended_everywhere.id, "Safari")])


def test_unverified_accounts_go_after_their_period(app, make_user):
    days = app.config["UNVERIFIED_ACCOUNT_DAYS"]
    with clock.travel(utcnow() - (days + 1) * DAY):
        stale = make_user("resident", verified=False)
        confirmed = make_user("resident")
    with clock.travel(utcnow() - (days - 1) * DAY):
        fresh = make_user("resident", verified=False)
    kept = {confirmed.id, fresh.id}
    assert _ids(User) == kept | {stale.id}
    assert retention.purge()["unverified_accounts"] == 1
    assert _ids(User) == kept


def test_audit_entries_of_deleted_accounts_lose_their_detail(app, make_user):
    days = app.config["DELETED_ACCOUNT_AUDIT_DAYS"]
    admin = make_user("admin")
    long_gone, lately_gone, living = (make_user("resident") for _ in range(3))
    for person in (long_gone, lately_gone, living):
        audit.record(actor=admin, user=person, action="block", detail="Grund: Beleidigung")
    db.session.commit()
    with clock.travel(utcnow() - (days + 1) * DAY):
        delete_account(actor=admin, user=long_gone, delete_contributions=False, reason="Brief")
    with clock.travel(utcnow() - (days - 1) * DAY):
        delete_account(actor=admin, user=lately_gone, delete_contributions=False, reason="Brief")

    removed = retention.purge()
    details: dict[int, set[str]] = {}
    for user_id, detail in db.session.execute(select(AccountAudit.user_id, AccountAudit.detail)):
        details.setdefault(user_id, set()).add(detail)
    # Its role grant, the block and the deletion entry.
    assert removed["deleted_account_audit"] == 3
    assert details[long_gone.id] == {""}
    assert "contributions kept; reason: Brief" in details[lately_gone.id]
    assert details[living.id] == {"resident", "Grund: Beleidigung"}
    # The entries themselves stay: what happened and when.
    assert db.session.scalar(
        select(func.count()).where(AccountAudit.user_id == long_gone.id)
    ) == len(["grant_role", "block", "delete_account"])


def test_a_deletion_confirmation_keeps_the_address_only_until_sent(app):
    pending = _mail(PENDING, HOUR, idempotency_key="account-deleted:7")
    sent = _mail(SENT, HOUR, idempotency_key="account-deleted:8")
    failed = _mail(FAILED, HOUR, idempotency_key="account-deleted:9")
    db.session.add(PausedAddress(address="leser@example.org", failures=3, paused_at=utcnow()))
    db.session.commit()
    assert retention.purge()["deletion_confirmation_mails"] == 2
    assert _ids(OutboxMail) == {pending}
    assert not {sent, failed} & _ids(OutboxMail)
    assert _ids(PausedAddress) == set()


def test_the_scheduler_runs_the_purge_once_an_hour(app):
    now = utcnow()
    old = SignInFailure(account_key="konto", client_key="netz", created_at=now - 3 * DAY)
    db.session.add(old)
    db.session.commit()
    tick(now)
    tick(now + timedelta(minutes=1))  # the same hour: no second job
    jobs = db.session.scalars(select(Job).where(Job.name == "privacy.purge")).all()
    assert [(job.status, job.key.startswith("privacy-purge:")) for job in jobs] == [("done", True)]
    assert _ids(SignInFailure) == set()


def test_the_command_says_what_it_removed(app):
    _mail(SENT, 400 * DAY)
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "outbox_mail: 1" in result.output
    assert "sign_in_failures: 0" in result.output


def _period_row(html: str, key: str) -> str:
    match = re.search(rf'<tr id="frist-{key}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {key}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ("UNVERIFIED_ACCOUNT_DAYS", "unverified-accounts"),
        ("OUTBOX_MAIL_DAYS", "outbox-mail"),
        ("NOTIFICATION_HISTORY_DAYS", "notifications"),
        ("SIGN_IN_FAILURE_DAYS", "sign-in-failures"),
        ("DATA_EXPORT_MAX_AGE_DAYS", "data-exports"),
        ("DELETED_ACCOUNT_AUDIT_DAYS", "deleted-account-audit"),
    ],
)
def test_the_privacy_notice_shows_the_configured_periods(make_app, setting, key):
    app = make_app(**{setting: 43})
    html = app.test_client().get("/datenschutz").get_data(as_text=True)
    assert "43 Tage" in _period_row(html, key)


def test_the_privacy_notice_shows_the_defaults(app, client):
    html = client.get("/datenschutz").get_data(as_text=True)
    assert "90 Tage" in _period_row(html, "outbox-mail")
    assert "1 Tag" in _period_row(html, "sign-in-failures")
    assert "gelöschtes Konto" in _period_row(html, "konto")
