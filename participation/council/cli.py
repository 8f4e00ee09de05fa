"""`flask council sync`: refresh the local copy of the council's papers now."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from participation.council import sync as council_sync

council_cli = AppGroup("council", help="Council papers from the OParl endpoint (OPARL_URL).")


@council_cli.command("sync")
@click.option("--full", is_flag=True, help="Read every paper, not only those changed.")
def sync_command(full):
    """Fetch the papers changed since the last successful run (or all with --full)."""
    outcome = council_sync.sync(full=full)
    if not outcome.ok:
        raise click.ClickException(f"council sync failed: {outcome.error}")
    click.echo(f"papers: {outcome.papers}, deleted: {outcome.deleted}")
