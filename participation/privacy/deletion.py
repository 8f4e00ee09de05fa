"""Account deletion (GDPR Art. 17): the person's data go at once, their contributions stay
readable as "gelöschtes Konto" unless they ask for those to go as well.

Everything happens in one transaction of set-based statements: the same few dozen
UPDATE/DELETE statements for an account with no contributions and for one with 10,000, so
the request never waits on a job and a worker killed half-way leaves everything as it was
(the transaction is rolled back). The row in `user_account` stays, emptied, so that the
contributions keep their author and the threads their shape.

Stored counters move with the rows they count, in the same transaction and in the database
itself (`column = column - n`), as the votes and comments services do for one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.accounts import audit
from participation.accounts.models import User
from participation.accounts.passwords import verify_password
from participation.certificates import services as certificates
from participation.contributions.models import Contribution
from participation.core import signals
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, Invalid
from participation.engagementcert import services as engagement_requests
from participation.extensions import db
from participation.fund import privacy as fund_privacy
from participation.mail.services import queue_mail
from participation.partners.models import PartnerOrganisation
from participation.privacy import erasure as steps
from participation.privacy.erasure import (  # noqa: F401 - the names callers use
    DELETED_NAME,
    DELETED_PROPOSAL_TITLE,
    placeholder_email,
)
from participation.qualification import privacy as training_privacy
from participation.qualification import registrations as training_registrations
from participation.qualification.models import Training
from participation.volunteering import privacy as volunteering_privacy

# The confirmation mail is the one row that keeps the address after the deletion, until it
# is sent (retention.py removes it then).
CONFIRMATION_KEY = "account-deleted:"
# Partner organisations whose contact must hand over before deleting the account.
_ORGANISATION_IN_USE = ("applied", "active")


@dataclass
class DeletionResult:
    """What a deletion did (for the CLI, the audit entry and the tests)."""

    user_id: int
    contributions_deleted: bool
    counts: dict[str, int] = field(default_factory=dict)


def _placeholder_key(user_id: int) -> str:
    # Lookup keys are case-folded; an upper-case key can never equal a real one.
    return f"DELETED-{user_id}"


def refusal(user: User) -> str | None:
    """Why this account cannot be deleted now (staff roles, a partner's contact), or None."""
    if user.deleted_at is not None:
        return _("Dieses Konto ist bereits gelöscht.")
    if user.is_staff:
        return _(
            "Ihr Konto hat eine Rolle in der Verwaltung. Bitte bitten Sie die "
            "Koordinierungsstelle oder eine Administratorin bzw. einen Administrator, Ihre "
            "Rollen abzugeben; danach können Sie Ihr Konto selbst löschen."
        )
    contact_of = db.session.scalars(
        select(PartnerOrganisation.name).where(
            PartnerOrganisation.contact_id == user.id,
            PartnerOrganisation.status.in_(_ORGANISATION_IN_USE),
        )
    ).all()
    if contact_of:
        return _(
            "Sie sind Ansprechperson für %(names)s. Bitte übergeben Sie diese Aufgabe zuerst "
            "an ein anderes Mitglied (auf der Seite Ihrer Organisation) oder bitten Sie die "
            "Koordinierungsstelle darum; danach können Sie Ihr Konto löschen.",
            names=", ".join(contact_of),
        )
    return None


def delete_own_account(*, actor: User, password: str, delete_contributions: bool) -> DeletionResult:
    """The person deletes their own account, confirmed with their password."""
    if not (actor and actor.is_authenticated):
        raise Forbidden(_("Bitte melden Sie sich an."))
    if not verify_password(actor.password_hash, password or ""):
        raise Invalid(_("Das Passwort ist falsch."), field="password")
    return delete_account(actor=actor, user=actor, delete_contributions=delete_contributions)


def delete_account(
    *, actor: User | None, user: User, delete_contributions: bool, reason: str = ""
) -> DeletionResult:
    """Erase the account's personal data in one transaction (see the module docstring).

    `actor` is the person themself, an administrator acting on a request, or None for the
    operator's command line. Staff accounts and a partner organisation's contact are refused
    until their roles are handed over.
    """
    if actor is not None and actor.id != user.id and not actor.has_role("admin"):
        raise Forbidden(_("Nur Administrator*innen löschen fremde Konten."))
    why_not = refusal(user)
    if why_not:
        raise Conflict(why_not)
    uid = user.id
    old_email, old_key = user.email, user.email_key
    now = utcnow()
    counts: dict[str, int] = {}

    def run(name: str, statement) -> int:
        statement = statement.execution_options(synchronize_session=False)
        counts[name] = db.session.execute(statement).rowcount or 0
        return counts[name]

    try:
        # The first write claims the account: of two deletions at once (a double click, an
        # administrator and the person) only one goes on.
        claimed = run(
            "account",
            update(User)
            .where(User.id == uid, User.deleted_at.is_(None))
            .values(
                deleted_at=now,
                email=placeholder_email(uid),
                email_key=_placeholder_key(uid),
                pseudonym=DELETED_NAME,
                pseudonym_key=_placeholder_key(uid),
                # No argon2 hash starts with "!": no password matches it.
                password_hash="!deleted",  # noqa: S106 - a marker, not a secret
                session_version=User.session_version + 1,
                last_login_at=None,
                blocked_until=None,
                blocked_reason="",
            ),
        )
        if claimed != 1:
            raise Conflict(_("Dieses Konto ist bereits gelöscht."))
        steps.remove_votes(run, uid)
        promoted = steps.remove_registrations(run, uid, now)
        trainings_given = training_privacy.remove_registrations(run, uid, old_key, now)
        volunteering_privacy.remove_interests(run, uid)
        if delete_contributions:
            steps.tombstone_contributions(run, uid, now)
            signals.content_hidden.send(current_app._get_current_object(), item=None)
        steps.erase_personal_rows(run, user, old_email, old_key)
        steps.close_partner_ties(run, uid, old_key, now)
        certificates.erase_holder(run, uid)
        engagement_requests.erase_volunteer(run, uid)
        fund_privacy.erase_person(run, uid)
        export_files = steps.remove_exports(run, uid)
        detail = "contributions deleted" if delete_contributions else "contributions kept"
        if reason.strip():
            detail += f"; reason: {reason.strip()}"
        audit.record(actor=actor, user=user, action="delete_account", detail=detail)
        _queue_confirmation(uid, old_email, by_someone_else=actor is None or actor.id != uid)
        for event_id, registrations in promoted:
            signals.event_places_given.send(
                current_app._get_current_object(),
                contribution=db.session.get(Contribution, event_id),
                registrations=registrations,
            )
        for training_id, registrations in trainings_given:
            training_registrations.announce_places(
                db.session.get(Training, training_id), registrations
            )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    db.session.expire_all()
    steps.remove_files(export_files)
    from participation.privacy.retention import purge_deletion_confirmations

    # With mail sent at once (MAIL_DELIVERY=inline) the address goes right now; otherwise
    # the next scheduler run removes it once the mail is out.
    purge_deletion_confirmations(utcnow())
    db.session.commit()
    return DeletionResult(uid, delete_contributions, counts)


def _queue_confirmation(uid: int, address: str, *, by_someone_else: bool) -> None:
    queue_mail(
        recipient=address,
        subject=_("Ihr Konto wurde gelöscht"),
        template="account_deleted",
        key=f"{CONFIRMATION_KEY}{uid}",
        by_someone_else=by_someone_else,
    )
