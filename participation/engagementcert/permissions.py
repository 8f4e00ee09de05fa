"""Who asks for an engagement certificate and who decides: the volunteer and the members of
that one organisation."""

from __future__ import annotations

from participation.core.clock import utcnow
from participation.core.permissions import rule
from participation.partners.permissions import is_member
from participation.projects.permissions import is_office


def _active_resident(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_verified and not user.is_blocked(utcnow())
    )


@rule("request_engagement_certificate")
def can_request_engagement_certificate(user, organisation=None) -> bool:
    """Signed-in, verified, not blocked; at an active partner organisation."""
    if not _active_resident(user):
        return False
    return organisation is None or organisation.is_active


@rule("decide_engagement_request")
def can_decide_engagement_request(user, request) -> bool:
    """Members of the organisation the request is addressed to, and nobody else (not the
    office, and not the volunteer: a member asking their own organisation waits for another
    member)."""
    return bool(
        request is not None
        and _active_resident(user)
        and is_member(user, request.organisation)
        and request.volunteer_id != user.id
    )


@rule("read_engagement_inbox")
def can_read_engagement_inbox(user, organisation) -> bool:
    return is_member(user, organisation)


@rule("answer_engagement_correction")
def can_answer_engagement_correction(user, request) -> bool:
    """The volunteer accepts the organisation's correction or withdraws the request."""
    return bool(
        request is not None
        and user
        and user.is_authenticated
        and request.volunteer_id == user.id
        and not user.is_blocked(utcnow())
    )


@rule("read_certificate_figures")
def can_read_certificate_figures(user, _obj=None) -> bool:
    return is_office(user)
