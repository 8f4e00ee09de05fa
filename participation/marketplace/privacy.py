"""What a deletion does with a person's marketplace rows: the parties' entries, deals and
registrations stay (they are the company's or organisation's), without the person; the
reply address of their messages goes."""

from __future__ import annotations

from sqlalchemy import update

from participation.marketplace.models import (
    Company,
    Deal,
    MarketEntry,
    MarketEvent,
    MarketEventRegistration,
    MarketMessage,
)

PERSON_COLUMNS: dict[str, str] = {
    "company.registered_by_id": "set to NULL: the company stays with its other members",
    "market_entry.author_id": "set to NULL: the entry is its party's",
    "market_message.sender_id": "set to NULL; the reply address emptied",
    "market_event.created_by_id": "set to NULL: the office's event",
    "market_event_registration.user_id": "set to NULL: the party's registration",
    "market_deal.proposed_by_id": "set to NULL: the parties' deal",
    "market_deal.answered_by_id": "set to NULL: the parties' deal",
}


def erase(run, uid: int) -> None:
    run(
        "company",
        update(Company).where(Company.registered_by_id == uid).values(registered_by_id=None),
    )
    run(
        "market_entry",
        update(MarketEntry).where(MarketEntry.author_id == uid).values(author_id=None),
    )
    run(
        "market_message",
        update(MarketMessage)
        .where(MarketMessage.sender_id == uid)
        .values(sender_id=None, reply_email=""),
    )
    run(
        "market_event",
        update(MarketEvent).where(MarketEvent.created_by_id == uid).values(created_by_id=None),
    )
    run(
        "market_event_registration",
        update(MarketEventRegistration)
        .where(MarketEventRegistration.user_id == uid)
        .values(user_id=None),
    )
    run(
        "market_deal_proposed",
        update(Deal).where(Deal.proposed_by_id == uid).values(proposed_by_id=None),
    )
    run(
        "market_deal_answered",
        update(Deal).where(Deal.answered_by_id == uid).values(answered_by_id=None),
    )
