"""Sign-in guessing is stopped without locking the owner out.

Two counts of wrong passwords, both within SIGN_IN_WINDOW_MINUTES, both kept as hashes:

- per account and client address: after SIGN_IN_CLIENT_FAILURES that client may not try
  this account again until the window has passed. A guesser on one address stops there;
  the owner elsewhere is not affected.
- per account, from every address: after SIGN_IN_ACCOUNT_FAILURES (someone guesses from
  many addresses) a correct password no longer signs in by itself. The portal mails a
  one-time sign-in link to the account's address instead; whoever holds the mailbox is
  the owner. The guesser learns nothing, because the answer to a correct password is the
  same notice a wrong one gets while the account is under attack.

Wrong codes at the second step count per account, from every address, under a key of
their own: after TWO_FACTOR_MAX_ATTEMPTS the account's pending sign-ins start again.

The per-address limit of Flask-Limiter (RATELIMIT_LOGIN) still caps each client overall.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from participation.accounts.models import SignInFailure
from participation.core.clock import utcnow
from participation.core.text import normalise_email
from participation.extensions import db


def _digest(value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hashlib.blake2b(
        value.encode("utf-8", "surrogatepass"), key=key[:64], digest_size=12
    ).hexdigest()


def account_key(email: str) -> str:
    """The hash an address is counted under (never the address itself)."""
    return _digest("account:" + normalise_email(email or ""))


def client_key(address: str | None) -> str:
    return _digest("client:" + (address or "unknown"))


def _since():
    return utcnow() - timedelta(minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"])


def client_blocked(email: str, address: str | None) -> bool:
    """Whether this client has used up its tries on this account for now."""
    count = db.session.scalar(
        select(func.count(SignInFailure.id)).where(
            SignInFailure.account_key == account_key(email),
            SignInFailure.client_key == client_key(address),
            SignInFailure.created_at >= _since(),
        )
    )
    return count >= current_app.config["SIGN_IN_CLIENT_FAILURES"]


def account_under_attack(email: str) -> bool:
    """Whether wrong passwords from everywhere reached the account's threshold."""
    count = db.session.scalar(
        select(func.count(SignInFailure.id)).where(
            SignInFailure.account_key == account_key(email),
            SignInFailure.created_at >= _since(),
        )
    )
    return count >= current_app.config["SIGN_IN_ACCOUNT_FAILURES"]


def record_failure(email: str, address: str | None) -> None:
    """Count one wrong password (in its own commit: the refusal must not roll it back)."""
    db.session.rollback()
    db.session.add(
        SignInFailure(
            account_key=account_key(email), client_key=client_key(address), created_at=utcnow()
        )
    )
    db.session.commit()


def forget_failures(email: str, address: str | None) -> None:
    """After a successful sign-in this client starts again from zero (the caller commits)."""
    db.session.execute(
        SignInFailure.__table__.delete().where(
            SignInFailure.account_key == account_key(email),
            SignInFailure.client_key == client_key(address),
        )
    )


def _code_key(user) -> str:
    return _digest(f"code:{user.id}")


def code_attempts_used_up(user) -> bool:
    count = db.session.scalar(
        select(func.count(SignInFailure.id)).where(
            SignInFailure.account_key == _code_key(user),
            SignInFailure.created_at >= _since(),
        )
    )
    return count >= current_app.config["TWO_FACTOR_MAX_ATTEMPTS"]


def record_code_failure(user) -> None:
    """Count one wrong code (in its own commit, like a wrong password)."""
    db.session.rollback()
    db.session.add(SignInFailure(account_key=_code_key(user), client_key="", created_at=utcnow()))
    db.session.commit()


def forget_code_failures(user) -> None:
    db.session.execute(
        SignInFailure.__table__.delete().where(SignInFailure.account_key == _code_key(user))
    )
