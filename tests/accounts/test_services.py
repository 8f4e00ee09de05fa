"""Account services: registration, verification, sign-in, reset, e-mail change, roles."""

import pytest
from sqlalchemy import func, select

from participation.accounts import services
from participation.accounts.models import User
from participation.core.errors import Conflict, Invalid, NotFound
from participation.mail.models import OutboxMail
from tests.accounts.helpers import link_in, mails_to
from tests.conftest import PASSWORD


def register(email="lotte@example.org", pseudonym="Lindener Lotte", password=PASSWORD):
    return services.register(
        email=email, pseudonym=pseudonym, password=password, accepted_privacy=True
    )


def test_registration_creates_unverified_resident_and_mails_link(app, mails):
    user = register()
    assert user.is_verified is False
    assert user.role_names == {"resident"}
    assert user.password_hash.startswith("$argon2id$")
    [mail] = mails_to(mails, "lotte@example.org")
    assert "/bestaetigen/" in mail.get_content()


@pytest.mark.parametrize("password", ["kurz", "x" * 11, "x" * 129])
def test_password_length_rules(app, password):
    with pytest.raises(Invalid):
        register(password=password)


def test_passwords_have_no_composition_rules(app):
    assert register(password="aaaaaaaaaaaa") is not None


def test_existing_address_gets_notice_and_nothing_is_created(app, mails):
    register()
    assert register(email="LOTTE@example.org", pseudonym="Andere Person") is None
    assert app.extensions["sqlalchemy"].session.scalar(select(func.count(User.id))) == 1
    notice = mails_to(mails, "lotte@example.org")[-1]
    assert "bereits" in notice["Subject"]


@pytest.mark.parametrize(
    "taken", ["LINDENER LOTTE", "ｌｉｎｄｅｎｅｒ ｌｏｔｔｅ", "lindener  lotte"]
)
def test_look_alike_pseudonyms_are_taken(app, taken):
    register()
    with pytest.raises(Conflict):
        register(email="other@example.org", pseudonym=taken)


@pytest.mark.parametrize(
    "name", ["Lo\u200btte", "Lotte\u202e", "ab", "x" * 41, "...", "Moderation"]
)
def test_bad_pseudonyms_are_refused(app, name):
    with pytest.raises(Invalid):
        register(pseudonym=name)


def test_verification_token_is_single_use_and_expires(app, mails):
    user = register()
    token = link_in(mails[-1], "/bestaetigen/").rsplit("/", 1)[1]
    services.verify_email(token=token)
    assert user.is_verified
    with pytest.raises(Invalid):
        services.verify_email(token=token)

    other = register(email="second@example.org", pseudonym="Zweite Person")
    token = link_in(mails_to(mails, "second@example.org")[-1], "/bestaetigen/").rsplit("/", 1)[1]
    # itsdangerous reads the real clock; a negative lifetime makes the token expired now.
    app.config["VERIFY_TOKEN_MAX_AGE"] = -1
    with pytest.raises(Invalid):
        services.verify_email(token=token)
    assert not other.is_verified


def test_forged_token_is_refused(app):
    with pytest.raises(Invalid):
        services.verify_email(token="eyJ1aWQiOjF9.forged.signature")


def test_authenticate_same_refusal_for_unknown_and_wrong(app):
    register()
    with pytest.raises(Invalid) as unknown:
        services.authenticate(email="nobody@example.org", password=PASSWORD)
    with pytest.raises(Invalid) as wrong:
        services.authenticate(email="lotte@example.org", password="falsches Passwort!")
    assert unknown.value.message == wrong.value.message
    assert (
        services.authenticate(email=" Lotte@Example.org ", password=PASSWORD).email
        == "lotte@example.org"
    )


def test_password_change_bumps_session_version_and_notifies(app, mails):
    user = register()
    version = user.session_version
    with pytest.raises(Invalid):
        services.change_password(
            actor=user,
            current_password="falsch falsch falsch",
            new_password="ein ganz neues Passwort",
        )
    services.change_password(
        actor=user, current_password=PASSWORD, new_password="ein ganz neues Passwort"
    )
    assert user.session_version == version + 1
    assert "geändert" in mails_to(mails, user.email)[-1]["Subject"]


def test_reset_says_nothing_for_unknown_address(app, mails):
    services.request_password_reset(email="nobody@example.org")
    assert mails == []


def test_reset_token_single_use(app, mails):
    user = register()
    services.request_password_reset(email=user.email)
    token = link_in(mails_to(mails, user.email)[-1], "/passwort-neu/").rsplit("/", 1)[1]
    services.reset_password(token=token, new_password="ein neues langes Passwort")
    assert services.authenticate(email=user.email, password="ein neues langes Passwort")
    with pytest.raises(Invalid):
        services.reset_password(token=token, new_password="noch ein anderes Passwort")


def test_email_change_confirms_new_and_notifies_old(app, mails):
    user = register()
    services.request_email_change(
        actor=user, current_password=PASSWORD, new_email="neu@example.org"
    )
    assert user.email == "lotte@example.org", "the old address stays until confirmed"
    assert mails_to(mails, "lotte@example.org")[-1]["Subject"].startswith("Änderung")
    token = link_in(mails_to(mails, "neu@example.org")[-1], "/konto/email-bestaetigen/")
    services.confirm_email_change(token=token.rsplit("/", 1)[1])
    assert user.email == "neu@example.org" and user.is_verified
    assert "geändert" in mails_to(mails, "lotte@example.org")[-1]["Subject"]
    with pytest.raises(Invalid):
        services.confirm_email_change(token=token.rsplit("/", 1)[1])


def test_email_change_to_taken_address_sends_no_link(app, mails):
    user = register()
    register(email="taken@example.org", pseudonym="Schon Da")
    before = len(mails_to(mails, "taken@example.org"))
    services.request_email_change(
        actor=user, current_password=PASSWORD, new_email="taken@example.org"
    )
    assert len(mails_to(mails, "taken@example.org")) == before


def test_roles_need_their_scope(app, make_user, make_organisation):
    user = make_user()
    with pytest.raises(Invalid):
        services.grant_role(actor=None, user=user, role="district_manager")
    with pytest.raises(NotFound):
        services.grant_role(actor=None, user=user, role="district_manager", district_code="99")
    with pytest.raises(Invalid):
        services.grant_role(actor=None, user=user, role="coordinator", district_code="01")
    assignment = services.grant_role(
        actor=None, user=user, role="district_manager", district_code="03"
    )
    assert assignment.district.name == "Bothfeld-Vahrenheide"
    with pytest.raises(Conflict):
        services.grant_role(actor=None, user=user, role="district_manager", district_code="03")
    org = make_organisation()
    services.grant_role(actor=None, user=user, role="partner_member", organisation_slug=org.slug)
    assert user.organisation_ids() == {org.id}
    services.revoke_role(actor=None, user=user, role="district_manager", district_code="03")
    assert "district_manager" not in user.role_names


def test_only_admins_grant_roles(app, make_user):
    from participation.core.errors import Forbidden

    coordinator, target = make_user("coordinator"), make_user()
    with pytest.raises(Forbidden):
        services.grant_role(actor=coordinator, user=target, role="admin")
    admin = make_user("admin")
    services.grant_role(actor=admin, user=target, role="coordinator")
    assert target.has_role("coordinator")


def test_outbox_row_written_with_the_action(app, db):
    register()
    rows = db.session.scalars(select(OutboxMail)).all()
    assert [r.recipient for r in rows] == ["lotte@example.org"]
    assert rows[0].status == "sent"
