"""Marketplace lists and figures, each a fixed number of queries whatever its length."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select

from participation.core.clock import utcnow
from participation.core.pagination import Page, fetch_page
from participation.core.search import like_pattern
from participation.districts.models import District
from participation.extensions import db
from participation.marketplace.models import (
    CATEGORIES,
    Company,
    Deal,
    MarketEntry,
    MarketEvent,
    MarketEventRegistration,
    MarketMessage,
)
from participation.partners.models import PartnerOrganisation

PAGE_SIZE = 20
KIND_SLUGS = {"biete": "offer", "suche": "request"}
CATEGORY_SLUGS = {
    "fachwissen": "expertise",
    "material": "material",
    "raeume": "rooms",
    "transport": "transport",
    "zeit": "time",
}
CITY_WIDE = "stadtweit"


def _public_entries() -> list:
    """Published, not hidden, not expired, of an active party."""
    today = utcnow().date()
    return [
        MarketEntry.status == "published",
        MarketEntry.hidden_at.is_(None),
        or_(MarketEntry.valid_until.is_(None), MarketEntry.valid_until >= today),
        or_(
            MarketEntry.company_id.in_(select(Company.id).where(Company.status == "active")),
            MarketEntry.organisation_id.in_(
                select(PartnerOrganisation.id).where(PartnerOrganisation.status == "active")
            ),
        ),
    ]


def entries(
    *, kind: str = "", category: str = "", district: str = "", q: str = "", page: int = 1
) -> Page:
    """The public entries, newest first; unknown filter values are ignored."""
    kind = kind if kind in KIND_SLUGS else ""
    category = category if category in CATEGORY_SLUGS else ""
    q = (q or "").strip()[:100]
    conditions = _public_entries()
    if kind:
        conditions.append(MarketEntry.kind == KIND_SLUGS[kind])
    if category:
        conditions.append(MarketEntry.category == CATEGORY_SLUGS[category])
    if district == CITY_WIDE:
        conditions.append(MarketEntry.district_id.is_(None))
    elif district:
        in_district = MarketEntry.district_id.in_(
            select(District.id).where(District.code == district[:10])
        )
        # An entry for the whole city serves every district too.
        conditions.append(or_(in_district, MarketEntry.district_id.is_(None)))
    if q:
        pattern = like_pattern(q.lower())
        conditions.append(
            or_(
                func.lower(MarketEntry.title).like(pattern, escape="\\"),
                func.lower(MarketEntry.description).like(pattern, escape="\\"),
            )
        )
    result = fetch_page(
        db.session,
        MarketEntry,
        conditions,
        (MarketEntry.published_at.desc(), MarketEntry.id.desc()),
        page,
        PAGE_SIZE,
    )
    result.filters = {"art": kind, "kategorie": category, "bezirk": district[:10], "q": q}
    return result


def published_deals(*, page: int = 1) -> Page:
    return fetch_page(
        db.session,
        Deal,
        [Deal.published_at.is_not(None)],
        (Deal.published_at.desc(), Deal.id.desc()),
        page,
        PAGE_SIZE,
    )


def events(*, page: int = 1) -> Page:
    return fetch_page(
        db.session,
        MarketEvent,
        [],
        (MarketEvent.starts_at.desc(), MarketEvent.id.desc()),
        page,
        PAGE_SIZE,
    )


def registrations_of(event: MarketEvent) -> list[MarketEventRegistration]:
    return list(
        db.session.scalars(
            select(MarketEventRegistration)
            .where(MarketEventRegistration.event_id == event.id)
            .order_by(MarketEventRegistration.id)
        )
    )


def _of_parties(model, parties, prefix: str = ""):
    companies = [p.id for p in parties if isinstance(p, Company)]
    organisations = [p.id for p in parties if isinstance(p, PartnerOrganisation)]
    return or_(
        getattr(model, f"{prefix}company_id").in_(companies),
        getattr(model, f"{prefix}organisation_id").in_(organisations),
    )


def area(parties) -> dict:
    """A member's area: their parties' entries, the messages to them, their deals (the
    newest 50 of each, three queries)."""
    if not parties:
        return {"entries": [], "messages": [], "deals": []}
    own_entries = db.session.scalars(
        select(MarketEntry)
        .where(_of_parties(MarketEntry, parties))
        .order_by(MarketEntry.id.desc())
        .limit(50)
    ).all()
    messages = db.session.scalars(
        select(MarketMessage)
        .join(MarketEntry, MarketEntry.id == MarketMessage.entry_id)
        .where(_of_parties(MarketEntry, parties))
        .order_by(MarketMessage.id.desc())
        .limit(50)
    ).all()
    deals = db.session.scalars(
        select(Deal)
        .where(or_(_of_parties(Deal, parties, "giver_"), _of_parties(Deal, parties, "receiver_")))
        .order_by(Deal.id.desc())
        .limit(50)
    ).all()
    return {"entries": list(own_entries), "messages": list(messages), "deals": list(deals)}


def office(*, page: int = 1) -> dict:
    """The office's overview: companies waiting, every deal (paginated), the events."""
    applied = db.session.scalars(
        select(Company).where(Company.status == "applied").order_by(Company.id)
    ).all()
    deals = fetch_page(db.session, Deal, [], (Deal.id.desc(),), page, PAGE_SIZE)
    return {"applied": list(applied), "deals": deals}


def figures() -> dict:
    """Deals by category and by sector (partners count as non-profit), entries per kind;
    three grouped queries."""
    agreed = Deal.status == "agreed"
    by_category = dict(
        db.session.execute(
            select(Deal.category, func.count(Deal.id)).where(agreed).group_by(Deal.category)
        ).all()
    )
    # A deal counts for the sector of each side once.
    rows = []
    for side in ("giver", "receiver"):
        company_column = getattr(Deal, f"{side}_company_id")
        rows.append(
            select(
                case((company_column.is_(None), "non_profit"), else_=Company.sector).label(
                    "sector"
                ),
                Deal.id.label("deal"),
            )
            .select_from(Deal)
            .outerjoin(Company, Company.id == company_column)
            .where(agreed)
        )
    union = rows[0].union(rows[1]).subquery()
    by_sector = dict(
        db.session.execute(
            select(union.c.sector, func.count(func.distinct(union.c.deal))).group_by(union.c.sector)
        ).all()
    )
    by_kind = dict(
        db.session.execute(
            select(MarketEntry.kind, func.count(MarketEntry.id))
            .where(MarketEntry.status != "draft")
            .group_by(MarketEntry.kind)
        ).all()
    )
    return {
        "by_category": {c: by_category.get(c, 0) for c in CATEGORIES},
        "by_sector": by_sector,
        "by_kind": by_kind,
        "deals": sum(by_category.values()),
    }
