"""Database base class, constraint naming convention and UTC timestamps."""

from __future__ import annotations

import contextlib
import hashlib
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from participation.core.clock import utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timestamp that is always stored and returned as timezone-aware UTC.

    SQLite has no time zones, so values are stored as naive UTC there and made
    aware again on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not accepted; use core.clock.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Model(DeclarativeBase):
    """Declarative base for every table."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class TimestampMixin:
    """created_at / updated_at columns kept by the ORM."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class lower_text(FunctionElement):  # noqa: N801 - reads as the SQL function it stands for
    """lower() that lower-cases every letter on both engines: SQLite's own lower() knows
    only ASCII ("Überweg" stayed "Überweg"), so there it calls Python's str.lower."""

    type = String()
    inherit_cache = True


@compiles(lower_text)
def _lower_text(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(lower_text, "sqlite")
def _lower_text_sqlite(element, compiler, **kw):
    return f"py_lower({compiler.process(element.clauses, **kw)})"


def _py_lower(value):
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Foreign keys on and WAL; how long writers wait for each other is `set_timeouts`'."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    dbapi_connection.create_function("py_lower", 1, _py_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # In-memory and read-only databases keep their journal mode.
    with contextlib.suppress(Exception):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def set_timeouts(engine, *, lock_ms: int, statement_ms: int) -> None:
    """Every new connection of `engine` waits at most `lock_ms` for a lock and (PostgreSQL)
    runs a statement at most `statement_ms`; past that the request answers 503."""

    def apply(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor.execute(f"PRAGMA busy_timeout={int(lock_ms)}")
        else:
            cursor.execute(f"SET lock_timeout = {int(lock_ms)}")
            cursor.execute(f"SET statement_timeout = {int(statement_ms)}")
        cursor.close()
        if not type(dbapi_connection).__module__.startswith("sqlite3"):
            dbapi_connection.commit()

    event.listen(engine, "connect", apply)


def dialect_insert(session):
    """The session's engine's INSERT construct, which knows ON CONFLICT (PostgreSQL and
    SQLite spell it alike, but SQLAlchemy keeps one construct per dialect)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def insert_ignoring_duplicates(session, model, **values) -> bool:
    """INSERT a row unless a unique constraint already holds one like it; True if inserted.

    ON CONFLICT DO NOTHING on both engines: a concurrent duplicate waits for the first
    writer and then inserts nothing, so no request ever fails on the race.
    """
    return insert_returning_id(session, model, **values) is not None


def insert_returning_id(session, model, **values) -> int | None:
    """`insert_ignoring_duplicates` that answers with the new row's id (None if a row like
    it was there)."""
    now = utcnow()
    for stamp in ("created_at", "updated_at"):
        if stamp in model.__table__.c:
            values.setdefault(stamp, now)
    statement = dialect_insert(session)(model).values(**values).on_conflict_do_nothing()
    # RETURNING says reliably whether a row was written (rowcount is not, on every driver).
    return session.execute(statement.returning(model.id)).scalar()


def upsert(session, model, *, keys: tuple[str, ...], **values) -> None:
    """INSERT a row, or UPDATE the one whose unique `keys` it shares (ON CONFLICT DO UPDATE
    on both engines): one statement, so two requests at once leave one row."""
    upsert_rows(session, model, keys=keys, rows=[values])


def upsert_rows(session, model, *, keys: tuple[str, ...], rows: list[dict]) -> None:
    """`upsert` for many rows in one statement (every row names the same columns)."""
    if not rows:
        return
    now = utcnow()
    rows = [{"created_at": now, "updated_at": now, **row} for row in rows]
    statement = dialect_insert(session)(model).values(rows)
    changes = {
        name: statement.excluded[name] for name in rows[0] if name not in (*keys, "created_at")
    }
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changes))


def unique_slug(session, column, base: str) -> str:
    """`base`, or `base-2`, `base-3` … : the first value `column` does not hold yet (one
    query for all the taken ones)."""
    from sqlalchemy import or_, select

    taken = set(
        session.scalars(select(column).where(or_(column == base, column.like(f"{base}-%"))))
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def bump_counter(session, model, row_id: int, column: str, delta: int) -> None:
    """Move a stored counter in the database itself (`column = column + delta`), so
    concurrent transactions add up instead of overwriting each other."""
    from sqlalchemy import update

    session.execute(
        update(model)
        .where(model.id == row_id)
        .values({column: getattr(model, column) + delta})
        .execution_options(synchronize_session=False)
    )
    # A copy of the row this session holds reads the counter again when next asked.
    held = session.identity_map.get(session.identity_key(model, row_id))
    if held is not None:
        session.expire(held, [column])


def lock_row(session, model, row_id: int) -> None:
    """Lock a row for the rest of the transaction (PostgreSQL; SQLite has one writer anyway).

    Services that change counters on several rows lock the process first, so concurrent
    transactions always take their locks in the same order and cannot deadlock.
    """
    from sqlalchemy import select

    session.execute(select(model.id).where(model.id == row_id).with_for_update())


def submission_key(submission: str | None, *parts: str) -> str | None:
    """What makes two submissions the same: the form's random key and what was written.
    The same form sent twice gives the same key; a form changed and sent again does not."""
    if not submission:
        return None
    digest = hashlib.sha256(submission.encode())
    for part in parts:
        digest.update(b"\0" + (part or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40]


def earlier_submission(session, model, author_id: int, key: str | None):
    """The record an author already made from the same submission (`submission_key`)."""
    if key is None:
        return None
    from sqlalchemy import select

    return session.scalar(
        select(model).where(model.author_id == author_id, model.submission_key == key)
    )


def insert_once(session, record, *, then=lambda: None):
    """Add `record` (with `author_id` and `submission_key`), run `then` (its counters) and
    commit; if a concurrent request committed the same submission first (the unique index
    refuses ours), roll back and return that one instead. Returns (record, created)."""
    from sqlalchemy.exc import IntegrityError

    model, author_id, key = type(record), record.author_id, record.submission_key
    try:
        session.add(record)
        session.flush()
        then()
        commit_keeping_loaded(session)
    except IntegrityError:
        session.rollback()
        existing = earlier_submission(session, model, author_id, key)
        if existing is None:
            raise
        return existing, False
    return record, True


def commit_keeping_loaded(session) -> None:
    """Commit without expiring what the session holds.

    For writes whose request goes on only with what it has just written or read (its
    redirect, the notification's event, the signed-in user): by default every object would
    be read again on its next use, several queries for nothing. Counters moved in the
    database (bump_counter) are expired one by one, so they are still read afresh.
    """
    real = session() if callable(session) else session
    expiring = real.expire_on_commit
    real.expire_on_commit = False
    try:
        real.commit()
    finally:
        real.expire_on_commit = expiring
