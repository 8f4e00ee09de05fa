"""Whole pages for visitors who are not signed in, kept until anything public changes.

Correctness rests on one number, the content generation. A page is stored under the
generation read at the start of its request; every transaction that writes a table other
than the outbox moves the number on, and once it has moved, no request asks for the old
pages again. There is no expiry to tune and no list of pages to invalidate.

Without Redis the number is a row (table `cache_generation`) raised inside the writing
transaction, so a reader sees the new number exactly when it sees the new rows. With Redis
it is a Redis counter raised right after the commit, before the action answers: a write
transaction then holds no shared row lock (a hot row serialised every write behind one
commit's disk flush: 43 supports/s instead of hundreds on PostgreSQL), and a cache hit
needs no database at all. A reader between the commit and the raise may get the page of a
moment before (never the writer, whose request raises it before answering); should a
worker die in exactly that moment, PAGE_CACHE_SECONDS bounds how long the old pages live.
When the counter is missing (Redis restarted or evicted it) it starts again from a random
value, so old pages can never match a new number.

What a page may vary by is part of its key: the path with its query, the language, the
local date (phases and deadlines change at midnight) and whether htmx asked for a
fragment. Signed-in visitors, sessions with a pending message, other methods and any
answer but a 200 HTML page bypass the cache.

Each page carries the visitor's own CSRF token (the header's language switch is a form):
the stored copy holds a placeholder, which is replaced by the visitor's token on the way
out, so the session cookie is set exactly as without the cache.

Browsers may keep a page too: it carries a weak ETag and `Cache-Control: private,
no-cache`, and a browser that asks again with the tag while the generation stands gets 304
Not Modified without the page being read or sent. The tag also names the session's token
and a time window of half the token's life, so a kept copy never holds a token that no
longer works.

Pages live in Redis when REDIS_URL is set (shared by all workers and hosts; written with
an expiry of PAGE_CACHE_SECONDS so that old generations fade), otherwise in a bounded
in-process store per worker. When Redis fails, pages are rendered as without the cache:
no request fails because of it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from functools import wraps

from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Integer, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.clock import local_today
from participation.core.db import insert_ignoring_duplicates
from participation.extensions import db, htmx

log = logging.getLogger(__name__)

# Written in place of the visitor's CSRF token; letters only, so escaping leaves it alone.
TOKEN_PLACEHOLDER = "pagecacheCsrfTokenPlaceholder"  # noqa: S105 - not a secret
# Tables whose writes no page shows.
# (Feedback on the portal and the page-view counts are read by staff pages only.)
# A signed-in session's "last seen" is touched every few minutes and shown only on the
# person's own list of sessions, which nothing keeps: touching it must not throw away every
# kept page and part.
PRIVATE_TABLES = frozenset(
    {"outbox_mail", "cache_generation", "page_view_count", "portal_feedback", "account_session"}
)
_WRITES = ("INSERT", "UPDATE", "DELETE")
_written: ContextVar[bool] = ContextVar("content_written", default=False)


class CacheGeneration(db.Model):
    """One row: the content generation that cached pages are stored under."""

    __tablename__ = "cache_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


# -- noticing writes ---------------------------------------------------------------------


def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
    head = statement.lstrip()[:6].upper()
    if head in _WRITES and not any(name in statement[:120] for name in PRIVATE_TABLES):
        _written.set(True)


def _changes_content(session) -> bool:
    if _written.get():
        return True
    return any(
        getattr(obj, "__tablename__", None) not in PRIVATE_TABLES
        for obj in (*session.new, *session.dirty, *session.deleted)
    )


def _raise_generation(session) -> None:
    """before_commit: a transaction that changed content moves the generation on (in the
    transaction without Redis; with Redis, after_commit does)."""
    if not _changes_content(session):
        return
    _written.set(False)
    # Raised even while this app's cache is off: another server's (or the same one after a
    # restart with the cache on) may hold pages.
    if isinstance(_store(), RedisStore):
        session.info["content_changed"] = True
        return
    if not _set_generation(session, CacheGeneration.value + 1):
        # The row is gone (an emptied database): start again where no stored page and no
        # browser's tag can match.
        insert_ignoring_duplicates(session, CacheGeneration, id=1, value=_fresh_generation())


def _set_generation(session, value) -> bool:
    """Set the generation row to `value` (a number or an expression); False without a row."""
    return bool(
        session.execute(
            update(CacheGeneration)
            .where(CacheGeneration.id == 1)
            .values(value=value)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def _fresh_generation() -> int:
    """A random starting number, far from any earlier one, with room to count up in the
    32-bit column."""
    return secrets.randbelow(2**30) + 1


def _raise_after_commit(session) -> None:
    _written.set(False)
    if session.info.pop("content_changed", False):
        store = _store()
        if isinstance(store, RedisStore):
            store.raise_generation()


def _forget(session, *_args) -> None:
    _written.set(False)
    session.info.pop("content_changed", None)


def _store():
    from flask import has_app_context

    if not has_app_context():
        return None
    return current_app.extensions.get("page_cache")


def register_write_listeners() -> None:
    """Watch every statement and every commit of the app's session (idempotent)."""
    if not event.contains(Engine, "before_cursor_execute", _note_write):
        event.listen(Engine, "before_cursor_execute", _note_write)
    target = db.session
    if not event.contains(target, "before_commit", _raise_generation):
        event.listen(target, "before_commit", _raise_generation)
        event.listen(target, "after_commit", _raise_after_commit)
        event.listen(target, "after_rollback", _forget)


def current_generation() -> int | None:
    """The number pages are stored under now; None when it cannot be read (no cache)."""
    store = _store()
    if isinstance(store, RedisStore):
        return store.generation()
    return db.session.scalar(select(CacheGeneration.value).where(CacheGeneration.id == 1))


def request_generation() -> int | None:
    """The generation as this request first read it from Redis, or None without Redis.

    Other state that only a content write can change (the module switches) may be kept per
    worker under this number: a write raises it before its request answers, so the next
    request of any worker reads the state afresh — at the cost of one Redis read per
    request, shared with the page cache's own lookup, instead of a database query.
    """
    if (
        not has_request_context()
        or not current_app.config["PAGE_CACHE"]
        or not isinstance(_store(), RedisStore)
    ):
        return None
    # Kept with the request, not in `g`, which an app context around several requests
    # (a script's, a test's) would share.
    environ = request.environ
    if "participation.page_generation" not in environ:
        environ["participation.page_generation"] = current_generation()
    return environ["participation.page_generation"]


_GENERATION = "participation.content_generation"


def page_generation() -> int | None:
    """The generation this request's pages and kept parts (core.fragments) are stored
    under, read once per request. Views that keep pages or parts read it first
    (`cached_for_visitors`, `generation_first`), before they read any data, so that nothing
    read under an older generation is kept under a newer one."""
    environ = request.environ
    if _GENERATION not in environ:
        environ[_GENERATION] = request_generation() or current_generation()
    return environ[_GENERATION]


def _read_generation_first() -> None:
    if current_app.config["PAGE_CACHE"] and request.method in ("GET", "HEAD"):
        page_generation()


def generation_first(view):
    """For views whose pages hold kept parts but are not cached whole (staff pages): the
    generation is read before the view reads anything."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        _read_generation_first()
        return view(*args, **kwargs)

    return wrapper


# -- storing pages -----------------------------------------------------------------------


class MemoryStore:
    """Least recently used pages up to a total size, for one worker."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.pages: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0

    def set(self, key: str, page: bytes) -> None:
        if len(page) > self.max_bytes:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= len(old)
            self.pages[key] = page
            self.size += len(page)
            while self.size > self.max_bytes:
                _key, dropped = self.pages.popitem(last=False)
                self.size -= len(dropped)


class RedisStore:
    """Pages and the generation, shared by every worker and host."""

    def __init__(self, url: str, seconds: int, prefix: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.seconds = seconds
        self.prefix = prefix

    @property
    def generation_key(self) -> str:
        return f"page:{self.prefix}:generation"

    def _start_generation(self) -> None:
        # A random start: pages kept under an earlier counter can never match.
        self.client.set(self.generation_key, secrets.randbelow(2**52), nx=True)

    def generation(self) -> int | None:
        try:
            value = self.client.get(self.generation_key)
            if value is None:
                self._start_generation()
                value = self.client.get(self.generation_key)
            return int(value)
        except Exception as error:  # noqa: BLE001 - without the number, no page is served
            log.warning("page cache: Redis unavailable (%s); pages are rendered", error)
            return None

    def raise_generation(self) -> None:
        try:
            if not self.client.exists(self.generation_key):
                self._start_generation()
            self.client.incr(self.generation_key)
        except Exception as error:  # noqa: BLE001
            log.error(
                "page cache: could not raise the generation (%s); pages may be up to "
                "PAGE_CACHE_SECONDS old",
                error,
            )

    def clear(self) -> None:
        try:
            keys = list(self.client.scan_iter(f"page:{self.prefix}:*", count=1000))
            if keys:
                self.client.delete(*keys)
        except Exception as error:  # noqa: BLE001
            log.warning("page cache: Redis unavailable (%s); its pages expire by themselves", error)

    def get(self, key: str) -> bytes | None:
        try:
            return self.client.get(key)
        except Exception as error:  # noqa: BLE001 - the cache must never fail a request
            log.warning("page cache: Redis unavailable (%s); the page is rendered", error)
            return None

    def set(self, key: str, page: bytes) -> None:
        try:
            self.client.set(key, page, ex=self.seconds)
        except Exception as error:  # noqa: BLE001
            log.warning("page cache: Redis unavailable (%s); the page is not kept", error)


def init_app(app: Flask) -> None:
    config = app.config
    # Two portals (or data sets, or schemas of one database) sharing one Redis must not
    # share pages.
    database = repr((config["SQLALCHEMY_DATABASE_URI"], config.get("SQLALCHEMY_ENGINE_OPTIONS")))
    config.setdefault("PAGE_CACHE_PREFIX", hashlib.sha256(database.encode()).hexdigest()[:12])
    redis_url = config.get("REDIS_URL")
    store = (
        RedisStore(redis_url, config["PAGE_CACHE_SECONDS"], config["PAGE_CACHE_PREFIX"])
        if redis_url
        else MemoryStore(config["PAGE_CACHE_MAX_BYTES"])
    )
    app.extensions["page_cache"] = store
    with app.app_context():
        register_write_listeners()


def clear(app: Flask) -> None:
    """Forget every stored page of this portal (after a restore brought old data back).

    Without Redis the restored database also brought back an old generation, one that
    browsers may hold tags for and that new writes would count up to again: it starts
    afresh at a random number. (With Redis, clearing drops the counter itself.)
    """
    store = app.extensions["page_cache"]
    store.clear()
    if not isinstance(store, RedisStore):
        with app.app_context():
            _set_generation(db.session, _fresh_generation())
            db.session.commit()


# -- serving -----------------------------------------------------------------------------


def _cache_key(generation: int) -> str:
    from flask_babel import get_locale

    kind = "fragment" if htmx else "page"
    return (
        f"page:{current_app.config['PAGE_CACHE_PREFIX']}:{generation}:{get_locale()}:"
        f"{local_today().isoformat()}:{kind}:{request.full_path}"
    )


def _may_use_cache() -> bool:
    return (
        current_app.config["PAGE_CACHE"]
        and request.method in ("GET", "HEAD")
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def _with_token(page: bytes) -> bytes:
    g.pop("csrf_token", None)
    return page.replace(TOKEN_PLACEHOLDER.encode(), generate_csrf().encode())


def _etag(key: str) -> str | None:
    """The validator of the page under `key` as this visitor holds it, or None before the
    visitor has a session token.

    The copy a browser keeps carries the visitor's CSRF token, so the tag names the session's
    token too (a new session must not get a 304 for a page with the old session's token) and
    a time window half as long as a token lives (a kept copy's token is still valid when the
    tag matches).
    """
    secret = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if not secret:
        return None
    lifetime = current_app.config.get("WTF_CSRF_TIME_LIMIT") or 0
    window = int(time.time() // (lifetime / 2)) if lifetime else 0
    return hashlib.sha256(f"{key}|{secret}|{window}".encode()).hexdigest()[:32]


def _validated(response, etag: str | None):
    """Tag the page and tell browsers (not shared caches) to keep it and ask again."""
    if etag:
        response.set_etag(etag, weak=True)
        response.cache_control.no_cache = True
        response.cache_control.private = True
    return response


def cached_for_visitors(view):
    """Serve the view's page from the cache to visitors who are not signed in; a browser
    that still holds the page gets 304 Not Modified (ETag)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        # Signed-in readers get the page's kept parts under the same generation.
        _read_generation_first()
        if not _may_use_cache():
            return view(*args, **kwargs)
        generation = page_generation()
        if generation is None:
            return view(*args, **kwargs)
        store = current_app.extensions["page_cache"]
        key = _cache_key(generation)
        etag = _etag(key)
        if (
            etag
            and not request.if_none_match.star_tag
            and request.if_none_match.contains_weak(etag)
        ):
            # The tag the browser holds, not one worked out again: a new time window may
            # have begun in between, and the kept page's token belongs to the old one.
            return _validated(current_app.response_class(status=304), etag)
        page = store.get(key)
        if page is not None:
            response = current_app.response_class(_with_token(page), mimetype="text/html")
            response.headers["X-Page-Cache"] = "hit"
            return _validated(response, _etag(key))
        g.csrf_token = TOKEN_PLACEHOLDER
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except Exception:
            g.pop("csrf_token", None)  # the error page gets the visitor's own token
            raise
        if response.status_code != 200 or response.mimetype != "text/html":
            # Not stored; the placeholder must not reach the visitor either.
            if not response.direct_passthrough and response.mimetype == "text/html":
                response.set_data(_with_token(response.get_data()))
            return response
        page = response.get_data()
        store.set(key, page)
        response.set_data(_with_token(page))
        response.headers["X-Page-Cache"] = "miss"
        return _validated(response, _etag(key))

    return wrapper
