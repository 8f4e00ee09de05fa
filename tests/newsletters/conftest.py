"""Factories of the newsletter tests: confirmed subscribers and issues."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

_numbers = itertools.count(1)


@pytest.fixture
def office(make_user):
    return make_user("coordinator")


@pytest.fixture
def make_subscriber(app):
    """make_subscriber(email=None, lists=("office",), districts=(), action_fields=(),
    user=None, status="confirmed"): a subscriber as a confirmed subscription leaves it."""
    from participation.districts.models import ActionField, District
    from participation.extensions import db
    from participation.newsletters.models import NewsletterSubscriber

    def make(
        email: str | None = None,
        *,
        lists=("office",),
        districts=(),
        action_fields=(),
        user=None,
        status: str = "confirmed",
    ):
        email = email or (user.email if user else f"leser{next(_numbers)}@example.org")
        subscriber = NewsletterSubscriber(
            email=email,
            email_key=email.strip().casefold(),
            status=status,
            wants_office="office" in lists,
            wants_network="network" in lists,
            token_version=2,
            user_id=user.id if user else None,
            districts=list(
                db.session.scalars(select(District).where(District.code.in_(districts)))
            ),
            action_fields=list(
                db.session.scalars(select(ActionField).where(ActionField.slug.in_(action_fields)))
            ),
        )
        db.session.add(subscriber)
        db.session.commit()
        return subscriber

    return make


@pytest.fixture
def make_issue(app, office):
    """make_issue(subject=..., body=..., **IssueInput fields): a draft by the office."""
    from participation.newsletters import issues

    def make(subject: str = "Neues aus der Beteiligung", body: str = "Hallo **alle**!", **fields):
        fields.setdefault("list_name", "office")
        return issues.save_issue(
            actor=office,
            data=issues.IssueInput(subject=subject, body_markdown=body, **fields),
        )

    return make


def outbox_keys(prefix: str = "newsletter:") -> list[str]:
    from participation.extensions import db
    from participation.mail.models import OutboxMail

    keys = db.session.scalars(
        select(OutboxMail.idempotency_key).where(OutboxMail.idempotency_key.like(f"{prefix}%"))
    ).all()
    db.session.rollback()
    return sorted(keys)
