"""`flask network remind`: tell the office and the partners that a speaker term ends
(run it daily from cron; each term is reminded of once)."""

import click
from flask.cli import AppGroup

from participation.network.elections import remind_term_end

network_cli = AppGroup("network", help="The civic-engagement network.")


@network_cli.command("remind")
def remind_command():
    """Mail the office and every active partner's contact when the elected seats' term
    ends within NETWORK_TERM_REMINDER_DAYS."""
    click.echo(f"reminders: {remind_term_end()}")
