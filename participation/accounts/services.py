"""Account use cases. Every change takes keyword arguments, commits once and sends a signal."""

from __future__ import annotations

from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from participation.accounts import audit, tokens
from participation.accounts.models import COUNCIL_ROLE, ROLES, AccountAudit, RoleAssignment, User
from participation.accounts.names import check_pseudonym
from participation.accounts.passwords import (
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.core.permissions import require
from participation.core.text import name_key, normalise_email
from participation.districts.models import District
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.partners.models import PartnerOrganisation


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email_key == normalise_email(email)))


def check_password_rules(password: str) -> None:
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise Invalid(
            _(
                "Das Passwort muss %(min)s bis %(max)s Zeichen lang sein.",
                min=PASSWORD_MIN_LENGTH,
                max=PASSWORD_MAX_LENGTH,
            ),
            field="password",
        )


def _pseudonym_free(pseudonym: str, *, except_user: User | None = None) -> None:
    existing = db.session.scalar(select(User).where(User.pseudonym_key == name_key(pseudonym)))
    if existing is not None and (except_user is None or existing.id != except_user.id):
        raise Conflict(_("Dieser Name ist schon vergeben."), field="pseudonym")


def _mail(user_email: str, template: str, subject: str, **context) -> None:
    queue_mail(recipient=user_email, subject=subject, template=template, **context)


def _verification_link(user: User) -> str:
    token = tokens.make_token(
        tokens.VERIFY, {"uid": user.id, "fp": tokens.fingerprint(user.email_key)}
    )
    return external_url("accounts.verify_email", token=token)


def register(*, email: str, pseudonym: str, password: str, accepted_privacy: bool) -> User | None:
    """Create an unverified account and send the verification mail.

    If the address is already registered nothing is created; its owner gets a notice
    instead, so the answer on screen is the same either way.
    """
    if not accepted_privacy:
        raise Invalid(_("Bitte stimmen Sie der Datenschutzerklärung zu."), field="accept_privacy")
    check_password_rules(password)
    # Everything a visitor could see fail is checked, and the password hashed, before the
    # address is looked up: the answer and its timing are the same for known addresses.
    pseudonym = check_pseudonym(pseudonym)
    _pseudonym_free(pseudonym)
    password_hash = hash_password(password)
    existing = find_by_email(email)
    if existing is not None:
        _mail(
            existing.email,
            "already_registered",
            _("Ihr Konto besteht bereits"),
            login_link=external_url("accounts.login"),
            reset_link=external_url("accounts.request_reset"),
        )
        db.session.commit()
        return None
    user = User(
        email=email.strip(),
        email_key=normalise_email(email),
        pseudonym=pseudonym,
        pseudonym_key=name_key(pseudonym),
        password_hash=password_hash,
    )
    user.roles.append(RoleAssignment(role="resident"))
    db.session.add(user)
    db.session.flush()
    _mail(
        user.email,
        "verify_email",
        _("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        pseudonym=user.pseudonym,
        link=_verification_link(user),
    )
    db.session.commit()
    signals.user_registered.send(current_app._get_current_object(), user=user)
    return user


def resend_verification(*, actor: User) -> None:
    require(actor, "manage_own_account")
    if actor.is_verified:
        raise Conflict(_("Ihre E-Mail-Adresse ist bereits bestätigt."))
    _mail(
        actor.email,
        "verify_email",
        _("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        pseudonym=actor.pseudonym,
        link=_verification_link(actor),
    )
    db.session.commit()


def verify_email(*, token: str) -> User:
    payload = tokens.read_token(tokens.VERIFY, token, current_app.config["VERIFY_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload.get("uid")) if payload else None
    if user is None or user.is_verified or payload["fp"] != tokens.fingerprint(user.email_key):
        raise Invalid(
            _("Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde schon benutzt.")
        )
    user.email_verified_at = utcnow()
    db.session.commit()
    signals.email_verified.send(current_app._get_current_object(), user=user)
    return user


def authenticate(*, email: str, password: str) -> User:
    """The user with these credentials; the same refusal whether or not the account exists.

    Only the password: the sign-in's guessing limits and second step are in signin.py."""
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise Invalid(_("E-Mail-Adresse oder Passwort ist falsch."), field="password")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def end_all_sessions(*, actor: User) -> None:
    """Invalidate every session and remember-me cookie of the actor."""
    require(actor, "manage_own_account")
    actor.session_version += 1
    db.session.commit()


def change_password(*, actor: User, current_password: str, new_password: str) -> None:
    require(actor, "manage_own_account")
    if not verify_password(actor.password_hash, current_password):
        raise Invalid(_("Das aktuelle Passwort ist falsch."), field="current_password")
    check_password_rules(new_password)
    actor.password_hash = hash_password(new_password)
    actor.session_version += 1
    _mail(
        actor.email,
        "password_changed",
        _("Ihr Passwort wurde geändert"),
        pseudonym=actor.pseudonym,
        reset_link=external_url("accounts.request_reset"),
    )
    db.session.commit()
    signals.password_changed.send(current_app._get_current_object(), user=actor)


def _reset_fingerprint(user: User) -> str:
    return tokens.fingerprint(user.password_hash, user.session_version)


def request_password_reset(*, email: str) -> None:
    """Mail a reset link if the account exists; says nothing either way."""
    user = find_by_email(email)
    if user is None:
        return
    token = tokens.make_token(tokens.RESET, {"uid": user.id, "fp": _reset_fingerprint(user)})
    _mail(
        user.email,
        "reset_password",
        _("Passwort zurücksetzen"),
        pseudonym=user.pseudonym,
        link=external_url("accounts.reset_password", token=token),
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User | None:
    payload = tokens.read_token(tokens.RESET, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload.get("uid")) if payload else None
    if user is None or payload["fp"] != _reset_fingerprint(user):
        return None
    return user


def reset_password(*, token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    if user is None:
        raise Invalid(_("Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt."))
    check_password_rules(new_password)
    # Compare-and-set: of two simultaneous uses of one link only the first changes anything.
    changed = db.session.execute(
        update(User)
        .where(User.id == user.id, User.password_hash == user.password_hash)
        .values(
            password_hash=hash_password(new_password),
            session_version=User.session_version + 1,
            # Whoever can read the mailbox owns the address.
            email_verified_at=user.email_verified_at or utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Invalid(_("Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt."))
    db.session.refresh(user)
    _mail(
        user.email,
        "password_changed",
        _("Ihr Passwort wurde geändert"),
        pseudonym=user.pseudonym,
        reset_link=external_url("accounts.request_reset"),
    )
    db.session.commit()
    signals.password_changed.send(current_app._get_current_object(), user=user)
    return user


def _email_change_fingerprint(user: User) -> str:
    # A password change or "sign out everywhere" also voids pending address changes.
    return tokens.fingerprint(user.email_key, user.password_hash, user.session_version)


def request_email_change(*, actor: User, current_password: str, new_email: str) -> None:
    """Send a confirmation link to the new address and a notice to the old one."""
    require(actor, "manage_own_account")
    if not verify_password(actor.password_hash, current_password):
        raise Invalid(_("Das aktuelle Passwort ist falsch."), field="current_password")
    new_key = normalise_email(new_email)
    if new_key == actor.email_key:
        raise Invalid(_("Das ist bereits Ihre E-Mail-Adresse."), field="email")
    token = tokens.make_token(
        tokens.EMAIL_CHANGE,
        {"uid": actor.id, "new": new_email.strip(), "fp": _email_change_fingerprint(actor)},
    )
    if find_by_email(new_email) is None:
        _mail(
            new_email.strip(),
            "confirm_email_change",
            _("Neue E-Mail-Adresse bestätigen"),
            pseudonym=actor.pseudonym,
            link=external_url("accounts.confirm_email_change", token=token),
        )
    _mail(
        actor.email,
        "email_change_notice",
        _("Änderung Ihrer E-Mail-Adresse angefordert"),
        pseudonym=actor.pseudonym,
        new_email=new_email.strip(),
    )
    db.session.commit()


def confirm_email_change(*, token: str) -> User:
    payload = tokens.read_token(
        tokens.EMAIL_CHANGE, token, current_app.config["EMAIL_CHANGE_TOKEN_MAX_AGE"]
    )
    user = db.session.get(User, payload.get("uid")) if payload else None
    if user is None or payload["fp"] != _email_change_fingerprint(user):
        raise Invalid(
            _("Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde schon benutzt.")
        )
    if find_by_email(payload["new"]) is not None:
        raise Conflict(_("Diese E-Mail-Adresse gehört bereits zu einem anderen Konto."))
    old_email = user.email
    user.email = payload["new"]
    user.email_key = normalise_email(payload["new"])
    user.email_verified_at = utcnow()
    _mail(
        old_email,
        "email_changed",
        _("Ihre E-Mail-Adresse wurde geändert"),
        pseudonym=user.pseudonym,
    )
    db.session.commit()
    signals.email_changed.send(current_app._get_current_object(), user=user)
    return user


def update_profile(*, actor: User, pseudonym: str) -> None:
    require(actor, "manage_own_account")
    pseudonym = check_pseudonym(pseudonym)
    _pseudonym_free(pseudonym, except_user=actor)
    actor.pseudonym = pseudonym
    actor.pseudonym_key = name_key(pseudonym)
    db.session.commit()


# --- administration (CLI now, admin pages later) -------------------------------------------


def _scope(role: str, district_code: str | None, organisation_slug: str | None):
    if role not in ROLES:
        raise Invalid(_("Unbekannte Rolle: %(role)s", role=role))
    district = organisation = None
    if role == "district_manager" and not district_code:
        raise Invalid(_("Bezirksmanager*innen brauchen einen Bezirk (--district)."))
    # A council member without a district sits on the city council.
    if role in ("district_manager", COUNCIL_ROLE) and district_code:
        district = db.session.scalar(select(District).where(District.code == district_code))
        if district is None:
            raise NotFound(_("Bezirk %(code)s gibt es nicht.", code=district_code))
    elif district_code:
        raise Invalid(_("Nur Bezirksmanager*innen und Bezirksratsmitglieder haben einen Bezirk."))
    if role == "partner_member":
        if not organisation_slug:
            raise Invalid(_("Partner-Mitglieder brauchen eine Organisation (--organisation)."))
        organisation = db.session.scalar(
            select(PartnerOrganisation).where(PartnerOrganisation.slug == organisation_slug)
        )
        if organisation is None:
            raise NotFound(_("Organisation %(slug)s gibt es nicht.", slug=organisation_slug))
    elif organisation_slug:
        raise Invalid(_("Nur Partner-Mitglieder haben eine Organisation."))
    return district, organisation


def _held(user: User, role: str, district, organisation) -> RoleAssignment | None:
    """The user's assignment of exactly this role and scope, if any."""
    for assignment in user.roles:
        if (assignment.role, assignment.district, assignment.organisation) == (
            role,
            district,
            organisation,
        ):
            return assignment
    return None


def grant_role(
    *,
    actor: User | None,
    user: User,
    role: str,
    district_code: str | None = None,
    organisation_slug: str | None = None,
) -> RoleAssignment:
    """Give `user` a role; `actor` None means the operator's command line."""
    if actor is not None and not actor.has_role("admin"):
        raise Forbidden(_("Nur Administrator*innen vergeben Rollen."))
    district, organisation = _scope(role, district_code, organisation_slug)
    if _held(user, role, district, organisation) is not None:
        raise Conflict(_("Diese Rolle ist bereits vergeben."))
    assignment = RoleAssignment(role=role, district=district, organisation=organisation)
    user.roles.append(assignment)
    # Role changes are sensitive: the user signs in again.
    user.session_version += 1
    audit.record(
        actor=actor,
        user=user,
        action="grant_role",
        detail=audit.role_detail(role, district, organisation),
    )
    db.session.commit()
    signals.role_granted.send(current_app._get_current_object(), user=user, assignment=assignment)
    return assignment


def revoke_role(
    *,
    actor: User | None,
    user: User,
    role: str,
    district_code: str | None = None,
    organisation_slug: str | None = None,
) -> None:
    if actor is not None and not actor.has_role("admin"):
        raise Forbidden(_("Nur Administrator*innen entziehen Rollen."))
    district, organisation = _scope(role, district_code, organisation_slug)
    existing = _held(user, role, district, organisation)
    if existing is None:
        raise NotFound(_("Diese Rolle hat das Konto nicht."))
    user.roles.remove(existing)
    user.session_version += 1
    audit.record(
        actor=actor,
        user=user,
        action="revoke_role",
        detail=audit.role_detail(role, district, organisation),
    )
    db.session.commit()
    signals.role_revoked.send(current_app._get_current_object(), user=user, role=role)


def _default_pseudonym(email: str) -> str:
    """A free, valid public name from the address's local part (operator-created accounts)."""
    base = "".join(ch for ch in email.split("@", 1)[0] if ch.isalnum() or ch in "-_.")[:30]
    base = base if len(base) >= 3 else f"Konto {base}".strip()
    candidate, number = base, 1
    while db.session.scalar(select(User.id).where(User.pseudonym_key == name_key(candidate))):
        number += 1
        candidate = f"{base} {number}"
    return check_pseudonym(candidate, allow_reserved=True)


def create_user(
    *, email: str, password: str, pseudonym: str | None = None, verified: bool = False
) -> User:
    """Create an account from the command line (no mail is sent)."""
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise Invalid(_("Keine gültige E-Mail-Adresse: %(email)s", email=email)) from error
    check_password_rules(password)
    if find_by_email(email) is not None:
        raise Conflict(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."))
    if pseudonym:
        pseudonym = check_pseudonym(pseudonym, allow_reserved=True)
        _pseudonym_free(pseudonym)
    else:
        pseudonym = _default_pseudonym(email)
    user = User(
        email=email.strip(),
        email_key=normalise_email(email),
        pseudonym=pseudonym,
        pseudonym_key=name_key(pseudonym),
        password_hash=hash_password(password),
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.commit()
    return user


def check_pseudonym_available(raw: str) -> str:
    """Validate a name and check it is free; used while typing."""
    pseudonym = check_pseudonym(raw)
    _pseudonym_free(pseudonym)
    return pseudonym


def purge_unverified(*, older_than_days: int = 30) -> int:
    """Delete accounts whose address was never confirmed (the privacy notice promises it)."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    stale = select(User.id).where(User.email_verified_at.is_(None), User.created_at < cutoff)
    ids = list(db.session.scalars(stale))
    if ids:
        db.session.execute(delete(RoleAssignment).where(RoleAssignment.user_id.in_(ids)))
        db.session.execute(delete(AccountAudit).where(AccountAudit.user_id.in_(ids)))
        db.session.execute(delete(User).where(User.id.in_(ids)))
    db.session.commit()
    return len(ids)
