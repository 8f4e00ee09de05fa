"""Passkeys and security keys (WebAuthn, py_webauthn): a second method of the second factor.

The browser's authenticator signs a random challenge with a private key that never leaves
the device; only the public key, the credential's id and its signature counter are stored.
The challenge of each ceremony travels in the signed session cookie (the view keeps it), so
a challenge is also tied to its issue time: a credential accepts only challenges issued
after its last use, which makes a replayed request (cookie and answer copied) worthless
even for passkeys whose counter always stays 0.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from participation.accounts import two_factor
from participation.accounts.models import User, WebAuthnCredential
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Invalid, NotFound
from participation.core.sanitize import clean_plain_text, has_forbidden_characters
from participation.extensions import db

NAME_MAX = 60
# A credential id as browsers send it: base64url, at most 1023 bytes.
_CREDENTIAL_ID = re.compile(r"[A-Za-z0-9_-]{1,1400}")
# How long the browser may take between asking for options and answering.
CHALLENGE_MAX_AGE = timedelta(minutes=5)
# The password is the first factor: a touch that proves the key is there is enough, and a
# security key then asks for no PIN.
USER_VERIFICATION = UserVerificationRequirement.DISCOURAGED


@dataclass(frozen=True)
class Challenge:
    """A ceremony's challenge and when it was issued (kept by the view between requests)."""

    value: bytes
    issued_at: datetime


@dataclass(frozen=True)
class RelyingParty:
    id: str
    name: str
    origin: str


def relying_party() -> RelyingParty:
    """The portal as WebAuthn sees it: WEBAUTHN_RP_ID (default: BASE_URL's host name) and
    BASE_URL's origin, never the request's Host header."""
    config = current_app.config
    base = urlsplit(config["BASE_URL"])
    return RelyingParty(
        id=config.get("WEBAUTHN_RP_ID") or base.hostname or "",
        name=config["SITE_NAME"],
        origin=f"{base.scheme}://{base.netloc}",
    )


def of(user: User) -> list[WebAuthnCredential]:
    """The person's passkeys, oldest first."""
    return list(
        db.session.scalars(
            select(WebAuthnCredential)
            .where(WebAuthnCredential.user_id == user.id)
            .order_by(WebAuthnCredential.created_at, WebAuthnCredential.id)
        )
    )


def has_any(user: User) -> bool:
    return (
        db.session.scalar(
            select(WebAuthnCredential.id).where(WebAuthnCredential.user_id == user.id).limit(1)
        )
        is not None
    )


def _user_handle(user: User) -> bytes:
    # Stable for the account and says nothing about the person (no e-mail address, no id).
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, f"webauthn-user:{user.id}".encode(), hashlib.sha256).digest()


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(c.credential_id)) for c in of(user)]


def _check_age(challenge: Challenge | None) -> Challenge:
    if challenge is None or utcnow() - challenge.issued_at > CHALLENGE_MAX_AGE:
        raise Invalid(_("Die Anfrage ist abgelaufen. Bitte versuchen Sie es noch einmal."))
    return challenge


def _clean_name(name: object) -> str:
    if not isinstance(name, str) or has_forbidden_characters(name):
        raise Invalid(_("Bitte geben Sie einen Namen ohne Steuerzeichen ein."), field="name")
    name = " ".join(clean_plain_text(name).split())
    if not name:
        raise Invalid(_("Bitte geben Sie dem Passkey einen Namen."), field="name")
    if len(name) > NAME_MAX:
        raise Invalid(
            _("Der Name darf höchstens %(max)s Zeichen lang sein.", max=NAME_MAX), field="name"
        )
    return name


# --- registration ---------------------------------------------------------------------------


def registration_options(*, actor: User) -> tuple[str, Challenge]:
    """Options for navigator.credentials.create() as JSON, and the challenge to keep."""
    party = relying_party()
    options = generate_registration_options(
        rp_id=party.id,
        rp_name=party.name,
        user_id=_user_handle(actor),
        user_name=actor.email,
        user_display_name=actor.pseudonym,
        # We name the allowed keys ourselves at sign-in, so a security key's few slots for
        # stored accounts stay free (platform passkeys are stored either way).
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=USER_VERIFICATION,
        ),
        exclude_credentials=_descriptors(actor),
    )
    return options_to_json(options), Challenge(options.challenge, utcnow())


def register(
    *, actor: User, credential: object, name: object, challenge: Challenge | None
) -> tuple[WebAuthnCredential, list[str]]:
    """Verify the authenticator's answer and store the passkey. Returns it and, when it is
    the person's first second factor, the ten recovery codes (shown once)."""
    label = _clean_name(name)
    challenge = _check_age(challenge)
    if not isinstance(credential, dict):
        raise Invalid(_("Der Passkey konnte nicht geprüft werden."))
    party = relying_party()
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge.value,
            expected_rp_id=party.id,
            expected_origin=party.origin,
        )
    except Exception:  # noqa: BLE001 - whatever hostile input makes the parser raise is a refusal
        raise Invalid(_("Der Passkey konnte nicht geprüft werden.")) from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if not _CREDENTIAL_ID.fullmatch(credential_id):
        raise Invalid(_("Der Passkey konnte nicht geprüft werden."))
    taken = db.session.scalar(
        select(WebAuthnCredential.id).where(WebAuthnCredential.credential_id == credential_id)
    )
    if taken is not None:
        raise Conflict(_("Dieser Passkey ist bereits eingerichtet."))
    first = not two_factor.is_enabled(actor)
    record = WebAuthnCredential(
        user_id=actor.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=label,
    )
    db.session.add(record)
    codes = two_factor.new_recovery_codes(actor) if first else []
    if first:
        # Switching the second factor on ends every other session, as with the app.
        actor.session_version += 1
    db.session.commit()
    return record, codes


# --- authentication -------------------------------------------------------------------------


def authentication_options(*, user: User) -> tuple[str, Challenge]:
    """Options for navigator.credentials.get() naming the person's passkeys only."""
    options = generate_authentication_options(
        rp_id=relying_party().id,
        allow_credentials=_descriptors(user),
        user_verification=USER_VERIFICATION,
    )
    return options_to_json(options), Challenge(options.challenge, utcnow())


def verify(*, user: User, credential: object, challenge: Challenge | None) -> bool:
    """Check a signed challenge from one of the user's own passkeys and note its use.

    False for anything else: another person's key, a wrong signature, a counter that did
    not move forward (a cloned key), a challenge issued before the key's last use (a
    replay). The caller commits (or rolls back) with the rest of its sign-in.
    """
    if challenge is None or utcnow() - challenge.issued_at > CHALLENGE_MAX_AGE:
        return False
    if not isinstance(credential, dict) or not isinstance(credential.get("id"), str):
        return False
    if not _CREDENTIAL_ID.fullmatch(credential["id"]):
        return False
    record = db.session.scalar(
        select(WebAuthnCredential).where(
            WebAuthnCredential.credential_id == credential["id"],
            WebAuthnCredential.user_id == user.id,
        )
    )
    if record is None:
        return False
    party = relying_party()
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge.value,
            expected_rp_id=party.id,
            expected_origin=party.origin,
            credential_public_key=record.public_key,
            credential_current_sign_count=record.sign_count,
        )
    except Exception:  # noqa: BLE001 - whatever hostile input makes the parser raise is a refusal
        return False
    # Compare-and-set: two answers racing with the same counter, or one replayed with a
    # challenge older than the last use, cannot both pass.
    moved = db.session.execute(
        update(WebAuthnCredential)
        .where(
            WebAuthnCredential.id == record.id,
            WebAuthnCredential.sign_count == record.sign_count,
            or_(
                WebAuthnCredential.last_used_at.is_(None),
                WebAuthnCredential.last_used_at < challenge.issued_at,
            ),
        )
        .values(sign_count=verified.new_sign_count, last_used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    return moved == 1


# --- removing -------------------------------------------------------------------------------


def remove(*, actor: User, credential_id: int) -> None:
    """Remove one of the actor's own passkeys. The last second factor of all may not go
    where the role requires one; when none is left, the recovery codes go too."""
    record = db.session.scalar(
        select(WebAuthnCredential).where(
            WebAuthnCredential.id == credential_id, WebAuthnCredential.user_id == actor.id
        )
    )
    if record is None:
        raise NotFound(_("Diesen Passkey gibt es nicht (mehr)."))
    others = db.session.scalar(
        select(func.count(WebAuthnCredential.id)).where(
            WebAuthnCredential.user_id == actor.id, WebAuthnCredential.id != record.id
        )
    )
    if not others and not two_factor.totp_enabled(actor) and two_factor.is_required(actor):
        raise Conflict(
            _(
                "Das ist Ihr letzter zweiter Faktor. Für Ihre Rolle ist die "
                "Zwei-Faktor-Anmeldung vorgeschrieben: Richten Sie zuerst einen anderen ein."
            )
        )
    db.session.execute(delete(WebAuthnCredential).where(WebAuthnCredential.id == record.id))
    if two_factor.forget_codes_without_factor(actor):
        actor.session_version += 1
    db.session.commit()
