"""The information loop through the services: who hears of what, once, and how."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.answers import services as answers
from participation.core.clock import local_today
from participation.extensions import db
from participation.follows import services as follows
from participation.moderation import services as moderation
from participation.moderation.services import Target
from participation.notifications import interests, services
from participation.notifications.interests import InterestInput
from participation.notifications.models import Notification, NotificationEvent
from participation.projects.services import PhaseInput
from participation.votes import services as votes
from tests.notifications.helpers import kinds_of, mails_to, next_monday_morning, run_digests


def _dialogue_now():
    return (
        PhaseInput(
            "dialogue", local_today() - timedelta(days=1), local_today() + timedelta(days=20)
        ),
    )


def test_interest_in_a_district_hears_of_a_dialogue_there_and_nowhere_else(make_user, make_process):
    linden = make_user("resident")
    interests.save(actor=linden, data=InterestInput(area="10", include_citywide=False))
    elsewhere = make_user("resident")
    interests.save(actor=elsewhere, data=InterestInput(area="01"))
    make_process("Platz in Linden", district="10", phases=_dialogue_now())
    make_process("Platz in Mitte", district="01", phases=_dialogue_now())
    # On the Vorhabenliste first (approved), then the dialogue opens (published).
    assert kinds_of(linden) == ["process_listed", "dialogue_opened"]
    assert kinds_of(elsewhere) == ["process_listed", "dialogue_opened"]
    processes = db.session.scalars(
        select(NotificationEvent.process_id)
        .join(Notification, Notification.event_id == NotificationEvent.id)
        .where(Notification.user_id == linden.id)
    ).all()
    assert len(set(processes)) == 1


def test_keywords_and_action_field_narrow_an_interest(make_user, make_process):
    picky = make_user("resident")
    interests.save(actor=picky, data=InterestInput(keywords="Spielplatz, Radweg"))
    make_process("Neuer Radweg an der Ihme", phases=_dialogue_now())
    make_process("Bibliothek am Markt", phases=_dialogue_now())
    assert kinds_of(picky) == ["process_listed", "dialogue_opened"]


@pytest.mark.parametrize("bad", ["x", "a%b, c", "1" * 61, "eins, zwei, drei, vier, fünf, sechs"])
def test_bad_keywords_are_refused_next_to_the_field(make_user, bad):
    from participation.core.errors import Invalid

    with pytest.raises(Invalid) as refused:
        interests.save(actor=make_user("resident"), data=InterestInput(keywords=bad))
    assert refused.value.field == "keywords"


def test_answer_reaches_author_supporters_and_followers_but_not_the_responder(
    make_user, make_process, make_proposal
):
    process = make_process("Spielplätze", district="10")
    author = make_user("resident")
    proposal = make_proposal(process, author=author)
    supporter, follower, bystander = (make_user("resident") for _ in range(3))
    votes.support(actor=supporter, proposal=proposal)
    follows.follow(actor=follower, item=proposal)
    manager = make_user("district_manager", district="10")
    answers.answer(
        actor=manager,
        proposal=proposal,
        status="accepted",
        text="Machen wir, so wie vorgeschlagen.",
    )
    answers.answer(
        actor=manager,
        proposal=proposal,
        status="implemented",
        text="Erledigt und umgesetzt im Herbst.",
    )
    for person in (author, supporter, follower):
        assert kinds_of(person).count("official_answer") == 1, person
    assert "official_answer" not in kinds_of(bystander)
    assert "official_answer" not in kinds_of(manager)


def test_reply_reaches_the_comment_author_once_and_never_the_replier(
    make_user, make_process, make_proposal, make_comment
):
    process = make_process()
    proposal = make_proposal(process)
    first = make_user("resident")
    comment = make_comment(process, proposal=proposal, author=first)
    replier = make_user("resident")
    make_comment(process, proposal=proposal, parent=comment, author=replier)
    # The commenter follows the proposal by default, but hears of the reply only as a reply.
    assert kinds_of(first) == ["comment_reply"]
    assert "comment_reply" not in kinds_of(replier)
    assert "proposal_comment" in kinds_of(proposal.author)


def test_following_by_default_can_be_switched_off(make_user, make_process, make_proposal):
    from participation.notifications.preferences import Preferences, save_preferences

    author = make_user("resident")
    save_preferences(
        actor=author,
        preferences=Preferences({}, "weekly", 0, 7, follow_own=False),
    )
    proposal = make_proposal(make_process(), author=author)
    assert not follows.is_following(author, proposal)
    other = make_user("resident")
    assert follows.is_following(other, make_proposal(make_process(), author=other))


def test_hidden_content_leaves_the_centre_and_the_count(
    app, make_user, make_process, make_proposal, make_comment
):
    process = make_process(district="10")
    proposal = make_proposal(process)
    first = make_user("resident")
    comment = make_comment(process, proposal=proposal, author=first)
    reply = make_comment(process, proposal=proposal, parent=comment)
    assert services.unread_count(first) == 1
    moderator = make_user("district_manager", district="10")
    moderation.hide(
        actor=moderator,
        target=Target(None, reply, process),
        reason="insult",
        explanation="Beleidigend gegenüber anderen.",
    )
    assert services.unread_count(first) == 0
    assert services.page(first).items == []


def test_pending_contributions_notify_nobody_until_approved(make_user, make_process, make_comment):
    process = make_process(pre_moderation=True)
    follower = make_user("resident")
    follows.follow(actor=follower, item=process)
    waiting = make_comment(process, author=make_user("resident"))
    assert waiting.status == "pending"
    recorded = db.session.scalar(
        select(func.count(NotificationEvent.id)).where(NotificationEvent.comment_id == waiting.id)
    )
    assert recorded == 0


def test_an_event_is_recorded_once_however_often(make_user, make_process):
    process = make_process()
    for _ in range(3):
        services.record(
            "dialogue_closed", key=f"dialogue_closed:x{process.id}", process_id=process.id
        )
        db.session.commit()
    assert (
        db.session.scalar(
            select(func.count(NotificationEvent.id)).where(
                NotificationEvent.key == f"dialogue_closed:x{process.id}"
            )
        )
        == 1
    )


def test_weekly_digest_holds_both_items_once(app, mails, make_user, make_process, make_proposal):
    resident = make_user("resident")
    interests.save(actor=resident, data=InterestInput(area="10"))
    process = make_process("Ihmeufer", district="10", phases=_dialogue_now())
    proposal = make_proposal(process)
    votes.support(actor=resident, proposal=proposal)
    answers.answer(
        actor=make_user("district_manager", district="10"),
        proposal=proposal,
        status="accepted",
        text="Wird im nächsten Jahr umgesetzt.",
    )
    assert mails_to(mails, resident) == []  # both are digest items by default
    monday = next_monday_morning()
    run_digests(monday)
    digests = mails_to(mails, resident)
    assert len(digests) == 1
    body = digests[0].get_content()
    assert "Ihmeufer" in body and proposal.title in body
    assert f"/vorschlaege/{proposal.id}" in body and f"/verfahren/{process.slug}" in body
    assert digests[0]["List-Unsubscribe"].startswith("<http")
    assert digests[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    run_digests(monday + timedelta(hours=1))
    assert len(mails_to(mails, resident)) == 1


def test_no_digest_when_nothing_is_new(mails, make_user):
    resident = make_user("resident")
    run_digests(next_monday_morning())
    assert mails_to(mails, resident) == []


def test_daily_digest_at_the_chosen_hour(mails, make_user, make_process):
    from participation.notifications.preferences import Preferences, save_preferences

    resident = make_user("resident")
    save_preferences(actor=resident, preferences=Preferences({}, "daily", 0, 18, True))
    interests.save(actor=resident, data=InterestInput())
    make_process(phases=_dialogue_now())
    evening = next_monday_morning(hour=17)
    run_digests(evening)
    assert mails_to(mails, resident) == []
    run_digests(evening + timedelta(hours=1))
    assert len(mails_to(mails, resident)) == 1


def test_instant_channel_mails_at_once_with_unsubscribe_headers(mails, make_user, make_process):
    from participation.notifications.preferences import Preferences, save_preferences

    resident = make_user("resident")
    save_preferences(
        actor=resident,
        preferences=Preferences({"dialogue_opened": "instant"}, "weekly", 0, 7, True),
    )
    interests.save(actor=resident, data=InterestInput())
    make_process("Sofort", phases=_dialogue_now())
    sent = mails_to(mails, resident)
    assert len(sent) == 1 and "Sofort" in sent[0]["Subject"]
    assert "/benachrichtigungen/abmelden/" in sent[0]["List-Unsubscribe"]
    assert "\n" not in sent[0]["List-Unsubscribe"]


def test_a_place_from_the_waiting_list_reaches_that_person_at_once(mails, make_user, make_partner):
    from datetime import timedelta as td

    from participation.contributions import registrations
    from participation.contributions import services as contributions
    from participation.contributions.services import ContributionInput
    from participation.core.clock import utcnow

    partner = make_partner("Treffpunkt e. V.")
    event = contributions.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="event",
        data=ContributionInput(
            title="Stadtteilspaziergang",
            body="Wir gehen gemeinsam durch Linden.",
            starts_at=utcnow() + td(days=5),
            place="Küchengarten",
            registration="portal",
            capacity=1,
        ),
    )
    first, waiting = make_user("resident"), make_user("resident")
    registrations.register(actor=first, event=event)
    registrations.register(actor=waiting, event=event)
    registrations.cancel(actor=first, event=event)
    assert kinds_of(waiting) == ["event_changed"]
    assert len(mails_to(mails, waiting)) == 1
    assert "Platz" in mails_to(mails, waiting)[0].get_content()
    contributions.withdraw(actor=partner.contact, contribution=event)
    assert kinds_of(waiting) == ["event_changed", "event_changed"]
    # The cancellation reaches who is registered; who gave their place back hears nothing.
    assert kinds_of(first) == []


def test_phase_scan_records_closing_and_closed_once(make_user, make_process):
    from participation.notifications.jobs import scan_phases

    follower = make_user("resident")
    today = local_today()
    process = make_process(
        phases=(PhaseInput("dialogue", today - timedelta(days=1), today + timedelta(days=10)),)
    )
    follows.follow(actor=follower, item=process)
    for _ in range(2):
        scan_phases(today=(today + timedelta(days=7)).isoformat())
    assert kinds_of(follower) == ["dialogue_closing"]
    scan_phases(today=(today + timedelta(days=11)).isoformat())
    scan_phases(today=(today + timedelta(days=12)).isoformat())
    assert kinds_of(follower) == ["dialogue_closing", "dialogue_closed"]


def test_staff_summary_lists_waiting_work_once_a_day(mails, make_user, make_process, make_proposal):
    from participation.notifications.jobs import staff_summary

    manager = make_user("district_manager", district="10")
    idle = make_user("district_manager", district="03")
    process = make_process(district="10")
    proposal = make_proposal(process)
    reporter = make_user("resident")
    moderation.report(
        actor=reporter, target=Target(proposal, None, process), reason="spam", note=""
    )
    day = local_today().isoformat()
    staff_summary(day=day)
    staff_summary(day=day)
    summaries = mails_to(mails, manager)
    assert len(summaries) == 1
    assert "Gemeldete Beiträge: 1" in summaries[0].get_content()
    assert mails_to(mails, idle) == []


def test_mark_read_and_all_read(make_user, make_process, make_proposal, make_comment):
    process = make_process()
    proposal = make_proposal(process)
    person = make_user("resident")
    mine = make_comment(process, proposal=proposal, author=person)
    for _ in range(3):
        make_comment(process, proposal=proposal, parent=mine)
    assert services.unread_count(person) == 3
    first = services.page(person).items[0]
    services.mark_read(actor=person, notification_id=first.id)
    assert services.unread_count(person) == 2
    with pytest.raises(Exception, match="Benachrichtigung"):
        services.mark_read(actor=make_user("resident"), notification_id=first.id)
    assert services.mark_all_read(actor=person) == 2
    assert services.unread_count(person) == 0


def test_demo_shows_interests_follows_and_read_and_unread_notifications(app):
    from participation.accounts.services import find_by_email
    from participation.demo.services import seed_demo
    from participation.notifications.interests import interests_of

    seed_demo()
    seed_demo()
    resident = find_by_email("einwohnerin@example.org")
    assert len(interests_of(resident)) == 2
    shown = services.page(resident).items
    assert any(n.read_at for n in shown) and any(n.read_at is None for n in shown)
    assert services.unread_count(resident) >= 2
    assert any(follows.following(resident).values())


def test_unsubscribing_stops_what_already_waits_for_the_digest(mails, make_user, make_process):
    from participation.notifications.preferences import unsubscribe

    resident = make_user("resident")
    interests.save(actor=resident, data=InterestInput())
    make_process("Gesammelt vor dem Abbestellen", phases=_dialogue_now())
    unsubscribe(user=resident)
    make_process("Nach dem Abbestellen", phases=_dialogue_now())
    run_digests(next_monday_morning())
    assert mails_to(mails, resident) == []
    assert services.unread_count(resident) == 4  # all still in the portal


def test_an_unconfirmed_address_gets_no_mail_only_the_portal(mails, make_user, make_process):
    from tests.notifications.helpers import want_at_once

    stranger = make_user("resident", verified=False)
    want_at_once(stranger, "dialogue_opened")
    interests.save(actor=stranger, data=InterestInput())
    make_process("Nicht für fremde Postfächer", phases=_dialogue_now())
    run_digests(next_monday_morning())
    assert mails_to(mails, stranger) == []
    assert "dialogue_opened" in kinds_of(stranger)


def test_a_weekly_digest_waits_for_its_day_and_hour(mails, make_user, make_process):
    resident = make_user("resident")
    interests.save(actor=resident, data=InterestInput())
    make_process("Mitte der Woche", phases=_dialogue_now())
    monday = next_monday_morning(hour=8)
    for later in (timedelta(days=2), timedelta(hours=-2), timedelta(hours=3)):
        run_digests(monday + later)  # Wednesday morning, Monday 06:00, Monday 11:00
    assert mails_to(mails, resident) == []
    run_digests(monday)
    assert len(mails_to(mails, resident)) == 1


def test_overlapping_digest_batches_mail_once_and_lose_nothing(mails, make_user, make_process):
    from participation.notifications.delivery import send_digests

    resident = make_user("resident")
    interests.save(actor=resident, data=InterestInput())
    make_process("Erster Stapel", phases=_dialogue_now())
    monday = next_monday_morning()
    send_digests([resident.id], monday)
    make_process("Danach", phases=_dialogue_now())
    send_digests([resident.id], monday + timedelta(hours=1))  # a second batch, same week
    assert len(mails_to(mails, resident)) == 1
    # What came after the first digest is not lost: it waits for next week's.
    send_digests([resident.id], monday + timedelta(days=7))
    later = mails_to(mails, resident)
    assert len(later) == 2 and "Danach" in later[1].get_content()


def test_one_refused_address_does_not_keep_the_others_mail_back(mails, make_user, make_process):
    from participation.accounts.models import User
    from tests.notifications.helpers import want_at_once

    broken, fine = make_user("resident"), make_user("resident")
    for person in (broken, fine):
        want_at_once(person, "dialogue_opened")
        interests.save(actor=person, data=InterestInput())
    # An address stored before today's checks, which the outbox refuses.
    db.session.get(User, broken.id).email = "kaputt@@example.org"
    db.session.commit()
    make_process("Trotzdem für alle anderen", phases=_dialogue_now())
    assert len(mails_to(mails, fine)) == 1


def test_stop_following_what_can_no_longer_be_followed(make_user, make_process, make_proposal):
    from participation.moderation.services import hide, target_of

    follower = make_user("resident")
    process = make_process(district="10")
    proposal = make_proposal(process)
    follows.follow(actor=follower, item=proposal)
    hide(
        actor=make_user("district_manager", district="10"),
        target=target_of(proposal_id=proposal.id),
        reason="spam",
        explanation="Werbung für ein Geschäft.",
    )
    db.session.refresh(proposal)
    assert not follows.may_follow(proposal)
    follows.unfollow(actor=follower, item=proposal)
    assert not follows.is_following(follower, proposal)


def test_keywords_match_umlauts_whatever_their_case(make_user, make_process):
    resident = make_user("resident")
    interests.save(actor=resident, data=InterestInput(keywords="Überweg"))
    make_process("Neuer ÜBERWEG am Markt", phases=_dialogue_now())
    assert "dialogue_opened" in kinds_of(resident)
