"""A second factor: TOTP (RFC 6238) with ten single-use recovery codes.

The secret stays on the server; the QR code that carries it to the authenticator app is
drawn here as SVG. A code is accepted once: the step it belongs to is remembered, so a
code seen over someone's shoulder cannot be used again within its 30 seconds.

Passkeys (participation/accounts/passkeys.py) are the other method; the second factor is
on while the person has either, and the recovery codes belong to the factor as a whole.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update

from participation.accounts.models import RecoveryCode, TwoFactor, User, WebAuthnCredential
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid
from participation.extensions import db

RECOVERY_CODES = 10
# Codes of the step before and after the current one are accepted (clocks drift).
VALID_WINDOW = 1
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _now_step() -> int:
    return int(utcnow().timestamp()) // 30


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, issuer=current_app.config["SITE_NAME"])


def authenticator(user: User) -> TwoFactor | None:
    return db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id))


def _confirmed_totp(user: User):
    return select(TwoFactor.id).where(
        TwoFactor.user_id == user.id, TwoFactor.confirmed_at.isnot(None)
    )


def totp_enabled(user: User) -> bool:
    """True once the person has confirmed an authenticator app."""
    return db.session.scalar(_confirmed_totp(user)) is not None


def is_enabled(user: User) -> bool:
    """True while the person has a second factor: a confirmed app or a passkey (one query)."""
    passkey = select(WebAuthnCredential.id).where(WebAuthnCredential.user_id == user.id)
    return bool(db.session.scalar(select(or_(_confirmed_totp(user).exists(), passkey.exists()))))


def is_required(user: User) -> bool:
    """Every role above resident needs a second factor before the staff area opens."""
    return bool(current_app.config["STAFF_TWO_FACTOR_REQUIRED"]) and bool(
        user.role_names - {"resident"}
    )


def start_setup(*, actor: User) -> TwoFactor:
    """A new, unconfirmed secret; replaces one that was never confirmed."""
    existing = authenticator(actor)
    if existing is not None and existing.confirmed_at is not None:
        raise Conflict(_("Die Zwei-Faktor-Anmeldung ist bereits eingerichtet."))
    if existing is None:
        existing = TwoFactor(user_id=actor.id, secret=pyotp.random_base32())
        db.session.add(existing)
    else:
        existing.secret = pyotp.random_base32()
    db.session.commit()
    return existing


def provisioning_uri(record: TwoFactor, user: User) -> str:
    return _totp(record.secret).provisioning_uri(name=user.email)


def grouped_secret(record: TwoFactor) -> str:
    """The secret in groups of four, for typing into an app that cannot scan."""
    return " ".join(record.secret[i : i + 4] for i in range(0, len(record.secret), 4))


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG image drawn on the server, in a data: URI for an <img>: the
    page needs no `|safe` and loads nothing from elsewhere."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _matching_step(secret: str, code: str) -> int | None:
    code = "".join(ch for ch in (code or "") if not ch.isspace())
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp, now = _totp(secret), _now_step()
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _accept_code(record: TwoFactor, code: str) -> bool:
    """Accept a TOTP code once: the step moves forward with a compare-and-set."""
    step = _matching_step(record.secret, code)
    if step is None or step <= record.last_step:
        return False
    moved = db.session.execute(
        update(TwoFactor)
        .where(TwoFactor.id == record.id, TwoFactor.last_step < step)
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    return moved == 1


def _code_hash(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return hmac.new(key, normal.encode("utf-8"), hashlib.sha256).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes replace the old ones; returns them to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "-".join("".join(secrets.choice(_CODE_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODES)
    ]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_code_hash(c)) for c in codes)
    return codes


def confirm_setup(*, actor: User, code: str) -> list[str]:
    """Activate the authenticator with its first code; returns the recovery codes (shown
    once), or none when a passkey was the first second factor and they exist already."""
    record = authenticator(actor)
    if record is None or record.confirmed_at is not None:
        raise Conflict(_("Bitte beginnen Sie die Einrichtung neu."))
    if not _accept_code(record, code):
        db.session.rollback()
        raise Invalid(
            _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein."), field="code"
        )
    # With a passkey already set up, the person keeps the recovery codes they have.
    codes = [] if is_enabled(actor) else new_recovery_codes(actor)
    record.confirmed_at = utcnow()
    actor.session_version += 1
    db.session.commit()
    return codes


def regenerate_recovery_codes(*, actor: User) -> list[str]:
    if not is_enabled(actor):
        raise Conflict(_("Die Zwei-Faktor-Anmeldung ist nicht eingerichtet."))
    codes = new_recovery_codes(actor)
    db.session.commit()
    return codes


def remaining_recovery_codes(user: User) -> int:
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def verify(*, user: User, code: str) -> str | None:
    """Check a TOTP or recovery code and use it up; returns "totp", "recovery" or None.

    The caller commits (or rolls back) with the rest of its sign-in.
    """
    record = authenticator(user)
    if record is not None and record.confirmed_at is not None and _accept_code(record, code):
        return "totp"
    # Recovery codes exist only while a second factor (an app or a passkey) does.
    if len(code or "") > 40:
        return None
    used = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(code or ""),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    return "recovery" if used == 1 else None


def disable(*, actor: User) -> None:
    """The person removes their authenticator app. Passkeys stay; with none, this switches
    the second factor off (not allowed where it is required)."""
    passkey = select(WebAuthnCredential.id).where(WebAuthnCredential.user_id == actor.id)
    if is_required(actor) and db.session.scalar(passkey.limit(1)) is None:
        raise Conflict(
            _("Für Ihre Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben."), field="code"
        )
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == actor.id))
    forget_codes_without_factor(actor)
    actor.session_version += 1
    db.session.commit()


def forget_codes_without_factor(user: User) -> bool:
    """After a factor was removed: when none is left, the recovery codes go too. True if
    the second factor is now off (the caller commits)."""
    if is_enabled(user):
        return False
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    return True


def remove_factors(user: User) -> None:
    """Delete every second factor of the user: app, passkeys, recovery codes (the caller
    commits). The administrators' reset and the account deletion use it."""
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))
    db.session.execute(delete(WebAuthnCredential).where(WebAuthnCredential.user_id == user.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
