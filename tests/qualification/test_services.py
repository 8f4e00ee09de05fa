"""Trainings: writing and publishing, registration with places and the waiting list (the
events' mechanism), e-mail registration with double opt-in, cancelling, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core import clock
from participation.core.errors import Conflict, Forbidden, Invalid, NotFound
from participation.jobs import services as jobs
from participation.newsletters.links import BadLink, GoneLink
from participation.qualification import registrations, services
from participation.qualification.models import Training, TrainingRegistration
from tests.accounts.helpers import link_in, mails_to
from tests.concurrency import all_at_once
from tests.qualification.factories import dates_text, in_days, training_input


def test_a_training_is_checked_field_by_field(office):
    cases = [
        ({"title": "x"}, "title"),
        ({"description": "kurz"}, "description"),
        ({"audiences": []}, "audiences"),
        ({"audiences": ["everyone"]}, "audiences"),
        ({"format": "radio"}, "format"),
        ({"format": "in_person", "place": ""}, "place"),
        ({"format": "online", "online_url": "javascript:alert(1)"}, "online_url"),
        ({"format": "hybrid", "online_url": "http://unsicher.example.org"}, "online_url"),
        ({"dates": ""}, "dates"),
        ({"dates": "morgen früh"}, "dates"),
        ({"dates": "2027-02-30 09:00-12:00"}, "dates"),
        ({"dates": "2027-03-04 12:00-09:00"}, "dates"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": None}, "capacity"),
        ({"topic": "Grund Lagen!"}, "topic"),
        ({"registration_deadline": in_days(30)}, "registration_deadline"),
    ]
    for overrides, field in cases:
        with pytest.raises(Invalid) as refused:
            services.create(actor=office, data=training_input(**overrides))
        assert refused.value.field == field, overrides
    assert services.create(actor=office, data=training_input()).status == "draft"


def test_only_the_office_writes_trainings(make_user):
    for role in ("resident", "district_manager", "partner_member", "council_member"):
        with pytest.raises(Forbidden):
            services.create(actor=make_user(role), data=training_input())


def test_a_series_keeps_its_dates_in_order_and_the_span(office):
    first, second = in_days(20), in_days(10)
    training = services.create(actor=office, data=training_input(dates=dates_text(first, second)))
    assert [d.starts_at for d in training.dates] == sorted([first, second])
    assert training.starts_at == second and training.ends_at == first + timedelta(hours=3)
    assert services.format_dates(training) == dates_text(second, first)


def test_drafts_are_for_the_office_only(office, make_user, make_training):
    draft = make_training(publish=False)
    with pytest.raises(NotFound):
        services.get_training(actor=make_user("resident"), training_id=draft.id)
    assert services.get_training(actor=office, training_id=draft.id) is draft
    with pytest.raises(NotFound):
        registrations.register(actor=make_user("resident"), training=draft)


def test_places_waiting_list_and_one_mail_to_who_moves_up(make_training, make_user, mails):
    training = make_training(capacity=1)
    first, second, third = (make_user("district_manager") for _ in range(3))
    assert registrations.register(actor=first, training=training).status == "confirmed"
    assert registrations.register(actor=second, training=training).status == "waiting"
    assert registrations.register(actor=second, training=training).status == "waiting"
    assert registrations.register(actor=third, training=training).status == "waiting"
    assert (training.confirmed_count, training.waiting_count) == (1, 2)
    registrations.cancel(actor=first, training=training)
    assert registrations.registration_of(second, training).status == "confirmed"
    assert (training.confirmed_count, training.waiting_count) == (1, 1)
    assert len(mails_to(mails, second.email)) == 1
    assert mails_to(mails, third.email) == []
    registrations.cancel(actor=third, training=training)
    assert (training.confirmed_count, training.waiting_count) == (1, 0)
    with pytest.raises(NotFound):
        registrations.cancel(actor=third, training=training)


def test_unverified_and_anonymous_people_do_not_register(make_training, make_user):
    from flask_login import AnonymousUserMixin

    training = make_training()
    with pytest.raises(Forbidden):
        registrations.register(actor=make_user(verified=False), training=training)
    with pytest.raises(Forbidden):
        registrations.register(actor=AnonymousUserMixin(), training=training)


def test_the_deadline_and_the_start_close_registration_and_cancellation(make_training, make_user):
    deadline = in_days(3)
    training = make_training(registration_deadline=deadline)
    person = make_user()
    registrations.register(actor=person, training=training)
    with clock.travel(deadline + timedelta(minutes=1)), pytest.raises(Conflict):
        registrations.register(actor=make_user(), training=training)
    # Cancelling stays possible until the start, not after.
    with clock.travel(training.starts_at + timedelta(minutes=1)), pytest.raises(Conflict):
        registrations.cancel(actor=person, training=training)
    with clock.travel(deadline + timedelta(minutes=1)):
        registrations.cancel(actor=person, training=training)


def test_more_places_move_the_waiting_list_up(office, make_training, make_user, mails):
    training = make_training(capacity=1)
    people = [make_user() for _ in range(3)]
    for person in people:
        registrations.register(actor=person, training=training)
    services.edit(actor=office, training=training, data=training_input(capacity=2))
    assert (training.confirmed_count, training.waiting_count) == (2, 1)
    assert len(mails_to(mails, people[1].email)) == 1
    with pytest.raises(Invalid):
        services.edit(actor=office, training=training, data=training_input(capacity=1))


def test_the_last_place_goes_once_under_concurrency(app, db, make_training, make_user):
    """Twelve people at once for five places: five confirmed, seven waiting, the counters
    equal the rows."""
    training = make_training(capacity=5)
    people = [make_user("district_manager") for _ in range(12)]
    training_id, ids = training.id, [p.id for p in people]
    db.session.remove()

    def attempt(user):
        from participation.extensions import db as database

        registrations.register(actor=user, training=database.session.get(Training, training_id))

    errors = all_at_once(app, ids, attempt)
    assert errors == []
    training = db.session.get(Training, training_id)
    rows = dict(
        db.session.execute(
            select(TrainingRegistration.status, func.count())
            .where(TrainingRegistration.training_id == training_id)
            .group_by(TrainingRegistration.status)
        ).all()
    )
    assert rows == {"confirmed": 5, "waiting": 7}
    assert (training.confirmed_count, training.waiting_count) == (5, 7)


def _token(mails, address, prefix):
    return link_in(mails_to(mails, address)[-1], prefix).rsplit("/", 1)[1]


def test_email_registration_needs_its_confirmation(make_training, mails):
    training = make_training(capacity=1, open_registration=True)
    registrations.register_by_email(training=training, email="gast@example.org", name="Gast")
    # Asked again at once: no second mail, and no place yet.
    registrations.register_by_email(training=training, email="GAST@example.org", name="Gast")
    assert len(mails_to(mails, "gast@example.org")) == 1
    db_training = services.get_training(actor=None, training_id=training.id)
    assert (db_training.confirmed_count, db_training.waiting_count) == (0, 0)
    token = _token(mails, "gast@example.org", "/qualifizierung/anmeldung/")
    registration = registrations.confirm(token=token)
    assert registration.status == "confirmed" and registration.name == "Gast"
    assert training.confirmed_count == 1
    with pytest.raises(GoneLink):  # a confirmation link works once
        registrations.confirm(token=token)
    with pytest.raises(BadLink):
        registrations.confirm(token=token[:-2] + "xx")
    # The second confirmed person waits; the first cancels by the link in their mail.
    registrations.register_by_email(training=training, email="zwei@example.org", name="Zwei")
    second = registrations.confirm(token=_token(mails, "zwei@example.org", "/qualifizierung/"))
    assert second.status == "waiting"
    cancel = _token(mails, "gast@example.org", "/qualifizierung/abmeldung/")
    registrations.cancel_by_link(token=cancel)
    assert len(mails_to(mails, "zwei@example.org")) == 3  # confirm, waiting, place
    assert "Platz" in mails_to(mails, "zwei@example.org")[-1]["Subject"]
    with pytest.raises(NotFound):
        registrations.cancel_by_link(token=cancel)


def test_email_registration_only_for_open_formats_and_valid_input(make_training):
    closed = make_training()
    with pytest.raises(Forbidden):
        registrations.register_by_email(training=closed, email="a@example.org", name="Anna")
    training = make_training(open_registration=True)
    with pytest.raises(Invalid) as refused:
        registrations.register_by_email(training=training, email="kein", name="Anna")
    assert refused.value.field == "email"
    with pytest.raises(Invalid) as refused:
        registrations.register_by_email(training=training, email="a@example.org", name="")
    assert refused.value.field == "name"


def test_an_expired_confirmation_link_is_gone(make_training, mails, app):
    training = make_training(open_registration=True)
    registrations.register_by_email(training=training, email="spaet@example.org", name="Spät")
    token = _token(mails, "spaet@example.org", "/qualifizierung/anmeldung/")
    # The link's age is itsdangerous's own clock: a maximum age below zero has passed.
    app.config["QUALIFICATION_CONFIRM_MAX_AGE"] = -1
    with pytest.raises(GoneLink):
        registrations.confirm(token=token)


def test_cancelling_a_training_mails_everyone_registered_once(
    office, make_training, make_user, mails
):
    training = make_training(capacity=1, open_registration=True)
    placed, waiting = make_user(), make_user()
    registrations.register(actor=placed, training=training)
    registrations.register(actor=waiting, training=training)
    registrations.register_by_email(training=training, email="offen@example.org", name="Offen")
    assert services.cancel(actor=office, training=training) == 2
    assert training.status == "cancelled"
    for person in (placed, waiting):
        assert len(mails_to(mails, person.email)) == 1
    assert len(mails_to(mails, "offen@example.org")) == 1  # only the confirmation request
    with pytest.raises(Conflict):
        services.cancel(actor=office, training=training)
    with pytest.raises(NotFound):
        registrations.register(actor=make_user(), training=training)


def test_reminders_the_day_before_go_once_even_when_the_job_runs_twice(
    make_training, make_user, mails
):
    training = make_training(dates=dates_text(in_days(10), in_days(17)))
    person, waiting = make_user(), make_user()
    training_id = training.id
    registrations.register(actor=person, training=training)
    from participation.qualification import jobs as reminder_jobs

    first = training.dates[0]
    with clock.travel(first.starts_at - timedelta(days=2)):
        jobs.run_due()
    assert mails_to(mails, person.email) == []
    with clock.travel(first.starts_at - timedelta(hours=20)):
        jobs.run_due()
        jobs.run_due()
        # The job itself, run again.
        assert reminder_jobs.remind(training_id, first.starts_at.isoformat()) == 0
    assert len(mails_to(mails, person.email)) == 1
    assert mails_to(mails, waiting.email) == []
    second = services.get_training(actor=None, training_id=training_id).dates[1]
    with clock.travel(second.starts_at - timedelta(hours=3)):
        jobs.run_due()
    assert len(mails_to(mails, person.email)) == 2


def test_unconfirmed_email_requests_are_deleted_after_thirty_days(make_training, mails):
    training = make_training(open_registration=True)
    registrations.register_by_email(training=training, email="nie@example.org", name="Nie")
    registrations.register_by_email(training=training, email="ja@example.org", name="Ja")
    registrations.confirm(token=_token(mails, "ja@example.org", "/qualifizierung/anmeldung/"))
    with clock.travel(clock.utcnow() + timedelta(days=29)):
        jobs.tick()
    assert len(registrations.participants(training)) == 2
    with clock.travel(clock.utcnow() + timedelta(days=31)):
        jobs.tick()
    assert [r.email for r in registrations.participants(training)] == ["ja@example.org"]
