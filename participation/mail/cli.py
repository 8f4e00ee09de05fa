"""`flask mail send-pending`: deliver what waits in the outbox (run it from cron)."""

import click
from flask.cli import AppGroup

from participation.mail.services import send_pending

mail_cli = AppGroup("mail", help="The mail outbox.")


@mail_cli.command("send-pending")
@click.option("--limit", default=500, show_default=True)
def send_pending_command(limit):
    """Deliver due mails; failed ones are retried later with back-off."""
    sent, failed = send_pending(limit=limit)
    click.echo(f"sent: {sent}, failed: {failed}")
