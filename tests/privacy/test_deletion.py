"""Account deletion: the service, its refusals, its single transaction and its views."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.accounts import services as accounts
from participation.accounts.models import AccountAudit, AccountSession, RoleAssignment, User
from participation.comments.models import Comment
from participation.contributions import registrations
from participation.contributions import services as contributions
from participation.contributions.models import EventRegistration
from participation.contributions.services import ContributionInput
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, Invalid
from participation.extensions import db
from participation.follows.models import ProcessFollow, ProposalFollow
from participation.mail.models import OutboxMail
from participation.mail.services import queue_mail
from participation.newsletters.models import CONFIRMED, NewsletterSubscriber
from participation.notifications.models import Interest, NotificationSettings
from participation.privacy import deletion, erasure
from participation.privacy.deletion import DELETED_NAME, DELETED_PROPOSAL_TITLE, delete_account
from participation.proposals.models import Proposal
from participation.votes import services as votes
from participation.votes.models import CommentRating, Support
from tests.conftest import PASSWORD
from tests.privacy.deletion_helpers import counter_mismatches, rows_holding, snapshot

EMAIL = "Quendolin.Zaun@example.org"
PSEUDONYM = "Zaunkönigin Quendolin"


@dataclass
class World:
    person: User
    other: User
    process: object
    own_proposal: Proposal
    other_proposal: Proposal
    own_comment: Comment
    reply_to_own: Comment
    own_reply: Comment
    others_comment: Comment
    event: object
    waiting: User


@pytest.fixture
def world(app, make_user, make_process, make_proposal, make_comment, make_partner, mails):
    """A resident who did a bit of everything, among others who answered them."""
    person = make_user("resident", email=EMAIL, pseudonym=PSEUDONYM)
    other, third = make_user("resident"), make_user("resident")
    process = make_process("Ein Platz für alle")
    own_proposal = make_proposal(process, author=person, title="Mehr Bänke am Platz")
    other_proposal = make_proposal(process, author=other, title="Ein Brunnen")
    votes.support(actor=person, proposal=other_proposal)
    votes.support(actor=other, proposal=own_proposal)
    votes.support(actor=third, proposal=own_proposal)
    own_comment = make_comment(
        process, proposal=other_proposal, author=person, body="Ein Brunnen braucht Schatten."
    )
    reply_to_own = make_comment(
        process, proposal=other_proposal, parent=own_comment, author=other, body="Bäume also?"
    )
    others_comment = make_comment(process, author=other, body="Wann beginnt der Umbau?")
    own_reply = make_comment(
        process, parent=others_comment, author=person, body="Im Frühjahr, steht im Plan."
    )
    make_comment(process, parent=others_comment, author=third, body="Danke für die Info.")
    votes.rate(actor=person, comment=others_comment, value=1)
    votes.rate(actor=person, comment=reply_to_own, value=-1)
    votes.rate(actor=other, comment=own_comment, value=1)
    # An event with one place: the person holds it, someone else waits.
    partner = make_partner("Nachbarschaftsverein")
    event = contributions.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="event",
        data=ContributionInput(
            title="Platzbegehung",
            body="Wir gehen gemeinsam über den Platz.",
            starts_at=utcnow() + timedelta(days=10),
            place="Am Brunnen",
            registration="portal",
            capacity=1,
        ),
    )
    registrations.register(actor=person, event=event)
    waiting = make_user("resident")
    registrations.register(actor=waiting, event=event)
    db.session.add_all(
        [
            Interest(user_id=person.id, area="all", keywords="Brunnen"),
            NotificationSettings(user_id=person.id),
            NewsletterSubscriber(
                email=EMAIL, email_key=EMAIL.casefold(), user_id=person.id, status=CONFIRMED
            ),
        ]
    )
    queue_mail(recipient=EMAIL, subject="Noch unterwegs", template="plain", text="Hallo")
    db.session.commit()
    assert counter_mismatches() == []
    # Following one's own proposal and threads comes by default.
    assert db.session.scalar(select(func.count()).where(ProposalFollow.user_id == person.id))
    return World(
        person,
        other,
        process,
        own_proposal,
        other_proposal,
        own_comment,
        reply_to_own,
        own_reply,
        others_comment,
        event,
        waiting,
    )


def _reloaded(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_personal_data_go_and_contributions_stay_readable(world, client, mails):
    person_id = world.person.id
    delete_account(actor=world.person, user=world.person, delete_contributions=False)

    person = _reloaded(world.person)
    assert person.deleted_at is not None
    assert person.email == f"deleted-{person_id}@invalid"
    assert person.pseudonym == DELETED_NAME
    assert person.roles == []
    assert accounts.find_by_email(EMAIL) is None
    with pytest.raises(Invalid):
        accounts.authenticate(email=person.email, password=PASSWORD)
    for model, column in (
        (Support, Support.user_id),
        (CommentRating, CommentRating.user_id),
        (EventRegistration, EventRegistration.user_id),
        (ProcessFollow, ProcessFollow.user_id),
        (ProposalFollow, ProposalFollow.user_id),
        (Interest, Interest.user_id),
        (NotificationSettings, NotificationSettings.user_id),
        (NewsletterSubscriber, NewsletterSubscriber.user_id),
        (AccountSession, AccountSession.user_id),
        (RoleAssignment, RoleAssignment.user_id),
    ):
        assert db.session.scalar(select(func.count()).where(column == person_id)) == 0, model

    # Every stored counter moved with the rows it counts; the waiting person got the place.
    assert counter_mismatches() == []
    assert db.session.get(Proposal, world.other_proposal.id).support_count == 0
    assert db.session.get(Proposal, world.own_proposal.id).support_count == 2
    waiting = db.session.scalar(
        select(EventRegistration).where(EventRegistration.user_id == world.waiting.id)
    )
    assert waiting.status == "confirmed"

    # No text column anywhere still holds the address or the name.
    assert rows_holding(EMAIL, PSEUDONYM) == []

    # The confirmation went to the old address; the outbox kept it only until it was sent.
    assert [m["To"] for m in mails if "gelöscht" in m["Subject"]] == [EMAIL]

    # The threads read on: the texts are there, the author is "gelöschtes Konto".
    page = client.get(f"/vorschlaege/{world.other_proposal.id}").get_data(as_text=True)
    assert "Ein Brunnen braucht Schatten." in page
    assert "Bäume also?" in page
    assert DELETED_NAME in page
    assert PSEUDONYM not in page
    own = client.get(f"/vorschlaege/{world.own_proposal.id}").get_data(as_text=True)
    assert "Mehr Bänke am Platz" in own and DELETED_NAME in own


def test_contributions_go_too_when_asked(world, client):
    delete_account(actor=world.person, user=world.person, delete_contributions=True)
    db.session.expire_all()

    own_comment = db.session.get(Comment, world.own_comment.id)
    assert (own_comment.status, own_comment.body_markdown, own_comment.body_html) == (
        "deleted",
        "",
        "",
    )
    assert db.session.get(Comment, world.own_reply.id).status == "deleted"
    proposal = db.session.get(Proposal, world.own_proposal.id)
    assert (proposal.title, proposal.body_markdown, proposal.status) == (
        DELETED_PROPOSAL_TITLE,
        "",
        "published",
    )
    # Replies and comment counts: the person's comments no longer count, others' do.
    assert counter_mismatches() == []
    assert db.session.get(Comment, world.others_comment.id).reply_count == 1
    assert rows_holding(EMAIL, PSEUDONYM, "Ein Brunnen braucht Schatten", "Mehr Bänke") == []

    page = client.get(f"/vorschlaege/{world.other_proposal.id}").get_data(as_text=True)
    assert "Ein Brunnen braucht Schatten." not in page
    assert "Bäume also?" in page


def test_a_deleted_account_cannot_be_deleted_twice(world):
    delete_account(actor=None, user=world.person, delete_contributions=False)
    with pytest.raises(Conflict):
        delete_account(actor=None, user=_reloaded(world.person), delete_contributions=False)


@pytest.mark.parametrize("role", ["district_manager", "coordinator", "admin"])
def test_staff_hand_over_their_roles_first(make_user, role):
    user = make_user(role)
    with pytest.raises(Conflict, match="Koordinierungsstelle"):
        delete_account(actor=user, user=user, delete_contributions=False)
    admin = make_user("admin")
    with pytest.raises(Conflict):
        delete_account(actor=admin, user=user, delete_contributions=False)
    assert _reloaded(user).deleted_at is None


def test_a_partners_contact_hands_over_first(make_partner, make_user):
    partner = make_partner("Verein mit Kontakt")
    with pytest.raises(Conflict, match="Ansprechperson"):
        delete_account(actor=partner.contact, user=partner.contact, delete_contributions=False)
    member = make_user("partner_member", organisation=partner.organisation.slug)
    delete_account(actor=member, user=member, delete_contributions=False)
    assert _reloaded(member).roles == []


def test_only_admins_delete_other_accounts_and_the_audit_log_says_so(make_user):
    person, stranger, admin = make_user("resident"), make_user("resident"), make_user("admin")
    with pytest.raises(Forbidden):
        delete_account(actor=stranger, user=person, delete_contributions=False)
    delete_account(actor=admin, user=person, delete_contributions=True, reason="Antrag per Brief")
    entry = db.session.scalar(
        select(AccountAudit).where(
            AccountAudit.user_id == person.id, AccountAudit.action == "delete_account"
        )
    )
    assert (entry.action, entry.actor_id) == ("delete_account", admin.id)
    assert "contributions deleted" in entry.detail and "Antrag per Brief" in entry.detail


def test_the_own_deletion_needs_the_password(world):
    with pytest.raises(Invalid) as refused:
        deletion.delete_own_account(
            actor=world.person, password="nicht das Passwort", delete_contributions=False
        )
    assert refused.value.field == "password"
    assert _reloaded(world.person).deleted_at is None


def test_an_interrupted_deletion_leaves_everything_as_it_was(world, monkeypatch):
    """A failure after most statements ran (as a killed worker would leave it): nothing
    of it is kept."""
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(erasure, "close_partner_ties", fail)
    with pytest.raises(RuntimeError):
        delete_account(actor=world.person, user=world.person, delete_contributions=True)
    assert snapshot() == before


def _bulk_account(make_user, process, proposal, size: int) -> User:
    """An account with `size` comments and `size` ratings, inserted in bulk, with the
    stored counters set as the services would have."""
    person, other = make_user("resident"), make_user("resident")
    now = utcnow()
    common = {"process_id": process.id, "proposal_id": proposal.id, "created_at": now}
    common["updated_at"] = now
    rows = [
        {**common, "author_id": author.id, "body_markdown": f"Text {n}", "body_html": f"<p>{n}</p>"}
        for author in (person, other)
        for n in range(size)
    ]
    db.session.execute(Comment.__table__.insert(), rows)
    others = db.session.scalars(select(Comment.id).where(Comment.author_id == other.id)).all()
    db.session.execute(
        CommentRating.__table__.insert(),
        [
            {"comment_id": cid, "user_id": person.id, "value": 1, "created_at": now}
            | {"updated_at": now}
            for cid in others
        ],
    )
    db.session.execute(
        Comment.__table__.update().where(Comment.author_id == other.id).values(up_count=1)
    )
    for model in (Proposal, type(process)):
        db.session.execute(
            model.__table__.update()
            .where(model.id == (proposal.id if model is Proposal else process.id))
            .values(comment_count=model.comment_count + 2 * size)
        )
    db.session.commit()
    return person


def test_the_statement_count_does_not_grow_with_the_account(
    app, make_user, make_process, make_proposal
):
    from tests.conftest import count_queries

    process = make_process()
    proposal = make_proposal(process)
    small = _bulk_account(make_user, process, proposal, 1)
    large = _bulk_account(make_user, process, proposal, 10_000)
    assert counter_mismatches() == []
    counts = []
    for person in (small, large):
        with count_queries(app) as counter:
            delete_account(actor=person, user=person, delete_contributions=True)
        counts.append(counter.count)
    # The same statements (about 85 with the network's projects, mail and audit entry
    # included), never one per row.
    assert counts[0] == counts[1] < 100, counts
    assert counter_mismatches() == []
    assert (
        db.session.scalar(
            select(func.count()).where(Comment.author_id == large.id, Comment.status == "deleted")
        )
        == 10_000
    )


# --- views ----------------------------------------------------------------------------------


def test_the_page_explains_and_asks_for_the_password(client, make_user):
    client.login(make_user("resident"))
    page = client.get("/konto/loeschen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "gelöschtes Konto" in html
    assert 'name="password"' in html and 'name="delete_contributions"' in html


def test_a_wrong_password_is_refused_next_to_the_field(client, make_user):
    person = make_user("resident")
    client.login(person)
    response = client.post_form(
        "/konto/loeschen", {"password": "falsches Passwort!!", "delete_contributions": "y"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="password-error"' in html and "Das Passwort ist falsch." in html
    assert re.search(r'<input[^>]*checked[^>]*name="delete_contributions"', html)
    assert _reloaded(person).deleted_at is None


def test_deleting_signs_out_and_goes_home(client, make_user, mails):
    person = make_user("resident")
    address = person.email
    client.login(person)
    response = client.post_form("/konto/loeschen", {"password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/")
    home = client.get("/").get_data(as_text=True)
    assert "Ihr Konto ist gelöscht" in home
    assert client.get("/konto").status_code == 302  # signed out: sent to sign in
    assert _reloaded(person).deleted_at is not None
    assert mails[-1]["To"] == address


def test_htmx_gets_the_fragment_and_a_redirect(htmx_client, make_user):
    person = make_user("resident")
    htmx_client.login(person)
    refused = htmx_client.post("/konto/loeschen", {"password": "falsches Passwort!!"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="konto-loeschen"')
    done = htmx_client.post("/konto/loeschen", {"password": PASSWORD})
    assert done.status_code == 204 and done.headers["HX-Redirect"] == "/"


def test_staff_see_how_to_hand_over_instead_of_the_form(client, make_user):
    client.login(make_user("coordinator"))
    html = client.get("/konto/loeschen").get_data(as_text=True)
    assert "Koordinierungsstelle" in html
    assert 'name="password"' not in html
    assert client.post_form("/konto/loeschen", {"password": PASSWORD}).status_code == 409


def test_an_old_sign_in_must_be_confirmed_first(app, client, make_user):
    from participation.core import clock

    client.login(make_user("resident"))
    clock.freeze(utcnow() + timedelta(seconds=app.config["REAUTH_SECONDS"] + 60))
    response = client.get("/konto/loeschen")
    assert response.status_code == 302
    assert "/konto/bestaetigen" in response.headers["Location"]
    posted = client.post_form("/konto/loeschen", {"password": PASSWORD})
    assert posted.status_code == 303 and "/konto/bestaetigen" in posted.headers["Location"]


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/konto/loeschen")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


# --- command line ---------------------------------------------------------------------------


def test_cli_deletes_an_account_on_request(app, make_user):
    person = make_user("resident")
    result = app.test_cli_runner().invoke(
        args=["users", "delete", person.email, "--contributions", "--reason", "Brief vom 3.12."]
    )
    assert result.exit_code == 0, result.output
    assert f"deleted account {person.id} (contributions deleted)" in result.output
    assert _reloaded(person).deleted_at is not None
    again = app.test_cli_runner().invoke(args=["users", "delete", "nobody@example.org"])
    assert again.exit_code != 0 and "no account" in again.output


def test_cli_refuses_staff(app, make_user):
    staff = make_user("coordinator")
    result = app.test_cli_runner().invoke(args=["users", "delete", staff.email])
    assert result.exit_code != 0 and "Koordinierungsstelle" in result.output


def test_unsent_mail_to_the_address_is_dropped(world):
    # Written straight into the outbox, so no sender picks it up before the deletion.
    db.session.add(OutboxMail(recipient=EMAIL.lower(), subject="Wartet", body="Text"))
    db.session.commit()
    delete_account(actor=world.person, user=world.person, delete_contributions=False)
    holding = select(func.count()).where(func.lower(OutboxMail.recipient) == EMAIL.lower())
    assert db.session.scalar(holding) == 0


def test_data_exports_and_their_files_go(app, make_user, built_export):
    from participation.privacy.export import file_path
    from participation.privacy.models import DataExport

    person = make_user("resident")
    export, _unpacked = built_export(person)
    path = file_path(export.id)
    assert path.exists()
    delete_account(actor=person, user=person, delete_contributions=False)
    assert not path.exists()
    assert db.session.scalar(select(func.count()).where(DataExport.user_id == person.id)) == 0
