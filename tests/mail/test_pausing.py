"""Bulk mail pauses for an address that bounces or keeps failing; the person sees it in
the portal and resumes it; account mails are never paused. Headers cannot be injected."""

from __future__ import annotations

import smtplib

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.mail import pausing
from participation.mail.models import FAILED, OutboxMail
from participation.mail.services import queue_mail, send_pending


def _queue(recipient: str, *, bulk: bool = True, key: str | None = None) -> bool:
    queued = queue_mail(
        recipient=recipient,
        subject="Neuigkeiten",
        template="plain",
        text="Hallo",
        bulk=bulk,
        key=key,
    )
    db.session.commit()
    return queued


class Refusing:
    """In place of the outbox's `deliver`: raises what a mail server would answer."""

    def __init__(self, error: Exception):
        self.error = error

    def __call__(self, config, mail):
        raise self.error


def test_a_hard_bounce_pauses_bulk_mail_but_not_account_mail(app, monkeypatch, make_user):
    person = make_user("resident")
    monkeypatch.setattr(
        "participation.mail.services.deliver",
        Refusing(smtplib.SMTPRecipientsRefused({person.email: (550, b"no such user")})),
    )
    app.config["MAIL_SEND_AFTER_COMMIT"] = False
    _queue(person.email)
    send_pending()
    assert pausing.is_paused(person.email)
    mail = db.session.scalar(select(OutboxMail))
    assert mail.status == FAILED and mail.attempts == 1
    assert _queue(person.email) is False  # bulk: not even queued
    assert _queue(person.email, bulk=False) is True  # a password reset still goes out


def test_repeated_failures_pause_after_the_limit(app, monkeypatch, make_user):
    person = make_user("resident")
    app.config.update(MAIL_SEND_AFTER_COMMIT=False, MAIL_MAX_ATTEMPTS=1)
    busy = smtplib.SMTPRecipientsRefused({person.email: (452, b"mailbox full")})
    monkeypatch.setattr("participation.mail.services.deliver", Refusing(busy))
    limit = app.config["MAIL_PAUSE_AFTER_FAILURES"]
    for number in range(limit):
        assert not pausing.is_paused(person.email), number
        _queue(person.email)
        send_pending()
    assert pausing.is_paused(person.email)


def test_a_temporary_failure_is_retried_and_a_success_resets_the_count(app, monkeypatch, make_user):
    person = make_user("resident")
    app.config.update(MAIL_SEND_AFTER_COMMIT=False, MAIL_MAX_ATTEMPTS=1)
    busy = smtplib.SMTPRecipientsRefused({person.email: (452, b"mailbox full")})
    monkeypatch.setattr("participation.mail.services.deliver", Refusing(busy))
    _queue(person.email)
    send_pending()
    monkeypatch.undo()
    _queue(person.email)
    send_pending()
    row = db.session.scalar(select(pausing.PausedAddress))
    assert row.failures == 0 and row.paused_at is None


def test_the_portal_says_so_and_the_person_resumes(client, make_user):
    person = make_user("resident")
    pausing.pause_address(person.email, "550 mailbox unavailable")
    db.session.commit()
    client.sign_in(person)
    centre = client.get("/konto/benachrichtigungen").get_data(as_text=True)
    assert "keine E-Mails zustellen" in centre
    response = client.post_form("/konto/benachrichtigungen/email-fortsetzen")
    assert response.status_code == 303
    assert not pausing.is_paused(person.email)
    assert "keine E-Mails zustellen" not in client.get("/konto/benachrichtigungen").get_data(
        as_text=True
    )


@pytest.mark.parametrize("value", ["<https://x>\r\nBcc: a@example.org", "a\nb", "a\x00b"])
def test_line_breaks_in_headers_are_refused(app, value):
    with pytest.raises(ValueError, match="line break"):
        queue_mail(
            recipient="a@example.org",
            subject="x",
            template="plain",
            text="x",
            headers={"List-Unsubscribe": value},
        )
    db.session.rollback()


def test_a_key_queues_a_mail_once(app):
    assert _queue("a@example.org", key="notification:1") is True
    assert _queue("a@example.org", key="notification:1") is False
    assert len(db.session.scalars(select(OutboxMail)).all()) == 1


def test_a_long_list_unsubscribe_goes_out_as_one_plain_line(app, mails):
    url = "https://beteiligung.example.org/benachrichtigungen/abmelden/" + "a" * 120
    queue_mail(
        recipient="a@example.org",
        subject="x",
        template="plain",
        text="x",
        headers={"List-Unsubscribe": f"<{url}>"},
    )
    db.session.commit()
    head = mails[-1].as_bytes().split(b"\n\n")[0]
    assert f"List-Unsubscribe: <{url}>".encode() in head and b"=?utf-8?" not in head


@pytest.mark.parametrize(
    "trouble",
    [
        ConnectionRefusedError("down"),
        smtplib.SMTPAuthenticationError(535, b"bad password"),
        smtplib.SMTPSenderRefused(550, b"sender refused", "portal@example.org"),
        smtplib.SMTPServerDisconnected("gone"),
    ],
    ids=["connection", "auth", "sender", "disconnected"],
)
def test_the_servers_troubles_pause_nobody(app, monkeypatch, make_user, trouble):
    person = make_user("resident")
    app.config.update(MAIL_SEND_AFTER_COMMIT=False, MAIL_MAX_ATTEMPTS=1)
    monkeypatch.setattr("participation.mail.services.deliver", Refusing(trouble))
    for _ in range(app.config["MAIL_PAUSE_AFTER_FAILURES"] + 1):
        _queue(person.email)
        send_pending()
    assert not pausing.is_paused(person.email)
    assert db.session.scalar(select(pausing.PausedAddress)) is None
