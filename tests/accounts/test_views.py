"""Account pages as plain form posts (no JavaScript) and through htmx."""

import re

import pytest
from sqlalchemy import func, select

from participation.accounts.models import User
from tests.accounts.helpers import link_in, mails_to
from tests.conftest import PASSWORD

REGISTRATION = {
    "email": "lotte@example.org",
    "pseudonym": "Lindener Lotte",
    "password": PASSWORD,
    "accept_privacy": "y",
}


def user_count(db):
    return db.session.scalar(select(func.count(User.id)))


def test_full_journey_with_plain_forms(client, db, mails):
    response = client.post_form("/registrieren", REGISTRATION)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/registrieren/fast-geschafft")
    verify_path = link_in(mails_to(mails, "lotte@example.org")[-1], "/bestaetigen/")

    page = client.get(verify_path)
    assert page.status_code == 200 and "Adresse bestätigen" in page.get_data(as_text=True)
    assert client.post_form(verify_path).status_code == 303
    assert client.post_form(verify_path).status_code == 400, "the link works once"

    client.login("lotte@example.org")
    profile = client.get("/konto").get_data(as_text=True)
    assert "lotte@example.org" in profile and "bestätigt" in profile

    response = client.post_form("/konto", {"pseudonym": "Lotte aus Linden"})
    assert response.status_code == 303
    assert "Lotte aus Linden" in client.get("/konto").get_data(as_text=True)

    response = client.post_form(
        "/konto/passwort", {"current_password": PASSWORD, "new_password": "ein ganz neues Passwort"}
    )
    assert response.status_code == 303
    assert client.get("/konto").status_code == 302, "password change ends the session"
    client.login("lotte@example.org", "ein ganz neues Passwort")
    assert client.logout().status_code == 303
    assert client.get("/konto").status_code == 302


def test_registration_errors_keep_what_was_typed(client, db):
    data = {**REGISTRATION, "password": "kurz"}
    response = client.post_form("/registrieren", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="lotte@example.org"' in html and 'value="Lindener Lotte"' in html
    assert (
        'aria-invalid="true"' in html and 'aria-describedby="password-hint password-error"' in html
    )
    assert "12 bis 128 Zeichen" in html
    assert user_count(db) == 0


def test_registration_answers_the_same_for_existing_address(client, db, mails):
    first = client.post_form("/registrieren", REGISTRATION)
    second = client.post_form("/registrieren", {**REGISTRATION, "pseudonym": "Jemand Anderes"})
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert user_count(db) == 1


def test_honeypot_creates_nothing_but_looks_fine(client, db, mails):
    response = client.post_form("/registrieren", {**REGISTRATION, "hp_note": "http://spam.example"})
    assert response.status_code == 303
    assert user_count(db) == 0 and mails == []


def test_extra_fields_are_ignored(client, db):
    client.post_form(
        "/registrieren",
        {
            **REGISTRATION,
            "role": "admin",
            "email_verified": "1",
            "district_id": "1",
            "organisation_id": "1",
        },
    )
    user = db.session.scalar(select(User))
    assert user.role_names == {"resident"} and not user.is_verified


def test_login_refusal_is_identical_for_unknown_accounts(client, make_user):
    user = make_user()
    wrong = client.post_form("/anmelden", {"email": user.email, "password": "falsches Passwort!"})
    unknown = client.post_form("/anmelden", {"email": "nobody@example.org", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 422

    def message(response):
        return re.findall(
            r'<ul class="errors"[^>]*>(.*?)</ul>', response.get_data(as_text=True), re.S
        )

    assert message(wrong) == message(unknown)


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/konto", "/konto"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_login_redirects_only_to_local_paths(client, make_user, target, expected):
    user = make_user()
    response = client.post_form(
        "/anmelden", {"email": user.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_session_is_renewed_on_login(client, make_user):
    user = make_user()
    client.get("/anmelden")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.login(user)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_logout_is_post_only(client, make_user):
    client.login(make_user())
    assert client.get("/abmelden").status_code == 405
    assert client.get("/konto").status_code == 200


def test_logout_everywhere_ends_other_sessions_and_remember_cookie(app, make_user):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    first.post_form("/anmelden", {"email": user.email, "password": PASSWORD, "remember": "y"})
    second.login(user)
    assert first.get_cookie("bp_remember") is not None
    remember = first.get_cookie("bp_remember").value
    assert second.post_form("/konto/ueberall-abmelden").status_code == 303
    assert first.get("/konto").status_code == 302
    third = app.test_client()
    third.set_cookie("bp_remember", remember)
    assert third.get("/konto").status_code == 302, "the old remember-me cookie is dead"


def test_password_reset_journey(client, make_user, mails):
    user = make_user()
    response = client.post_form("/passwort-vergessen", {"email": user.email})
    unknown = client.post_form("/passwort-vergessen", {"email": "nobody@example.org"})
    assert response.status_code == unknown.status_code == 303
    path = link_in(mails_to(mails, user.email)[-1], "/passwort-neu/")
    assert len(mails) == 1
    bad = client.post_form(path, {"password": "kurz"})
    assert bad.status_code == 422
    assert client.post_form(path, {"password": "mein neues Passwort"}).status_code == 303
    assert client.get(path).status_code == 400, "a used link is refused"
    client.login(user, "mein neues Passwort")


def test_email_change_needs_current_password(client, make_user, mails):
    user = make_user()
    client.login(user)
    response = client.post_form(
        "/konto/email", {"email": "neu@example.org", "current_password": "falsches Passwort"}
    )
    assert response.status_code == 422
    assert 'value="neu@example.org"' in response.get_data(as_text=True)
    response = client.post_form(
        "/konto/email", {"email": "neu@example.org", "current_password": PASSWORD}
    )
    assert response.status_code == 303
    path = link_in(mails_to(mails, "neu@example.org")[-1], "/konto/email-bestaetigen/")
    assert client.post_form(path).status_code == 303
    assert "neu@example.org" in client.get("/konto").get_data(as_text=True)


def test_unverified_users_see_the_reminder_and_can_resend(client, make_user, mails):
    user = make_user(verified=False)
    client.login(user)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in client.get("/").get_data(as_text=True)
    assert client.post_form("/konto/bestaetigung-senden").status_code == 303
    assert "/bestaetigen/" in mails_to(mails, user.email)[-1].get_content()


def test_pseudonym_check_fragment(htmx_client, make_user):
    make_user(pseudonym="Vergeben")
    taken = htmx_client.get("/registrieren/pseudonym-pruefen?pseudonym=VERGEBEN")
    free = htmx_client.get("/registrieren/pseudonym-pruefen?pseudonym=Frei+und+neu")
    assert taken.get_data(as_text=True).startswith('<span id="pseudonym-check-result"')
    assert "schon vergeben" in taken.get_data(as_text=True)
    assert "frei" in free.get_data(as_text=True)
    assert "HX-Request" in free.headers["Vary"]


def test_pseudonym_check_without_htmx_is_a_page(client):
    response = client.get("/registrieren/pseudonym-pruefen?pseudonym=ab")
    html = response.get_data(as_text=True)
    assert html.startswith("<!doctype html>") and "3 bis 40 Zeichen" in html


def test_forged_htmx_header_grants_nothing(htmx_client):
    response = htmx_client.get("/verwaltung")
    assert response.status_code in (302, 401, 403)


def test_login_is_rate_limited_per_address(make_app, make_user):
    # Guessing one account from many addresses is tests/accounts/test_security.py's lockout.
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    with app.app_context():
        user = make_user()
        client = app.test_client()
        statuses = [
            client.post_form(
                "/anmelden", {"email": user.email, "password": f"falsch falsch {i}!"}
            ).status_code
            for i in range(4)
        ]
    assert statuses == [422, 422, 422, 429]


def test_rate_limited_page_is_styled(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_RESET="1 per minute")
    client = app.test_client()
    client.post_form("/passwort-vergessen", {"email": "a@example.org"})
    response = client.post_form("/passwort-vergessen", {"email": "a@example.org"})
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.get_data(as_text=True)


def test_the_suites_quick_sign_in_is_a_real_session(client, make_user):
    # The harness signs in many users without the form (PortalClient.sign_in); its findings
    # are only worth something if that session is the one the form would have started.
    user = make_user("resident")
    client.sign_in(user)
    page = client.get("/konto")
    assert page.status_code == 200
    assert user.pseudonym in page.get_data(as_text=True)
    client.logout()
    assert client.get("/konto").status_code == 302
