"""`flask privacy purge` (storage limits, by hand) and `flask users delete` (an account, on
request). The latter joins the accounts' `users` group from here, so the accounts' own
command module stays as it is."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from participation.accounts.cli import users_cli
from participation.accounts.services import find_by_email
from participation.core.errors import DomainError
from participation.privacy import deletion, retention

privacy_cli = AppGroup("privacy", help="Storage limits and account deletion.")


@privacy_cli.command("purge")
def purge_command():
    """Apply every storage limit now (the scheduler does it every hour) and say what went."""
    for name, count in retention.purge().items():
        click.echo(f"{name}: {count}")


@users_cli.command("delete")
@click.argument("email")
@click.option(
    "--contributions",
    is_flag=True,
    help="Also replace the account's proposals and comments with a tombstone.",
)
@click.option("--reason", default="", help="Why (kept in the account's audit log).")
def delete_command(email, contributions, reason):
    """Delete an account on its owner's request: personal data go at once; contributions
    stay as "gelöschtes Konto" unless --contributions is given."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with e-mail {email}")
    try:
        result = deletion.delete_account(
            actor=None, user=user, delete_contributions=contributions, reason=reason
        )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    what = "contributions deleted" if contributions else "contributions kept"
    click.echo(f"deleted account {result.user_id} ({what})")
