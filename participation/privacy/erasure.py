"""The steps of an account deletion (participation/privacy/deletion.py), each a few
set-based statements inside the deletion's transaction: `run(name, statement)` executes a
statement and notes how many rows it touched."""

from __future__ import annotations

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.orm import aliased

from participation.accounts import lockout, sessions, two_factor
from participation.accounts.models import RoleAssignment, SignInFailure, User
from participation.answers.models import ProcessAssignment, ProposalAssignment
from participation.comments.models import Comment
from participation.contributions.models import Contribution, EventRegistration
from participation.contributions.registrations import promote_waiting
from participation.core.db import lower_text
from participation.extensions import db
from participation.follows.models import (
    OrganisationFollow,
    ProcessFollow,
    ProposalFollow,
    WorkingGroupFollow,
)
from participation.mail import pausing
from participation.mail.models import OutboxMail, PausedAddress
from participation.marketplace import privacy as _marketplace
from participation.moderation.models import Appeal, Report
from participation.newsletters.models import NewsletterSubscriber
from participation.notifications.models import (
    Interest,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationSettings,
)
from participation.pages.models import AccessibilityFeedback
from participation.partners.models import AgreementSignature, PartnerInvitation, PartnerOrganisation
from participation.privacy.models import DataExport
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.volunteerphone.models import CallbackRequest, PhoneAdviser
from participation.votes.models import CommentRating, Support

# What a deleted account is called wherever its author name is shown (stored as the
# pseudonym, so every page, feed, export and API answer says it without a special case;
# "gelöschtes Konto" is a reserved name no one can register).
DELETED_NAME = "gelöschtes Konto"
# The title a proposal keeps when its author deleted it with the account.
DELETED_PROPOSAL_TITLE = "Gelöschter Vorschlag"


def placeholder_email(user_id: int) -> str:
    """Not an address (the .invalid domain is reserved) and unique per account."""
    return f"deleted-{user_id}@invalid"


def remove_votes(run, uid: int) -> None:
    """Supports and ratings go, and the counters they are part of move with them."""
    supported = select(Support.proposal_id).where(Support.user_id == uid)
    run(
        "support_count",
        update(Proposal)
        .where(Proposal.id.in_(supported))
        .values(support_count=Proposal.support_count - 1),
    )
    run("support", delete(Support).where(Support.user_id == uid))
    for value, column in ((1, "up_count"), (-1, "down_count")):
        rated = select(CommentRating.comment_id).where(
            CommentRating.user_id == uid, CommentRating.value == value
        )
        run(
            f"comment_{column}",
            update(Comment)
            .where(Comment.id.in_(rated))
            .values({column: getattr(Comment, column) - 1}),
        )
    run("comment_rating", delete(CommentRating).where(CommentRating.user_id == uid))


def remove_registrations(run, uid: int, now) -> list[tuple[int, list[tuple[int, int]]]]:
    """Event registrations go; a place given back to an event still to come goes to the
    first on its waiting list (that person is told)."""
    mine = EventRegistration.user_id == uid
    for status, column in (("confirmed", "confirmed_count"), ("waiting", "waiting_count")):
        held = select(EventRegistration.contribution_id).where(
            mine, EventRegistration.status == status
        )
        run(
            f"event_{column}",
            update(Contribution)
            .where(Contribution.id.in_(held))
            .values({column: getattr(Contribution, column) - 1}),
        )
    # A person registers for a handful of events, not thousands: one query each is fine.
    freed = db.session.scalars(
        select(Contribution)
        .join(EventRegistration, EventRegistration.contribution_id == Contribution.id)
        .where(mine, EventRegistration.status == "confirmed", Contribution.starts_at > now)
    ).all()
    run("event_registration", delete(EventRegistration).where(mine))
    promoted = []
    for event in freed:
        given = promote_waiting(event, places=1)
        if given:
            promoted.append((event.id, given))
    return promoted


def tombstone_contributions(run, uid: int, now) -> None:
    """The person's texts go the way deleting one comment goes: a published comment becomes
    a tombstone (the thread reads on, the counters drop by it), a hidden one loses its text,
    one still waiting for approval was never public and goes without a trace. Proposals
    keep their place (supports, answers, results) with an emptied title and text."""
    mine = (Comment.author_id == uid, Comment.status == "published")
    other = aliased(Comment)

    def published_of_mine_where(condition):
        return (
            select(func.count())
            .select_from(other)
            .where(other.author_id == uid, other.status == "published", condition)
            .scalar_subquery()
        )

    run(
        "process_comment_count",
        update(Process)
        .where(Process.id.in_(select(Comment.process_id).where(*mine)))
        .values(
            comment_count=Process.comment_count
            - published_of_mine_where(other.process_id == Process.id)
        ),
    )
    run(
        "proposal_comment_count",
        update(Proposal)
        .where(Proposal.id.in_(select(Comment.proposal_id).where(*mine)))
        .values(
            comment_count=Proposal.comment_count
            - published_of_mine_where(other.proposal_id == Proposal.id)
        ),
    )
    parents = select(other.parent_id).where(
        other.author_id == uid, other.status == "published", other.parent_id.is_not(None)
    )
    replies = aliased(Comment)
    run(
        "comment_reply_count",
        update(Comment)
        .where(Comment.id.in_(parents))
        .values(
            reply_count=Comment.reply_count
            - select(func.count())
            .select_from(replies)
            .where(
                replies.author_id == uid,
                replies.status == "published",
                replies.parent_id == Comment.id,
            )
            .scalar_subquery()
        ),
    )
    run(
        "comment_deleted",
        update(Comment)
        .where(*mine)
        .values(status="deleted", deleted_at=now, body_markdown="", body_html=""),
    )
    run(
        "comment_hidden_text",
        update(Comment)
        .where(Comment.author_id == uid, Comment.status == "hidden")
        .values(body_markdown="", body_html=""),
    )
    run(
        "comment_pending",
        delete(Comment).where(Comment.author_id == uid, Comment.status == "pending"),
    )
    run(
        "proposal_pending",
        update(Proposal)
        .where(Proposal.author_id == uid, Proposal.status == "pending")
        .values(status="withdrawn", withdrawn_at=now),
    )
    run(
        "proposal_text",
        update(Proposal)
        .where(Proposal.author_id == uid)
        .values(title=DELETED_PROPOSAL_TITLE, body_markdown="", body_html="", place=""),
    )
    run("report_note", update(Report).where(Report.reporter_id == uid).values(note=""))
    run("appeal_text", update(Appeal).where(Appeal.author_id == uid).values(text=""))


def erase_personal_rows(run, user: User, old_email: str, old_key: str) -> None:
    """Everything that is only about the person: sessions, factors, roles, follows,
    interests, notifications and their settings, newsletter subscriptions, mails."""
    uid = user.id
    sessions.end_all_rows(user)
    two_factor.remove_factors(user)
    address = pausing.address_key(old_email)
    for name, model, column in (
        ("role_assignment", RoleAssignment, RoleAssignment.user_id),
        ("process_follow", ProcessFollow, ProcessFollow.user_id),
        ("proposal_follow", ProposalFollow, ProposalFollow.user_id),
        ("organisation_follow", OrganisationFollow, OrganisationFollow.user_id),
        ("working_group_follow", WorkingGroupFollow, WorkingGroupFollow.user_id),
        ("interest", Interest, Interest.user_id),
        ("notification", Notification, Notification.user_id),
        ("notification_event", NotificationEvent, NotificationEvent.recipient_id),
        ("notification_preference", NotificationPreference, NotificationPreference.user_id),
        ("notification_settings", NotificationSettings, NotificationSettings.user_id),
        ("process_assignment", ProcessAssignment, ProcessAssignment.assignee_id),
        ("proposal_assignment", ProposalAssignment, ProposalAssignment.assignee_id),
    ):
        run(name, delete(model).where(column == uid))
    # An adviser of the volunteer phone: the designation goes, the callbacks they took stay
    # (anonymous after the retention period) without them.
    run("phone_adviser", delete(PhoneAdviser).where(PhoneAdviser.user_id == uid))
    run(
        "callback_taken_by",
        update(CallbackRequest).where(CallbackRequest.taken_by_id == uid).values(taken_by_id=None),
    )
    run(
        "notification_event_actor",
        update(NotificationEvent).where(NotificationEvent.actor_id == uid).values(actor_id=None),
    )
    run(
        "newsletter_subscriber",
        delete(NewsletterSubscriber).where(
            or_(NewsletterSubscriber.user_id == uid, NewsletterSubscriber.email_key == old_key)
        ),
    )
    # Every mail to the address, sent or not: the confirmation of the deletion is queued
    # after this.
    run(
        "outbox_mail",
        delete(OutboxMail).where(
            or_(OutboxMail.recipient == old_email, lower_text(OutboxMail.recipient) == address)
        ),
    )
    run("mail_paused_address", delete(PausedAddress).where(PausedAddress.address == address))
    run(
        "sign_in_failure",
        delete(SignInFailure).where(SignInFailure.account_key == lockout.account_key(old_email)),
    )
    run(
        "accessibility_feedback",
        update(AccessibilityFeedback)
        .where(
            or_(
                AccessibilityFeedback.user_id == uid,
                lower_text(AccessibilityFeedback.contact_email) == address,
            )
        )
        .values(user_id=None, contact_email=None),
    )
    from participation.marketplace import privacy as marketplace

    marketplace.erase(run, uid)


def close_partner_ties(run, uid: int, old_key: str, now) -> None:
    """Memberships went with the roles; what stays of the person in an organisation's
    records (a signature, an invitation) keeps the fact, not the name or address."""
    run(
        "partner_contact",
        update(PartnerOrganisation)
        .where(PartnerOrganisation.contact_id == uid)
        .values(contact_id=None),
    )
    run(
        "agreement_signature",
        update(AgreementSignature)
        .where(AgreementSignature.signer_id == uid)
        .values(signer_name=DELETED_NAME),
    )
    run(
        "partner_invitation",
        update(PartnerInvitation)
        .where(
            or_(
                PartnerInvitation.accepted_by_id == uid,
                lower_text(PartnerInvitation.email) == old_key,
            )
        )
        .values(
            email=placeholder_email(uid),
            # An invitation not yet taken up cannot be taken up any more.
            withdrawn_at=case(
                (
                    PartnerInvitation.accepted_at.is_(None),
                    func.coalesce(PartnerInvitation.withdrawn_at, now),
                ),
                else_=PartnerInvitation.withdrawn_at,
            ),
        ),
    )


def remove_exports(run, uid: int) -> list[int]:
    """The export rows go; their ids name the files, removed after the commit."""
    ids = list(db.session.scalars(select(DataExport.id).where(DataExport.user_id == uid)))
    run("data_export", delete(DataExport).where(DataExport.user_id == uid))
    return ids


def remove_files(export_ids: list[int]) -> None:
    """Export files of the account; after the commit (a file cannot be rolled back)."""
    from participation.privacy.export import file_path

    for export_id in export_ids:
        path = file_path(export_id)
        for candidate in (path, path.with_name(path.name + ".part")):
            candidate.unlink(missing_ok=True)


# Every column that points at a person, and what a deletion does with it; a test fails
# for a new one that is not here (tests/privacy/test_deletion_coverage.py).
_STAFF = "kept: staff work; staff accounts are refused until their roles are handed over"
PERSON_COLUMNS: dict[str, str] = {
    "user_account.id": "emptied in place: placeholders, no password, deleted_at",
    "account_session.user_id": "deleted",
    "two_factor.user_id": "deleted",
    "recovery_code.user_id": "deleted",
    "webauthn_credential.user_id": "deleted",
    "role_assignment.user_id": "deleted (partner memberships with it)",
    "account_audit.user_id": "kept; detail emptied after DELETED_ACCOUNT_AUDIT_DAYS",
    "account_audit.actor_id": _STAFF,
    "data_export.user_id": "deleted, files after the commit",
    "proposal.author_id": "kept as 'gelöschtes Konto'; title and text emptied on request",
    "comment.author_id": "kept as 'gelöschtes Konto'; tombstone on request",
    "support.user_id": "deleted, support_count moved",
    "certificate.holder_id": (
        "unlinked; printed name and details emptied, the code then verifies no one"
    ),
    "engagement_request.volunteer_id": (
        "deleted (engagementcert.services.erase_volunteer); an issued certificate stays, "
        "erased as above"
    ),
    "engagement_request.decided_by_id": "set to NULL (the printed signer name stays)",
    "comment_rating.user_id": "deleted, up_count/down_count moved",
    "report.reporter_id": "kept (the moderation's record); note emptied on request",
    "report.decided_by_id": _STAFF,
    "appeal.author_id": "kept (the moderation's record); text emptied on request",
    "appeal.decided_by_id": _STAFF,
    "moderation_action.actor_id": _STAFF,
    "moderation_action.user_id": "kept: the moderation's record of a block",
    "moderation_note.author_id": _STAFF,
    "process_follow.user_id": "deleted",
    "proposal_follow.user_id": "deleted",
    "organisation_follow.user_id": "deleted",
    "working_group_follow.user_id": "deleted",
    "interest.user_id": "deleted",
    "notification.user_id": "deleted",
    "notification_event.recipient_id": "deleted",
    "notification_event.actor_id": "set to NULL",
    "notification_preference.user_id": "deleted",
    "notification_settings.user_id": "deleted",
    "newsletter_subscriber.user_id": "deleted, and every subscription of the address",
    "newsletter_issue.author_id": _STAFF,
    "practice_example.created_by_id": _STAFF,
    "event_registration.user_id": "deleted, counters moved, a freed place given on",
    "training_registration.user_id": "deleted (and those of the address), counters moved, a "
    "freed place at a training to come given on; feedback kept without person and comment",
    "training.created_by_id": _STAFF,
    "volunteer_interest.user_id": "deleted, the opportunity's interest count moved",
    "volunteer_interest.answered_by_id": "kept: the organisation's record of who answered",
    "volunteer_opportunity.created_by_id": "kept: the organisation's opportunity",
    "volunteer_search.user_id": "deleted",
    "phone_adviser.user_id": "deleted (no longer an adviser of the volunteer phone)",
    "callback_request.taken_by_id": "set to NULL: the callback stays, without its taker",
    "contribution.author_id": "kept as 'gelöschtes Konto': the organisation's contribution",
    "partner_organisation.contact_id": "refused while the organisation is applied or active; "
    "otherwise set to NULL",
    "agreement_signature.signer_id": "kept (the organisation signed); signer name replaced",
    "partner_invitation.accepted_by_id": "kept; the address replaced",
    "partner_invitation.invited_by_id": "kept: the organisation's record of who invited",
    "accessibility_feedback.user_id": "set to NULL, the contact address with it",
    "process_assignment.assignee_id": "deleted",
    "proposal_assignment.assignee_id": "deleted",
    "official_response.responder_id": _STAFF,
    "process_transition.actor_id": _STAFF,
    "results_report.published_by_id": _STAFF,
    "cooperation_agreement.published_by_id": _STAFF,
    "site_page.updated_by_id": _STAFF,
    "work_aid.created_by_id": _STAFF,
    "work_aid_version.author_id": _STAFF,
    "process_checklist.attached_by_id": _STAFF,
    "process_checklist_item.done_by_id": _STAFF,
    "checklist_tick.actor_id": _STAFF,
    # participation/fund/privacy.py
    "fund_call.created_by_id": "set to NULL (staff: refused until the roles are handed over)",
    "fund_application.created_by_id": "set to NULL: the application is the organisation's",
    "fund_application.decided_by_id": "set to NULL (staff: refused until roles are handed over)",
    "fund_juror.user_id": "deleted: the jury seat goes",
    "fund_review.juror_id": (
        "set to NULL and the name emptied: the scores stay, anonymised, so that the "
        "decisions they informed stay explicable"
    ),
}
PERSON_COLUMNS.update(_marketplace.PERSON_COLUMNS)
