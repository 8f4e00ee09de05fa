"""Page views per section and day, counted on the server: no cookie, nothing about the
visitor, no row written per request.

Each worker adds up its views in memory (a dict under a lock, about a microsecond) and
writes them with one upsert (views = views + n) when USAGE_FLUSH_SECONDS have passed, when
the evaluation page is opened, and when the worker exits. Pages served from the page cache
are counted as well (the hook runs after every view). The table is private to the page
cache, so counting never makes cached pages stale. A worker killed hard loses at most the
views of its last interval.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter
from datetime import date

from flask import Flask, current_app, request

from participation.core.clock import local_today
from participation.core.db import dialect_insert
from participation.evaluation.models import PageViewCount
from participation.extensions import db, htmx

log = logging.getLogger(__name__)

START_SECTION = "start"


class UsageCounter:
    """The views this worker has counted since its last write."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.counts: Counter[tuple[date, str]] = Counter()
        self.lock = threading.Lock()
        self.last_flush = time.monotonic()

    def add(self, day: date, section: str) -> bool:
        """Count one view; True when it is time to write."""
        with self.lock:
            self.counts[(day, section)] += 1
            return time.monotonic() - self.last_flush >= self.seconds

    def take(self) -> Counter:
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.last_flush = time.monotonic()
            return counts

    def give_back(self, counts: Counter) -> None:
        with self.lock:
            self.counts.update(counts)


def section_of(rule: str) -> str:
    """The first segment of the route's pattern ("/verfahren/<slug>" -> "verfahren"): a
    fixed set of values, whatever path a visitor typed."""
    first = rule.strip("/").split("/", 1)[0]
    if not first or first.startswith("<"):
        return START_SECTION
    return first.split(".", 1)[0][:40]


def count_page_view(response):
    """after_request: a whole HTML page sent with 200 is one view of its section."""
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and request.url_rule is not None
        and not (htmx and not htmx.boosted)
    ):
        counter: UsageCounter = current_app.extensions["usage_counter"]
        if counter.add(local_today(), section_of(request.url_rule.rule)):
            flush(current_app)
    return response


def flush(app: Flask) -> None:
    """Write this worker's counts (one statement, on its own connection: whatever the
    request's session holds is left alone). On failure they are kept for the next try."""
    counter: UsageCounter = app.extensions["usage_counter"]
    counts = counter.take()
    if not counts:
        return
    rows = [{"day": day, "section": section, "views": n} for (day, section), n in counts.items()]
    try:
        with app.app_context():
            statement = dialect_insert(db.session)(PageViewCount).values(rows)
            statement = statement.on_conflict_do_update(
                index_elements=["day", "section"],
                set_={"views": PageViewCount.views + statement.excluded.views},
            )
            with db.engine.begin() as connection:
                connection.execute(statement)
    except Exception as error:  # noqa: BLE001 - counting must never fail a request
        log.warning("usage figures: could not write the page views (%s); kept for later", error)
        counter.give_back(counts)


def init_app(app: Flask) -> None:
    app.extensions["usage_counter"] = UsageCounter(app.config.get("USAGE_FLUSH_SECONDS", 60))
    app.after_request(count_page_view)
    if not app.testing:
        atexit.register(flush, app)
