"""Joining and leaving the network: applications, the cooperation agreement and its
signatures, the office's decision, the quality seal, and the organisation's profile."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from participation.accounts.models import RoleAssignment, User
from participation.core import uploads
from participation.core.clock import utcnow
from participation.core.db import unique_slug
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.core.links import external_url
from participation.core.permissions import can, require
from participation.core.sanitize import render_markdown
from participation.core.text import (
    has_invisible_or_control,
    is_mail_address,
    is_web_address,
    name_key,
)
from participation.districts.models import ActionField, District
from participation.districts.services import chosen_scope
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.partners import agreement
from participation.partners.models import (
    ORGANISATION_KINDS,
    PartnerOrganisation,
)
from participation.partners.permissions import is_office
from participation.projects.services import slugify

NAME_MAX, DESCRIPTION_MAX, REASON_MIN = 200, 5000, 10
_PHONE = re.compile(r"^[0-9+()/ .-]{3,40}$")


# --- applying, deciding, leaving -------------------------------------------------------------


@dataclass
class Profile:
    """What an organisation says about itself."""

    name: str
    kind: str
    description: str = ""
    website: str = ""
    public_email: str = ""
    public_phone: str = ""
    district_codes: list[str] = field(default_factory=list)
    action_field_slugs: list[str] = field(default_factory=list)


def _checked(profile: Profile) -> tuple[Profile, list[District], list[ActionField]]:
    name = " ".join((profile.name or "").split())
    if not 2 <= len(name) <= NAME_MAX or has_invisible_or_control(name):
        raise Invalid(_("Bitte geben Sie einen Namen mit 2 bis 200 Zeichen an."), field="name")
    if profile.kind not in ORGANISATION_KINDS:
        raise Invalid(_("Bitte wählen Sie eine Art der Organisation."), field="kind")
    description = (profile.description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise Invalid(_("Bitte schreiben Sie höchstens 5.000 Zeichen."), field="description")
    website = (profile.website or "").strip()
    if website and not is_web_address(website, max_length=300):
        raise Invalid(
            _("Bitte geben Sie eine Webadresse an, die mit https:// beginnt."), field="website"
        )
    public_email = (profile.public_email or "").strip()
    if public_email and not is_mail_address(public_email):
        raise Invalid(_("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="public_email")
    public_phone = (profile.public_phone or "").strip()
    if public_phone and not _PHONE.match(public_phone):
        raise Invalid(
            _("Bitte geben Sie eine Telefonnummer aus Ziffern, Leerzeichen und + / - an."),
            field="public_phone",
        )
    districts, fields = chosen_scope(profile.district_codes, profile.action_field_slugs)
    clean = Profile(
        name=name,
        kind=profile.kind,
        description=description,
        website=website,
        public_email=public_email,
        public_phone=public_phone,
    )
    return clean, districts, fields


def _name_taken(name: str, except_id: int | None = None) -> bool:
    """Another organisation of the network (not a declined one) has this name."""
    key = name_key(name)
    rows = db.session.execute(
        select(PartnerOrganisation.id, PartnerOrganisation.name).where(
            PartnerOrganisation.status != "declined"
        )
    ).all()
    return any(name_key(other) == key and row_id != except_id for row_id, other in rows)


def _unique_slug(name: str) -> str:
    base = slugify(name)
    # slugify's fallback names a process; an organisation gets its own.
    base = "organisation" if base == "verfahren" else base
    return unique_slug(db.session, PartnerOrganisation.slug, base)


def _apply_profile(organisation, profile: Profile, districts, fields) -> None:
    organisation.name = profile.name
    organisation.kind = profile.kind
    organisation.description = profile.description
    organisation.description_html = render_markdown(profile.description)
    organisation.website = profile.website
    organisation.public_email = profile.public_email
    organisation.public_phone = profile.public_phone
    organisation.districts = districts
    organisation.action_fields = fields


def apply(
    *,
    actor,
    profile: Profile,
    signer_name: str,
    accepted: bool,
    version: int | None,
) -> PartnerOrganisation:
    """A verified resident applies for their organisation, becomes its contact person and
    signs the current agreement; the office then confirms or declines."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    if not actor.is_verified:
        raise Forbidden(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    if actor.is_blocked(utcnow()):
        raise Forbidden(_("Ihr Konto ist derzeit gesperrt."))
    profile, districts, fields = _checked(profile)
    if _name_taken(profile.name):
        raise Invalid(
            _("Eine Organisation mit diesem Namen ist bereits im Netzwerk."), field="name"
        )
    current = agreement.current_agreement()
    signer_name = agreement.check_signature(
        current, signer_name=signer_name, accepted=accepted, version=version
    )
    organisation = PartnerOrganisation(slug=_unique_slug(profile.name), status="applied")
    _apply_profile(organisation, profile, districts, fields)
    organisation.contact_id = actor.id
    db.session.add(organisation)
    db.session.flush()
    db.session.add(
        RoleAssignment(user_id=actor.id, role="partner_member", organisation_id=organisation.id)
    )
    agreement.record_signature(organisation, current, actor, signer_name)
    queue_mail(
        recipient=actor.email,
        subject=_("Ihre Bewerbung im Netzwerk Bürgermitwirkung"),
        template="partner_applied",
        name=organisation.name,
        link=external_url("partners.manage", slug=organisation.slug),
    )
    db.session.commit()
    return organisation


def _contact(organisation) -> User | None:
    return db.session.get(User, organisation.contact_id) if organisation.contact_id else None


def decide(*, actor, organisation: PartnerOrganisation, confirm: bool, reason: str = "") -> None:
    """The office confirms an application (its agreement signature must be current) or
    declines it with a reason the contact reads."""
    require(
        actor,
        "manage_partners",
        message=_("Über Bewerbungen entscheidet die Koordinierungsstelle."),
    )
    if organisation.status != "applied":
        raise Conflict(_("Über diese Bewerbung ist bereits entschieden."))
    reason = (reason or "").strip()
    if confirm:
        if not agreement.has_current_signature(organisation):
            raise Conflict(
                _("Die Organisation hat die aktuelle Fassung der Vereinbarung nicht unterzeichnet.")
            )
    elif not REASON_MIN <= len(reason) <= 2000:
        raise Invalid(
            _("Bitte begründen Sie die Ablehnung (10 bis 2.000 Zeichen)."), field="reason"
        )
    changed = db.session.execute(
        update(PartnerOrganisation)
        .where(PartnerOrganisation.id == organisation.id, PartnerOrganisation.status == "applied")
        .values(
            status="active" if confirm else "declined",
            decided_at=utcnow(),
            decline_reason="" if confirm else reason,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Conflict(_("Über diese Bewerbung ist bereits entschieden."))
    contact = _contact(organisation)
    if contact is not None:
        queue_mail(
            recipient=contact.email,
            subject=_("Ihre Bewerbung im Netzwerk Bürgermitwirkung"),
            template="partner_confirmed" if confirm else "partner_declined",
            name=organisation.name,
            reason=reason,
            link=external_url("partners.manage", slug=organisation.slug),
        )
    db.session.commit()
    db.session.refresh(organisation)


def leave(*, actor, organisation: PartnerOrganisation) -> None:
    """The contact ends the partnership; the seal goes with it, contributions stay."""
    require(
        actor,
        "speak_for_organisation",
        organisation,
        message=_("Den Austritt erklärt die Kontaktperson der Organisation."),
    )
    if organisation.status != "active":
        raise Conflict(_("Nur aktive Partner können austreten."))
    organisation.status = "left"
    organisation.left_at = utcnow()
    organisation.is_coordinating = False
    organisation.seal_granted_at = None
    organisation.seal_note = ""
    db.session.commit()


# --- the quality seal ------------------------------------------------------------------------


def grant_seal(*, actor, organisation: PartnerOrganisation, note: str = "") -> None:
    require(actor, "manage_partners", message=_("Das Gütesiegel vergibt die Koordinierungsstelle."))
    if not organisation.is_active:
        raise Conflict(_("Das Gütesiegel erhalten nur aktive Partner."))
    if not agreement.has_current_signature(organisation):
        raise Conflict(
            _("Das Gütesiegel setzt die Unterschrift unter die aktuelle Vereinbarung voraus.")
        )
    if organisation.has_seal:
        raise Conflict(_("Die Organisation trägt das Gütesiegel bereits."))
    note = (note or "").strip()
    if len(note) > 2000:
        raise Invalid(_("Bitte schreiben Sie höchstens 2.000 Zeichen."), field="note")
    organisation.seal_granted_at = utcnow()
    organisation.seal_note = note
    db.session.commit()


def withdraw_seal(*, actor, organisation: PartnerOrganisation) -> None:
    require(
        actor, "manage_partners", message=_("Das Gütesiegel entzieht die Koordinierungsstelle.")
    )
    if not organisation.has_seal:
        raise Conflict(_("Die Organisation trägt kein Gütesiegel."))
    organisation.seal_granted_at = None
    organisation.seal_note = ""
    db.session.commit()


# --- the profile -----------------------------------------------------------------------------


def update_profile(
    *,
    actor,
    organisation: PartnerOrganisation,
    profile: Profile,
    logo: BinaryIO | None = None,
    remove_logo: bool = False,
) -> None:
    """Members (and the office) keep the organisation's public page up to date. A new logo
    is checked like every upload and replaces the old file only after the commit."""
    require(actor, "edit_organisation", organisation)
    profile, districts, fields = _checked(profile)
    if _name_taken(profile.name, except_id=organisation.id):
        raise Invalid(
            _("Eine Organisation mit diesem Namen ist bereits im Netzwerk."), field="name"
        )
    new_logo = None
    if logo is not None:
        try:
            new_logo = uploads.store_image(
                logo, max_bytes=current_app.config["PROCESS_IMAGE_MAX_BYTES"]
            ).name
        except uploads.ImageRefused as refusal:
            raise Invalid(str(refusal), field="logo") from refusal
    old_logo = organisation.logo
    try:
        _apply_profile(organisation, profile, districts, fields)
        if new_logo is not None:
            organisation.logo = new_logo
        elif remove_logo:
            organisation.logo = None
        db.session.commit()
    except BaseException:
        db.session.rollback()
        uploads.delete_image(new_logo)
        raise
    if old_logo and old_logo != organisation.logo:
        uploads.delete_image(old_logo)


def get_organisation(*, actor, slug: str) -> PartnerOrganisation:
    organisation = db.session.scalar(
        select(PartnerOrganisation).where(PartnerOrganisation.slug == slug)
    )
    if organisation is None or not can(actor, "see_organisation", organisation):
        raise NotFound(_("Diese Organisation gibt es nicht."))
    return organisation


def members(organisation: PartnerOrganisation) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(
                RoleAssignment.role == "partner_member",
                RoleAssignment.organisation_id == organisation.id,
            )
            .order_by(User.pseudonym, User.id)
        )
    )


def remove_member(*, actor, organisation: PartnerOrganisation, user_id: int) -> None:
    """The contact (or the office) removes a member; the contact cannot remove themself."""
    if not (is_office(actor) or can(actor, "speak_for_organisation", organisation)):
        raise Forbidden(_("Mitglieder entfernt die Kontaktperson der Organisation."))
    if user_id == organisation.contact_id:
        raise Conflict(_("Die Kontaktperson kann nicht entfernt werden."))
    assignment = db.session.scalar(
        select(RoleAssignment).where(
            RoleAssignment.user_id == user_id,
            RoleAssignment.role == "partner_member",
            RoleAssignment.organisation_id == organisation.id,
        )
    )
    if assignment is None:
        raise NotFound(_("Diese Person ist kein Mitglied der Organisation."))
    db.session.delete(assignment)
    db.session.commit()


COORDINATING_MAX = 2


def set_coordinating(*, actor, organisation: PartnerOrganisation, coordinating: bool) -> None:
    """The office names the (at most two) organisations that coordinate the network; they
    sit in the speaker group without election."""
    require(actor, "manage_partners", message=_("Das legt die Koordinierungsstelle fest."))
    if coordinating:
        if not organisation.is_active:
            raise Conflict(_("Nur aktive Partner können das Netzwerk koordinieren."))
        others = db.session.scalar(
            select(func.count(PartnerOrganisation.id)).where(
                PartnerOrganisation.is_coordinating.is_(True),
                PartnerOrganisation.status == "active",
                PartnerOrganisation.id != organisation.id,
            )
        )
        if others >= COORDINATING_MAX:
            raise Conflict(_("Das Netzwerk hat bereits zwei koordinierende Organisationen."))
    organisation.is_coordinating = coordinating
    db.session.commit()


def hand_over_contact(*, actor, organisation: PartnerOrganisation, user_id: int | None) -> None:
    """The contact (or the office, e.g. when the contact's account is gone) makes another
    member the organisation's contact person."""
    if not (is_office(actor) or can(actor, "speak_for_organisation", organisation)):
        raise Forbidden(_("Die Kontaktperson übergibt ihre Rolle selbst."))
    if user_id is None or user_id not in {m.id for m in members(organisation)}:
        raise Invalid(_("Bitte wählen Sie ein Mitglied der Organisation."), field="member")
    if user_id == organisation.contact_id:
        raise Conflict(_("Diese Person ist bereits die Kontaktperson."), field="member")
    organisation.contact_id = user_id
    db.session.commit()
