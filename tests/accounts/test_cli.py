"""`flask users create|grant|revoke` and `flask seed-demo`."""

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.accounts.services import find_by_email
from participation.demo.dialogue import DEMO_RESIDENTS
from participation.demo.marketplace import COMPANIES
from participation.demo.network import ORGANISATIONS
from participation.demo.services import DEMO_ACCOUNTS


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_create_with_scoped_role(app, db):
    result = run(
        app,
        "users",
        "create",
        "bm@example.org",
        "--password",
        "ein langes Passwort",
        "--role",
        "district_manager",
        "--district",
        "07",
        "--verified",
    )
    assert result.exit_code == 0, result.output
    user = find_by_email("bm@example.org")
    assert user.is_verified and user.has_role("district_manager")
    assert {a.district.name for a in user.roles} == {"Südstadt-Bult"}


def test_create_refuses_bad_input_clearly(app, db, make_organisation):
    short = run(app, "users", "create", "a@example.org", "--password", "kurz")
    assert short.exit_code != 0 and "12 bis 128" in short.output
    unknown = run(
        app,
        "users",
        "create",
        "b@example.org",
        "--password",
        "ein langes Passwort",
        "--role",
        "partner_member",
        "--organisation",
        "gibt-es-nicht",
    )
    assert unknown.exit_code != 0 and "gibt-es-nicht" in unknown.output
    assert db.session.scalar(select(func.count(User.id))) == 1, "the account exists, the role not"
    org = make_organisation(slug="forum")
    ok = run(
        app,
        "users",
        "grant",
        "b@example.org",
        "--role",
        "partner_member",
        "--organisation",
        org.slug,
    )
    assert ok.exit_code == 0, ok.output


def test_grant_and_revoke(app, make_user):
    user = make_user()
    assert run(app, "users", "grant", user.email, "--role", "coordinator").exit_code == 0
    again = run(app, "users", "grant", user.email, "--role", "coordinator")
    assert again.exit_code != 0 and "bereits" in again.output
    assert run(app, "users", "revoke", user.email, "--role", "coordinator").exit_code == 0
    missing = run(app, "users", "revoke", "nobody@example.org", "--role", "admin")
    assert missing.exit_code != 0 and "no account" in missing.output


def test_seed_demo_is_idempotent_and_prints_accounts(app, db):
    first = run(app, "seed-demo")
    assert first.exit_code == 0, first.output
    assert "koordination@example.org" in first.output and "demo-passwort-2026" in first.output
    count = db.session.scalar(select(func.count(User.id)))
    assert run(app, "seed-demo").exit_code == 0
    # The demo accounts, the demo residents, a contact for every demo organisation but the
    # one the demo partner account speaks for, and a member of each demo company.
    expected = len(DEMO_ACCOUNTS) + len(DEMO_RESIDENTS) + len(ORGANISATIONS) - 1 + len(COMPANIES)
    assert db.session.scalar(select(func.count(User.id))) == count == expected
    admin = find_by_email("admin@example.org")
    assert admin.has_role("admin") and admin.is_verified


def test_default_pseudonyms_are_valid_and_free(app):
    run(app, "users", "create", "bm@example.org", "--password", "ein langes Passwort")
    run(app, "users", "create", "bm@example.net", "--password", "ein langes Passwort")
    names = {find_by_email(e).pseudonym for e in ("bm@example.org", "bm@example.net")}
    assert names == {"Konto bm", "Konto bm 2"}


def test_purge_unverified_keeps_recent_and_verified_accounts(app, db, make_user):
    from datetime import timedelta

    from participation.core import clock

    old_unverified, old_verified = make_user(verified=False), make_user(verified=True)
    for user in (old_unverified, old_verified):
        user.created_at = clock.utcnow() - timedelta(days=31)
    db.session.commit()
    recent = make_user(verified=False)
    ids = (old_unverified.id, old_verified.id, recent.id)
    result = run(app, "users", "purge-unverified")
    assert result.exit_code == 0 and "deleted unconfirmed accounts: 1" in result.output
    db.session.expire_all()
    remaining = set(db.session.scalars(select(User.id).where(User.id.in_(ids))))
    assert remaining == {old_verified.id, recent.id}
