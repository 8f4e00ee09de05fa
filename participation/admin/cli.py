"""`flask users block|unblock|reset-2fa`: the administration's steps from the command line,
through the same services (logged with no actor)."""

from __future__ import annotations

import click

from participation.accounts.cli import _user_or_fail, users_cli
from participation.admin import services
from participation.admin.services import BLOCK_CHOICES
from participation.core.errors import DomainError


def _run(action) -> None:
    try:
        action()
    except DomainError as error:
        raise click.ClickException(error.message) from error


@users_cli.command("reset-2fa")
@click.argument("email")
@click.option("--reason", required=True, help="How the person's identity was checked.")
def reset_two_factor_command(email, reason):
    """Remove an account's second factor (the person lost their device and codes)."""
    user = _user_or_fail(email)
    _run(lambda: services.reset_two_factor(actor=None, user=user, reason=reason))
    click.echo(f"second factor reset: {email}")


@users_cli.command("block")
@click.argument("email")
@click.option(
    "--duration",
    required=True,
    type=click.Choice([value for value, _label in BLOCK_CHOICES]),
    help="Days, or 'immer' for good.",
)
@click.option("--reason", required=True, help="Sent to the person.")
def block_command(email, duration, reason):
    """Block an account: it may read but not write."""
    user = _user_or_fail(email)
    _run(lambda: services.block(actor=None, user=user, duration=duration, reason=reason))
    click.echo(f"blocked: {email}")


@users_cli.command("unblock")
@click.argument("email")
def unblock_command(email):
    """Lift an account's block."""
    user = _user_or_fail(email)
    _run(lambda: services.unblock(actor=None, user=user))
    click.echo(f"unblocked: {email}")
