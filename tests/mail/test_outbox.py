"""The outbox: written with the action, delivered once over real SMTP, retried when SMTP is down."""

import threading

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.extensions import db
from participation.mail.models import OutboxMail
from participation.mail.services import queue_mail, send_pending
from tests.conftest import PASSWORD, free_port


def test_mail_arrives_exactly_once_over_smtp(smtp_app, smtp_sink):
    accounts.register(
        email="lotte@example.org", pseudonym="Lotte L", password=PASSWORD, accepted_privacy=True
    )
    messages = smtp_sink.wait_for(1)
    assert len(messages) == 1
    assert messages[0]["To"] == "lotte@example.org"
    assert "/bestaetigen/" in messages[0].get_content()
    # A later run of the sender finds nothing left to send.
    assert send_pending() == (0, 0)
    assert len(smtp_sink.wait_for(2, timeout=0.5)) == 1


def test_rolled_back_action_sends_nothing(smtp_app, smtp_sink):
    queue_mail(recipient="x@example.org", subject="Hallo", template="plain", text="Text")
    db.session.rollback()
    assert send_pending() == (0, 0)
    assert db.session.scalar(select(OutboxMail)) is None
    assert smtp_sink.wait_for(1, timeout=0.3) == []


def test_smtp_down_then_back_sends_once_later(make_app, smtp_sink):
    dead_port = free_port()
    app = make_app(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=dead_port, MAIL_TIMEOUT=1
    )
    with app.app_context():
        client = app.test_client()
        response = client.post_form("/passwort-vergessen", {"email": "nobody@example.org"})
        assert response.status_code == 303
        user = accounts.create_user(email="lotte@example.org", password=PASSWORD, verified=True)
        accounts.request_password_reset(email=user.email)  # succeeds although SMTP is down
        mail = db.session.scalar(select(OutboxMail))
        assert mail.status == "pending" and mail.attempts == 1 and mail.last_error

        app.config["MAIL_PORT"] = smtp_sink.port
        mail.next_attempt_at = mail.created_at  # due now
        db.session.commit()
        assert send_pending() == (1, 0)
        assert send_pending() == (0, 0)
    messages = smtp_sink.wait_for(1)
    assert len(messages) == 1 and "/passwort-neu/" in messages[0].get_content()


def test_concurrent_senders_never_send_twice(smtp_app, smtp_sink):
    for number in range(10):
        queue_mail(
            recipient=f"r{number}@example.org", subject="Hallo", template="plain", text="Text"
        )
    smtp_app.config["MAIL_SEND_AFTER_COMMIT"] = False
    db.session.commit()
    results = []

    def sender():
        with smtp_app.app_context():
            results.append(send_pending())

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent for sent, _failed in results) == 10
    messages = smtp_sink.wait_for(10)
    assert sorted(m["To"] for m in messages) == sorted(f"r{n}@example.org" for n in range(10))


def test_header_injection_is_neutralised(app, mails):
    queue_mail(
        recipient="x@example.org",
        subject="Hallo\r\nBcc: victim@example.org",
        template="plain",
        text="Text",
    )
    db.session.commit()
    [message] = mails
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"]


def test_send_pending_command(app):
    queue_mail(recipient="x@example.org", subject="Hallo", template="plain", text="Text")
    app.config["MAIL_SEND_AFTER_COMMIT"] = False
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0 and "sent: 1, failed: 0" in result.output
