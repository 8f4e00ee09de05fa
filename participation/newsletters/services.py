"""Subscribing with double opt-in, confirming, unsubscribing with one click, and the
public archive of sent issues.

Every link in a mail is signed (itsdangerous, salts of this feature) and names the
subscriber and their `token_version`. Confirming raises the version, so a confirmation
link works once and the unsubscribe links of an earlier subscription stop working; a
deleted subscriber's links find nobody. The answer to a subscription request is the same
whether or not the address is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select, update

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.db import insert_ignoring_duplicates
from participation.core.errors import DomainError, Invalid, NotFound
from participation.core.links import external_url
from participation.core.pagination import Page, clamp_page
from participation.core.text import is_mail_address, normalise_email
from participation.districts.models import ActionField, District
from participation.districts.services import chosen_scope
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.newsletters.models import (
    CONFIRMED,
    LISTS,
    PENDING,
    SENT,
    UNSUBSCRIBED,
    NewsletterIssue,
    NewsletterSubscriber,
)

CONFIRM, UNSUBSCRIBE = "newsletter-confirm", "newsletter-unsubscribe"
ARCHIVE_PAGE_SIZE = 20
# Translated when shown (a mail in a job, a page in a request).
LIST_LABELS = {
    "office": _l("Newsletter der Koordinierungsstelle"),
    "network": _l("Netzwerk-Info für Partnerorganisationen"),
}
# Defaults of the settings of the same names (config.py may override them).
DEFAULTS = {
    "NEWSLETTER_CONFIRM_MAX_AGE": 3 * 86_400,
    "NEWSLETTER_UNSUBSCRIBE_MAX_AGE": 2 * 365 * 86_400,
    # A new confirmation mail to the same address waits this long: the form cannot be
    # used to flood someone's mailbox.
    "NEWSLETTER_CONFIRM_INTERVAL": 300,
}


def setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


class BadLink(DomainError):
    """A link that was never ours (forged, cut off)."""

    status_code = 400


class GoneLink(DomainError):
    """A link that was ours but no longer works (expired, used, replaced)."""

    status_code = 410


# --- signed links -----------------------------------------------------------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"participation:{purpose}")


def make_link_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def _read(purpose: str, token: str, max_age: int) -> dict:
    if not token or len(token) > 1000:
        raise BadLink(_("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist."))
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise GoneLink(_("Dieser Link ist abgelaufen.")) from exc
    except BadSignature as exc:
        raise BadLink(
            _("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist.")
        ) from exc
    if not (
        isinstance(payload, dict)
        and isinstance(payload.get("s"), int)
        and isinstance(payload.get("v"), int)
    ):
        raise BadLink(_("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist."))
    return payload


def _subscriber_for(payload: dict) -> NewsletterSubscriber:
    subscriber = db.session.get(NewsletterSubscriber, payload["s"])
    if subscriber is None:
        raise NotFound(_("Dieses Abonnement gibt es nicht mehr."))
    return subscriber


def unsubscribe_token(subscriber_id: int, version: int) -> str:
    return make_link_token(UNSUBSCRIBE, {"s": subscriber_id, "v": version})


def unsubscribe_url(subscriber_id: int, version: int) -> str:
    return external_url("newsletters.unsubscribe", token=unsubscribe_token(subscriber_id, version))


def list_headers(unsubscribe: str) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058): mail programs POST to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# --- subscribing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """What a subscriber asks for: lists, districts (codes), action fields (slugs)."""

    lists: tuple[str, ...]
    district_codes: tuple[str, ...] = ()
    action_field_slugs: tuple[str, ...] = ()


def _checked(choice: Choice) -> tuple[list[District], list[ActionField]]:
    if not choice.lists or set(choice.lists) - set(LISTS):
        raise Invalid(_("Bitte wählen Sie mindestens einen Newsletter."), field="lists")
    return chosen_scope(choice.district_codes, choice.action_field_slugs)


def _apply(subscriber, choice: Choice, districts, action_fields) -> None:
    subscriber.wants_office = "office" in choice.lists
    subscriber.wants_network = "network" in choice.lists
    subscriber.districts = list(districts)
    subscriber.action_fields = list(action_fields)


def _confirm_now(subscriber, choice, districts, action_fields, user_id: int | None) -> None:
    now = utcnow()
    _apply(subscriber, choice, districts, action_fields)
    subscriber.status = CONFIRMED
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    subscriber.token_version += 1
    if user_id is not None:
        subscriber.user_id = user_id


def subscribe(*, actor: User | None, email: str, choice: Choice) -> bool:
    """Ask for a subscription. A signed-in person subscribing their own verified address is
    subscribed at once (True); anyone else gets a confirmation mail whose link carries the
    choice, and nothing changes until it is clicked (False, whether or not the address was
    known)."""
    email = (email or "").strip()
    if not is_mail_address(email):
        raise Invalid(_("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="email")
    districts, action_fields = _checked(choice)
    key = normalise_email(email)
    now = utcnow()
    insert_ignoring_duplicates(
        db.session,
        NewsletterSubscriber,
        email=email,
        email_key=key,
        status=PENDING,
        wants_office=False,
        wants_network=False,
        token_version=1,
    )
    subscriber = db.session.scalar(
        select(NewsletterSubscriber).where(NewsletterSubscriber.email_key == key)
    )
    own = (
        actor is not None
        and actor.is_authenticated
        and actor.is_verified
        and normalise_email(actor.email) == key
    )
    if own:
        _confirm_now(subscriber, choice, districts, action_fields, actor.id)
        db.session.commit()
        return True
    # Claimed in the database: two requests at once send one mail.
    wait = timedelta(seconds=setting("NEWSLETTER_CONFIRM_INTERVAL"))
    claimed = db.session.execute(
        update(NewsletterSubscriber)
        .where(
            NewsletterSubscriber.id == subscriber.id,
            or_(
                NewsletterSubscriber.requested_at.is_(None),
                NewsletterSubscriber.requested_at < now - wait,
            ),
        )
        .values(requested_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed:
        token = make_link_token(
            CONFIRM,
            {
                "s": subscriber.id,
                "v": subscriber.token_version,
                "l": list(choice.lists),
                "d": [d.code for d in districts],
                "a": [f.slug for f in action_fields],
            },
        )
        unsubscribe = unsubscribe_url(subscriber.id, subscriber.token_version)
        queue_mail(
            recipient=email,
            subject=_("Bitte bestätigen Sie Ihr Newsletter-Abonnement"),
            template="newsletter_confirm",
            headers=list_headers(unsubscribe),
            link=external_url("newsletters.confirm", token=token),
            lists=[str(LIST_LABELS[name]) for name in choice.lists],
            districts=[d.name for d in districts],
            action_fields=[f.name for f in action_fields],
        )
    db.session.commit()
    return False


def _confirm_link(token: str) -> tuple[NewsletterSubscriber, dict]:
    payload = _read(CONFIRM, token, setting("NEWSLETTER_CONFIRM_MAX_AGE"))
    subscriber = _subscriber_for(payload)
    if payload["v"] != subscriber.token_version:
        raise GoneLink(
            _(
                "Dieser Bestätigungslink wurde schon benutzt oder durch einen neueren "
                "ersetzt. Ihr Abonnement ist davon nicht berührt."
            )
        )
    return subscriber, payload


def check_confirm_token(token: str) -> NewsletterSubscriber:
    """The subscriber a confirmation link is for; raises BadLink, GoneLink or NotFound."""
    return _confirm_link(token)[0]


def confirm(*, token: str) -> NewsletterSubscriber:
    """Confirm a subscription with the choice its link carries; the link then stops
    working, and so do the unsubscribe links of an earlier subscription."""
    subscriber, payload = _confirm_link(token)
    lists = payload.get("l")
    codes, slugs = payload.get("d"), payload.get("a")
    if not all(isinstance(value, list) for value in (lists, codes, slugs)):
        raise BadLink(_("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist."))
    choice = Choice(tuple(map(str, lists)), tuple(map(str, codes)), tuple(map(str, slugs)))
    try:
        districts, action_fields = _checked(choice)
    except Invalid as exc:
        raise GoneLink(_("Dieser Link passt nicht mehr. Bitte melden Sie sich neu an.")) from exc
    user_id = subscriber.user_id or db.session.scalar(
        select(User.id).where(
            User.email_key == subscriber.email_key, User.email_verified_at.is_not(None)
        )
    )
    _confirm_now(subscriber, choice, districts, action_fields, user_id)
    db.session.commit()
    return subscriber


# --- unsubscribing --------------------------------------------------------------------------


def check_unsubscribe_token(token: str) -> NewsletterSubscriber:
    """The subscriber an unsubscribe link is for; raises BadLink, GoneLink or NotFound."""
    payload = _read(UNSUBSCRIBE, token, setting("NEWSLETTER_UNSUBSCRIBE_MAX_AGE"))
    subscriber = _subscriber_for(payload)
    if payload["v"] != subscriber.token_version:
        raise GoneLink(
            _(
                "Dieser Abmeldelink gilt nicht mehr: Das Abonnement wurde seitdem neu "
                "bestätigt. Bitte nutzen Sie den Link in der neuesten E-Mail."
            )
        )
    return subscriber


def unsubscribe(*, token: str) -> bool:
    """End the subscription the link names (every list); True if it was active. Clicking
    again changes nothing: the link still names the same, now ended, subscription."""
    subscriber = check_unsubscribe_token(token)
    if subscriber.status == UNSUBSCRIBED:
        return False
    subscriber.status = UNSUBSCRIBED
    subscriber.unsubscribed_at = utcnow()
    db.session.commit()
    return True


def subscription_of(user: User) -> NewsletterSubscriber | None:
    """The subscription of a signed-in person's own address, if any."""
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(
        select(NewsletterSubscriber).where(
            NewsletterSubscriber.email_key == normalise_email(user.email)
        )
    )


# --- the archive ------------------------------------------------------------------------------


def _archived():
    return (NewsletterIssue.status == SENT, NewsletterIssue.in_archive.is_(True))


def archive_page(page: int = 1) -> Page:
    """Sent issues for the public, newest first, one page at a time (two queries)."""
    total = db.session.scalar(select(func.count(NewsletterIssue.id)).where(*_archived())) or 0
    page, pages = clamp_page(total, page, ARCHIVE_PAGE_SIZE)
    items = db.session.execute(
        select(
            NewsletterIssue.id,
            NewsletterIssue.subject,
            NewsletterIssue.list_name,
            NewsletterIssue.sent_at,
        )
        .where(*_archived())
        .order_by(NewsletterIssue.sent_at.desc(), NewsletterIssue.id.desc())
        .offset((page - 1) * ARCHIVE_PAGE_SIZE)
        .limit(ARCHIVE_PAGE_SIZE)
    ).all()
    return Page(list(items), page, pages, total)


def archived_issue(issue_id: int) -> NewsletterIssue:
    issue = db.session.scalar(
        select(NewsletterIssue).where(NewsletterIssue.id == issue_id, *_archived())
    )
    if issue is None:
        raise NotFound(_("Diese Ausgabe gibt es nicht im Archiv."))
    return issue


def archived_ids() -> list[int]:
    return list(
        db.session.scalars(
            select(NewsletterIssue.id).where(*_archived()).order_by(NewsletterIssue.id)
        )
    )
