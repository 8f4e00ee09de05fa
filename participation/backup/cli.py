"""`flask backup [FILE]` and `flask restore FILE`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.backup.services import BackupError, backup, restore


def _summary(counts: dict[str, int]) -> str:
    rows = sum(counts.values())
    return f"{len(counts)} tables, {rows:,} rows" if counts else "see pg_restore --list"


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path | None):
    """Back up the database while the portal runs (default: instance/backups/<time>)."""
    if target is None:
        suffix = (
            "sqlite3"
            if current_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
            else "dump"
        )
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = Path(current_app.instance_path) / "backups" / f"portal-{stamp}.{suffix}"
    try:
        snapshot = backup(target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written: {snapshot.path} ({_summary(snapshot.counts)}; integrity ok)")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask; the live data is replaced.")
@with_appcontext
def restore_command(source: Path, yes: bool):
    """Replace the database's content with a backup (stop the app servers first)."""
    if not yes:
        click.confirm(f"Replace all data with {source}?", abort=True)
    try:
        snapshot = restore(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored from {snapshot.path}: {_summary(snapshot.counts)}; page cache emptied")
