"""The network's governance: meetings and the yearly minimum, the work programme adopted at
the last meeting, working groups, and secret speaker elections with a tie drawn by lot."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, inspect, select

from participation.core import clock
from participation.core.clock import CITY_TIMEZONE
from participation.core.errors import Conflict, Forbidden, Invalid
from participation.network import elections, groups, meetings
from participation.network.models import Ballot, Nomination, SpeakerElection
from tests.accounts.helpers import mails_to


def _at(year, month, day, hour=18):
    return datetime(year, month, day, hour, tzinfo=CITY_TIMEZONE)


def test_meetings_and_the_yearly_minimum(db, make_user, make_partner):
    office = make_user("coordinator")
    partner = make_partner()
    with clock.travel(_at(2026, 2, 1)):
        for month in (3, 6):
            meetings.save_meeting(
                actor=office,
                title=f"Netzwerktreffen {month}",
                starts_at=_at(2026, month, 10),
                place="Rathaus",
                attendee_ids=[partner.organisation.id],
            )
        check = meetings.year_check()
        assert (check.year, check.planned, check.minimum, check.short) == (2026, 2, 3, True)
        meetings.save_meeting(
            actor=office, title="Herbsttreffen", starts_at=_at(2026, 11, 5), place="Rathaus"
        )
        assert not meetings.year_check().short
    with pytest.raises(Forbidden):
        meetings.save_meeting(
            actor=partner.contact, title="Eigenes", starts_at=_at(2026, 5, 1), place="x y"
        )
    with pytest.raises(Invalid) as refused:
        meetings.save_meeting(actor=office, title="Ohne Zeit", starts_at=None, place="Rathaus")
    assert refused.value.field == "starts_at"


def test_the_minimum_is_a_setting(make_app, make_user):
    app = make_app(NETWORK_MIN_MEETINGS=1)
    with app.app_context():
        office = make_user("coordinator")
        meetings.save_meeting(
            actor=office, title="Einziges Treffen", starts_at=_at(2026, 3, 1), place="Rathaus"
        )
        assert not meetings.year_check(2026).short


def test_the_programme_is_adopted_at_the_last_meeting(db, make_user, make_partner):
    office = make_user("coordinator")
    responsible, other = make_partner(), make_partner()
    first = meetings.save_meeting(
        actor=office, title="Frühjahr", starts_at=_at(2026, 4, 1), place="Rathaus"
    )
    last = meetings.save_meeting(
        actor=office, title="Jahresabschluss", starts_at=_at(2026, 12, 1), place="Rathaus"
    )
    item = meetings.add_item(
        actor=office,
        year=2027,
        title="Beteiligungswerkstatt",
        responsible_ids=[responsible.organisation.id],
    )
    with clock.travel(_at(2026, 12, 10)):
        with pytest.raises(Conflict):
            meetings.adopt(actor=office, meeting=first)
        programme = meetings.adopt(actor=office, meeting=last)
        assert programme.year == 2027 and programme.adopted_on == date(2026, 12, 1)
        with pytest.raises(Conflict):
            meetings.adopt(actor=office, meeting=last)
    with pytest.raises(Forbidden):
        meetings.set_item_status(actor=other.contact, item=item, status="done")
    meetings.set_item_status(actor=responsible.contact, item=item, status="in_progress")
    assert item.status == "in_progress"
    with pytest.raises(Invalid):
        meetings.set_item_status(actor=office, item=item, status="fertig")


def test_working_groups(db, make_user, make_partner):
    office = make_user("coordinator")
    a, b = make_partner(), make_partner()
    group = groups.save_group(
        actor=office,
        title="AG Barrierefreiheit",
        description="Wir prüfen Verfahren auf Barrieren.",
        member_ids=[a.organisation.id, b.organisation.id],
    )
    assert group.slug == "ag-barrierefreiheit" and len(group.members) == 2
    with pytest.raises(Invalid) as refused:
        groups.add_document(actor=office, group=group, title="Leitfaden", url="javascript:x")
    assert refused.value.field == "url"
    groups.add_document(
        actor=office, group=group, title="Leitfaden", url="https://example.org/leitfaden.pdf"
    )
    meetings.save_meeting(
        actor=office,
        title="AG-Sitzung",
        starts_at=_at(2026, 5, 5),
        place="Raum 3",
        working_group=group,
    )
    assert [m.title for m in groups.group_meetings(group)] == ["AG-Sitzung"]
    assert meetings.meetings_in(2026) == []  # not a meeting of the whole network
    with pytest.raises(Forbidden):
        groups.save_group(actor=a.contact, title="Eigene AG")


def _election(office, seats=2):
    now = clock.utcnow()
    return elections.create(
        actor=office,
        nominations_close_at=now + timedelta(days=7),
        voting_close_at=now + timedelta(days=14),
        term_starts_on=(now + timedelta(days=30)).date(),
        seats=seats,
    )


def test_an_election_from_nomination_to_result(db, make_user, make_partner, mails):
    office = make_user("coordinator")
    partners = [make_partner(f"Verein {letter}") for letter in "ABCD"]
    member = make_user("partner_member", organisation=partners[0].organisation.slug)
    election = _election(office)
    assert (election.term_ends_on - election.term_starts_on).days in (729, 730)
    with pytest.raises(Forbidden):  # a member who is not the contact
        elections.nominate(actor=member, election=election, organisation=partners[0].organisation)
    with pytest.raises(Forbidden):  # another organisation's contact
        elections.nominate(
            actor=partners[1].contact, election=election, organisation=partners[0].organisation
        )
    nominations = [
        elections.nominate(actor=p.contact, election=election, organisation=p.organisation)
        for p in partners[:3]
    ]
    with pytest.raises(Conflict):
        elections.cast(
            actor=partners[0].contact,
            election=election,
            organisation=partners[0].organisation,
            nomination_ids=[nominations[0].id],
        )
    a, b, c = (n.id for n in nominations)
    with clock.travel(clock.utcnow() + timedelta(days=8)):
        with pytest.raises(Conflict):
            elections.nominate(
                actor=partners[3].contact, election=election, organisation=partners[3].organisation
            )
        with pytest.raises(Invalid):  # more names than seats
            elections.cast(
                actor=partners[0].contact,
                election=election,
                organisation=partners[0].organisation,
                nomination_ids=[a, b, c],
            )
        for partner, choice in zip(partners, ([a, b], [a, c], [b], [a]), strict=True):
            elections.cast(
                actor=partner.contact,
                election=election,
                organisation=partner.organisation,
                nomination_ids=choice,
            )
        with pytest.raises(Conflict):
            elections.cast(
                actor=partners[0].contact,
                election=election,
                organisation=partners[0].organisation,
                nomination_ids=[c],
            )
    with clock.travel(clock.utcnow() + timedelta(days=15)):
        elected = elections.count(actor=office, election=election)
    # a: 3 votes, b: 2, c: 1 — no tie.
    assert [n.id for n in elected] == [a, b] and not any(n.by_lot for n in elected)
    assert elections.turnout(election)[0] == 4
    with clock.travel(clock.utcnow() + timedelta(days=40)):
        coordinating, current, seats = elections.speaker_group()
        assert current == election and {n.id for n in seats} == {a, b}
    # The reminder goes once, to the office and the contacts, before the term ends.
    with clock.travel(
        datetime.combine(election.term_ends_on, datetime.min.time(), CITY_TIMEZONE)
        - timedelta(days=30)
    ):
        sent = elections.remind_term_end()
        assert sent >= len(partners) + 1 and elections.remind_term_end() == 0
    assert len(mails_to(mails, partners[2].contact.email)) >= 1


def test_a_tie_for_the_last_seat_is_drawn_by_lot(db, make_user, make_partner):
    office = make_user("coordinator")
    partners = [make_partner(f"Verein {letter}") for letter in "ABC"]
    election = _election(office, seats=1)
    ids = [
        elections.nominate(actor=p.contact, election=election, organisation=p.organisation).id
        for p in partners[:2]
    ]
    with clock.travel(clock.utcnow() + timedelta(days=8)):
        for partner, choice in zip(partners[:2], ids, strict=True):
            elections.cast(
                actor=partner.contact,
                election=election,
                organisation=partner.organisation,
                nomination_ids=[choice],
            )
    drawn = []

    def draw(candidates, k):
        drawn.append(sorted(n.id for n in candidates))
        return candidates[-1:]

    with clock.travel(clock.utcnow() + timedelta(days=15)):
        [winner] = elections.count(actor=office, election=election, draw=draw)
    assert drawn == [sorted(ids)] and winner.by_lot and "Los" in election.tie_note


def test_ballots_are_secret():
    """Nothing stored links an organisation to a choice: a ballot says only that it voted."""
    assert {c.name for c in inspect(Ballot).columns} == {"id", "election_id", "organisation_id"}
    assert not any(
        c.name.endswith("organisation_id")
        for c in inspect(Nomination).columns
        if c.name != "organisation_id"
    )


def test_one_ballot_per_organisation_under_20_attempts(app, db, make_user, make_partner):
    office = make_user("coordinator")
    voter, other = make_partner("Wählt"), make_partner("Kandidiert")
    election = _election(office)
    nomination = elections.nominate(
        actor=other.contact, election=election, organisation=other.organisation
    )
    ids = (election.id, voter.organisation.id, voter.contact.id, nomination.id)
    later = clock.utcnow() + timedelta(days=8)
    db.session.remove()
    barrier = threading.Barrier(20)
    outcomes = []

    def attempt():
        from participation.accounts.models import User
        from participation.extensions import db as database
        from participation.partners.models import PartnerOrganisation

        with app.app_context():
            try:
                barrier.wait()
                elections.cast(
                    actor=database.session.get(User, ids[2]),
                    election=database.session.get(SpeakerElection, ids[0]),
                    organisation=database.session.get(PartnerOrganisation, ids[1]),
                    nomination_ids=[ids[3]],
                )
                outcomes.append("cast")
            except Conflict:
                outcomes.append("refused")
            except Exception as error:  # noqa: BLE001 - reported by the assertion
                outcomes.append(repr(error))
            finally:
                database.session.remove()

    with clock.travel(later):
        threads = [threading.Thread(target=attempt) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(outcomes) == ["cast"] + ["refused"] * 19
    assert db.session.scalar(select(func.count(Ballot.id))) == 1
    assert db.session.get(Nomination, ids[3]).votes == 1


def test_the_reminder_command(app, db, make_user, make_partner, mails):
    from participation.network.models import SpeakerElection

    make_user("coordinator")
    partner = make_partner()
    today = clock.local_today()
    db.session.add(
        SpeakerElection(
            seats=3,
            nominations_close_at=clock.utcnow() - timedelta(days=800),
            voting_close_at=clock.utcnow() - timedelta(days=790),
            term_starts_on=today - timedelta(days=700),
            term_ends_on=today + timedelta(days=20),
            result_published_at=clock.utcnow() - timedelta(days=789),
        )
    )
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["network", "remind"])
    from participation.accounts.models import RoleAssignment

    office = db.session.scalar(
        select(func.count(RoleAssignment.id)).where(RoleAssignment.role == "coordinator")
    )
    assert first.exit_code == 0 and f"reminders: {office + 1}" in first.output
    assert "reminders: 0" in runner.invoke(args=["network", "remind"]).output
    assert len(mails_to(mails, partner.contact.email)) == 3  # applied, confirmed, reminder


def test_counting_twice_and_organisations_that_left(db, make_user, make_partner):
    from participation.partners import services as partners

    office = make_user("coordinator")
    stays, leaves = make_partner("Bleibt"), make_partner("Geht")
    election = _election(office, seats=2)
    for partner in (stays, leaves):
        elections.nominate(
            actor=partner.contact, election=election, organisation=partner.organisation
        )
    partners.set_coordinating(actor=office, organisation=leaves.organisation, coordinating=True)
    with clock.travel(clock.utcnow() + timedelta(days=15)):
        elections.count(actor=office, election=election)
        with pytest.raises(Conflict):
            elections.count(actor=office, election=election)
    partners.leave(actor=leaves.contact, organisation=leaves.organisation)
    assert not leaves.organisation.is_coordinating
    with clock.travel(clock.utcnow() + timedelta(days=40)):
        coordinating, _current, elected = elections.speaker_group()
    assert coordinating == [] and [n.organisation for n in elected] == [stays.organisation]


def test_a_year_out_of_range_is_no_error(client):
    assert client.get("/netzwerk/arbeitsprogramm?jahr=99999999999999999999").status_code == 200
