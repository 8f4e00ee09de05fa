"""Copy the database to a file and back, with the same rows and a working app afterwards.

SQLite: the online backup API copies a consistent snapshot while the portal keeps
writing; the copy is checked with PRAGMA integrity_check before it counts as a backup,
and again before it is restored. PostgreSQL: pg_dump's custom format (one snapshot of the
app's schema) and pg_restore into an emptied schema, in one transaction.

A restore brings an older content generation back, so the shared page cache is emptied
afterwards; stop the app servers while restoring.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from participation.core import pagecache
from participation.extensions import db


class BackupError(RuntimeError):
    """The backup or restore did not happen; the message says why."""


@dataclass
class Snapshot:
    path: Path
    counts: dict[str, int]


def _dialect() -> str:
    return db.engine.dialect.name


def table_counts(names: list[str] | None = None) -> dict[str, int]:
    """Rows per table of the live database (all tables, or the ones named)."""
    names = names or sorted(inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        return {
            name: connection.scalar(text(f'SELECT COUNT(*) FROM "{name}"'))  # noqa: S608
            for name in names
        }


def _sqlite_path() -> Path:
    database = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(database)


def _check_sqlite(path: Path) -> dict[str, int]:
    """integrity_check on a copy, then its rows per table."""
    try:
        return _read_sqlite(path)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a sound SQLite database: {error}") from error


def _read_sqlite(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as copy:
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"{path} failed the integrity check: {verdict}")
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {
            name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in names
        }
    copy.close()
    return counts


def _postgres() -> tuple[str, str]:
    """libpq's address of the database and the app's schema."""
    url = db.engine.url.set(drivername="postgresql")
    with db.engine.connect() as connection:
        schema = connection.scalar(text("SELECT current_schema()"))
    return url.render_as_string(hide_password=False), schema


def _run(command: list[str]) -> None:
    if not shutil.which(command[0]):
        raise BackupError(f"{command[0]} is missing (Debian: apt-get install postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 - fixed tools
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def backup(target: Path) -> Snapshot:
    """Write a backup of the live database to `target` (not overwriting a file)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists; choose a new name")
    target.parent.mkdir(parents=True, exist_ok=True)
    if _dialect() == "sqlite":
        source = sqlite3.connect(_sqlite_path(), timeout=30)
        destination = sqlite3.connect(target)
        try:
            # One step: the copy is the database as of one moment, writers wait briefly.
            source.backup(destination, pages=-1)
        finally:
            destination.close()
            source.close()
        return Snapshot(target, _check_sqlite(target))
    address, schema = _postgres()
    _run(["pg_dump", "--format=custom", f"--schema={schema}", f"--file={target}", address])
    return Snapshot(target, {})


def restore(source: Path) -> Snapshot:
    """Replace the live database's content with the backup at `source`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    db.session.remove()
    db.engine.dispose()
    if _dialect() == "sqlite":
        counts = _check_sqlite(source)
        backup_copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(_sqlite_path(), timeout=30)
        try:
            backup_copy.backup(live, pages=-1)
        finally:
            live.close()
            backup_copy.close()
    else:
        address, schema = _postgres()
        db.engine.dispose()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={address}",
                source.as_posix(),
            ]
        )
        counts = {}
    db.engine.dispose()
    pagecache.clear(current_app)
    return Snapshot(source, counts or table_counts())
