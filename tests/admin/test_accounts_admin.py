"""The administration of accounts: search, roles with scope, block, reset of the second
factor, deletion on request; every step in the audit log; the command line alike."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from participation.accounts import two_factor
from participation.accounts.models import AccountAudit, AccountSession, TwoFactor, User
from participation.core import clock
from participation.core.clock import utcnow
from participation.extensions import db
from tests.accounts.helpers import mails_to
from tests.conftest import count_queries

REASON = "Antrag per Brief vom 1. Dezember, Ausweis geprüft."


@pytest.fixture
def admin_client(app, make_user):
    admin = make_user("admin")
    client = app.test_client()
    client.login(admin)
    client.admin = admin
    return client


def audit_actions(user) -> list[str]:
    return list(
        db.session.scalars(
            select(AccountAudit.action)
            .where(AccountAudit.user_id == user.id)
            .order_by(AccountAudit.id)
        )
    )


def give_totp(user) -> None:
    db.session.add(TwoFactor(user_id=user.id, secret=pyotp.random_base32(), confirmed_at=utcnow()))
    db.session.commit()


def test_search_by_address_or_public_name(admin_client, make_user):
    make_user(email="anna.beispiel@example.org", pseudonym="Anna aus Linden")
    make_user(email="bernd@example.org", pseudonym="Bernd")
    by_address = admin_client.get("/verwaltung/konten?q=ANNA.beispiel").get_data(as_text=True)
    assert "Anna aus Linden" in by_address and "Bernd" not in by_address
    by_name = admin_client.get("/verwaltung/konten?q=linden").get_data(as_text=True)
    assert "anna.beispiel@example.org" in by_name and "bernd@" not in by_name
    wildcard = admin_client.get("/verwaltung/konten?q=%25").get_data(as_text=True)
    assert "Kein Konto passt" in wildcard, "a LIKE wildcard matches only itself"


def test_the_account_list_has_a_fixed_number_of_queries(app, admin_client, make_user):
    admin_client.get("/verwaltung/konten")
    with count_queries(app) as few:
        admin_client.get("/verwaltung/konten")
    for index in range(12):
        make_user("district_manager" if index % 2 else "resident")
    with count_queries(app) as many:
        html = admin_client.get("/verwaltung/konten").get_data(as_text=True)
    assert "Stadtbezirksmanagement" in html
    assert many.count == few.count


def test_roles_are_granted_with_their_scope_and_revoked(admin_client, make_user):
    person = make_user()
    response = admin_client.post_form(
        f"/verwaltung/konten/{person.id}/rollen",
        {"role": "district_manager", "district": "03", "organisation": ""},
    )
    assert response.status_code == 303
    db.session.refresh(person)
    assert {(a.role, a.district.code if a.district else None) for a in person.roles} == {
        ("resident", None),
        ("district_manager", "03"),
    }
    assignment = next(a for a in person.roles if a.role == "district_manager")
    revoked = admin_client.post_form(
        f"/verwaltung/konten/{person.id}/rollen/{assignment.id}/entziehen"
    )
    assert revoked.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, person.id).role_names == {"resident"}
    assert audit_actions(person)[-2:] == ["grant_role", "revoke_role"]
    details = db.session.scalars(
        select(AccountAudit.detail).where(AccountAudit.user_id == person.id)
    ).all()
    assert "district_manager 03" in details


def test_a_district_manager_needs_a_district(admin_client, make_user):
    person = make_user()
    response = admin_client.post_form(
        f"/verwaltung/konten/{person.id}/rollen",
        {"role": "district_manager", "district": "", "organisation": ""},
    )
    assert response.status_code == 422
    assert "brauchen einen Bezirk" in response.get_data(as_text=True)
    assert db.session.get(User, person.id).role_names == {"resident"}


def test_role_changes_need_a_recent_sign_in(admin_client, make_user):
    person = make_user()
    clock.freeze(utcnow() + timedelta(minutes=11))
    response = admin_client.post_form(
        f"/verwaltung/konten/{person.id}/rollen",
        {"role": "coordinator", "district": "", "organisation": ""},
        headers={"Referer": f"http://localhost/verwaltung/konten/{person.id}"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/konto/bestaetigen?next=/verwaltung/konten/")
    assert db.session.get(User, person.id).role_names == {"resident"}


def test_block_and_unblock_are_mailed_and_logged(admin_client, make_user, mails):
    person = make_user()
    short = admin_client.post_form(
        f"/verwaltung/konten/{person.id}/sperren", {"duration": "7", "reason": "kurz"}
    )
    assert short.status_code == 422
    assert "10 bis 1.000 Zeichen" in short.get_data(as_text=True)
    assert (
        admin_client.post_form(
            f"/verwaltung/konten/{person.id}/sperren", {"duration": "7", "reason": REASON}
        ).status_code
        == 303
    )
    db.session.expire_all()
    assert db.session.get(User, person.id).is_blocked(utcnow())
    admin_client.post_form(f"/verwaltung/konten/{person.id}/entsperren")
    db.session.expire_all()
    assert not db.session.get(User, person.id).is_blocked(utcnow())
    subjects = [m["Subject"] for m in mails_to(mails, person.email)]
    assert subjects == ["Ihr Konto ist gesperrt", "Ihr Konto ist wieder freigeschaltet"]
    assert audit_actions(person)[-2:] == ["block", "unblock"]


def test_no_administrator_blocks_themselves(admin_client):
    response = admin_client.post_form(
        f"/verwaltung/konten/{admin_client.admin.id}/sperren",
        {"duration": "immer", "reason": REASON},
    )
    assert response.status_code == 409
    assert not db.session.get(User, admin_client.admin.id).is_blocked(utcnow())


def test_resetting_the_second_factor(app, admin_client, make_user, mails):
    person = make_user("district_manager")
    give_totp(person)
    device = app.test_client()
    device.sign_in(person)
    response = admin_client.post_form(
        f"/verwaltung/konten/{person.id}/zwei-faktor-zuruecksetzen", {"reason": REASON}
    )
    assert response.status_code == 303
    assert not two_factor.is_enabled(person)
    assert device.get("/konto").status_code == 302, "every session of the person ended"
    assert mails_to(mails, person.email)[-1]["Subject"] == (
        "Ihre Zwei-Faktor-Anmeldung wurde zurückgesetzt"
    )
    entry = db.session.scalars(
        select(AccountAudit).where(AccountAudit.user_id == person.id).order_by(AccountAudit.id)
    ).all()[-1]
    assert (entry.action, entry.actor_id, entry.detail) == (
        "reset_two_factor",
        admin_client.admin.id,
        REASON,
    )
    history = admin_client.get(f"/verwaltung/konten/{person.id}").get_data(as_text=True)
    assert "Zwei-Faktor-Anmeldung zurückgesetzt" in history


def test_deleting_an_account_on_request(admin_client, make_user):
    person = make_user()
    response = admin_client.post_form(
        f"/verwaltung/konten/{person.id}/loeschen", {"reason": REASON}
    )
    assert response.status_code == 303
    db.session.expire_all()
    deleted = db.session.get(User, person.id)
    assert deleted.deleted_at is not None and "@invalid" in deleted.email
    assert audit_actions(person)[-1] == "delete_account"
    assert admin_client.get(f"/verwaltung/konten/{person.id}").status_code == 404


def test_staff_accounts_are_not_deleted_until_their_roles_are_handed_over(admin_client, make_user):
    manager = make_user("district_manager")
    page = admin_client.get(f"/verwaltung/konten/{manager.id}").get_data(as_text=True)
    assert "Rolle in der Verwaltung" in page
    response = admin_client.post_form(
        f"/verwaltung/konten/{manager.id}/loeschen", {"reason": REASON}
    )
    assert response.status_code == 409
    assert db.session.get(User, manager.id).deleted_at is None


def test_the_command_line_uses_the_same_services(app, make_user):
    person = make_user()
    give_totp(person)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "reset-2fa", person.email, "--reason", REASON])
    assert result.exit_code == 0, result.output
    assert not two_factor.is_enabled(person)
    result = runner.invoke(
        args=["users", "block", person.email, "--duration", "30", "--reason", REASON]
    )
    assert result.exit_code == 0, result.output
    refused = runner.invoke(
        args=["users", "block", person.email, "--duration", "30", "--reason", "kurz"]
    )
    assert refused.exit_code != 0 and "10 bis 1.000" in refused.output
    entries = db.session.scalars(
        select(AccountAudit).where(AccountAudit.user_id == person.id).order_by(AccountAudit.id)
    ).all()
    assert [(e.action, e.actor_id) for e in entries][-2:] == [
        ("reset_two_factor", None),
        ("block", None),
    ]
    assert db.session.scalar(select(AccountSession.id)) is None
