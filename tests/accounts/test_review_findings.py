"""Regression tests for defects found in review: each would fail if the defect came back."""

import pytest
from sqlalchemy import select

from participation.accounts import services
from participation.core.errors import Invalid
from participation.extensions import db
from participation.mail.models import OutboxMail
from participation.mail.services import queue_mail, send_pending
from tests.accounts.helpers import link_in, mails_to
from tests.conftest import PASSWORD


def test_sign_out_ends_remember_me_and_copies_of_it(app, make_user):
    user = make_user()
    client = app.test_client()
    client.post_form("/anmelden", {"email": user.email, "password": PASSWORD, "remember": "y"})
    copied = client.get_cookie("bp_remember").value
    assert client.logout().status_code == 303
    assert client.get("/konto").status_code == 302, "signed out on this device"
    thief = app.test_client()
    thief.set_cookie("bp_remember", copied)
    assert thief.get("/konto").status_code == 302, "a copied cookie is dead too"


def test_registration_refusal_does_not_depend_on_the_address(client, make_user):
    existing = make_user(pseudonym="Schon Vergeben")
    for email in (existing.email, "new-person@example.org"):
        response = client.post_form(
            "/registrieren",
            {
                "email": email,
                "pseudonym": "schon vergeben",
                "password": PASSWORD,
                "accept_privacy": "y",
            },
        )
        assert response.status_code == 422
        assert "schon vergeben" in response.get_data(as_text=True)


def test_saving_the_profile_unchanged_works(client, make_user):
    user = make_user(pseudonym="Meine Wenigkeit")
    client.login(user)
    assert client.post_form("/konto", {"pseudonym": "Meine Wenigkeit"}).status_code == 303


def test_password_change_voids_pending_email_change(app, make_user, mails):
    user = make_user()
    services.request_email_change(
        actor=user, current_password=PASSWORD, new_email="neu@example.org"
    )
    token = link_in(mails_to(mails, "neu@example.org")[-1], "/konto/email-bestaetigen/")
    services.change_password(
        actor=user, current_password=PASSWORD, new_password="ein anderes Passwort!"
    )
    with pytest.raises(Invalid):
        services.confirm_email_change(token=token.rsplit("/", 1)[1])


def test_own_account_services_refuse_anonymous_actors(app):
    from flask_login import AnonymousUserMixin

    from participation.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.update_profile(actor=AnonymousUserMixin(), pseudonym="Niemand")


def test_reset_link_cannot_be_used_twice(app, make_user, mails):
    user = make_user()
    services.request_password_reset(email=user.email)
    token = link_in(mails_to(mails, user.email)[-1], "/passwort-neu/").rsplit("/", 1)[1]
    services.reset_password(token=token, new_password="erstes neues Passwort")
    with pytest.raises(Invalid):
        services.reset_password(token=token, new_password="zweites neues Passwort")
    assert services.authenticate(email=user.email, password="erstes neues Passwort")


def test_create_user_validates_the_address(app):
    with pytest.raises(Invalid):
        services.create_user(email="kein mail\r\nBcc: x@example.org", password=PASSWORD)


def test_bad_recipient_is_refused_when_queued(app):
    with pytest.raises(ValueError):
        queue_mail(recipient="a@b\r\nBcc: c@d", subject="x", template="plain", text="x")


def test_one_broken_mail_does_not_stop_the_batch(app, mails):
    app.config["MAIL_SEND_AFTER_COMMIT"] = False
    db.session.add(OutboxMail(recipient="kaputt\n@example.org", subject="x", body="x"))
    queue_mail(recipient="gut@example.org", subject="Hallo", template="plain", text="Text")
    db.session.commit()
    assert send_pending() == (1, 1)
    broken = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient.like("kaputt%")))
    assert broken.status == "pending" and broken.attempts == 1 and broken.last_error
    assert [m["To"] for m in mails] == ["gut@example.org"]


def test_background_delivery_does_not_hold_the_request(make_app, smtp_sink):
    app = make_app(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_sink.port,
        MAIL_DELIVERY="background",
    )
    with app.app_context():
        client = app.test_client()
        response = client.post_form("/barrierefreiheit", {"message": "Kontrast zu schwach"})
        assert response.status_code == 303
    messages = smtp_sink.wait_for(1)
    assert len(messages) == 1 and "Kontrast zu schwach" in messages[0].get_content()


def test_feedback_form_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_FEEDBACK="2 per hour")
    client = app.test_client()
    statuses = [
        client.post_form("/barrierefreiheit", {"message": f"Barriere {n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]


def test_title_says_error_when_a_form_has_errors(client):
    html = client.post_form("/anmelden", {"email": "x", "password": ""}).get_data(as_text=True)
    assert "<title>Fehler: Anmelden" in html
