"""Account security: the second factor, the sign-in's second step, sessions the person
sees and ends, re-authentication, guessing limits that do not lock the owner out, and
security.txt."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from participation.accounts import two_factor
from participation.accounts.models import AccountSession, RecoveryCode, TwoFactor
from participation.core import clock
from participation.extensions import db
from tests.accounts.helpers import link_in, mails_to
from tests.conftest import PASSWORD, count_queries

NOW = datetime(2026, 12, 7, 9, 0, 5, tzinfo=UTC)
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture(autouse=True)
def frozen():
    clock.freeze(NOW)
    yield
    clock.freeze(None)


def code_for(user, moment: datetime | None = None) -> str:
    record = db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id))
    return pyotp.TOTP(record.secret).at(moment or clock.utcnow())


def with_totp(user) -> list[str]:
    """Set up an authenticator for `user` through the services; the recovery codes."""
    two_factor.start_setup(actor=user)
    codes = two_factor.confirm_setup(actor=user, code=code_for(user))
    clock.freeze(clock.utcnow() + timedelta(seconds=30))  # the next code is a new one
    return codes


def password_step(client, user, **extra):
    return client.post_form("/anmelden", {"email": user.email, "password": PASSWORD, **extra})


# --- setting up the second factor -----------------------------------------------------------


def test_setting_up_totp_through_the_pages(app, client, make_user):
    user = make_user()
    other_device = app.test_client()
    other_device.login(user)
    client.login(user)
    page = client.get("/konto/zwei-faktor")
    assert page.status_code == 200 and "einrichten" in page.get_data(as_text=True)
    assert client.post_form("/konto/zwei-faktor/einrichten").status_code == 303

    html = client.get("/konto/zwei-faktor").get_data(as_text=True)
    assert re.search(
        r'<img src="data:image/svg\+xml[^"]+" alt="QR-Code für die Authenticator-App">', html
    ), "the QR code is drawn on the server"
    assert not re.search(r'(src|href)="(https?:)?//', html), "nothing from outside hosts"
    secret = db.session.scalar(select(TwoFactor.secret).where(TwoFactor.user_id == user.id))
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html

    wrong = client.post_form("/konto/zwei-faktor/bestaetigen", {"code": "000000"})
    assert wrong.status_code == 422
    assert "Der Code stimmt nicht" in wrong.get_data(as_text=True)
    assert not two_factor.is_enabled(user)

    done = client.post_form("/konto/zwei-faktor/bestaetigen", {"code": code_for(user)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.get_data(as_text=True))
    assert len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored), "only hashes are stored"
    assert two_factor.is_enabled(user)
    assert client.get("/konto").status_code == 200, "this session goes on"
    assert other_device.get("/konto").status_code == 302, "other sessions ended"


def test_residents_may_switch_it_off_staff_may_not(make_app, make_user):
    app = make_app(STAFF_TWO_FACTOR_REQUIRED=True)
    with app.app_context():
        resident, manager = make_user(), make_user("district_manager")
        with_totp(resident)
        with_totp(manager)
        for user, expected in ((resident, False), (manager, True)):
            client = app.test_client()
            client.sign_in(user)
            client.post_form("/konto/zwei-faktor/ausschalten")
            assert two_factor.is_enabled(user) is expected


# --- the second sign-in step ----------------------------------------------------------------


def test_sign_in_needs_the_code_once_set_up(client, make_user):
    user = make_user()
    with_totp(user)
    response = password_step(client, user, next="/konto/passwort")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/anmelden/code")
    assert client.get("/konto").status_code == 302, "the password alone signs nobody in"

    wrong = client.post_form("/anmelden/code", {"code": "123456"})
    assert wrong.status_code == 422
    assert "Der Code stimmt nicht" in wrong.get_data(as_text=True)

    code = code_for(user)
    done = client.post_form("/anmelden/code", {"code": code})
    assert done.status_code == 303 and done.headers["Location"] == "/konto/passwort"
    assert client.get("/konto").status_code == 200

    # The same code cannot be used again within its 30 seconds.
    again = type(client)(client.application, client.response_wrapper, use_cookies=True)
    password_step(again, user)
    reused = again.post_form("/anmelden/code", {"code": code})
    assert reused.status_code == 422
    assert again.get("/konto").status_code == 302


def test_the_code_step_without_a_password_step_sends_back(client):
    response = client.post_form("/anmelden/code", {"code": "123456"})
    assert response.status_code == 303 and "/anmelden" in response.headers["Location"]


def test_recovery_codes_are_single_use(app, make_user):
    user = make_user()
    codes = with_totp(user)
    first = app.test_client()
    password_step(first, user)
    assert first.post_form("/anmelden/code", {"code": codes[0].upper()}).status_code == 303
    second = app.test_client()
    password_step(second, user)
    assert second.post_form("/anmelden/code", {"code": codes[0]}).status_code == 422
    assert second.post_form("/anmelden/code", {"code": codes[1]}).status_code == 303
    unused = db.session.scalar(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.used_at.is_(None))
    )
    assert unused == 8


def test_guessing_codes_is_stopped_per_account(app, make_user):
    user = make_user()
    with_totp(user)
    statuses = []
    for attempt in range(6):
        client = app.test_client()  # a new client each time: the count is the account's
        password_step(client, user)
        statuses.append(client.post_form("/anmelden/code", {"code": f"00000{attempt}"}))
    assert [r.status_code for r in statuses] == [422] * 5 + [429]
    client = app.test_client()
    password_step(client, user)
    refused = client.post_form("/anmelden/code", {"code": code_for(user)})
    assert refused.status_code == 429, "even the right code waits now"
    assert "Zu viele falsche Codes" in refused.get_data(as_text=True)
    clock.freeze(clock.utcnow() + timedelta(minutes=16))
    client = app.test_client()
    password_step(client, user)
    assert client.post_form("/anmelden/code", {"code": code_for(user)}).status_code == 303


def test_the_code_step_is_rate_limited_per_pending_account(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_TWO_FACTOR="2 per minute")
    with app.app_context():
        user = make_user()
        with_totp(user)
        client = app.test_client()
        password_step(client, user)
        statuses = [
            client.post_form("/anmelden/code", {"code": "99999" + str(i)}).status_code
            for i in range(3)
        ]
    assert statuses == [422, 422, 429]


# --- the staff area needs the second factor -------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_staff_without_second_factor_are_sent_to_set_it_up(make_app, make_user, htmx):
    app = make_app(STAFF_TWO_FACTOR_REQUIRED=True)
    with app.app_context():
        manager = make_user("district_manager", district="10")
        client = app.test_client()
        client.login(manager)
        headers = {"HX-Request": "true"} if htmx else {}
        refused = client.get("/verwaltung", headers=headers)
        if htmx:
            assert refused.status_code == 403
            assert refused.headers["HX-Redirect"].startswith("/konto/zwei-faktor")
        else:
            assert refused.status_code == 302
            assert refused.headers["Location"].startswith("/konto/zwei-faktor?next=/verwaltung")
        assert client.get("/konto").status_code == 200, "the rest of the portal stays open"

        with_totp(manager)
        client = app.test_client()
        password_step(client, manager)
        client.post_form("/anmelden/code", {"code": code_for(manager)})
        assert client.get("/verwaltung", headers=headers).status_code == 200


def test_the_setting_switches_the_requirement_off(make_app, make_user):
    app = make_app(STAFF_TWO_FACTOR_REQUIRED=False)
    with app.app_context():
        client = app.test_client()
        client.login(make_user("coordinator"))
        assert client.get("/verwaltung").status_code == 200


# --- sessions -------------------------------------------------------------------------------


def test_sessions_are_listed_without_the_full_address_and_can_be_ended(app, make_user):
    user = make_user()
    phone = app.test_client()
    phone.post_form(
        "/anmelden",
        {"email": user.email, "password": PASSWORD, "remember": "y"},
        environ_base={"REMOTE_ADDR": "192.0.2.77"},
        headers={"User-Agent": FIREFOX},
    )
    laptop = app.test_client()
    laptop.login(user)
    html = laptop.get("/konto/sitzungen").get_data(as_text=True)
    assert "Firefox · Windows" in html and "192.0.2.0/24" in html
    assert "192.0.2.77" not in html
    rows = db.session.scalars(select(AccountSession)).all()
    assert len(rows) == 2
    assert all("192.0.2.77" not in (r.network + r.device + r.key_hash) for r in rows)

    phone_row = next(r for r in rows if r.network == "192.0.2.0/24")
    remember = phone.get_cookie("bp_remember").value
    ended = laptop.post_form(f"/konto/sitzungen/{phone_row.id}/beenden")
    assert ended.status_code == 303
    assert phone.get("/konto").status_code == 302, "the phone is signed out"
    thief = app.test_client()
    thief.set_cookie("bp_remember", remember)
    assert thief.get("/konto").status_code == 302, "and its remember-me cookie is dead"
    assert laptop.get("/konto").status_code == 200


def test_nobody_ends_another_persons_session(app, make_user):
    owner, stranger = make_user(), make_user()
    victim = app.test_client()
    victim.login(owner)
    row_id = db.session.scalar(select(AccountSession.id).where(AccountSession.user_id == owner.id))
    attacker = app.test_client()
    attacker.login(stranger)
    attacker.post_form(f"/konto/sitzungen/{row_id}/beenden")
    assert victim.get("/konto").status_code == 200


def test_sign_out_everywhere_empties_the_list(app, make_user):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    first.login(user)
    second.login(user)
    second.post_form("/konto/ueberall-abmelden")
    third = app.test_client()
    third.login(user)
    html = third.get("/konto/sitzungen").get_data(as_text=True)
    assert html.count("Sitzung beenden") == 0, "only this session is left (it has no button)"
    assert "dieses Gerät" in html


def test_the_session_list_has_a_fixed_number_of_queries(app, make_user):
    user = make_user()
    client = app.test_client()
    client.login(user)
    client.get("/konto/sitzungen")
    with count_queries(app) as few:
        client.get("/konto/sitzungen")
    for _ in range(5):
        app.test_client().login(user)
    with count_queries(app) as many:
        assert client.get("/konto/sitzungen").get_data(as_text=True).count("Sitzung beenden") == 5
    assert many.count == few.count


# --- re-authentication ----------------------------------------------------------------------


def test_sensitive_pages_ask_for_the_password_after_ten_minutes(client, make_user):
    user = make_user()
    client.login(user)
    assert client.get("/konto/passwort").status_code == 200, "just signed in"
    clock.freeze(clock.utcnow() + timedelta(minutes=11))
    asked = client.get("/konto/passwort")
    assert asked.status_code == 302
    assert asked.headers["Location"].startswith("/konto/bestaetigen?next=/konto/passwort")
    form = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert 'value="/konto/passwort"' in form

    wrong = client.post_form("/konto/bestaetigen", {"password": "falsch!", "next": "/konto/email"})
    assert wrong.status_code == 422 and "Das Passwort ist falsch" in wrong.get_data(as_text=True)
    assert 'value="/konto/email"' in wrong.get_data(as_text=True), "nothing typed is lost"
    right = client.post_form("/konto/bestaetigen", {"password": PASSWORD, "next": "/konto/email"})
    assert right.status_code == 303 and right.headers["Location"] == "/konto/email"
    assert client.get("/konto/email").status_code == 200


def test_re_authentication_asks_for_the_code_where_one_is_set(client, make_user):
    user = make_user()
    with_totp(user)
    client.sign_in(user)
    clock.freeze(clock.utcnow() + timedelta(minutes=11))
    assert client.get("/konto/email").status_code == 302
    without = client.post_form("/konto/bestaetigen", {"password": PASSWORD})
    assert without.status_code == 422
    assert "Bitte geben Sie den Code ein" in without.get_data(as_text=True)
    done = client.post_form("/konto/bestaetigen", {"password": PASSWORD, "code": code_for(user)})
    assert done.status_code == 303
    assert client.get("/konto/email").status_code == 200


def test_re_authentication_for_htmx_tells_the_browser_where_to_go(client, make_user):
    client.login(make_user())
    clock.freeze(clock.utcnow() + timedelta(minutes=11))
    response = client.post_form("/konto/zwei-faktor/einrichten", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/konto/bestaetigen?next=")


def test_publishing_results_needs_a_recent_sign_in(client, make_user, make_process):
    from participation.coordination.services import advance_to

    office = make_user("coordinator")
    process = make_process("Mit Bericht", district="10")
    advance_to(actor=office, process=process, status="closed")
    client.login(office)
    clock.freeze(clock.utcnow() + timedelta(minutes=11))
    response = client.post_form(
        f"/verwaltung/verfahren/{process.slug}/ergebnisbericht/veroeffentlichen",
        headers={"Referer": "http://localhost/verwaltung"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/konto/bestaetigen?next=/verwaltung")


# --- guessing passwords ---------------------------------------------------------------------


def test_a_guesser_on_one_address_is_stopped_the_owner_elsewhere_is_not(app, make_user):
    user = make_user()
    guesser = app.test_client()
    statuses = [
        guesser.post_form(
            "/anmelden",
            {"email": user.email, "password": f"geraten {i} geraten"},
            environ_base={"REMOTE_ADDR": "198.51.100.9"},
        ).status_code
        for i in range(6)
    ]
    assert statuses == [422] * 5 + [429]
    blocked = guesser.post_form(
        "/anmelden",
        {"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.9"},
    )
    assert blocked.status_code == 429, "not even the right password from there, for now"
    owner = app.test_client()
    assert password_step(owner, user).status_code == 303, "the owner signs in from home"


def test_guessing_from_many_addresses_turns_the_right_password_into_a_mailed_link(
    app, make_user, mails
):
    user = make_user()
    for i in range(20):
        app.test_client().post_form(
            "/anmelden",
            {"email": user.email, "password": f"geraten {i} geraten"},
            environ_base={"REMOTE_ADDR": f"203.0.113.{i}"},
        )
    wrong = app.test_client().post_form(
        "/anmelden", {"email": user.email, "password": "noch ein Versuch"}
    )
    owner = app.test_client()
    right = password_step(owner, user)
    assert right.status_code == wrong.status_code == 422
    notice = "Zu Ihrem Schutz melden wir Sie nur über einen Link an"
    assert notice in right.get_data(as_text=True) and notice in wrong.get_data(as_text=True)
    assert owner.get("/konto").status_code == 302
    sent = mails_to(mails, user.email)
    assert len(sent) == 1, "a mail only for the right password"

    path = link_in(sent[0], "/anmelden/link/")
    assert owner.get(path).status_code == 200, "opening the link changes nothing"
    assert owner.get("/konto").status_code == 302
    assert owner.post_form(path).status_code == 303
    assert owner.get("/konto").status_code == 200
    assert app.test_client().post_form(path).status_code == 400, "the link works once"


def test_the_mailed_link_still_asks_for_the_second_factor(app, make_user, mails):
    user = make_user()
    with_totp(user)
    for i in range(20):
        app.test_client().post_form(
            "/anmelden",
            {"email": user.email, "password": f"geraten {i} geraten"},
            environ_base={"REMOTE_ADDR": f"203.0.113.{i}"},
        )
    owner = app.test_client()
    password_step(owner, user)
    path = link_in(mails_to(mails, user.email)[-1], "/anmelden/link/")
    response = owner.post_form(path)
    assert response.headers["Location"].endswith("/anmelden/code")
    assert owner.get("/konto").status_code == 302


def test_unknown_addresses_answer_like_known_ones(app, make_user):
    user = make_user()
    texts = []
    for email in (user.email, "niemand@example.org"):
        response = app.test_client().post_form(
            "/anmelden", {"email": email, "password": "falsch falsch!"}
        )
        texts.append(
            (
                response.status_code,
                "E-Mail-Adresse oder Passwort ist falsch" in response.get_data(as_text=True),
            )
        )
    assert texts[0] == texts[1] == (422, True)


# --- security.txt ---------------------------------------------------------------------------


def test_security_txt_comes_from_the_settings(make_app):
    app = make_app(
        SECURITY_CONTACTS=["mailto:sicherheit@example.org", "https://example.org/melden"],
        SECURITY_TXT_EXPIRES="2027-06-30T00:00:00Z",
        BASE_URL="https://beteiligung.example.org",
    )
    response = app.test_client().get("/.well-known/security.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "Contact: mailto:sicherheit@example.org" in lines
    assert "Contact: https://example.org/melden" in lines
    assert "Expires: 2027-06-30T00:00:00Z" in lines
    assert "Canonical: https://beteiligung.example.org/.well-known/security.txt" in lines


def test_security_txt_without_a_date_expires_in_half_a_year(app):
    text = app.test_client().get("/.well-known/security.txt").get_data(as_text=True)
    expires = re.search(r"^Expires: (\S+)$", text, re.M).group(1)
    moment = datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert moment - clock.utcnow() == timedelta(days=180)
