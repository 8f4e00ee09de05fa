"""Subscribing with double opt-in, segments, sending once however often the job runs, the
counts, and what the office's texts may contain."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core.clock import travel, utcnow
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.extensions import db
from participation.jobs.services import tick
from participation.mail.models import OutboxMail
from participation.mail.pausing import pause_address
from participation.newsletters import issues, links, sending, services
from participation.newsletters.models import (
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscriber,
)
from tests.accounts.helpers import link_in, mails_to
from tests.newsletters.conftest import outbox_keys


def _token(message, prefix: str) -> str:
    return link_in(message, prefix).rsplit("/", 1)[1]


def _subscriber(email: str) -> NewsletterSubscriber:
    subscriber = db.session.scalar(
        select(NewsletterSubscriber).where(NewsletterSubscriber.email_key == email.casefold())
    )
    db.session.refresh(subscriber)
    return subscriber


def _send(office, issue) -> NewsletterIssue:
    """Send now; the job runs right after the commit (JOBS_DELIVERY=inline)."""
    issues.send_now(actor=office, issue=issue)
    db.session.expire_all()
    return db.session.get(NewsletterIssue, issue.id)


def _recipients(issue) -> list[str]:
    return sorted(
        db.session.scalars(
            select(NewsletterSubscriber.email)
            .join(NewsletterDelivery, NewsletterDelivery.subscriber_id == NewsletterSubscriber.id)
            .where(NewsletterDelivery.issue_id == issue.id)
        )
    )


# --- double opt-in ----------------------------------------------------------------------------


def test_double_opt_in(app, mails):
    choice = services.Choice(("office", "network"), ("10",), ("wohnen",))
    assert services.subscribe(actor=None, email="Lotte@Example.org", choice=choice) is False
    subscriber = _subscriber("lotte@example.org")
    assert subscriber.status == "pending" and subscriber.lists == []
    [mail] = mails_to(mails, "Lotte@Example.org")
    assert mail["List-Unsubscribe"].startswith("<http") and mail["List-Unsubscribe-Post"]
    token = _token(mail, "/newsletter/bestaetigen/")

    confirmed = services.confirm(token=token)
    assert confirmed.status == "confirmed"
    assert confirmed.lists == ["office", "network"]
    assert [d.code for d in confirmed.districts] == ["10"]
    assert [f.slug for f in confirmed.action_fields] == ["wohnen"]
    with pytest.raises(links.GoneLink):
        services.confirm(token=token)  # used once


def test_the_answer_does_not_tell_whether_an_address_is_known(app, mails, make_subscriber):
    known = make_subscriber("bekannt@example.org", lists=("office",))
    choice = services.Choice(("network",))
    assert services.subscribe(actor=None, email="bekannt@example.org", choice=choice) is False
    assert services.subscribe(actor=None, email="neu@example.org", choice=choice) is False
    # Nothing changes for the known address until its owner clicks the link.
    assert _subscriber(known.email).lists == ["office"]
    assert len(mails_to(mails, "bekannt@example.org")) == 1
    # Asking again at once mails nothing more (nobody's mailbox can be flooded).
    services.subscribe(actor=None, email="neu@example.org", choice=choice)
    assert len(mails_to(mails, "neu@example.org")) == 1
    with travel(utcnow() + timedelta(minutes=6)):
        services.subscribe(actor=None, email="neu@example.org", choice=choice)
    assert len(mails_to(mails, "neu@example.org")) == 2


def test_confirming_again_invalidates_older_links(app, mails, make_subscriber):
    services.subscribe(actor=None, email="a@example.org", choice=services.Choice(("office",)))
    services.confirm(token=_token(mails[-1], "/newsletter/bestaetigen/"))
    first = _subscriber("a@example.org")
    old_unsubscribe = links.unsubscribe_token(first.id, first.token_version)
    with travel(utcnow() + timedelta(minutes=10)):
        services.subscribe(actor=None, email="a@example.org", choice=services.Choice(("network",)))
    services.confirm(token=_token(mails[-1], "/newsletter/bestaetigen/"))
    assert _subscriber("a@example.org").lists == ["network"]
    with pytest.raises(links.GoneLink):
        services.unsubscribe(token=old_unsubscribe)


def test_own_verified_address_is_subscribed_at_once(app, mails, make_user):
    user = make_user("resident")
    assert services.subscribe(actor=user, email=user.email, choice=services.Choice(("office",)))
    subscriber = _subscriber(user.email)
    assert subscriber.status == "confirmed" and subscriber.user_id == user.id
    assert mails_to(mails, user.email) == []


def test_confirming_links_the_account_of_that_address(app, mails, make_user):
    partner = make_user("partner_member")
    services.subscribe(actor=None, email=partner.email, choice=services.Choice(("network",)))
    services.confirm(token=_token(mails[-1], "/newsletter/bestaetigen/"))
    assert _subscriber(partner.email).user_id == partner.id


@pytest.mark.parametrize(
    "email, choice, field",
    [
        ("kein-mail", services.Choice(("office",)), "email"),
        ("a@example.org\r\nBcc: b@example.org", services.Choice(("office",)), "email"),
        ("a@example.org", services.Choice(()), "lists"),
        ("a@example.org", services.Choice(("spam",)), "lists"),
        ("a@example.org", services.Choice(("office",), ("99",)), "districts"),
        ("a@example.org", services.Choice(("office",), (), ("nichts",)), "action_fields"),
    ],
)
def test_bad_requests_are_refused_next_to_their_field(app, email, choice, field):
    with pytest.raises(Invalid) as refused:
        services.subscribe(actor=None, email=email, choice=choice)
    assert refused.value.field == field
    assert db.session.scalar(select(func.count(NewsletterSubscriber.id))) == 0


def test_bad_links(app, mails, make_subscriber):
    with pytest.raises(links.BadLink):
        services.confirm(token="x")
    with pytest.raises(links.BadLink):
        services.unsubscribe(token=links.make_link_token("other-purpose", {"s": 1, "v": 1}))
    subscriber = make_subscriber()
    token = links.unsubscribe_token(subscriber.id, subscriber.token_version)
    app.config["NEWSLETTER_UNSUBSCRIBE_MAX_AGE"] = -1
    with pytest.raises(links.GoneLink):
        services.unsubscribe(token=token)
    app.config["NEWSLETTER_UNSUBSCRIBE_MAX_AGE"] = 3600
    db.session.delete(subscriber)
    db.session.commit()
    with pytest.raises(NotFound):
        services.unsubscribe(token=token)


def test_unsubscribing_twice_changes_nothing(app, make_subscriber):
    subscriber = make_subscriber()
    token = links.unsubscribe_token(subscriber.id, subscriber.token_version)
    assert services.unsubscribe(token=token) is True
    assert services.unsubscribe(token=token) is False
    assert _subscriber(subscriber.email).status == "unsubscribed"


def test_requests_nobody_confirmed_are_forgotten(app, mails):
    services.subscribe(
        actor=None, email="vergessen@example.org", choice=services.Choice(("office",))
    )
    tick(utcnow() + timedelta(days=29))
    assert db.session.scalar(select(func.count(NewsletterSubscriber.id))) == 1
    tick(utcnow() + timedelta(days=31))
    assert db.session.scalar(select(func.count(NewsletterSubscriber.id))) == 0


# --- segments ---------------------------------------------------------------------------------


def test_segments_by_list_district_and_action_field(app, office, make_issue, make_subscriber):
    make_subscriber("linden@example.org", districts=("10",))
    make_subscriber("mitte@example.org", districts=("01",))
    make_subscriber("stadt@example.org")
    make_subscriber("wohnen@example.org", action_fields=("wohnen",))
    make_subscriber("netz@example.org", lists=("network",))
    make_subscriber("weg@example.org", status="unsubscribed")

    issue = make_issue(district_codes=("10",))
    assert sending.audience_size(issue) == 3
    assert _recipients(_send(office, issue)) == [
        "linden@example.org",
        "stadt@example.org",
        "wohnen@example.org",
    ]
    themed = make_issue(action_field_slugs=("wohnen",))
    assert _recipients(_send(office, themed)) == [
        "linden@example.org",
        "mitte@example.org",
        "stadt@example.org",
        "wohnen@example.org",
    ]
    network = make_issue(list_name="network")
    assert _recipients(_send(office, network)) == ["netz@example.org"]


def test_segments_by_audience_follow_the_roles(app, office, make_issue, make_subscriber, make_user):
    make_subscriber("ohne-konto@example.org")
    make_subscriber(user=make_user("resident"))
    partner = make_subscriber(user=make_user("partner_member"))
    staff = make_subscriber(user=make_user("district_manager", district="10"))

    to_partners = make_issue(audiences=("partners",))
    assert _recipients(_send(office, to_partners)) == [partner.email]
    to_staff = make_issue(audiences=("staff",))
    assert _recipients(_send(office, to_staff)) == [staff.email]
    to_residents = make_issue(audiences=("residents",))
    assert len(_recipients(_send(office, to_residents))) == 2
    everyone = make_issue(audiences=("residents", "partners", "staff"))
    assert len(_recipients(_send(office, everyone))) == 4


# --- sending ----------------------------------------------------------------------------------


def test_mails_carry_one_click_unsubscribe(app, mails, office, make_issue, make_subscriber):
    subscriber = make_subscriber("leserin@example.org")
    _send(office, make_issue(subject="Ausgabe März"))
    [mail] = mails_to(mails, "leserin@example.org")
    assert mail["Subject"] == "Ausgabe März"
    link = link_in(mail, "/newsletter/abmelden/")
    assert mail["List-Unsubscribe"] == f"<{app.config['BASE_URL']}{link}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/archiv/" in mail.get_content()
    services.unsubscribe(token=link.rsplit("/", 1)[1])
    assert _subscriber(subscriber.email).status == "unsubscribed"


def test_scheduled_issue_goes_out_when_its_time_comes(
    app, mails, office, make_issue, make_subscriber
):
    make_subscriber("geplant@example.org")
    issue = make_issue()
    at = utcnow() + timedelta(hours=2)
    issues.schedule(actor=office, issue=issue, at=at)
    tick(utcnow() + timedelta(hours=1))
    assert mails_to(mails, "geplant@example.org") == []
    tick(at + timedelta(minutes=1))
    db.session.expire_all()
    assert db.session.get(NewsletterIssue, issue.id).status == "sent"
    assert len(mails_to(mails, "geplant@example.org")) == 1
    tick(at + timedelta(minutes=2))
    assert len(mails_to(mails, "geplant@example.org")) == 1


def test_scheduling_in_the_past_is_refused(app, office, make_issue):
    issue = make_issue()
    with pytest.raises(Invalid) as refused:
        issues.schedule(actor=office, issue=issue, at=utcnow() - timedelta(minutes=1))
    assert refused.value.field == "scheduled_at"


def test_cancelled_issue_is_not_sent(app, mails, office, make_issue, make_subscriber):
    make_subscriber("abgesagt@example.org")
    issue = make_issue()
    issues.schedule(actor=office, issue=issue, at=utcnow() + timedelta(hours=1))
    issues.cancel(actor=office, issue=issue)
    tick(utcnow() + timedelta(hours=2))
    assert mails_to(mails, "abgesagt@example.org") == []
    assert db.session.get(NewsletterIssue, issue.id).status == "draft"
    with pytest.raises(Conflict):
        issues.cancel(actor=office, issue=issue)


def test_sending_twice_sends_nothing_more(app, mails, office, make_issue, make_subscriber):
    for _ in range(3):
        make_subscriber()
    issue = _send(office, make_issue())
    assert len(outbox_keys()) == 3
    with pytest.raises(Conflict):
        issues.send_now(actor=office, issue=issue)
    # The job itself, run again (a retry), and again as if the issue were still sending.
    sending.send_issue(issue.id)
    issue.status = "sending"
    db.session.commit()
    sending.send_issue(issue.id)
    assert len(outbox_keys()) == 3
    assert len(mails) == 3


def test_a_send_job_that_died_half_way_mails_nobody_twice(
    app, mails, office, make_issue, make_subscriber, monkeypatch
):
    app.config["MAIL_SEND_AFTER_COMMIT"] = False
    for _ in range(7):
        make_subscriber()
    issue = make_issue()
    issue.status = "sending"
    db.session.commit()
    # The first run commits two batches of two, then dies inside the third.
    sending.build_recipients(issue)
    real_queue = sending.queue_mail
    calls = []

    def dying(**kwargs):
        calls.append(kwargs["key"])
        if len(calls) == 5:
            raise RuntimeError("worker killed")
        return real_queue(**kwargs)

    monkeypatch.setattr(sending, "queue_mail", dying)
    with pytest.raises(RuntimeError):
        sending.queue_mails(issue, batch_size=2)
    db.session.rollback()
    assert len(outbox_keys()) == 4  # the half batch was rolled back with its marks
    monkeypatch.setattr(sending, "queue_mail", real_queue)
    sending.send_issue(issue.id)
    assert len(outbox_keys()) == 7
    db.session.expire_all()
    issue = db.session.get(NewsletterIssue, issue.id)
    assert (issue.status, issue.recipient_count, issue.queued_count) == ("sent", 7, 7)


def test_counts_of_recipients_sent_and_failed(
    app, office, make_issue, make_subscriber, monkeypatch
):
    from participation.mail import services as mail_services

    make_subscriber("gut@example.org")
    make_subscriber("kaputt@example.org")
    make_subscriber("pausiert@example.org")
    pause_address("pausiert@example.org", "bounced")
    db.session.commit()
    real_deliver = mail_services.deliver

    def deliver(config, mail):
        if mail.recipient == "kaputt@example.org":
            import smtplib

            raise smtplib.SMTPRecipientsRefused({mail.recipient: (550, b"no such user")})
        return real_deliver(config, mail)

    monkeypatch.setattr(mail_services, "deliver", deliver)
    issue = _send(office, make_issue())
    assert (issue.recipient_count, issue.queued_count) == (3, 2)
    assert (issue.sent_count, issue.failed_count) == (1, 1)
    assert outbox_keys() == sorted(f"newsletter:{issue.id}:{i}" for i in (1, 2))


def test_paused_address_is_skipped(app, mails, office, make_issue, make_subscriber):
    make_subscriber("pausiert@example.org")
    pause_address("pausiert@example.org", "bounced")
    db.session.commit()
    issue = _send(office, make_issue())
    assert mails_to(mails, "pausiert@example.org") == []
    statuses = db.session.scalars(
        select(NewsletterDelivery.status).where(NewsletterDelivery.issue_id == issue.id)
    ).all()
    assert statuses == ["skipped"]


def test_subscriber_who_left_before_their_batch_is_skipped(
    app, office, make_issue, make_subscriber
):
    app.config["MAIL_SEND_AFTER_COMMIT"] = False
    subscriber = make_subscriber()
    issue = make_issue()
    issue.status = "sending"
    db.session.commit()
    sending.build_recipients(issue)
    services.unsubscribe(token=links.unsubscribe_token(subscriber.id, subscriber.token_version))
    sending.send_issue(issue.id)
    assert outbox_keys() == []


# --- writing ----------------------------------------------------------------------------------


def test_body_is_sanitised(app, make_issue):
    issue = make_issue(
        body="## Termine\n\n<script>alert(1)</script> [Klick](javascript:alert(1)) **fett**"
    )
    assert "<script" not in issue.body_html and "href" not in issue.body_html
    assert "<h2>Termine</h2>" in issue.body_html and "<strong>fett</strong>" in issue.body_html
    assert "&lt;script&gt;" in issue.body_html


@pytest.mark.parametrize(
    "subject", ["Hallo\r\nBcc: alle@example.org", "Hallo\nWelt", "Hallo\u2028Welt", "  "]
)
def test_subjects_that_would_break_a_mail_header_are_refused(app, make_issue, subject):
    with pytest.raises(Invalid) as refused:
        make_issue(subject=subject)
    assert refused.value.field == "subject"


def test_only_drafts_change(app, office, make_issue):
    issue = make_issue()
    issues.schedule(actor=office, issue=issue, at=utcnow() + timedelta(days=1))
    with pytest.raises(Conflict):
        issues.save_issue(
            actor=office,
            issue=issue,
            data=issues.IssueInput(list_name="office", subject="Neu", body_markdown="Text"),
        )


def test_only_the_office_writes(app, make_user):
    for role in ("resident", "district_manager", "partner_member"):
        with pytest.raises(Forbidden):
            issues.save_issue(
                actor=make_user(role),
                data=issues.IssueInput(list_name="office", subject="Hallo", body_markdown="Text"),
            )


def test_test_send_mails_only_the_staff_member(app, mails, office, make_issue, make_subscriber):
    make_subscriber("leser@example.org")
    issue = make_issue()
    assert issues.send_test(actor=office, issue=issue) is True
    assert issues.send_test(actor=office, issue=issue) is False  # the same text, once
    assert [m["To"] for m in mails] == [office.email]
    assert mails[0]["Subject"].startswith("[Test]")
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 1


def test_list_unsubscribe_goes_out_as_a_plain_url(app, mails, office, make_issue, make_subscriber):
    make_subscriber("leserin@example.org")
    _send(office, make_issue())
    raw = mails[0].as_bytes()
    assert b"List-Unsubscribe: <http" in raw and b"=?utf-8?" not in raw.split(b"\n\n")[0]
