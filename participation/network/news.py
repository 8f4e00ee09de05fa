"""What is new in the network, gathered from the features that make news."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.partners.models import CooperationAgreement, PartnerOrganisation


@dataclass
class NewsItem:
    at: datetime
    text: str
    endpoint: str
    values: dict


Provider = Callable[[int], Iterable[NewsItem]]
_providers: list[Provider] = []


def news_provider(func: Provider) -> Provider:
    """Register `func(limit) -> items`: the newest items of one kind (one query)."""
    _providers.append(func)
    return func


def latest(limit: int = 8) -> list[NewsItem]:
    items = [item for provider in _providers for item in provider(limit)]
    return sorted(items, key=lambda item: item.at, reverse=True)[:limit]


@news_provider
def new_partners(limit: int) -> list[NewsItem]:
    rows = db.session.scalars(
        select(PartnerOrganisation)
        .where(PartnerOrganisation.status == "active", PartnerOrganisation.decided_at.is_not(None))
        .order_by(PartnerOrganisation.decided_at.desc())
        .limit(limit)
    )
    return [
        NewsItem(
            at=organisation.decided_at,
            text=_("Neuer Partner im Netzwerk: %(name)s", name=organisation.name),
            endpoint="partners.detail",
            values={"slug": organisation.slug},
        )
        for organisation in rows
    ]


@news_provider
def agreement_versions(limit: int) -> list[NewsItem]:
    rows = db.session.scalars(
        select(CooperationAgreement).order_by(CooperationAgreement.version.desc()).limit(limit)
    )
    return [
        NewsItem(
            at=agreement.published_at,
            text=_("Kooperationsvereinbarung in Version %(version)s", version=agreement.version),
            endpoint="partners.agreement_text",
            values={},
        )
        for agreement in rows
    ]


@news_provider
def statements_and_offers(limit: int) -> list[NewsItem]:
    rows = db.session.scalars(
        select(Contribution)
        .where(Contribution.kind.in_(("statement", "offer")), *Contribution.shown())
        .order_by(Contribution.id.desc())
        .limit(limit)
    )
    return [
        NewsItem(
            at=item.created_at,
            text=(
                _(
                    "Stellungnahme von %(name)s: %(title)s",
                    name=item.organisation.name,
                    title=item.title,
                )
                if item.kind == "statement"
                else _(
                    "Neues Angebot von %(name)s: %(title)s",
                    name=item.organisation.name,
                    title=item.title,
                )
            ),
            endpoint="contributions.detail",
            values={"contribution_id": item.id},
        )
        for item in rows
    ]
