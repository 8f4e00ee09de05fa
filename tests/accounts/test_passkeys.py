"""Passkeys (WebAuthn) as a second method of the second factor, driven through the JSON
calls the page's script makes, with a software authenticator (tests/accounts/
passkey_device.py): adding, signing in, re-authenticating, refusing forged, cloned,
replayed and foreign answers, removing, and what resets and deletions do to them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from participation.accounts import passkeys, two_factor
from participation.accounts.models import RecoveryCode, SignInFailure, TwoFactor
from participation.accounts.models import WebAuthnCredential as Passkey
from participation.core import clock
from participation.extensions import db
from tests.accounts.passkey_device import SoftAuthenticator
from tests.conftest import PASSWORD, count_queries

OPTIONS = "/konto/zwei-faktor/passkey/optionen"
ADD = "/konto/zwei-faktor/passkey"
SIGN_IN_OPTIONS = "/anmelden/passkey/optionen"
SIGN_IN = "/anmelden/passkey"
REAUTH_OPTIONS = "/konto/bestaetigen/passkey/optionen"
REAUTH = "/konto/bestaetigen/passkey"


def send_json(client, path, body, *, token: str | None = None, raw: bytes | None = None):
    """POST as static/js/passkeys.js does: a JSON body, the CSRF token in a header."""
    return client.post(
        path,
        data=raw if raw is not None else json.dumps(body),
        content_type="application/json",
        headers={"X-CSRFToken": token if token is not None else client.csrf_token()},
    )


def new_device(**kwargs) -> SoftAuthenticator:
    party = passkeys.relying_party()
    return SoftAuthenticator(origin=party.origin, rp_id=party.id, **kwargs)


def add_passkey(client, device, name: str = "YubiKey"):
    options = send_json(client, OPTIONS, {})
    assert options.status_code == 200, options.get_data(as_text=True)
    return send_json(client, ADD, {"name": name, "credential": device.create(options.get_json())})


def with_passkey(app, user, **kwargs) -> SoftAuthenticator:
    """Set up a passkey for `user` through the pages; the device."""
    device = new_device(**kwargs)
    db.session.refresh(user)
    client = app.test_client()
    client.sign_in(user)
    assert add_passkey(client, device).status_code == 200
    db.session.refresh(user)  # a first factor raised the session version
    return device


def password_step(client, user, **extra):
    response = client.post_form("/anmelden", {"email": user.email, "password": PASSWORD, **extra})
    assert response.headers["Location"].endswith("/anmelden/code")
    return response


def passkey_step(client, device, **answer):
    options = send_json(client, SIGN_IN_OPTIONS, {})
    assert options.status_code == 200, options.get_data(as_text=True)
    return send_json(client, SIGN_IN, {"credential": device.get(options.get_json(), **answer)})


def stored() -> int:
    return db.session.scalar(select(func.count(Passkey.id)))


# --- adding ---------------------------------------------------------------------------------


def test_adding_a_first_passkey_switches_the_second_factor_on(app, make_user):
    user = make_user()
    other_device = app.test_client()
    other_device.login(user)
    client = app.test_client()
    client.login(user)
    page = client.get("/konto/zwei-faktor").get_data(as_text=True)
    assert "Passkeys und Sicherheitsschlüssel" in page
    assert re.search(r'<form[^>]*id="passkey-add"[^>]*hidden', page), "hidden until the script"
    assert "js/passkeys.js" in page and "<script>" not in page, "no inline script"

    options = send_json(client, OPTIONS, {})
    assert options.status_code == 200 and options.mimetype == "application/json"
    body = options.get_json()
    assert body["rp"]["id"] == passkeys.relying_party().id
    assert body["user"]["name"] == user.email
    assert str(user.id) not in body["user"]["id"]

    device = new_device()
    added = send_json(client, ADD, {"name": "  YubiKey  blau ", "credential": device.create(body)})
    assert added.status_code == 200, added.get_data(as_text=True)
    assert added.get_json() == {"redirect": "/konto/zwei-faktor/passkey/codes"}
    (record,) = db.session.scalars(select(Passkey)).all()
    assert (record.user_id, record.name) == (user.id, "YubiKey blau")
    assert record.credential_id == device.id
    assert two_factor.is_enabled(user)

    shown = client.get("/konto/zwei-faktor/passkey/codes").get_data(as_text=True)
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", shown)
    assert len(set(codes)) == 10
    assert db.session.scalar(select(func.count(RecoveryCode.id))) == 10
    again = client.get("/konto/zwei-faktor/passkey/codes")
    assert again.status_code == 302, "the codes are shown once"
    assert client.get("/konto").status_code == 200, "this session goes on"
    assert other_device.get("/konto").status_code == 302, "other sessions ended"

    listed = client.get("/konto/zwei-faktor").get_data(as_text=True)
    assert "YubiKey blau" in listed and "noch nie" in listed


def test_a_second_passkey_keeps_the_recovery_codes(app, client, make_user):
    user = make_user()
    client.login(user)
    assert add_passkey(client, new_device(), "Erster").status_code == 200
    hashes = set(db.session.scalars(select(RecoveryCode.code_hash)))
    second = add_passkey(client, new_device(fmt="none"), "<b>Zweiter</b>")
    assert second.get_json() == {"redirect": "/konto/zwei-faktor"}
    assert set(db.session.scalars(select(RecoveryCode.code_hash))) == hashes
    html = client.get("/konto/zwei-faktor").get_data(as_text=True)
    assert "&lt;b&gt;Zweiter&lt;/b&gt;" in html and "<b>Zweiter" not in html


def test_the_same_key_cannot_be_added_twice(app, client, make_user):
    user = make_user()
    client.login(user)
    device = new_device()
    add_passkey(client, device)
    options = send_json(client, OPTIONS, {}).get_json()
    assert [c["id"] for c in options["excludeCredentials"]] == [device.id]
    again = send_json(client, ADD, {"name": "Nochmal", "credential": device.create(options)})
    assert again.status_code == 409 and stored() == 1


def test_a_passkey_first_then_the_app_keeps_the_codes(app, client, make_user):
    user = make_user()
    client.login(user)
    add_passkey(client, new_device())
    hashes = set(db.session.scalars(select(RecoveryCode.code_hash)))
    client.post_form("/konto/zwei-faktor/einrichten")
    secret = db.session.scalar(select(TwoFactor.secret).where(TwoFactor.user_id == user.id))
    done = client.post_form(
        "/konto/zwei-faktor/bestaetigen", {"code": pyotp.TOTP(secret).at(clock.utcnow())}
    )
    assert done.status_code == 303
    assert set(db.session.scalars(select(RecoveryCode.code_hash))) == hashes
    assert two_factor.totp_enabled(user)


def test_is_enabled_is_one_query(app, make_user):
    user = make_user()
    assert user.id  # loaded before counting
    with count_queries(app) as counted:
        assert not two_factor.is_enabled(user)
    assert counted.count == 1
    with_passkey(app, user)
    assert user.id
    with count_queries(app) as counted:
        assert two_factor.is_enabled(user)
    assert counted.count == 1


# --- signing in -----------------------------------------------------------------------------


def test_signing_in_with_a_passkey_at_the_second_step(app, client, make_user):
    user = make_user()
    device = with_passkey(app, user)
    password_step(client, user, next="/konto/passwort")
    page = client.get("/anmelden/code").get_data(as_text=True)
    assert "Mit Passkey bestätigen" in page and "js/passkeys.js" in page
    assert client.get("/konto").status_code == 302

    options = send_json(client, SIGN_IN_OPTIONS, {}).get_json()
    assert [c["id"] for c in options["allowCredentials"]] == [device.id]
    done = send_json(client, SIGN_IN, {"credential": device.get(options)})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json() == {"redirect": "/konto/passwort"}
    assert client.get("/konto").status_code == 200
    record = db.session.scalar(select(Passkey))
    db.session.refresh(record)
    assert record.sign_count == 1 and record.last_used_at is not None


def test_without_passkeys_the_second_step_offers_none(app, client, make_user):
    user = make_user()
    two_factor.start_setup(actor=user)
    secret = two_factor.authenticator(user).secret
    two_factor.confirm_setup(actor=user, code=pyotp.TOTP(secret).at(clock.utcnow()))
    password_step(client, user)
    page = client.get("/anmelden/code").get_data(as_text=True)
    assert "Mit Passkey bestätigen" not in page and "passkeys.js" not in page


def test_a_wrong_signature_is_refused_and_counted(app, client, make_user):
    user = make_user()
    device = with_passkey(app, user)
    password_step(client, user)
    refused = passkey_step(client, device, tamper=True)
    assert refused.status_code == 422
    assert "nicht angenommen" in refused.get_json()["error"]["message"]
    assert client.get("/konto").status_code == 302
    assert db.session.scalar(select(func.count(SignInFailure.id))) == 1


@pytest.mark.parametrize("count", [1, 0], ids=["same", "lower"])
def test_a_counter_that_does_not_move_on_is_refused(app, make_user, count):
    user = make_user()
    device = with_passkey(app, user)
    first = app.test_client()
    password_step(first, user)
    assert passkey_step(first, device, sign_count=1).status_code == 200
    clone = app.test_client()
    password_step(clone, user)
    assert passkey_step(clone, device, sign_count=count).status_code == 422
    assert clone.get("/konto").status_code == 302
    record = db.session.scalar(select(Passkey))
    db.session.refresh(record)
    assert record.sign_count == 1


def test_a_replayed_answer_is_refused_even_without_a_counter(app, make_user):
    """A copy of the request (its session cookie and body) signs nobody in a second time,
    though the key's counter stays 0 as with many passkeys."""
    user = make_user()
    device = with_passkey(app, user, counter=False)
    client = app.test_client()
    password_step(client, user)
    options = send_json(client, SIGN_IN_OPTIONS, {}).get_json()
    token = client.csrf_token()
    cookie = client.get_cookie("bp_session").value
    answer = {"credential": device.get(options)}
    assert send_json(client, SIGN_IN, answer, token=token).status_code == 200

    thief = app.test_client()
    thief.set_cookie("bp_session", cookie)
    assert send_json(thief, SIGN_IN, answer, token=token).status_code == 422
    assert thief.get("/konto").status_code == 302


def test_another_persons_passkey_is_refused(app, make_user):
    owner, other = make_user(), make_user()
    with_passkey(app, owner)
    foreign = with_passkey(app, other)
    client = app.test_client()
    password_step(client, owner)
    assert passkey_step(client, foreign).status_code == 422
    assert client.get("/konto").status_code == 302


def test_wrong_origin_rp_id_and_stale_challenges_are_refused(app, make_user):
    user = make_user()
    device = with_passkey(app, user)
    client = app.test_client()
    password_step(client, user)
    assert passkey_step(client, device, origin="https://evil.example").status_code == 422
    assert passkey_step(client, device, rp_id="evil.example").status_code == 422
    options = send_json(client, SIGN_IN_OPTIONS, {}).get_json()
    clock.freeze(clock.utcnow() + timedelta(minutes=6))
    try:
        late = send_json(client, SIGN_IN, {"credential": device.get(options)})
    finally:
        clock.freeze(None)
    assert late.status_code == 422
    # An answer to an earlier challenge, once a newer one was asked for, is refused too.
    send_json(client, SIGN_IN_OPTIONS, {})
    assert send_json(client, SIGN_IN, {"credential": device.get(options)}).status_code == 422
    assert client.get("/konto").status_code == 302


def test_wrong_passkeys_use_up_the_code_attempts(app, make_user):
    user = make_user()
    device = with_passkey(app, user)
    statuses = []
    for _ in range(6):
        client = app.test_client()
        password_step(client, user)
        statuses.append(passkey_step(client, device, tamper=True).status_code)
    assert statuses == [422] * 5 + [429]
    client = app.test_client()
    password_step(client, user)
    assert passkey_step(client, device).status_code == 429, "even the right key waits now"
    assert client.post_form("/anmelden/code", {"code": "123456"}).status_code == 429


def test_the_passkey_step_is_rate_limited_per_pending_account(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_TWO_FACTOR="2 per minute")
    with app.app_context():
        user = make_user()
        device = with_passkey(app, user)
        client = app.test_client()
        password_step(client, user)
        options = send_json(client, SIGN_IN_OPTIONS, {}).get_json()
        statuses = [
            send_json(client, SIGN_IN, {"credential": device.get(options, tamper=True)})
            for _ in range(3)
        ]
    assert [r.status_code for r in statuses] == [422, 422, 429]
    assert statuses[2].get_json()["error"]["status"] == 429


def test_without_a_password_step_the_passkey_calls_refuse(app, client):
    assert send_json(client, SIGN_IN_OPTIONS, {}).status_code == 409
    assert send_json(client, SIGN_IN, {"credential": {}}).status_code == 409


def test_a_recovery_code_signs_in_a_person_with_only_passkeys(app, make_user):
    user = make_user()
    client = app.test_client()
    client.login(user)
    add_passkey(client, new_device())
    html = client.get("/konto/zwei-faktor/passkey/codes").get_data(as_text=True)
    code = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", html)[0]
    other = app.test_client()
    password_step(other, user)
    assert other.post_form("/anmelden/code", {"code": "123456"}).status_code == 422
    assert other.post_form("/anmelden/code", {"code": code}).status_code == 303
    assert other.get("/konto").status_code == 200


# --- re-authentication ----------------------------------------------------------------------


def test_re_authentication_with_a_passkey_when_it_is_the_only_factor(app, make_user):
    user = make_user()
    device = with_passkey(app, user)
    client = app.test_client()
    client.sign_in(user)
    clock.freeze(clock.utcnow() + timedelta(minutes=11))
    try:
        assert client.get("/konto/email").status_code == 302
        page = client.get("/konto/bestaetigen?next=/konto/email").get_data(as_text=True)
        assert "Mit Passkey bestätigen" in page and 'id="reauth-form"' in page
        assert 'name="code"' in page, "recovery codes still work without JavaScript"

        options = send_json(client, REAUTH_OPTIONS, {}).get_json()
        wrong = send_json(
            client,
            REAUTH,
            {"password": "falsch falsch!", "credential": device.get(options), "next": "/x"},
        )
        assert wrong.status_code == 422
        assert "Passwort ist falsch" in wrong.get_json()["error"]["message"]

        options = send_json(client, REAUTH_OPTIONS, {}).get_json()
        body = {"password": PASSWORD, "credential": device.get(options), "next": "//evil.example"}
        done = send_json(client, REAUTH, body)
        assert done.status_code == 200, done.get_data(as_text=True)
        assert done.get_json() == {"redirect": "/konto"}, "only paths on this site"
        assert client.get("/konto/email").status_code == 200
    finally:
        clock.freeze(None)


def test_re_authentication_refuses_a_forged_passkey_answer(app, make_user):
    user = make_user()
    device = with_passkey(app, user)
    client = app.test_client()
    client.sign_in(user)
    clock.freeze(clock.utcnow() + timedelta(minutes=11))
    try:
        options = send_json(client, REAUTH_OPTIONS, {}).get_json()
        body = {"password": PASSWORD, "credential": device.get(options, tamper=True)}
        assert send_json(client, REAUTH, body).status_code == 422
        assert client.get("/konto/email").status_code == 302
    finally:
        clock.freeze(None)


# --- removing -------------------------------------------------------------------------------


def test_removing_passkeys_and_the_last_one_switches_off(app, client, make_user):
    user = make_user()
    client.login(user)
    add_passkey(client, new_device(), "Eins")
    add_passkey(client, new_device(), "Zwei")
    first, second = db.session.scalars(select(Passkey.id).order_by(Passkey.id)).all()
    assert client.post_form(f"/konto/zwei-faktor/passkey/{first}/entfernen").status_code == 303
    assert stored() == 1 and two_factor.is_enabled(user)
    assert db.session.scalar(select(func.count(RecoveryCode.id))) == 10
    assert client.post_form(f"/konto/zwei-faktor/passkey/{second}/entfernen").status_code == 303
    assert stored() == 0 and not two_factor.is_enabled(user)
    assert db.session.scalar(select(func.count(RecoveryCode.id))) == 0
    assert client.get("/konto").status_code == 200, "this session goes on"


def test_nobody_removes_another_persons_passkey(app, make_user):
    owner, stranger = make_user(), make_user()
    with_passkey(app, owner)
    key_id = db.session.scalar(select(Passkey.id))
    client = app.test_client()
    client.login(stranger)
    assert client.post_form(f"/konto/zwei-faktor/passkey/{key_id}/entfernen").status_code == 404
    assert stored() == 1


def test_staff_cannot_remove_their_last_factor(make_app, make_user):
    app = make_app(STAFF_TWO_FACTOR_REQUIRED=True)
    with app.app_context():
        manager = make_user("district_manager", district="10")
        with_passkey(app, manager)
        key_id = db.session.scalar(select(Passkey.id))
        client = app.test_client()
        client.sign_in(manager)
        refused = client.post_form(f"/konto/zwei-faktor/passkey/{key_id}/entfernen")
        assert refused.status_code == 303
        assert "letzter zweiter Faktor" in client.get("/konto/zwei-faktor").get_data(as_text=True)
        assert stored() == 1

        # With the app as well, the passkey may go; and the app may go while a passkey stays.
        client.post_form("/konto/zwei-faktor/einrichten")
        secret = db.session.scalar(select(TwoFactor.secret))
        client.post_form(
            "/konto/zwei-faktor/bestaetigen", {"code": pyotp.TOTP(secret).at(clock.utcnow())}
        )
        with_passkey(app, manager)
        client = app.test_client()
        client.sign_in(manager)
        client.post_form("/konto/zwei-faktor/ausschalten")
        assert not two_factor.totp_enabled(manager) and stored() == 2
        client.post_form(f"/konto/zwei-faktor/passkey/{key_id}/entfernen")
        assert stored() == 1 and two_factor.is_enabled(manager)


def test_the_administrators_reset_removes_passkeys(app, make_user):
    from participation.admin import services

    admin, user = make_user("admin"), make_user()
    with_passkey(app, user)
    services.reset_two_factor(actor=admin, user=user, reason="Schlüssel verloren, Ausweis geprüft")
    assert stored() == 0 and not two_factor.is_enabled(user)
    assert db.session.scalar(select(func.count(RecoveryCode.id))) == 0


def test_deleting_the_account_removes_passkeys(app, make_user):
    from participation.privacy.deletion import delete_own_account

    user = make_user()
    with_passkey(app, user)
    delete_own_account(actor=user, password=PASSWORD, delete_contributions=False)
    assert stored() == 0


# --- bad input to the JSON calls ------------------------------------------------------------


def _registration(client, device):
    options = send_json(client, OPTIONS, {}).get_json()
    return device.create(options)


@pytest.mark.parametrize(
    "case",
    [
        "form body",
        "no token",
        "other token",
        "malformed",
        "list",
        "deep",
        "huge",
        "missing keys",
        "wrong types",
        "credential as text",
        "empty name",
        "long name",
        "control characters",
        "lone surrogate",
        "no challenge",
        "wrong origin",
        "attestation for another site",
    ],
)
def test_bad_registration_bodies_store_nothing(app, client, make_user, case):
    client.login(make_user())
    device = new_device()
    token = client.csrf_token()
    if case == "form body":
        response = client.post(ADD, data={"csrf_token": token, "name": "x", "credential": "{}"})
        assert response.status_code == 415
    elif case == "no token":
        response = send_json(client, ADD, {"name": "x", "credential": {}}, token="")
        assert response.status_code == 400
    elif case == "other token":
        other = app.test_client().csrf_token()
        response = send_json(client, ADD, {"name": "x", "credential": {}}, token=other)
        assert response.status_code == 400
    elif case == "malformed":
        assert send_json(client, ADD, None, raw=b'{"name": "x",').status_code == 400
    elif case == "list":
        assert send_json(client, ADD, ["name", "credential"]).status_code == 400
    elif case == "deep":
        assert send_json(client, ADD, None, raw=b"[" * 100_000 + b"]" * 100_000).status_code in (
            400,
            413,
        )
        deep_object = b'{"a":' * 5000 + b"1" + b"}" * 5000
        assert send_json(client, ADD, None, raw=deep_object).status_code == 400
    elif case == "huge":
        credential = _registration(client, device)
        body = {"name": "x", "credential": credential, "filler": "x" * 100_000}
        assert send_json(client, ADD, body).status_code == 413
    elif case == "missing keys":
        credential = _registration(client, device)
        del credential["response"]["attestationObject"]
        assert send_json(client, ADD, {"name": "x", "credential": credential}).status_code == 422
        assert send_json(client, ADD, {"credential": credential}).status_code == 422
    elif case == "wrong types":
        credential = _registration(client, device)
        assert send_json(client, ADD, {"name": 5, "credential": credential}).status_code == 422
        credential = _registration(client, device)
        credential["rawId"] = 7
        assert send_json(client, ADD, {"name": "x", "credential": credential}).status_code == 422
    elif case == "credential as text":
        _registration(client, device)
        assert send_json(client, ADD, {"name": "x", "credential": "abc"}).status_code == 422
    elif case == "empty name":
        credential = _registration(client, device)
        assert send_json(client, ADD, {"name": " \t ", "credential": credential}).status_code == 422
    elif case == "long name":
        credential = _registration(client, device)
        body = {"name": "x" * 61, "credential": credential}
        assert send_json(client, ADD, body).status_code == 422
    elif case == "control characters":
        credential = _registration(client, device)
        body = {"name": "Yubi\x00Key", "credential": credential}
        assert send_json(client, ADD, body).status_code == 422
    elif case == "lone surrogate":
        credential = _registration(client, device)
        raw = json.dumps({"name": "a", "credential": credential}).replace('"a"', '"\\ud800"')
        assert send_json(client, ADD, None, raw=raw.encode()).status_code == 422
    elif case == "no challenge":
        credential = device.create({"challenge": "AAAA"})
        assert send_json(client, ADD, {"name": "x", "credential": credential}).status_code == 422
    elif case == "wrong origin":
        options = send_json(client, OPTIONS, {}).get_json()
        credential = device.create(options, origin="https://evil.example")
        assert send_json(client, ADD, {"name": "x", "credential": credential}).status_code == 422
    elif case == "attestation for another site":
        device.rp_id = "evil.example"
        credential = _registration(client, device)
        assert send_json(client, ADD, {"name": "x", "credential": credential}).status_code == 422
    assert stored() == 0


@pytest.mark.parametrize(
    "credential",
    [
        None,
        "x",
        [],
        {},
        {"id": 5},
        {"id": "\x00"},
        {"id": "a" * 5000},
        {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}},
    ],
    ids=["none", "text", "list", "empty", "number", "nul", "long", "no response"],
)
def test_bad_assertions_are_refused_cleanly(app, make_user, credential):
    user = make_user()
    device = with_passkey(app, user)
    client = app.test_client()
    password_step(client, user)
    send_json(client, SIGN_IN_OPTIONS, {})
    assert send_json(client, SIGN_IN, {"credential": credential}).status_code == 422
    assert client.post(SIGN_IN, data={"csrf_token": client.csrf_token()}).status_code == 415
    assert client.get("/konto").status_code == 302
    assert passkey_step(client, device).status_code == 200, "the real key still works"


def test_every_payload_family_in_the_name_is_refused_or_shown_as_text(app, client, make_user):
    """The bad-input harness's payloads in the one free-text field of the passkey calls."""
    from tests.harness.payloads import ALL
    from tests.harness.test_bad_input import count_49
    from tests.harness.xss import dangerous_features

    user = make_user()
    client.login(user)
    add_passkey(client, new_device(), "Grundlage")

    def forget_others():
        db.session.execute(Passkey.__table__.delete().where(Passkey.name != "Grundlage"))
        db.session.commit()

    add_passkey(client, new_device(), "Harmlos")
    page = client.get("/konto/zwei-faktor").get_data(as_text=True)
    base, base_49 = dangerous_features(page), count_49(page)  # with two passkeys listed
    forget_others()
    problems = []
    for _family, payload in ALL:
        before = stored()
        response = add_passkey(client, new_device(), payload)
        if response.status_code >= 500 or response.mimetype != "application/json":
            problems.append(f"{response.status_code} {response.mimetype} for {payload!r}")
        elif response.status_code >= 400:
            if stored() != before:
                problems.append(f"refused but stored {payload!r}")
            continue
        html = client.get("/konto/zwei-faktor").get_data(as_text=True)
        if dangerous_features(html) - base:
            problems.append(f"markup {dangerous_features(html) - base} for {payload!r}")
        if count_49(html) > base_49:
            problems.append(f"template evaluated for {payload!r}")
        forget_others()
    assert problems == [], "\n".join(problems)
