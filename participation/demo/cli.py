"""`flask seed-demo`."""

import click

from participation.demo.services import DEMO_PASSWORD, seed_demo


@click.command("seed-demo")
def seed_demo_command():
    """Load reference data and demo content (idempotent) and print the demo accounts."""
    accounts = seed_demo()
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for account in accounts:
        scope = account.district or account.organisation or ""
        click.echo(f"  {account.role:<17} {account.email:<30} {scope}")
