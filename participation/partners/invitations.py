"""Invitations: the contact person brings further members into the organisation by
e-mail, with a link that works once, for that address, until it expires."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.accounts.models import RoleAssignment, User
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.core.permissions import require
from participation.core.text import is_mail_address, normalise_email
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.partners.models import PartnerInvitation, PartnerOrganisation


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def open_invitations(organisation: PartnerOrganisation) -> list[PartnerInvitation]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(PartnerInvitation)
            .where(
                PartnerInvitation.organisation_id == organisation.id,
                PartnerInvitation.accepted_at.is_(None),
                PartnerInvitation.withdrawn_at.is_(None),
                PartnerInvitation.expires_at > now,
            )
            .order_by(PartnerInvitation.created_at)
        )
    )


def invite(*, actor, organisation: PartnerOrganisation, email: str) -> str:
    """Mail an invitation; returns the token (only its hash is stored)."""
    require(
        actor,
        "speak_for_organisation",
        organisation,
        message=_("Mitglieder lädt die Kontaktperson der Organisation ein."),
    )
    if not organisation.is_active:
        raise Conflict(_("Mitglieder können erst nach der Bestätigung eingeladen werden."))
    email = (email or "").strip()
    if not is_mail_address(email):
        raise Invalid(_("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="email")
    key = normalise_email(email)
    member = db.session.scalar(
        select(User.id)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(
            User.email_key == key,
            RoleAssignment.role == "partner_member",
            RoleAssignment.organisation_id == organisation.id,
        )
    )
    if member is not None:
        raise Conflict(_("Diese Person ist bereits Mitglied."), field="email")
    if any(normalise_email(i.email) == key for i in open_invitations(organisation)):
        raise Conflict(_("An diese Adresse ist bereits eine Einladung unterwegs."), field="email")
    token = secrets.token_urlsafe(32)
    now = utcnow()
    days = current_app.config["PARTNER_INVITATION_DAYS"]
    db.session.add(
        PartnerInvitation(
            organisation_id=organisation.id,
            email=email,
            token_hash=_hash(token),
            invited_by_id=actor.id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    queue_mail(
        recipient=email,
        subject=_("Einladung in das Netzwerk Bürgermitwirkung"),
        template="partner_invitation",
        name=organisation.name,
        days=days,
        link=external_url("partners.invitation", token=token),
    )
    db.session.commit()
    return token


def find(token: str) -> PartnerInvitation | None:
    """The open invitation behind a link, or None (unknown, used, withdrawn or expired)."""
    if not token or len(token) > 200:
        return None
    invitation = db.session.scalar(
        select(PartnerInvitation).where(PartnerInvitation.token_hash == _hash(token))
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.withdrawn_at is not None
        or invitation.expires_at <= utcnow()
    ):
        return None
    return invitation


def accept(*, actor, token: str) -> PartnerOrganisation:
    """The invited person, signed in with the invited address, becomes a member."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    invitation = find(token)
    if invitation is None:
        raise NotFound(_("Diese Einladung ist ungültig, abgelaufen oder schon verwendet."))
    if normalise_email(invitation.email) != actor.email_key:
        raise Forbidden(
            _(
                "Diese Einladung gilt für eine andere E-Mail-Adresse. Bitte melden Sie sich "
                "mit der Adresse an, an die sie geschickt wurde."
            )
        )
    if not actor.is_verified:
        raise Forbidden(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    organisation = db.session.get(PartnerOrganisation, invitation.organisation_id)
    if not organisation.is_active:
        raise Conflict(_("Die Organisation ist derzeit nicht aktiv im Netzwerk."))
    # Used once: only the request that marks it takes the membership.
    taken = db.session.execute(
        update(PartnerInvitation)
        .where(
            PartnerInvitation.id == invitation.id,
            PartnerInvitation.accepted_at.is_(None),
            PartnerInvitation.withdrawn_at.is_(None),
            PartnerInvitation.expires_at > utcnow(),
        )
        .values(accepted_at=utcnow(), accepted_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        raise NotFound(_("Diese Einladung ist ungültig, abgelaufen oder schon verwendet."))
    if organisation.id not in actor.organisation_ids():
        db.session.add(
            RoleAssignment(user_id=actor.id, role="partner_member", organisation_id=organisation.id)
        )
    db.session.commit()
    db.session.expire(actor)
    return organisation


def withdraw(*, actor, organisation: PartnerOrganisation, invitation_id: int) -> None:
    require(
        actor,
        "speak_for_organisation",
        organisation,
        message=_("Einladungen verwaltet die Kontaktperson der Organisation."),
    )
    withdrawn = db.session.execute(
        update(PartnerInvitation)
        .where(
            PartnerInvitation.id == invitation_id,
            PartnerInvitation.organisation_id == organisation.id,
            PartnerInvitation.accepted_at.is_(None),
            PartnerInvitation.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if withdrawn != 1:
        db.session.rollback()
        raise NotFound(_("Diese Einladung gibt es nicht (mehr)."))
    db.session.commit()
