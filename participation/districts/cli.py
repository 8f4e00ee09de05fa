"""`flask reference load`: the districts and action fields, idempotent."""

import click
from flask.cli import AppGroup

from participation.districts.services import load_reference_data

reference_cli = AppGroup("reference", help="Reference data (districts, action fields).")


@reference_cli.command("load")
def load_command():
    """Load or update districts, quarters and action fields from the shipped data files."""
    result = load_reference_data()
    click.echo(
        f"districts added: {result.districts_added}, quarters added: {result.quarters_added}, "
        f"action fields added: {result.action_fields_added}"
    )
