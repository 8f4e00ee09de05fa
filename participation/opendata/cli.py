"""`flask opendata generate`: write the open-data files now."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from participation.opendata import generate

opendata_cli = AppGroup("opendata", help="Open data: CSV, JSON and the DCAT-AP.de catalogue.")


@opendata_cli.command("generate")
def generate_command():
    """Write every dataset and the catalogue into OPENDATA_FOLDER (the scheduler does it
    every OPENDATA_REGENERATE_MINUTES as well)."""
    started = time.perf_counter()
    manifest = generate.generate()
    for slug, described in manifest["datasets"].items():
        click.echo(f"{slug}: {described['rows']} rows")
    click.echo(
        f"written to {generate.folder() / manifest['directory']} "
        f"in {time.perf_counter() - started:.1f} s"
    )
