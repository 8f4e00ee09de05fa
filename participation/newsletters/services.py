"""Subscribing with double opt-in, confirming, and unsubscribing with one click.

Every link in a mail is signed (participation/newsletters/links.py) and names the
subscriber and their `token_version`. Confirming raises the version, so a confirmation
link works once and the unsubscribe links of an earlier subscription stop working; a
deleted subscriber's links find nobody. The answer to a subscription request is the same
whether or not the address is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.db import insert_ignoring_duplicates
from participation.core.errors import Invalid, NotFound
from participation.core.links import external_url
from participation.core.text import is_mail_address, normalise_email
from participation.districts.models import ActionField, District
from participation.districts.services import chosen_scope
from participation.extensions import db
from participation.mail.services import queue_mail
from participation.newsletters.links import (
    CONFIRM,
    UNSUBSCRIBE,
    BadLink,
    GoneLink,
    list_headers,
    make_link_token,
    read_link,
    setting,
    unsubscribe_url,
)
from participation.newsletters.models import (
    CONFIRMED,
    LISTS,
    PENDING,
    UNSUBSCRIBED,
    NewsletterSubscriber,
)

# Translated when shown (a mail in a job, a page in a request).
LIST_LABELS = {
    "office": _l("Newsletter der Koordinierungsstelle"),
    "network": _l("Netzwerk-Info für Partnerorganisationen"),
}


def _subscriber_for(payload: dict) -> NewsletterSubscriber:
    subscriber = db.session.get(NewsletterSubscriber, payload["s"])
    if subscriber is None:
        raise NotFound(_("Dieses Abonnement gibt es nicht mehr."))
    return subscriber


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
    payload = read_link(CONFIRM, token, setting("NEWSLETTER_CONFIRM_MAX_AGE"))
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
    payload = read_link(UNSUBSCRIBE, token, setting("NEWSLETTER_UNSUBSCRIBE_MAX_AGE"))
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
