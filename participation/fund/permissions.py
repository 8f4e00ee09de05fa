"""Who may do what in the recognition fund: the office runs calls and decides, members of
an active partner organisation apply for it, jurors score what is not their own."""

from __future__ import annotations

from participation.core.clock import utcnow
from participation.core.permissions import rule
from participation.partners.permissions import is_member
from participation.projects.permissions import is_office


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _acts(user) -> bool:
    """Signed in and not blocked: may write."""
    return _signed_in(user) and not user.is_blocked(utcnow())


def may_apply_for(user, call, organisation) -> bool:
    """A member of an active partner (with the seal where the call asks for it), while
    the call is open."""
    return (
        _acts(user)
        and call.phase(utcnow()) == "open"
        and organisation.is_active
        and (organisation.has_seal or not call.seal_required)
        and is_member(user, organisation)
    )


def is_juror(user, call) -> bool:
    return _signed_in(user) and user.id in call.juror_ids


def is_recused(user, application) -> bool:
    """A juror who is a member of the applying organisation ("befangen")."""
    return is_member(user, application.organisation)


@rule("manage_fund")
def can_manage_fund(user, _obj=None) -> bool:
    """Open calls, pick the jury, decide, close cases: the coordination office."""
    return is_office(user)


@rule("see_fund_call")
def can_see_fund_call(user, call) -> bool:
    return call.status != "draft" or is_office(user)


@rule("apply_to_fund")
def can_apply_to_fund(user, call) -> bool:
    """Any organisation the user may apply for (the form then offers those)."""
    if not _acts(user) or call.phase(utcnow()) != "open":
        return False
    return any(
        may_apply_for(user, call, assignment.organisation)
        for assignment in user.roles
        if assignment.role == "partner_member" and assignment.organisation is not None
    )


@rule("see_fund_application")
def can_see_fund_application(user, application) -> bool:
    """Funded projects are public (hidden ones as a placeholder with the reason);
    everything else belongs to the organisation, the office and the jury."""
    if is_member(user, application.organisation) or is_office(user):
        return True
    if application.status == "draft":
        return False
    if is_juror(user, application.call):
        return True
    # A hidden one keeps its page, which then only says why it was hidden.
    return application.is_funded


@rule("see_fund_documents")
def can_see_fund_documents(user, application) -> bool:
    """Attachments and receipts: the organisation, the office, the jury."""
    if is_member(user, application.organisation) or is_office(user):
        return True
    return application.status != "draft" and is_juror(user, application.call)


@rule("edit_fund_application")
def can_edit_fund_application(user, application) -> bool:
    """A draft, by the organisation's members, until the deadline."""
    return application.status == "draft" and may_apply_for(
        user, application.call, application.organisation
    )


@rule("report_fund_application")
def can_report_fund_application(user, application) -> bool:
    """Report and receipts after the project: the funded organisation's members."""
    return (
        _acts(user)
        and application.status in ("approved", "reported")
        and is_member(user, application.organisation)
    )


@rule("sit_on_fund_jury")
def can_sit_on_fund_jury(user, call) -> bool:
    """The jury page of a call: its jurors, and the office."""
    return call.status != "draft" and (is_juror(user, call) or is_office(user))


@rule("score_fund_application")
def can_score_fund_application(user, application) -> bool:
    """A juror of the call, for a submitted application not of their own organisation."""
    return (
        _acts(user)
        and application.status == "submitted"
        and application.hidden_at is None
        and is_juror(user, application.call)
        and not is_recused(user, application)
    )


@rule("open_fund_review")
def can_open_fund_review(user, application) -> bool:
    """The scoring page of an application: a juror who is not recused (also after the
    decision, to read the reviews)."""
    return (
        application.status != "draft"
        and is_juror(user, application.call)
        and not is_recused(user, application)
    )
