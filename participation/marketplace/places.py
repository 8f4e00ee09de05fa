"""The places of marketplace events: the shared place book (capacity, waiting list)."""

from __future__ import annotations

from participation.core.places import PlaceBook
from participation.marketplace.models import MarketEvent, MarketEventRegistration

EVENT_PLACES = PlaceBook(MarketEvent, MarketEventRegistration, "event_id")
