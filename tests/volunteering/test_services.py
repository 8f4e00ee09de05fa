"""The workflow: writing and publishing, interest with consent, the organisation's
answers (each mailed once), saved searches, expiry and renewal, permissions, deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.core import clock
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.extensions import db
from participation.jobs.services import run_due
from participation.mail.models import OutboxMail
from participation.volunteering import listing, searches, services
from participation.volunteering.jobs import expire_opportunities
from participation.volunteering.models import VolunteerInterest, VolunteerOpportunity
from tests.volunteering.factories import opportunity_input


def _outbox(key_start: str) -> list[OutboxMail]:
    return [
        m
        for m in db.session.query(OutboxMail).all()
        if (m.idempotency_key or "").startswith(key_start)
    ]


def test_members_write_and_publish_and_residents_see_it(make_opportunity, org_member):
    draft = make_opportunity(publish=False)
    assert draft.status == "draft"
    assert listing.listed(listing.Filters()).total == 0
    services.publish(actor=org_member, opportunity=draft)
    assert draft.status == "published"
    assert draft.expires_at - draft.published_at == timedelta(days=91)
    assert listing.listed(listing.Filters()).total == 1
    assert [o.id for o in listing.upcoming()] == [draft.id]
    with pytest.raises(Conflict):
        services.publish(actor=org_member, opportunity=draft)


def test_other_organisations_and_residents_cannot_act(make_opportunity, make_user):
    made = make_opportunity()
    stranger = make_user("partner_member")
    resident = make_user()
    for actor in (stranger, resident):
        with pytest.raises(Forbidden):
            services.withdraw(actor=actor, opportunity=made)
        with pytest.raises(Forbidden):
            services.create(actor=actor, organisation=made.organisation, data=opportunity_input())
    with pytest.raises(Forbidden):
        services.own_opportunity(
            actor=stranger, organisation=made.organisation, opportunity_id=made.id
        )


def test_checks_of_the_input(org_member):
    from participation.extensions import db
    from participation.partners.models import PartnerOrganisation

    organisation = db.session.get(PartnerOrganisation, min(org_member.organisation_ids()))
    for overrides, field in (
        ({"title": ""}, "title"),
        ({"tasks": "kurz"}, "tasks"),
        ({"district_code": "99"}, "district"),
        ({"rhythm": "sometimes"}, "rhythm"),
        ({"volunteers_wanted": 0}, "volunteers_wanted"),
        ({"action_field_slug": "nope"}, "action_field"),
    ):
        with pytest.raises(Invalid) as refused:
            services.create(
                actor=org_member, organisation=organisation, data=opportunity_input(**overrides)
            )
        assert refused.value.field == field
        db.session.rollback()


def test_interest_needs_consent_once_and_not_blocked(make_opportunity, make_user):
    made = make_opportunity()
    resident = make_user()
    with pytest.raises(Invalid):
        services.express_interest(actor=resident, opportunity=made, message="Hallo", consent=False)
    interest = services.express_interest(
        actor=resident, opportunity=made, message="Ich lese gern vor.", consent=True
    )
    assert interest.status == "open"
    db.session.refresh(made)
    assert made.interest_count == 1
    with pytest.raises(Conflict):
        services.express_interest(actor=resident, opportunity=made, message="", consent=True)
    blocked = make_user()
    blocked.blocked_until = clock.utcnow() + timedelta(days=3)
    db.session.commit()
    with pytest.raises(Forbidden):
        services.express_interest(actor=blocked, opportunity=made, message="", consent=True)
    unverified = make_user(verified=False)
    with pytest.raises(Forbidden):
        services.express_interest(actor=unverified, opportunity=made, message="", consent=True)


def test_each_answer_is_mailed_once(app, make_opportunity, org_member, make_user, mails):
    made = make_opportunity()
    first, second, third = make_user(), make_user(), make_user()
    interests = [
        services.express_interest(actor=u, opportunity=made, message="", consent=True)
        for u in (first, second, third)
    ]
    services.accept(actor=org_member, interest=interests[0])
    with pytest.raises(Conflict):
        services.accept(actor=org_member, interest=interests[0])
    services.mark_matched(actor=org_member, interest=interests[0])
    with pytest.raises(Invalid):
        services.decline(actor=org_member, interest=interests[1], reason="other", note="")
    db.session.rollback()
    services.decline(actor=org_member, interest=interests[1], reason="filled", note="Danke!")
    with pytest.raises(Conflict):
        services.decline(actor=org_member, interest=interests[1], reason="filled")
    services.withdraw_interest(actor=third, interest_id=interests[2].id)
    run_due()
    to_first = [m for m in mails if m["To"] == first.email]
    to_second = [m for m in mails if m["To"] == second.email]
    assert len(to_first) == 2 and len(to_second) == 1
    assert "Alle Plätze sind inzwischen vergeben." in to_second[0].get_content()
    assert "Danke!" in to_second[0].get_content()
    assert not [m for m in mails if m["To"] == third.email]
    db.session.refresh(made)
    assert (made.interest_count, made.match_count) == (2, 1)


def test_another_organisation_cannot_answer(make_opportunity, make_user):
    made = make_opportunity()
    interest = services.express_interest(
        actor=make_user(), opportunity=made, message="", consent=True
    )
    stranger = make_user("partner_member")
    with pytest.raises(Forbidden):
        services.accept(actor=stranger, interest=interest)
    from participation.extensions import db as _db
    from participation.partners.models import PartnerOrganisation

    own = _db.session.get(PartnerOrganisation, min(stranger.organisation_ids()))
    with pytest.raises(NotFound):
        services.own_interest(actor=stranger, organisation=own, interest_id=interest.id)


def test_expiry_reminds_then_expires_once_and_renewal_starts_again(
    app, make_opportunity, org_member, make_user
):
    other_member = make_user("partner_member")
    made = make_opportunity()
    expires = made.expires_at
    expire_opportunities(expires - timedelta(days=3))
    expire_opportunities(expires - timedelta(days=2))
    db.session.commit()
    reminders = _outbox(f"volunteer-expiring:{made.id}:")
    assert [m.recipient for m in reminders] == [org_member.email]
    assert other_member.email not in {m.recipient for m in _outbox("volunteer-")}
    expire_opportunities(expires + timedelta(minutes=1))
    expire_opportunities(expires + timedelta(days=1))
    db.session.commit()
    assert made.status == "expired"
    assert len(_outbox(f"volunteer-expired:{made.id}:")) == 1
    assert listing.listed(listing.Filters()).total == 0
    services.renew(actor=org_member, opportunity=made)
    assert made.status == "published" and made.expiry_round == 2
    assert listing.listed(listing.Filters()).total == 1


def test_the_filters(make_opportunity):
    make_opportunity(title="Garten in Linden", district_code="10", rhythm="regular")
    make_opportunity(
        title="Fest in der List",
        district_code="02",
        rhythm="once",
        weekdays="6",
        for_newcomers=False,
        for_families=True,
    )
    make_opportunity(title="Telefonkette stadtweit", district_code="", weekdays="")

    def titles(**args):
        return sorted(o.title for o in listing.listed(listing.Filters.of(args)).items)

    assert titles(bezirk="10") == ["Garten in Linden", "Telefonkette stadtweit"]
    assert titles(rhythmus="einmalig") == ["Fest in der List"]
    assert titles(eignung="familien") == ["Fest in der List"]
    assert titles(wochentag="6") == ["Fest in der List", "Telefonkette stadtweit"]
    assert titles(q="GARTEN") == ["Garten in Linden"]
    assert titles(q="100%") == []
    assert len(titles(bezirk="x'--", stadtteil="abc", ab="2026-13-45", rhythmus="<b>")) == 3


def test_a_saved_search_tells_of_a_matching_opportunity(app, make_opportunity, make_user):
    from participation.notifications.models import Notification

    fits, misses = make_user(), make_user()
    searches.save(actor=fits, filters=listing.Filters(bezirk="10", q="garten"))
    searches.save(actor=misses, filters=listing.Filters(bezirk="02"))
    made = make_opportunity(title="Gemeinschaftsgarten", district_code="10")
    run_due()
    run_due()
    told = {n.user_id for n in db.session.query(Notification).all()}
    assert fits.id in told and misses.id not in told
    assert [s.id for s in searches.of_user(fits.id)]
    searches.delete(actor=fits, search_id=searches.of_user(fits.id)[0].id)
    assert searches.of_user(fits.id) == []
    assert made.id


def test_account_deletion_removes_interests(app, make_opportunity, make_user):
    from participation.privacy.deletion import delete_account

    made = make_opportunity()
    resident = make_user()
    services.express_interest(actor=resident, opportunity=made, message="Hallo", consent=True)
    searches.save(actor=resident, filters=listing.Filters())
    delete_account(actor=resident, user=resident, delete_contributions=False)
    assert db.session.query(VolunteerInterest).count() == 0
    assert db.session.get(VolunteerOpportunity, made.id).interest_count == 0


def test_a_blocked_member_cannot_write_or_answer(make_opportunity, org_member):
    made = make_opportunity()
    org_member.blocked_until = clock.utcnow() + timedelta(days=3)
    db.session.commit()
    with pytest.raises(Forbidden):
        services.create(actor=org_member, organisation=made.organisation, data=opportunity_input())
    with pytest.raises(Forbidden):
        services.withdraw(actor=org_member, opportunity=made)


def test_two_members_marking_a_match_at_once_count_and_mail_once(
    app, make_opportunity, org_member, make_user
):
    from participation.partners.models import PartnerOrganisation
    from tests.concurrency import all_at_once

    made = make_opportunity()
    slug = db.session.get(PartnerOrganisation, made.organisation_id).slug
    second = make_user("partner_member", organisation=slug)
    resident = make_user()
    interest_id = services.express_interest(
        actor=resident, opportunity=made, message="", consent=True
    ).id

    def match(user):
        services.mark_matched(actor=user, interest=db.session.get(VolunteerInterest, interest_id))

    errors = all_at_once(app, [org_member.id, second.id], match)
    assert [type(e) for e in errors] == [Conflict]
    db.session.expire_all()
    assert db.session.get(VolunteerOpportunity, made.id).match_count == 1
    keys = db.session.scalars(
        db.select(OutboxMail.idempotency_key).where(OutboxMail.recipient == resident.email)
    ).all()
    assert len([k for k in keys if k.startswith("volunteer-matched:")]) == 1


def test_a_quarter_shows_its_own_and_its_districts_opportunities_only(make_opportunity):
    from participation.districts.models import District, Quarter

    linden = db.session.scalar(db.select(District).where(District.code == "10"))
    quarter = db.session.scalar(db.select(Quarter).where(Quarter.district_id == linden.id))
    make_opportunity(title="Im Stadtteil", district_code="10", quarter_id=quarter.id)
    make_opportunity(title="Im ganzen Bezirk Linden", district_code="10")
    make_opportunity(title="Im Bezirk Mitte", district_code="01")
    make_opportunity(title="Stadtweit", district_code="")
    shown = sorted(
        o.title for o in listing.listed(listing.Filters.of({"stadtteil": str(quarter.id)})).items
    )
    assert shown == ["Im Stadtteil", "Im ganzen Bezirk Linden", "Stadtweit"]
    assert sorted(o.title for o in listing.upcoming(quarter_id=quarter.id)) == shown


def test_a_hidden_opportunity_leaves_the_notifications(app, make_opportunity, make_user):
    from sqlalchemy import func, select

    from participation.notifications.models import NotificationEvent
    from participation.notifications.services import visible

    searches.save(actor=make_user(), filters=listing.Filters(bezirk="10"))
    made = make_opportunity(title="Gemeinschaftsgarten", district_code="10")

    def shown() -> int:
        return db.session.scalar(
            select(func.count())
            .select_from(NotificationEvent)
            .where(NotificationEvent.opportunity_id == made.id, visible())
        )

    assert shown() == 1
    made.hidden_at, made.hidden_reason = clock.utcnow(), "spam"
    db.session.commit()
    assert shown() == 0
