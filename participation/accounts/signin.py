"""Signing in: the password step with its guessing limits, the mailed one-time link, and
the second step for accounts with a second factor.

The view keeps the pending sign-in (account, session version, remember-me, where to go
next) in the signed session cookie between the steps; the services here decide.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from participation.accounts import lockout, passkeys, tokens, two_factor
from participation.accounts.models import User
from participation.accounts.passwords import verify_password
from participation.accounts.services import authenticate
from participation.core.clock import utcnow
from participation.core.errors import Invalid, TooManyAttempts
from participation.core.links import external_url
from participation.extensions import db
from participation.mail.services import queue_mail

SIGN_IN_LINK = "sign-in-link"


def _under_attack_notice() -> Invalid:
    return Invalid(
        _(
            "Für dieses Konto gab es gerade viele Fehlversuche. Zu Ihrem Schutz melden wir "
            "Sie nur über einen Link an: Wenn das Passwort stimmt, haben wir ihn an Ihre "
            "E-Mail-Adresse geschickt."
        ),
        field="password",
    )


def password_step(*, email: str, password: str, address: str | None) -> User:
    """Check the password; returns the account ready for its next step.

    Raises Invalid for a wrong password (the same words whether or not the account
    exists), TooManyAttempts when this client used up its tries on this account, and the
    under-attack notice (Invalid) for any password while the account is under attack,
    after mailing a one-time sign-in link when the password was right.
    """
    if lockout.client_blocked(email, address):
        raise TooManyAttempts(
            _(
                "Zu viele Fehlversuche von diesem Gerät für dieses Konto. Bitte warten Sie "
                "%(minutes)s Minuten oder setzen Sie Ihr Passwort zurück.",
                minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"],
            ),
            field="password",
        )
    under_attack = lockout.account_under_attack(email)
    try:
        user = authenticate(email=email, password=password)
    except Invalid:
        lockout.record_failure(email, address)
        if under_attack:
            raise _under_attack_notice() from None
        raise
    if under_attack:
        _send_sign_in_link(user)
        db.session.commit()
        raise _under_attack_notice()
    lockout.forget_failures(email, address)
    db.session.commit()
    return user


def _link_fingerprint(user: User) -> str:
    # Used once: signing in moves last_login_at on, and then the fingerprint differs.
    return tokens.fingerprint(user.email_key, user.session_version, user.last_login_at)


def _send_sign_in_link(user: User) -> None:
    token = tokens.make_token(SIGN_IN_LINK, {"uid": user.id, "fp": _link_fingerprint(user)})
    queue_mail(
        recipient=user.email,
        subject=_("Ihr Anmeldelink"),
        template="sign_in_link",
        pseudonym=user.pseudonym,
        link=external_url("security.sign_in_link", token=token),
        minutes=current_app.config["SIGN_IN_LINK_MAX_AGE"] // 60,
        reset_link=external_url("accounts.request_reset"),
    )


def user_for_link(token: str) -> User | None:
    """The account a mailed sign-in link is for, while it is valid and unused."""
    payload = tokens.read_token(
        SIGN_IN_LINK, token, max_age=current_app.config["SIGN_IN_LINK_MAX_AGE"]
    )
    if payload is None or not isinstance(payload.get("uid"), int):
        return None
    user = db.session.get(User, payload["uid"])
    if user is None or user.deleted_at is not None:
        return None
    return user if payload.get("fp") == _link_fingerprint(user) else None


def needs_second_step(user: User) -> bool:
    return two_factor.is_enabled(user)


def _refuse_when_used_up(user: User) -> None:
    if lockout.code_attempts_used_up(user):
        raise TooManyAttempts(
            _(
                "Zu viele falsche Codes. Bitte melden Sie sich in %(minutes)s Minuten neu an.",
                minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"],
            ),
            field="code",
        )


def code_step(*, user: User, code: str) -> str:
    """Check the second factor's code; returns "totp" or "recovery".

    Wrong codes count per account (whatever the client): after TWO_FACTOR_MAX_ATTEMPTS
    within the window the account's pending sign-ins must start again with the password.
    """
    _refuse_when_used_up(user)
    method = two_factor.verify(user=user, code=code)
    if method is None:
        lockout.record_code_failure(user)
        raise Invalid(
            _("Der Code stimmt nicht oder wurde schon verwendet."),
            field="code",
        )
    db.session.commit()
    return method


def passkey_step(*, user: User, credential: object, challenge: passkeys.Challenge | None) -> None:
    """The second step with a passkey instead of a code; failures count like wrong codes."""
    _refuse_when_used_up(user)
    if not passkeys.verify(user=user, credential=credential, challenge=challenge):
        lockout.record_code_failure(user)
        raise Invalid(_("Der Passkey wurde nicht angenommen. Bitte versuchen Sie es noch einmal."))
    db.session.commit()


def complete(user: User) -> None:
    """Note a finished sign-in (the view then starts the session)."""
    user.last_login_at = utcnow()
    lockout.forget_code_failures(user)


def confirm_identity(
    *,
    user: User,
    password: str,
    code: str,
    address: str | None,
    passkey: tuple[object, passkeys.Challenge | None] | None = None,
) -> None:
    """Before a sensitive step: the password again, and the second factor where the person
    has one: a code, or a passkey's answer `(credential, challenge)`. Wrong passwords count
    like those at the sign-in."""
    email = user.email
    if lockout.client_blocked(email, address):
        raise TooManyAttempts(
            _("Zu viele Fehlversuche. Bitte warten Sie einige Minuten."), field="password"
        )
    if not verify_password(user.password_hash, password):
        lockout.record_failure(email, address)
        raise Invalid(_("Das Passwort ist falsch."), field="password")
    if passkey is not None:
        credential, challenge = passkey
        passkey_step(user=user, credential=credential, challenge=challenge)
    elif two_factor.is_enabled(user):
        if not code:
            raise Invalid(_("Bitte geben Sie den Code ein."), field="code")
        code_step(user=user, code=code)
