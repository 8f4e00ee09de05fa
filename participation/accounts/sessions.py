"""Signed-in sessions the person can see and end (/konto/sitzungen).

A sign-in creates a row with the hash of a random key. The key travels in the session
identity (`user id : session version : key`), which Flask-Login keeps in the session
cookie and in the remember-me cookie alike: deleting the row ends both on that device.
The session version on the user stays the switch that ends every session at once.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
from datetime import timedelta

from flask import g
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from participation.accounts.models import AccountSession, RoleAssignment, User
from participation.core.clock import utcnow
from participation.districts.models import District
from participation.extensions import db

# last_seen_at is written at most this often per session (one UPDATE, not one per request).
TOUCH_INTERVAL = timedelta(minutes=5)

_BROWSERS = (
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chromium", re.compile(r"Chromium/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/")),
    ("Safari", re.compile(r"Safari/")),
)
_SYSTEMS = (
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Macintosh|Mac OS X")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux|X11")),
)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def describe_device(user_agent: str | None) -> str:
    """ "Firefox auf Windows": the browser and the system, nothing that singles one out."""
    agent = (user_agent or "")[:1000]
    browser = next((name for name, pattern in _BROWSERS if pattern.search(agent)), "")
    system = next((name for name, pattern in _SYSTEMS if pattern.search(agent)), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or ""


def network_of(address: str | None) -> str:
    """The client's network without its host part: 192.0.2.0/24 or 2001:db8:1::/48."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def start(user: User, *, user_agent: str | None, address: str | None) -> str:
    """Record a new session and return its key (the caller commits)."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        AccountSession(
            user_id=user.id,
            key_hash=_hash(key),
            version=user.session_version,
            created_at=now,
            last_seen_at=now,
            device=describe_device(user_agent)[:120],
            network=network_of(address),
        )
    )
    return key


def identity(user: User, key: str) -> str:
    return f"{user.id}:{user.session_version}:{key}"


def load(identity_value: str) -> User | None:
    """The user of a live session with their roles, in one query; None when the session was
    ended."""
    user_id, version, key = (identity_value.split(":", 2) + ["", ""])[:3]
    if not (user_id.isdigit() and version.isdigit() and key) or len(key) > 100:
        return None
    row = (
        db.session.execute(
            select(User, AccountSession.id, AccountSession.last_seen_at)
            .join(AccountSession, AccountSession.user_id == User.id)
            .where(
                User.id == int(user_id),
                User.session_version == int(version),
                User.deleted_at.is_(None),
                AccountSession.key_hash == _hash(key),
                AccountSession.version == User.session_version,
            )
            # Permissions ask for the roles on almost every page; a manager's district comes
            # with them, its quarters are not needed.
            .options(
                joinedload(User.roles)
                .joinedload(RoleAssignment.district)
                .lazyload(District.quarters)
            )
        )
        .unique()
        .first()
    )
    if row is None:
        return None
    user, session_id, last_seen = row
    user.session_key = key
    g.account_session_id = session_id
    if utcnow() - last_seen > TOUCH_INTERVAL:
        g.touch_account_session = session_id
    return user


def touch_after_request(response):
    """after_request: note when a session was last used (at most every few minutes)."""
    session_id = g.pop("touch_account_session", None)
    if session_id is not None and response.status_code < 500:
        db.session.rollback()
        db.session.execute(
            update(AccountSession)
            .where(AccountSession.id == session_id)
            .values(last_seen_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return response


def current_id() -> int | None:
    return g.get("account_session_id")


def of(user: User) -> list[AccountSession]:
    """The user's live sessions, the most recently used first."""
    return list(
        db.session.scalars(
            select(AccountSession)
            .where(
                AccountSession.user_id == user.id,
                AccountSession.version == user.session_version,
            )
            .order_by(AccountSession.last_seen_at.desc(), AccountSession.id.desc())
        )
    )


def end(*, actor: User, session_id: int) -> bool:
    """End one of the actor's own sessions; False if there was none with this id."""
    ended = db.session.execute(
        delete(AccountSession).where(
            AccountSession.id == session_id, AccountSession.user_id == actor.id
        )
    ).rowcount
    db.session.commit()
    return ended == 1


def carry_over(user: User) -> None:
    """Keep the current session alive across a bump of the user's session version (after
    setting up a second factor, every other session ends; this one goes on). The caller
    commits and signs the user in again so the cookie holds the new version."""
    session_id = current_id()
    if session_id is not None:
        db.session.execute(
            update(AccountSession)
            .where(AccountSession.id == session_id, AccountSession.user_id == user.id)
            .values(version=user.session_version)
            .execution_options(synchronize_session=False)
        )


def purge(*, idle_before) -> int:
    """Forget sessions unused since `idle_before` or ended everywhere (the caller commits)."""
    stale_version = (
        select(User.id)
        .where(User.id == AccountSession.user_id, User.session_version != AccountSession.version)
        .exists()
    )
    return db.session.execute(
        delete(AccountSession).where((AccountSession.last_seen_at < idle_before) | stale_version)
    ).rowcount


def end_all_rows(user: User) -> None:
    """Forget every session row of the user (the caller bumps the version and commits)."""
    db.session.execute(delete(AccountSession).where(AccountSession.user_id == user.id))
