"""Contributions: who may publish for whom, what each kind needs, statements on the process
page with their comments, and the waiting list of events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.comments.services import post_comment, thread
from participation.contributions import listing, registrations, services
from participation.contributions.models import Contribution, EventRegistration
from participation.contributions.services import ContributionInput
from participation.core.clock import utcnow
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.partners import services as partners
from tests.accounts.helpers import mails_to
from tests.concurrency import all_at_once

BODY = "Wir begrüßen den Umbau und bitten um breitere Wege für Rollstühle."


def _statement(actor, partner, process, **changes):
    data = ContributionInput(title="Unsere Stellungnahme", body=BODY, process_ids=[process.id])
    for name, value in changes.items():
        setattr(data, name, value)
    return services.publish(
        actor=actor, organisation=partner.organisation, kind="statement", data=data
    )


def _event(actor, partner, capacity=2, **changes):
    data = ContributionInput(
        title="Stadtteilspaziergang",
        body="Wir gehen gemeinsam die geplante Route ab.",
        starts_at=utcnow() + timedelta(days=7),
        place="Treffpunkt Küchengarten",
        registration="portal",
        capacity=capacity,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return services.publish(actor=actor, organisation=partner.organisation, kind="event", data=data)


def test_only_members_of_an_active_partner_publish(db, make_user, make_partner, make_process):
    process = make_process("Uferweg")
    a, b = make_partner(), make_partner()
    member_b = make_user("partner_member", organisation=b.organisation.slug)
    for outsider in (member_b, make_user("resident"), make_user("coordinator")):
        with pytest.raises(Forbidden):
            _statement(outsider, a, process)
    applicant = make_partner(confirm=False)
    with pytest.raises(Forbidden):
        _statement(applicant.contact, applicant, process)
    statement = _statement(a.contact, a, process)
    with pytest.raises(Forbidden):
        services.edit(
            actor=member_b,
            contribution=statement,
            data=ContributionInput(title="Übernommen", body=BODY, process_ids=[process.id]),
        )
    partners.leave(actor=a.contact, organisation=a.organisation)
    with pytest.raises(Forbidden):
        _statement(a.contact, a, process)
    # What was said stays.
    assert listing.statements_for(process) == [statement]


def test_what_each_kind_needs(db, make_partner, make_process):
    partner = make_partner()
    process, closed = make_process("Offen"), make_process("Entwurf", publish=False)
    refusals = {
        "processes": dict(process_ids=[]),
        "title": dict(title="x"),
        "body": dict(body="kurz"),
    }
    for field, change in refusals.items():
        with pytest.raises(Invalid) as refused:
            _statement(partner.contact, partner, process, **change)
        assert refused.value.field == field
    with pytest.raises(Invalid) as draft:
        _statement(partner.contact, partner, process, process_ids=[closed.id])
    assert draft.value.field == "processes"
    for field, change in {
        "starts_at": dict(starts_at=None),
        "ends_at": dict(ends_at=utcnow()),
        "place": dict(place=" "),
        "capacity": dict(capacity=None),
        "external_url": dict(registration="external", external_url="javascript:alert(1)"),
    }.items():
        with pytest.raises(Invalid) as refused:
            _event(partner.contact, partner, **change)
        assert refused.value.field == field
    offer = services.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="offer",
        data=ContributionInput(
            title="Engagement im Repair-Café",
            body="Wir suchen Menschen, die gern reparieren.",
            district_codes=["10"],
            process_ids=[process.id],
        ),
    )
    assert [d.code for d in offer.districts] == ["10"] and offer.processes == [process]
    assert listing.listed(kind="offer", district_code="10").items == [offer]
    assert listing.listed(kind="offer", district_code="01").items == []


def test_statements_have_their_own_comment_thread(db, make_user, make_partner, make_process):
    process = make_process("Marktplatz")
    partner = make_partner()
    statement = _statement(partner.contact, partner, process)
    resident = make_user("resident")
    comment = post_comment(
        actor=resident, process=process, body="Gute Stellungnahme!", contribution_id=statement.id
    )
    reply = post_comment(
        actor=make_user("resident"), process=process, body="Genau.", parent=comment
    )
    assert reply.contribution_id == statement.id
    general = post_comment(actor=resident, process=process, body="Allgemein gefragt.")
    on_statement = thread(actor=None, process=process, contribution_id=statement.id)
    assert [c.id for c in on_statement.comments] == [comment.id]
    assert [c.id for c in on_statement.replies[comment.id]] == [reply.id]
    assert [c.id for c in thread(actor=None, process=process).comments] == [general.id]
    with pytest.raises(NotFound):  # a statement of another process
        post_comment(
            actor=resident,
            process=make_process("Anderes"),
            body="Hm.",
            contribution_id=statement.id,
        )
    services.withdraw(actor=partner.contact, contribution=statement)
    with pytest.raises(Conflict):
        post_comment(
            actor=resident, process=process, body="Noch was.", contribution_id=statement.id
        )
    assert listing.statements_for(process) == []
    with pytest.raises(NotFound):
        services.get_contribution(actor=resident, contribution_id=statement.id)


def test_the_waiting_list_moves_up(db, make_user, make_partner, mails):
    partner = make_partner()
    event = _event(partner.contact, partner, capacity=1)
    first, second, third = (make_user("resident") for _ in range(3))
    assert registrations.register(actor=first, event=event).status == "confirmed"
    assert registrations.register(actor=second, event=event).status == "waiting"
    assert registrations.register(actor=second, event=event).status == "waiting"  # twice
    assert registrations.register(actor=third, event=event).status == "waiting"
    assert (event.confirmed_count, event.waiting_count) == (1, 2)
    registrations.cancel(actor=first, event=event)
    assert registrations.registration_of(second, event).status == "confirmed"
    assert (event.confirmed_count, event.waiting_count) == (1, 1)
    assert len(mails_to(mails, second.email)) == 1 and mails_to(mails, third.email) == []
    registrations.cancel(actor=third, event=event)
    assert (event.confirmed_count, event.waiting_count) == (1, 0)
    with pytest.raises(NotFound):
        registrations.cancel(actor=third, event=event)
    with pytest.raises(Invalid):  # fewer places than taken
        services.edit(
            actor=partner.contact,
            contribution=event,
            data=ContributionInput(
                title=event.title,
                body=event.body_markdown,
                starts_at=event.starts_at,
                place=event.place,
                registration="portal",
                capacity=None,
            ),
        )


def test_the_last_place_goes_once_under_concurrency(app, db, make_user, make_partner):
    """Twelve residents at once for five places: five confirmed, seven waiting, the
    counters equal the rows."""
    partner = make_partner()
    event = _event(partner.contact, partner, capacity=5)
    people = [make_user("resident") for _ in range(12)]
    event_id, ids = event.id, [p.id for p in people]
    db.session.remove()

    def attempt(user):
        from participation.extensions import db as database

        registrations.register(actor=user, event=database.session.get(Contribution, event_id))

    errors = all_at_once(app, ids, attempt)
    assert errors == []
    event = db.session.get(Contribution, event_id)
    rows = dict(
        db.session.execute(
            select(EventRegistration.status, func.count())
            .where(EventRegistration.contribution_id == event_id)
            .group_by(EventRegistration.status)
        ).all()
    )
    assert rows == {"confirmed": 5, "waiting": 7}
    assert (event.confirmed_count, event.waiting_count) == (5, 7)


def test_more_places_move_the_waiting_list_up(db, make_user, make_partner, mails):
    partner = make_partner()
    event = _event(partner.contact, partner, capacity=1)
    people = [make_user("resident") for _ in range(3)]
    for person in people:
        registrations.register(actor=person, event=event)
    data = ContributionInput(
        title=event.title,
        body=event.body_markdown,
        starts_at=event.starts_at,
        place=event.place,
        registration="portal",
        capacity=2,
    )
    services.edit(actor=partner.contact, contribution=event, data=data)
    assert (event.confirmed_count, event.waiting_count) == (2, 1)
    assert registrations.registration_of(people[1], event).status == "confirmed"
    assert registrations.registration_of(people[2], event).status == "waiting"
    assert len(mails_to(mails, people[1].email)) == 1 and mails_to(mails, people[2].email) == []
    from participation.core import clock

    # Too late to give the place back.
    with clock.travel(event.starts_at + timedelta(minutes=5)), pytest.raises(Conflict):
        registrations.cancel(actor=people[0], event=event)
