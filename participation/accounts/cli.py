"""`flask users ...`: create accounts and grant or revoke roles from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from participation.accounts import services
from participation.accounts.models import COUNCIL_ROLE, ROLES
from participation.core.errors import DomainError

# Roles that take --district (a council member without one sits on the city council).
DISTRICT_ROLES = ("district_manager", COUNCIL_ROLE)

users_cli = AppGroup("users", help="User accounts and role assignments.")


def _user_or_fail(email: str):
    user = services.find_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with e-mail {email}")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--password", required=True, help="12 to 128 characters.")
@click.option(
    "--pseudonym", default=None, help="Public name; defaults to the address's local part."
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLES),
    default=["resident"],
    show_default=True,
)
@click.option("--district", "district_code", default=None, help='District code, e.g. "10".')
@click.option("--organisation", "organisation_slug", default=None, help="Organisation slug.")
@click.option("--verified", is_flag=True, help="Mark the e-mail address as verified.")
def create_command(email, password, pseudonym, roles, district_code, organisation_slug, verified):
    """Create an account with one or more roles."""
    try:
        user = services.create_user(
            email=email, password=password, pseudonym=pseudonym, verified=verified
        )
        for role in roles:
            services.grant_role(
                actor=None,
                user=user,
                role=role,
                district_code=district_code if role in DISTRICT_ROLES else None,
                organisation_slug=organisation_slug if role == "partner_member" else None,
            )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"created {user.email} ({user.pseudonym}) with roles: {', '.join(roles)}")


def _role_command(name: str, change, past: str, help_text: str):
    """`users grant` and `users revoke` take the same arguments and differ in the service."""

    @users_cli.command(name, help=help_text)
    @click.argument("email")
    @click.option("--role", required=True, type=click.Choice(ROLES))
    @click.option("--district", "district_code", default=None, help='District code, e.g. "10".')
    @click.option("--organisation", "organisation_slug", default=None, help="Organisation slug.")
    def command(email, role, district_code, organisation_slug):
        try:
            change(
                actor=None,
                user=_user_or_fail(email),
                role=role,
                district_code=district_code,
                organisation_slug=organisation_slug,
            )
        except DomainError as error:
            raise click.ClickException(error.message) from error
        click.echo(f"{past} {role}: {email}")

    return command


grant_command = _role_command("grant", services.grant_role, "granted", "Give an account a role.")
revoke_command = _role_command(
    "revoke", services.revoke_role, "revoked", "Take a role away from an account."
)


@users_cli.command("purge-unverified")
@click.option("--days", default=30, show_default=True, help="Age of unconfirmed accounts.")
def purge_unverified_command(days):
    """Delete accounts whose e-mail address was not confirmed within DAYS (run it daily)."""
    click.echo(f"deleted unconfirmed accounts: {services.purge_unverified(older_than_days=days)}")
