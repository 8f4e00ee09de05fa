"""Who may act for a partner organisation: its members, its contact person, the office."""

from __future__ import annotations

from participation.core.permissions import rule
from participation.projects.permissions import is_office


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def is_member(user, organisation) -> bool:
    return _signed_in(user) and organisation.id in user.organisation_ids()


def is_contact(user, organisation) -> bool:
    return is_member(user, organisation) and organisation.contact_id == user.id


@rule("manage_partners")
def can_manage_partners(user, _obj=None) -> bool:
    """Confirm, decline, award the seal, publish agreement versions: the office."""
    return is_office(user)


@rule("see_organisation")
def can_see_organisation(user, organisation) -> bool:
    """Active partners are public; applicants and former partners only to themselves and
    the office."""
    return organisation.is_active or is_member(user, organisation) or is_office(user)


@rule("edit_organisation")
def can_edit_organisation(user, organisation) -> bool:
    if organisation.status not in ("applied", "active"):
        return is_office(user)
    return is_member(user, organisation) or is_office(user)


@rule("speak_for_organisation")
def can_speak_for_organisation(user, organisation) -> bool:
    """Sign the agreement, invite and remove members, leave, vote: the contact person."""
    return is_contact(user, organisation) and organisation.status in ("applied", "active")


@rule("contribute_for_organisation")
def can_contribute_for_organisation(user, organisation) -> bool:
    """Publish statements, events and offers: members of an active partner."""
    return organisation.is_active and is_member(user, organisation)
